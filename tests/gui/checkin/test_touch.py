"""Touch first and for everyone: target sizes, accessible names, keyboard alone, on-screen keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import combinations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.security import PinGate
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from tests.gui.checkin.pages import CheckInPage
from ui.checkin.lockdown import PinPadDialog
from ui.checkin.touch_keyboard import wants_touch_keyboard
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.i18n import LanguageManager
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
MIN_TARGET = 48
MIN_GAP = 8


@pytest.fixture
def kiosk(core: Core, runner: TaskRunner, open_view: OpenView,
          qapp: QApplication, qtbot: QtBot) -> Iterator[CheckInPage]:
    apply_theme(qapp, "light")
    options = KioskOptions(touch_keyboard="on", confirmation_seconds=3600,
                           status_url_template="https://help.example.com/v/{ticket_number}")
    view = open_view(CheckInView(core, runner, options=options))
    view.resize(1280, 800)
    qtbot.waitExposed(view)
    yield CheckInPage(view)
    qapp.setStyleSheet("")


def _buttons(root: QWidget) -> list[tuple[str, QRect]]:
    return [(b.accessibleName() or b.text(), QRect(b.mapTo(root, QPoint(0, 0)), b.size()))
            for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]


def _size_problems(root: QWidget) -> list[str]:
    buttons = _buttons(root)
    assert buttons
    problems = [f"{name}: {rect.width()}x{rect.height()}" for name, rect in buttons
                if rect.width() < MIN_TARGET or rect.height() < MIN_TARGET]
    for (a, ra), (b, rb) in combinations(buttons, 2):
        gap = max(rb.left() - (ra.left() + ra.width()), ra.left() - (rb.left() + rb.width()),
                  rb.top() - (ra.top() + ra.height()), ra.top() - (rb.top() + rb.height()))
        if gap < MIN_GAP:
            problems.append(f"{a} and {b} are {gap} px apart")
    return problems


def _every_page(view: CheckInPage, service: VisitService) -> Iterator[str]:
    view.name_edit.setText("Ana")  # the field's clear button shows
    yield "welcome"
    view.on_next_clicked()
    yield "category"
    view.on_category_chosen("laptop")
    view.details.device_edit.setText("iPad")
    yield "details"
    view.idle_overlay.show_countdown(20)
    yield "idle"
    view.idle_overlay.hide()
    view.show_confirmation(service.check_in(name="Ana", category="laptop"), 1)
    yield "confirmation"


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("large_text", [False, True])
def test_every_button_is_big_enough_and_apart(kiosk: CheckInPage, service: VisitService,
                                              qapp: QApplication, qtbot: QtBot, theme: str,
                                              large_text: bool, clock: ManualClock) -> None:
    apply_theme(qapp, theme, large_text=large_text)
    problems = []
    for page in _every_page(kiosk, service):
        qtbot.wait(1)
        root = kiosk.idle_overlay if page == "idle" else kiosk.view
        problems += [f"{page}: {p}" for p in _size_problems(root)]
    pad = PinPadDialog(PinGate("", clock), kiosk.view.runner, kiosk.view)
    pad.show()
    qtbot.waitExposed(pad)
    problems += [f"PIN pad: {p}" for p in _size_problems(pad)]
    pad.close()
    assert problems == []


def test_every_page_has_a_way_back_and_a_progress_cue(kiosk: CheckInPage,
                                                      service: VisitService) -> None:
    steps = []
    for page in _every_page(kiosk, service):
        if page == "idle":
            continue
        steps.append(kiosk.step_label.text())
        back = {"category": kiosk.category_back_button, "details": kiosk.details_back_button,
                "confirmation": kiosk.done_button}.get(page)
        assert page == "welcome" or (back is not None and back.isVisible())
    assert steps == ["Step 1 of 3", "Step 2 of 3", "Step 3 of 3", "All done"]
    assert kiosk.step_dots.isHidden(), "no dots once the ticket is shown"


def test_every_focusable_control_has_an_accessible_name(kiosk: CheckInPage, clock: ManualClock,
                                                        service: VisitService) -> None:
    pad = PinPadDialog(PinGate("", clock), kiosk.view.runner, kiosk.view)
    kiosk.show_confirmation(service.check_in(name="Ana", category="laptop"), 1)
    nameless = [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
                for root in (kiosk, pad) for w in root.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
                and w.parentWidget() is not None and not w.inherits("QScrollBar")]
    assert nameless == []
    assert kiosk.qr_widget.accessibleName()
    assert all(tile.accessibleDescription() for tile in kiosk.category_tiles.values())


def _press(qtbot: QtBot, view: CheckInPage, key: Qt.Key, text: str = "") -> None:
    target = view.focusWidget() or view.view
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, key)


def test_the_whole_flow_works_with_a_keyboard_alone(kiosk: CheckInPage, qtbot: QtBot,
                                                    service: VisitService) -> None:
    kiosk.set_keyboard_enabled(False)
    assert kiosk.focusWidget() is kiosk.name_edit
    _press(qtbot, kiosk, Qt.Key.Key_A, "Ana")
    _press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is kiosk.email_edit
    _press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is kiosk.next_button
    _press(qtbot, kiosk, Qt.Key.Key_Return)
    assert kiosk.page is Page.CATEGORY
    assert kiosk.focusWidget() is kiosk.category_tiles["laptop"]
    _press(qtbot, kiosk, Qt.Key.Key_Right)
    assert kiosk.focusWidget() is kiosk.category_tiles["account"]
    _press(qtbot, kiosk, Qt.Key.Key_Down)
    assert kiosk.focusWidget() is kiosk.category_tiles["software"]
    _press(qtbot, kiosk, Qt.Key.Key_Enter)
    assert kiosk.page is Page.DETAILS
    assert kiosk.focusWidget() is kiosk.description_edit
    _press(qtbot, kiosk, Qt.Key.Key_A, "Excel crashes")
    _press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is kiosk.details_back_button
    _press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is kiosk.submit_button
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        _press(qtbot, kiosk, Qt.Key.Key_Return)
    visit = done.args[0]
    assert (visit.category, visit.description) == ("software", "Excel crashes")
    assert kiosk.focusWidget() is kiosk.done_button
    _press(qtbot, kiosk, Qt.Key.Key_Space)
    assert kiosk.page is Page.WELCOME


def test_touch_keyboard_types_into_the_focused_field(kiosk: CheckInPage, qtbot: QtBot) -> None:
    assert kiosk.keyboard.isVisible()
    keys = kiosk.keyboard.keys
    for name in ("shift", "a", "n", "a", "space", "g"):
        qtbot.mouseClick(keys[name], Qt.MouseButton.LeftButton)
    assert kiosk.name_edit.text() == "Ana g"
    qtbot.mouseClick(keys["backspace"], Qt.MouseButton.LeftButton)
    assert kiosk.name_edit.text() == "Ana "
    assert kiosk.focusWidget() is kiosk.name_edit, "keys never take the focus"
    kiosk.email_edit.setFocus()
    for name in ("a", "@", "b", ".", "c", "1", "-", "_"):
        qtbot.mouseClick(keys[name], Qt.MouseButton.LeftButton)
    assert kiosk.email_edit.text() == "a@b.c1-_"
    kiosk.name_edit.setText("Ana")
    kiosk.on_next_clicked()
    assert not kiosk.keyboard.isVisible(), "no keyboard on the tiles page"
    kiosk.on_category_chosen("laptop")
    assert kiosk.keyboard.isVisible()
    for name in ("shift", "w", "i", "f", "i"):
        qtbot.mouseClick(keys[name], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keys["backspace"], Qt.MouseButton.LeftButton)
    assert kiosk.description_edit.toPlainText() == "Wif"


def test_clear_button_is_a_finger_sized_target(kiosk: CheckInPage, qtbot: QtBot) -> None:
    clear = kiosk.email_edit.clear_button
    assert not clear.isVisible(), "nothing to clear"
    kiosk.email_edit.setText("ana@example.com")
    assert clear.isVisible()
    assert min(clear.width(), clear.height()) >= MIN_TARGET
    assert kiosk.email_edit.rect().contains(clear.geometry()), "inside the field"
    assert clear.accessibleName() == "Clear \u201cEmail (optional)\u201d"
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))  # a corner is enough
    assert kiosk.email_edit.text() == ""
    assert not clear.isVisible()
    assert kiosk.focusWidget() is kiosk.email_edit, "ready for the next try"


def test_touch_keyboard_setting() -> None:
    assert wants_touch_keyboard("on")
    assert not wants_touch_keyboard("off")
    assert not wants_touch_keyboard("auto"), "the offscreen platform has no touch screen"


def test_keyboard_is_translated_too(kiosk: CheckInPage, qtbot: QtBot) -> None:
    language = LanguageManager(("en", "es"), "en")
    try:
        assert language.set_language("es")
        qtbot.waitUntil(lambda: kiosk.keyboard.keys["space"].text() == "espacio")
    finally:
        language.set_language("en")
        language.deleteLater()
