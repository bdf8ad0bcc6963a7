"""The three-faces survey at the kiosk: by ticket number, by badge, already rated."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.feedback import FeedbackService
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from tests.gui.checkin.pages import CheckInPage, FakeTime, scan
from tests.gui.checkin.support import ANA_BADGE, JONAS, add_people, past_visit, wait_done
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
    options = KioskOptions(touch_keyboard="off", confirmation_seconds=3600)
    view = open_view(CheckInView(core, runner, options=options, monotonic=time))
    qtbot.waitExposed(view)
    return CheckInPage(view)


def _feedback(service: VisitService) -> FeedbackService:
    return FeedbackService(service.db, service.settings, service.clock)


def test_rate_by_ticket_number(service: VisitService, qtbot: QtBot, runner: TaskRunner,
                               kiosk: CheckInPage) -> None:
    visit = past_visit(service, JONAS, category="account")
    qtbot.mouseClick(kiosk.welcome.feedback_button, LEFT)
    assert kiosk.page is Page.FEEDBACK
    assert kiosk.step_label.text() == "Your feedback"
    qtbot.keyClicks(kiosk.feedback_find.ticket_edit, "a1")  # how people type "A-001"
    qtbot.keyClick(kiosk.feedback_find.ticket_edit, Qt.Key.Key_Return)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.RATE
    assert kiosk.rate.subtitle_label.text() == f"Ticket {visit.ticket_number} \u00b7 Account & password"
    assert not kiosk.rate.send_button.isEnabled(), "a face first"
    qtbot.mouseClick(kiosk.rate.faces[2], LEFT)
    assert kiosk.rate.send_button.isEnabled()
    kiosk.rate.comment_edit.setText("Fine, but <b>slow</b>")
    with qtbot.waitSignal(kiosk.rated, timeout=10_000) as rated:
        qtbot.mouseClick(kiosk.rate.send_button, LEFT)
    assert rated.args == [visit.id]
    assert kiosk.page is Page.THANKS
    assert kiosk.thanks.title_label.text() == "Thank you!"
    assert _feedback(service).score(visit.id) == 2
    qtbot.mouseClick(kiosk.thanks.done_button, LEFT)
    assert kiosk.page is Page.WELCOME


def test_rate_by_badge_scan(service: VisitService, qtbot: QtBot, runner: TaskRunner,
                            kiosk: CheckInPage, time: FakeTime) -> None:
    visit = past_visit(service)
    kiosk.go_to(Page.FEEDBACK)
    scan(qtbot, kiosk, time, ANA_BADGE)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.RATE
    assert kiosk.feedback_find.ticket_edit.text() == ""
    qtbot.mouseClick(kiosk.rate.faces[3], LEFT)
    with qtbot.waitSignal(kiosk.rated, timeout=10_000):
        qtbot.keyClick(kiosk.rate.comment_edit, Qt.Key.Key_Return)
    assert _feedback(service).score(visit.id) == 3
    assert kiosk.person is None, "a feedback scan does not sign anyone in"


def test_thanks_goes_back_to_welcome_by_itself(core: Core, service: VisitService,
                                               qtbot: QtBot, runner: TaskRunner,
                                               open_view: OpenView) -> None:
    visit = past_visit(service, JONAS)
    view = CheckInPage(open_view(CheckInView(core, runner, reset_after_ms=50,
                                             options=KioskOptions(touch_keyboard="off"))))
    view.go_to(Page.FEEDBACK)
    view.find_feedback(visit.ticket_number, scanned=False)
    wait_done(qtbot, runner)
    view.rate.faces[1].click()
    view.rate.on_send()
    qtbot.waitUntil(lambda: view.page is Page.THANKS, timeout=5_000)
    qtbot.waitUntil(lambda: view.page is Page.WELCOME, timeout=5_000)


def test_already_rated_or_unfinished_visits_cannot_be_rated(service: VisitService,
                                                           qtbot: QtBot, runner: TaskRunner,
                                                           kiosk: CheckInPage) -> None:
    rated = past_visit(service, JONAS)
    _feedback(service).rate(rated.id, 3)
    waiting = service.check_in(name="Still waiting", category="mobile")
    kiosk.go_to(Page.FEEDBACK)
    for ticket in (rated.ticket_number, waiting.ticket_number, ""):
        kiosk.feedback_find.ticket_edit.setText(ticket)
        qtbot.mouseClick(kiosk.feedback_find.next_button, LEFT)
        wait_done(qtbot, runner)
        assert kiosk.page is Page.FEEDBACK
        assert kiosk.feedback_find.message.tone == "error"
    assert kiosk.feedback_find.message.text().startswith("Please type your ticket number")
    kiosk.feedback_find.ticket_edit.setText(rated.ticket_number)
    qtbot.mouseClick(kiosk.feedback_find.next_button, LEFT)
    wait_done(qtbot, runner)
    assert kiosk.feedback_find.message.text().startswith("We found no finished visit to rate.")


def test_rated_meanwhile_is_explained(service: VisitService, qtbot: QtBot, runner: TaskRunner,
                                      kiosk: CheckInPage) -> None:
    visit = past_visit(service, JONAS)
    kiosk.go_to(Page.FEEDBACK)
    kiosk.find_feedback(visit.ticket_number, scanned=False)
    wait_done(qtbot, runner)
    _feedback(service).rate(visit.id, 1)  # from another kiosk, meanwhile
    qtbot.mouseClick(kiosk.rate.faces[3], LEFT)
    qtbot.mouseClick(kiosk.rate.send_button, LEFT)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.RATE
    assert kiosk.rate.message.text() == "Thanks, this visit has already been rated."
    assert _feedback(service).score(visit.id) == 1


def test_unknown_badge_on_the_feedback_page(service: VisitService, qtbot: QtBot,
                                            runner: TaskRunner, kiosk: CheckInPage,
                                            time: FakeTime) -> None:
    kiosk.go_to(Page.FEEDBACK)
    scan(qtbot, kiosk, time, "DEADBEEF")
    wait_done(qtbot, runner)
    assert kiosk.feedback_find.message.text().startswith("We don't know this badge.")
    kiosk.language.set_language("de")
    assert kiosk.feedback_find.message.text().startswith("Diesen Ausweis kennen wir nicht.")
    kiosk.language.set_language("en")
