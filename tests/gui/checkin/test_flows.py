"""Kiosk flows: badge scan, directory look-up, guest, notices, appointments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.notices import NoticeText
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from tests.gui.checkin.pages import CheckInPage, FakeTime, scan, type_keys
from tests.gui.checkin.support import ANA, ANA_BADGE, add_people, past_visit, wait_done
from ui.checkin.scan import ScanDetector
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def kiosk(core: Core, runner: TaskRunner, open_view: OpenView, time: FakeTime,
          qtbot: QtBot) -> CheckInPage:
    add_people(core)
    options = KioskOptions(touch_keyboard="off", confirmation_seconds=3600,
                           status_url_template="https://help.example.com/v/{ticket_number}")
    view = open_view(CheckInView(core, runner, options=options, monotonic=time))
    qtbot.waitExposed(view)
    return CheckInPage(view)


def _to_ticket(qtbot: QtBot, view: CheckInPage, runner: TaskRunner, category: str) -> None:
    qtbot.mouseClick(view.category_tiles[category], LEFT)
    assert view.page is Page.DETAILS
    with qtbot.waitSignal(view.checked_in, timeout=10_000):
        qtbot.mouseClick(view.submit_button, LEFT)
    wait_done(qtbot, runner)


# ------------------------------------------------------------ identify


def test_badge_scan_greets_a_returning_visitor_and_offers_the_last_device(
        service: VisitService, qtbot: QtBot, runner: TaskRunner, kiosk: CheckInPage,
        time: FakeTime) -> None:
    past_visit(service)
    kiosk.language_switcher.buttons["en"].setFocus()  # anywhere on the page, not a field
    with qtbot.waitSignal(kiosk.scanner.scanned, timeout=1_000) as scanned:
        scan(qtbot, kiosk, time, ANA_BADGE)
    assert scanned.args == [ANA_BADGE]
    wait_done(qtbot, runner)
    assert kiosk.page is Page.CATEGORY
    assert kiosk.category_page.greeting_label.text() == "Welcome back, Ana!"
    assert kiosk.name_edit.text() == "", "the badge never lands in a field"
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    assert kiosk.same_device.isVisible()
    assert kiosk.same_device.device_label.text() == "ThinkPad X1 / TB-20931"
    assert kiosk.same_device.same
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        qtbot.mouseClick(kiosk.submit_button, LEFT)
    stored = service.get(done.args[0].id)
    assert (stored.requester.name, stored.requester.employee_id) == ("Ana García", "E1001")
    assert stored.requester.email == ANA.email
    assert (stored.device, stored.asset_tag) == ("ThinkPad X1", "TB-20931")
    assert kiosk.greeting_label.text() == "You're checked in, Ana."


def test_another_device_is_one_tap_away(service: VisitService, qtbot: QtBot,
                                         runner: TaskRunner, kiosk: CheckInPage,
                                         time: FakeTime) -> None:
    past_visit(service)
    scan(qtbot, kiosk, time, ANA_BADGE)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    qtbot.mouseClick(kiosk.same_device.other_button, LEFT)
    assert kiosk.details.device_edit.isVisible()
    assert kiosk.details.device_edit.text() == ""
    kiosk.details.device_edit.setText("MacBook Air")
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        qtbot.mouseClick(kiosk.submit_button, LEFT)
    stored = service.get(done.args[0].id)
    assert (stored.device, stored.asset_tag) == ("MacBook Air", "")


def test_a_phone_visit_is_not_offered_the_laptop(service: VisitService, qtbot: QtBot,
                                                 runner: TaskRunner, kiosk: CheckInPage,
                                                 time: FakeTime) -> None:
    past_visit(service)  # a laptop visit with a ThinkPad
    scan(qtbot, kiosk, time, ANA_BADGE)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["mobile"], LEFT)
    assert not kiosk.same_device.isVisible()
    assert kiosk.details.device_edit.isVisible()
    assert kiosk.details.device_edit.text() == ""
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        qtbot.mouseClick(kiosk.submit_button, LEFT)
    assert (service.get(done.args[0].id).device) == ""


def test_slow_typing_is_not_a_scan(service: VisitService, qtbot: QtBot, runner: TaskRunner,
                                   kiosk: CheckInPage, time: FakeTime) -> None:
    detected: list[str] = []
    kiosk.scanner.scanned.connect(detected.append)
    type_keys(qtbot, kiosk, time, "Ana Garcia", gap_s=0.200)
    assert detected == []
    assert kiosk.page is Page.CATEGORY, "Enter in the field is Next, as always"
    kiosk.go_to(Page.WELCOME)
    assert kiosk.name_edit.text() == "Ana Garcia"
    assert kiosk.person is None


def test_short_fast_bursts_and_chords_are_not_scans(qtbot: QtBot, kiosk: CheckInPage,
                                                    time: FakeTime) -> None:
    detected: list[str] = []
    kiosk.scanner.scanned.connect(detected.append)
    type_keys(qtbot, kiosk, time, "Ana", gap_s=0.005)  # three quick keys: a fast typist
    assert detected == []
    assert kiosk.page is Page.CATEGORY


def test_scan_detector_needs_every_gap_short(qtbot: QtBot, time: FakeTime,
                                             kiosk: CheckInPage) -> None:
    detector = ScanDetector(lambda: True, monotonic=time, max_gap_ms=50)
    assert detector.min_chars == 4
    detected: list[str] = []
    kiosk.scanner.scanned.connect(detected.append)
    kiosk.name_edit.setFocus()
    time.now += 5
    for character, gap in zip("E1001", (0.01, 0.01, 0.2, 0.01, 0.01), strict=True):
        time.now += gap
        qtbot.keyClick(kiosk.name_edit, character)
    time.now += 0.01
    qtbot.keyClick(kiosk.name_edit, Qt.Key.Key_Return)
    assert detected == [], "a pause in the middle: only 3 fast keys before Enter"
    detector.deleteLater()


def test_typed_employee_id_and_email_are_looked_up(service: VisitService, qtbot: QtBot,
                                                   runner: TaskRunner,
                                                   kiosk: CheckInPage) -> None:
    qtbot.keyClicks(kiosk.name_edit, "e1001")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.CATEGORY
    assert kiosk.person is not None
    assert kiosk.person.person.employee_id == "E1001"
    qtbot.mouseClick(kiosk.category_back_button, LEFT)
    assert kiosk.person is None, "back from the reasons forgets who it was"
    kiosk.reset()
    qtbot.keyClicks(kiosk.email_edit, "Ana.Garcia@example.com")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    assert kiosk.category_page.greeting_label.text() == "Welcome back, Ana!"
    _to_ticket(qtbot, kiosk, runner, "account")
    assert service.active_visits()[0].requester.employee_id == "E1001"


def test_unknown_badge_or_id_shows_a_message_and_the_guest_path(
        service: VisitService, qtbot: QtBot, runner: TaskRunner, kiosk: CheckInPage,
        time: FakeTime) -> None:
    scan(qtbot, kiosk, time, "FFFF0000")
    wait_done(qtbot, runner)
    assert kiosk.page is Page.WELCOME
    assert kiosk.welcome_message.text().startswith("We don't know this badge.")
    qtbot.keyClicks(kiosk.name_edit, "E9999")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.WELCOME
    assert "\u201cE9999\u201d" in kiosk.welcome_message.text()
    assert kiosk.name_edit.property("invalid") is True
    assert service.latest_change() == 0, "nothing stored"
    kiosk.name_edit.setText("Sam Guest")
    kiosk.email_edit.setText("sam@example.org")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    assert kiosk.page is Page.CATEGORY
    assert not kiosk.category_page.greeting_label.isVisible()
    _to_ticket(qtbot, kiosk, runner, "pickup")
    visit = service.active_visits()[0]
    assert (visit.requester.name, visit.requester.email) == ("Sam Guest", "sam@example.org")
    assert visit.requester.employee_id == ""


def test_nobody_elses_details_are_shown(service: VisitService, qtbot: QtBot,
                                        runner: TaskRunner, kiosk: CheckInPage,
                                        time: FakeTime) -> None:
    past_visit(service)
    scan(qtbot, kiosk, time, ANA_BADGE)
    wait_done(qtbot, runner)
    kiosk.reset()
    assert kiosk.person is None
    assert not kiosk.category_page.greeting_label.isVisible()
    assert kiosk.details.device_edit.text() == ""
    assert not kiosk.same_device.isVisible()
    qtbot.keyClicks(kiosk.name_edit, "Guest Person")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    assert not kiosk.same_device.isVisible(), "a guest is never offered Ana's laptop"
    assert kiosk.details.device_edit.text() == ""


def test_visitor_text_is_plain(core: Core, qtbot: QtBot, runner: TaskRunner,
                               kiosk: CheckInPage) -> None:
    core.notices.post(
        title="<b>Printers</b> offline", message="<i>we</i> are on it")
    qtbot.keyClicks(kiosk.name_edit, "<b>Ana</b>")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    assert kiosk.page is Page.NOTICE
    labels = kiosk.notice.notice_labels
    assert [label.text() for label in labels] == ["<b>Printers</b> offline", "<i>we</i> are on it"]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


# ------------------------------------------------------------ notices


def test_notice_shown_and_declined_stores_nothing(service: VisitService, qtbot: QtBot,
                                                  runner: TaskRunner, kiosk: CheckInPage,
                                                  core: Core) -> None:
    notices = core.notices
    notices.post(title="Wi-Fi is down in building B", message="We are on it.",
                 severity="warning", categories=("laptop",))
    notices.post(title="Password resets are slow", categories=("account",))
    before = service.latest_change()
    qtbot.keyClicks(kiosk.name_edit, "Ana")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    assert kiosk.page is Page.NOTICE
    assert kiosk.step_label.text() == "Step 2 of 3"
    texts = [label.text() for label in kiosk.notice.notice_labels]
    assert texts == ["Wi-Fi is down in building B", "We are on it."], "only this category's"
    qtbot.mouseClick(kiosk.notice.never_mind_button, LEFT)
    assert kiosk.page is Page.WELCOME
    assert kiosk.name_edit.text() == ""
    assert service.latest_change() == before, "nothing stored"
    assert service.active_visits() == []


def test_notice_shown_then_still_need_help(core: Core, qtbot: QtBot,
                                           runner: TaskRunner, kiosk: CheckInPage) -> None:
    core.notices.post(title="Outlook is slow")
    qtbot.keyClicks(kiosk.name_edit, "Ana")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["software"], LEFT)
    assert kiosk.page is Page.NOTICE
    qtbot.mouseClick(kiosk.notice.still_button, LEFT)
    assert kiosk.page is Page.DETAILS
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000):
        qtbot.mouseClick(kiosk.submit_button, LEFT)
    assert kiosk.ticket_label.text() == "S-001"
    qtbot.mouseClick(kiosk.done_button, LEFT)
    qtbot.keyClicks(kiosk.name_edit, "Ben")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["pickup"], LEFT)
    assert kiosk.page is Page.NOTICE, "a notice for every category applies to pick-ups too"


def test_notice_speaks_the_visitors_language(core: Core, qtbot: QtBot, runner: TaskRunner,
                                             kiosk: CheckInPage) -> None:
    core.notices.post(
        title="Wi-Fi is down in building B", message="We are on it.", categories=("laptop",),
        translations={"es": NoticeText("No hay wifi en el edificio B", "Ya estamos en ello."),
                      "de": NoticeText("WLAN in Gebäude B ausgefallen")})
    qtbot.mouseClick(kiosk.language_switcher.buttons["es"], LEFT)
    qtbot.keyClicks(kiosk.name_edit, "Ana")
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    assert kiosk.page is Page.NOTICE
    assert [label.text() for label in kiosk.notice.notice_labels] == [
        "No hay wifi en el edificio B", "Ya estamos en ello."]
    kiosk.language.set_language("de")
    assert [label.text() for label in kiosk.notice.notice_labels] == [
        "WLAN in Gebäude B ausgefallen", "We are on it."], "no German message: the default"
    kiosk.language.set_language("en")
    assert [label.text() for label in kiosk.notice.notice_labels] == [
        "Wi-Fi is down in building B", "We are on it."]


# ------------------------------------------------------------ appointments


def _book(core: Core, clock: ManualClock, minutes: int) -> str:
    return core.appointments.book(name="Jonas Müller", category="laptop",
                             scheduled_at=clock.now() + timedelta(minutes=minutes),
                             email="jonas.mueller@example.com").code


def test_on_time_appointment_goes_ahead_of_walk_ins(service: VisitService, qtbot: QtBot,
                                                    runner: TaskRunner, kiosk: CheckInPage,
                                                    core: Core, clock: ManualClock) -> None:
    code = _book(core, clock, 5)
    service.check_in(name="Walk-in one", category="laptop")
    service.check_in(name="Walk-in two", category="account")
    qtbot.mouseClick(kiosk.welcome.appointment_button, LEFT)
    assert kiosk.page is Page.APPOINTMENT
    assert kiosk.step_label.text() == "Appointment"
    qtbot.keyClicks(kiosk.appointment.code_edit, code.lower().replace("-", " "))
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        qtbot.mouseClick(kiosk.appointment.submit_button, LEFT)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.CONFIRMATION
    assert kiosk.position_label.text() == "You're next in line."
    assert kiosk.confirmation.note_label.text() == (
        "Your appointment is at 09:05: you go ahead of walk-ins.")
    assert service.position(done.args[0].id) == 1
    assert done.args[0].requester.name == "Jonas Müller"


def test_early_appointment_is_refused_with_the_times(service: VisitService, qtbot: QtBot,
                                                     runner: TaskRunner, kiosk: CheckInPage,
                                                     core: Core, clock: ManualClock) -> None:
    code = _book(core, clock, 90)
    qtbot.mouseClick(kiosk.welcome.appointment_button, LEFT)
    qtbot.keyClicks(kiosk.appointment.code_edit, code)
    qtbot.keyClick(kiosk.appointment.code_edit, Qt.Key.Key_Return)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.APPOINTMENT
    assert kiosk.appointment.message.text() == (
        "Your appointment is at 10:30. Please check in from 10:15.")
    assert service.active_visits() == []
    kiosk.language.set_language("es")
    assert kiosk.appointment.message.text() == (
        "Su cita es a las 10:30. Regístrese a partir de las 10:15, por favor.")
    kiosk.language.set_language("en")


def test_wrong_and_used_codes_are_explained(core: Core, qtbot: QtBot,
                                            runner: TaskRunner, kiosk: CheckInPage,
                                            clock: ManualClock) -> None:
    kiosk.go_to(Page.APPOINTMENT)
    for typed, expected in (("hello", "That is not an appointment code."),
                            ("TB-AAAAAA", "We found no appointment with that code.")):
        kiosk.appointment.code_edit.setText(typed)
        qtbot.mouseClick(kiosk.appointment.submit_button, LEFT)
        wait_done(qtbot, runner)
        assert kiosk.appointment.message.text().startswith(expected)
    code = _book(core, clock, 0)
    core.appointments.check_in(code)
    kiosk.appointment.code_edit.setText(code)
    qtbot.mouseClick(kiosk.appointment.submit_button, LEFT)
    wait_done(qtbot, runner)
    assert kiosk.appointment.message.text().startswith("You have already checked in")


def test_scanned_appointment_qr_checks_in_from_the_welcome_page(
        core: Core, qtbot: QtBot, runner: TaskRunner, kiosk: CheckInPage,
        time: FakeTime, clock: ManualClock) -> None:
    code = _book(core, clock, 0)
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        scan(qtbot, kiosk, time, f"https://techbar.example.com/a/{code}")
    assert done.args[0].appointment_code == code
    assert kiosk.page is Page.CONFIRMATION
