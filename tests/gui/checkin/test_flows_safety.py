"""The new kiosk pages stay safe and usable: idle reset, lock-down, languages, a11y, sizes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from itertools import combinations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.security import PinGate, PinOutcome
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.pins import hash_pin
from tests.gui.checkin.pages import CheckInPage, FakeTime, scan
from tests.gui.checkin.support import ANA_BADGE, add_people, past_visit, wait_done
from ui.checkin.lockdown import KioskWindow, PinPadDialog
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
SECOND_MS = 4
MIN_TARGET = 48
MIN_GAP = 8
NEW_PAGES = (Page.NOTICE, Page.APPOINTMENT, Page.FEEDBACK, Page.RATE, Page.THANKS)


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def kiosk(core: Core, service: VisitService, runner: TaskRunner, open_view: OpenView,
          time: FakeTime, qtbot: QtBot) -> CheckInPage:
    add_people(core)
    past_visit(service)
    core.notices.post(
        title="Wi-Fi is down in building B", message="We are on it.", severity="critical")
    options = KioskOptions(touch_keyboard="off", confirmation_seconds=3600,
                           idle_seconds=45, countdown_seconds=20, second_ms=SECOND_MS)
    view = open_view(CheckInView(core, runner, options=options, monotonic=time))
    view.resize(1280, 800)
    qtbot.waitExposed(view)
    return CheckInPage(view)


def _fill_every_page(view: CheckInPage, core: Core, qtbot: QtBot,
                     runner: TaskRunner) -> Iterator[Page]:
    """Visit every new page with something on it."""
    view.on_category_chosen("laptop")
    view.notice.show_notices(core.notices.active())
    view.go_to(Page.NOTICE)
    yield Page.NOTICE
    view.go_to(Page.APPOINTMENT)
    view.appointment.code_edit.setText("TB-ABCDEF")
    yield Page.APPOINTMENT
    view.go_to(Page.FEEDBACK)
    view.feedback_find.ticket_edit.setText("L-001")
    yield Page.FEEDBACK
    view.find_feedback("L-001", scanned=False)
    wait_done(qtbot, runner)
    assert view.page is Page.RATE
    view.rate.faces[2].setChecked(True)
    yield Page.RATE
    view.go_to(Page.THANKS)
    yield Page.THANKS


def test_idle_reset_forgets_a_scanned_visitor(kiosk: CheckInPage, qtbot: QtBot,
                                              runner: TaskRunner, time: FakeTime) -> None:
    started: list[tuple[int, bool]] = []
    expired: list[bool] = []
    kiosk.idle.idle_started.connect(lambda s: started.append((s, kiosk.person is not None)))
    kiosk.idle.expired.connect(lambda: expired.append(True))
    scan(qtbot, kiosk, time, ANA_BADGE)
    qtbot.waitUntil(lambda: bool(expired), timeout=10_000)
    assert started == [(20, True)], "the known visitor is asked first, with 20 seconds"
    assert kiosk.page is Page.WELCOME
    assert kiosk.person is None
    assert not kiosk.category_page.greeting_label.isVisible()
    assert kiosk.details.device_edit.text() == ""
    kiosk.idle_overlay.show_countdown(20)
    assert not kiosk.scanner.accepting(), "no scans under the countdown"
    kiosk.idle_overlay.hide()


@pytest.mark.parametrize("page", [Page.APPOINTMENT, Page.FEEDBACK, Page.RATE])
def test_idle_reset_clears_what_was_typed_on_new_pages(kiosk: CheckInPage, qtbot: QtBot,
                                                       runner: TaskRunner, core: Core,
                                                       page: Page) -> None:
    for shown in _fill_every_page(kiosk, core, qtbot, runner):
        if shown is page:
            break
    if page is Page.RATE:
        kiosk.rate.comment_edit.setText("secret")
    with qtbot.waitSignal(kiosk.idle.expired, timeout=5_000):
        pass
    assert kiosk.page is Page.WELCOME
    assert kiosk.appointment.code_edit.text() == ""
    assert kiosk.feedback_find.ticket_edit.text() == ""
    assert kiosk.rate.comment_edit.text() == ""
    assert kiosk.rate.score == 0


def test_late_answers_after_a_reset_are_dropped(kiosk: CheckInPage, qtbot: QtBot,
                                                runner: TaskRunner, time: FakeTime) -> None:
    scan(qtbot, kiosk, time, ANA_BADGE)
    kiosk.reset()  # the idle reset wins the race with the directory
    wait_done(qtbot, runner)
    assert kiosk.page is Page.WELCOME
    assert kiosk.person is None


def test_locked_kiosk_ignores_quit_keys_on_new_pages(kiosk: CheckInPage, qtbot: QtBot,
                                                     clock: ManualClock,
                                                     runner: TaskRunner) -> None:
    gate = PinGate(hash_pin("482916"), clock)
    window = KioskWindow(kiosk.view, gate, runner)
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitExposed(window)
    try:
        for page in (Page.APPOINTMENT, Page.FEEDBACK, Page.THANKS):
            kiosk.go_to(page)
            for key, modifiers in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                   (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                                   (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)):
                event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
                QApplication.sendEvent(kiosk.focusWidget() or kiosk.view, event)
            assert window.close() is False
            assert window.isVisible()
            assert kiosk.page is page
    finally:
        window.unlock()
        kiosk.setParent(None)  # the test's view outlives the window
        window.close()


def test_wrong_pins_lock_the_pad_out(kiosk: CheckInPage, qtbot: QtBot,
                                     clock: ManualClock, runner: TaskRunner) -> None:
    gate = PinGate(hash_pin("482916"), clock)
    pad = PinPadDialog(gate, runner, kiosk.view)
    qtbot.addWidget(pad)
    for _ in range(5):
        for digit in "1111":
            pad.press_digit(digit)
        pad.press_enter()
        qtbot.waitUntil(lambda: not pad.checking, timeout=5_000)
    assert pad.message.text().startswith("Too many wrong tries.")
    assert gate.attempt("482916").outcome is PinOutcome.LOCKED, "even the right PIN, for now"
    clock.advance(timedelta(hours=1))
    assert gate.attempt("482916").outcome is PinOutcome.OK


def test_new_pages_switch_language(kiosk: CheckInPage, qtbot: QtBot, runner: TaskRunner,
                                   core: Core) -> None:
    expected = {
        "es": {Page.NOTICE: "Ya estamos al tanto", Page.APPOINTMENT: "Registro con cita",
               Page.FEEDBACK: "¿Qué tal lo hicimos?", Page.RATE: "¿Qué tal su visita?",
               Page.THANKS: "¡Gracias!"},
        "de": {Page.NOTICE: "Das wissen wir schon", Page.APPOINTMENT: "Mit Termin anmelden",
               Page.FEEDBACK: "Wie waren wir?", Page.RATE: "Wie war Ihr Besuch?",
               Page.THANKS: "Vielen Dank!"},
    }
    for page in _fill_every_page(kiosk, core, qtbot, runner):
        current = kiosk.pages.currentWidget()
        for language, titles in expected.items():
            assert kiosk.language.set_language(language)
            assert current.title_label.text() == titles[page]  # type: ignore[attr-defined]
        kiosk.language.set_language("en")
    assert kiosk.rate.faces[3].accessibleName() == "Great"
    kiosk.language.set_language("de")
    assert kiosk.rate.faces[3].accessibleName() == "Super"
    assert kiosk.rate.subtitle_label.text() == "Nummer L-001 \u00b7 Laptop & Hardware"
    kiosk.language.set_language("en")


def test_wait_estimate_is_an_honest_translated_range(kiosk: CheckInPage,
                                                     service: VisitService) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    minutes = timedelta(minutes=1)
    cases = [((0, 5), "Estimated wait: a few minutes"),
             ((0, 15), "Estimated wait: under 15 minutes"),
             ((10, 20), "Estimated wait: about 10\u201320 minutes")]
    for (low, high), text in cases:
        kiosk.show_confirmation(visit, 2, WaitEstimate(low * minutes, high * minutes, 1, 1, 9))
        assert kiosk.estimate_label.text() == text
    kiosk.language.set_language("es")
    assert kiosk.estimate_label.text() == "Espera estimada: entre 10 y 20 minutos"
    kiosk.language.set_language("de")
    assert kiosk.estimate_label.text() == "Geschätzte Wartezeit: etwa 10\u201320 Minuten"
    kiosk.language.set_language("en")


def test_a_wait_without_history_is_said_in_words(kiosk: CheckInPage,
                                                 service: VisitService) -> None:
    """Thin history: no range that pretends to know ("under half an hour", not 15-25)."""
    visit = service.check_in(name="Ana", category="laptop")
    minutes = timedelta(minutes=1)
    cases = [((0, 10), "Estimated wait: a few minutes"),
             ((15, 25), "Estimated wait: under half an hour"),
             ((20, 55), "Estimated wait: under an hour"),
             ((45, 90), "Estimated wait: perhaps more than an hour"),
             ((70, 120), "Estimated wait: more than an hour")]
    for (low, high), text in cases:
        estimate = WaitEstimate(low * minutes, high * minutes, 3, 1, 0, coarse=True)
        kiosk.show_confirmation(visit, 4, estimate)
        assert kiosk.estimate_label.text() == text
        assert estimate.describe() == text.removeprefix("Estimated wait: ")
    kiosk.language.set_language("de")
    assert kiosk.estimate_label.text() == "Geschätzte Wartezeit: mehr als eine Stunde"
    kiosk.language.set_language("es")
    assert kiosk.estimate_label.text() == "Espera estimada: más de una hora"
    kiosk.language.set_language("en")


def test_confirmation_shows_the_estimate_after_a_check_in(kiosk: CheckInPage, qtbot: QtBot,
                                                          runner: TaskRunner,
                                                          service: VisitService) -> None:
    service.check_in(name="Before you", category="account")
    kiosk.name_edit.setText("Ana")
    kiosk.on_next_clicked()
    wait_done(qtbot, runner)
    kiosk.on_category_chosen("account")
    assert kiosk.page is Page.NOTICE
    kiosk.notice.still_button.click()
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000):
        kiosk.on_submit_clicked()
    assert kiosk.position_label.text() == "You are number 2 in line."
    assert kiosk.estimate_label.isVisible()
    assert kiosk.estimate_label.text().startswith("Estimated wait: ")


def _buttons(root: QWidget) -> list[tuple[str, QRect]]:
    return [(b.accessibleName() or b.text(), QRect(b.mapTo(root, QPoint(0, 0)), b.size()))
            for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]


def _size_problems(root: QWidget) -> list[str]:
    buttons = _buttons(root)
    problems = [f"{name}: {rect.width()}x{rect.height()}" for name, rect in buttons
                if rect.width() < MIN_TARGET or rect.height() < MIN_TARGET]
    for (a, ra), (b, rb) in combinations(buttons, 2):
        gap = max(rb.left() - (ra.left() + ra.width()), ra.left() - (rb.left() + rb.width()),
                  rb.top() - (ra.top() + ra.height()), ra.top() - (rb.top() + rb.height()))
        if gap < MIN_GAP:
            problems.append(f"{a} and {b} are {gap} px apart")
    return problems


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("large_text", [False, True])
def test_new_pages_have_big_targets_and_names(
        kiosk: CheckInPage, core: Core, qtbot: QtBot, runner: TaskRunner,
        qapp: QApplication, theme: str, large_text: bool) -> None:
    apply_theme(qapp, theme, large_text=large_text)
    kiosk.idle.stop()
    try:
        kiosk.set_keyboard_enabled(True)
        problems: list[str] = []
        pages = [Page.WELCOME, *_fill_every_page(kiosk, core, qtbot, runner)]
        for page in pages:
            kiosk.go_to(page)
            qtbot.wait(1)
            problems += [f"{page.name}: {p}" for p in _size_problems(kiosk.view)]
            problems += [f"{page.name}: {type(w).__name__} has no accessible name"
                         for w in kiosk.pages.currentWidget().findChildren(QWidget)
                         if w.isVisibleTo(kiosk.view) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                         and not w.accessibleName()]
        assert problems == []
    finally:
        apply_theme(qapp, "light")
        qapp.setStyleSheet("")


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_typing_pages_fit_a_1280x800_screen_with_the_keys_and_large_text(
        core: Core, runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
        qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme, large_text=True)  # as at start-up: the theme comes first
    try:
        view = open_view(CheckInView(core, runner, options=KioskOptions(
            touch_keyboard="on", default_language="de")))
        too_high = {}
        for page in (Page.WELCOME, Page.DETAILS, Page.APPOINTMENT, Page.FEEDBACK, Page.RATE):
            view.go_to(page)
            view.resize(1280, 800)
            qtbot.wait(5)
            if view.height() > 800 or view.keyboard.geometry().bottom() >= 800:
                too_high[page.name] = view.height()
        assert too_high == {}
    finally:
        apply_theme(qapp, "light")
        qapp.setStyleSheet("")


def test_keyboard_alone_reaches_the_other_ways_in(kiosk: CheckInPage, qtbot: QtBot,
                                                  runner: TaskRunner) -> None:
    kiosk.name_edit.setFocus()
    for _ in range(3):
        qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is kiosk.welcome.appointment_button
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Return)
    assert kiosk.page is Page.APPOINTMENT
    assert kiosk.focusWidget() is kiosk.appointment.code_edit
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Space)
    assert kiosk.page is Page.WELCOME, "Tab reaches Back"
    kiosk.welcome.feedback_button.setFocus()
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Space)
    assert kiosk.page is Page.FEEDBACK
    qtbot.keyClicks(kiosk.focusWidget(), "L-001")
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Return)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.RATE
    assert kiosk.focusWidget() is kiosk.rate.faces[3]
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Space)
    assert kiosk.rate.score == 3
