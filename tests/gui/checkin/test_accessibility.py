"""Every page of the kiosk, walked as assistive technology, a keyboard and eyes a metre
away see it.

On each page, with something typed where there are fields: every control a visitor can
use has an accessible name, in each of the kiosk's languages; Tab from the page's first
control visits every control that takes the focus, in the order a visitor reads the page,
and comes back; nothing a finger can press is out of the keyboard's reach (the fields'
clear buttons are the one exception: like Qt's own, they never take the focus, and
Ctrl+A, Backspace does the same); and no text is smaller than 20 px, in either theme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from tests.gui.checkin.pages import CheckInPage
from tests.gui.checkin.support import ANA_BADGE, add_people, past_visit, wait_done
from ui.checkin.fields import FieldClearButton
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.i18n import LANGUAGE_NAMES
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox,
               QAbstractSpinBox, QAbstractSlider)
#: Controls a finger may press that the keyboard does not need (see the module's docstring).
POINTER_ONLY = (FieldClearButton,)
MIN_TEXT_PX = 20
"""Read at 1 m on a 1280x800 kiosk screen (helper text included)."""
Screen = tuple[str, QWidget, list[QWidget], QWidget]
"""A page as the test sees it: its name, the widget it lives in, its controls in the order
a visitor reads them (the Tab order expected), and the control with the focus."""


@pytest.fixture
def kiosk(core: Core, service: VisitService, runner: TaskRunner, open_view: OpenView,
          qtbot: QtBot) -> Iterator[CheckInPage]:
    add_people(core)
    past_visit(service)
    core.notices.post(title="Wi-Fi is down in building B", message="We are on it.",
                      categories=("laptop",))
    view = open_view(CheckInView(core, runner, options=KioskOptions(
        touch_keyboard="off", confirmation_seconds=3600, idle_seconds=3600,
        status_url_template="https://help.example.com/v/{ticket_number}")))
    view.resize(1280, 800)
    qtbot.waitExposed(view)
    yield CheckInPage(view)
    view.language.set_language("en")


def _controls(root: QWidget, within: QWidget) -> list[QWidget]:
    """The controls a visitor can use on screen under ``within``."""
    return [w for w in within.findChildren(QWidget)
            if isinstance(w, INTERACTIVE) and not isinstance(w, QScrollBar)
            and w.isVisibleTo(root) and w.isEnabled()]


def _tab_cycle(kiosk: CheckInPage, qtbot: QtBot, start: QWidget) -> list[QWidget]:
    """The controls Tab visits from ``start`` until the focus comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _ in range(40):
        qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Tab)
        focused = kiosk.focusWidget()
        if focused is start:
            return visited
        visited.append(focused)
    raise AssertionError(f"Tab never came back to {start.accessibleName()!r}")


def _names(widgets: list[QWidget]) -> list[str]:
    return [w.accessibleName() or f"<{type(w).__name__} without a name>" for w in widgets]


def _screens(kiosk: CheckInPage, qtbot: QtBot, runner: TaskRunner) -> Iterator[Screen]:
    """Walk the kiosk through every page, a visitor's things on each."""
    welcome = kiosk.welcome
    welcome.name_edit.setText("Ana García")
    welcome.email_edit.setText("ana@example.com")
    yield "welcome", welcome, [*welcome.language_switcher.buttons.values(), welcome.name_edit,
                               welcome.email_edit, welcome.next_button,
                               welcome.appointment_button, welcome.feedback_button
                               ], welcome.name_edit
    kiosk.view.identify_flow.identify(ANA_BADGE, scanned=True)
    wait_done(qtbot, runner)
    tiles = list(kiosk.category_tiles.values())
    yield "category", kiosk.category_page, [*tiles, kiosk.category_back_button], tiles[0]
    kiosk.on_category_chosen("laptop")
    notice = kiosk.notice
    assert kiosk.page is Page.NOTICE
    yield "notice", notice, [notice.never_mind_button, notice.still_button], notice.still_button
    notice.still_button.click()
    details, card = kiosk.details, kiosk.same_device
    yield "details", details, [card.same_button, card.other_button, details.description_edit,
                               details.back_button, details.submit_button
                               ], details.description_edit
    card.other_button.click()
    details.device_edit.setText("iPad")
    details.asset_edit.setText("TB-1")
    yield "details, another device", details, [
        card.same_button, card.other_button, details.device_edit, details.asset_edit,
        details.description_edit, details.back_button, details.submit_button
    ], details.device_edit
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000):
        details.submit_button.click()
    yield "confirmation", kiosk.confirmation_page, [kiosk.done_button], kiosk.done_button
    yield from _other_ways_in(kiosk, qtbot, runner)
    kiosk.idle_overlay.show_countdown(20)
    still = kiosk.idle_overlay.still_here_button
    yield "still there?", kiosk.idle_overlay, [still], still


def _other_ways_in(kiosk: CheckInPage, qtbot: QtBot, runner: TaskRunner) -> Iterator[Screen]:
    kiosk.reset()
    appointment, find, rate = kiosk.appointment, kiosk.feedback_find, kiosk.rate
    kiosk.go_to(Page.APPOINTMENT)
    appointment.code_edit.setText("TB-7K3Q9M")
    yield "appointment", appointment, [appointment.code_edit, appointment.back_button,
                                       appointment.submit_button], appointment.code_edit
    kiosk.go_to(Page.FEEDBACK)
    find.ticket_edit.setText("L-001")
    yield "feedback", find, [find.ticket_edit, find.back_button, find.next_button
                             ], find.ticket_edit
    kiosk.find_feedback("L-001", scanned=False)
    wait_done(qtbot, runner)
    assert kiosk.page is Page.RATE
    rate.faces[3].click()
    rate.comment_edit.setText("Quick, thanks")
    yield "rate", rate, [*rate.faces.values(), rate.comment_edit, rate.cancel_button,
                         rate.send_button], rate.faces[3]
    kiosk.go_to(Page.THANKS)
    yield "thanks", kiosk.thanks, [kiosk.thanks.done_button], kiosk.thanks.done_button


def _in_language(kiosk: CheckInPage, controls: list[QWidget], language: str) -> list[str]:
    kiosk.language.set_language(language)
    return _names(controls)


def test_every_control_on_every_page_is_named_in_the_visitors_language(
        kiosk: CheckInPage, qtbot: QtBot, runner: TaskRunner) -> None:
    problems: list[str] = []
    seen: set[str] = set()
    for page, within, _order, _focused in _screens(kiosk, qtbot, runner):
        controls = _controls(kiosk.view, within)
        seen.update(type(c).__name__ for c in controls)
        english = _in_language(kiosk, controls, "en")
        problems += [f"{page}: {name}" for name in english if name.startswith("<")]
        unique = [n for n in english if english.count(n) > 1 and not n.startswith("<")]
        problems += [f"{page}: two controls are called {name!r}" for name in set(unique)]
        for language in ("es", "de"):
            names = _in_language(kiosk, controls, language)
            problems += [f"{page}: {name!r} is still English in {language}"
                         for name, before in zip(names, english, strict=True)
                         if name == before and name not in LANGUAGE_NAMES.values()
                         and not name.startswith("<")]
        kiosk.language.set_language("en")
    assert not problems, "\n".join(problems)
    assert {"FieldClearButton", "KioskLineEdit", "QPlainTextEdit", "CategoryTile",
            "FaceButton", "QPushButton"} <= seen, "the walk reached every kind of control"


def test_tab_reaches_every_control_of_every_page_in_reading_order(
        kiosk: CheckInPage, qtbot: QtBot, runner: TaskRunner) -> None:
    problems: list[str] = []
    for page, within, order, focused in _screens(kiosk, qtbot, runner):
        controls = _controls(kiosk.view, within)
        unreachable = [c for c in controls if not c.focusPolicy() & Qt.FocusPolicy.TabFocus
                       and not isinstance(c, POINTER_ONLY)]
        problems += [f"{page}: no keyboard way to {n!r}" for n in _names(unreachable)]
        if kiosk.focusWidget() is not focused:
            problems.append(f"{page}: the focus starts on {_names([kiosk.focusWidget()])}")
        if within is kiosk.idle_overlay:
            continue  # any key is activity: the question goes away
        cycle = _tab_cycle(kiosk, qtbot, order[0])
        skipped = [c for c in controls if c.focusPolicy() & Qt.FocusPolicy.TabFocus
                   and c not in cycle]
        problems += [f"{page}: Tab skips {n!r}" for n in _names(skipped)]
        if _names(cycle) != _names(order):
            problems.append(f"{page}: Tab goes {_names(cycle)}, not {_names(order)}")
    assert not problems, "\n".join(problems)


def _small_texts(root: QWidget, within: QWidget) -> list[str]:
    """Texts shown under ``within`` in a font smaller than :data:`MIN_TEXT_PX`."""
    small = []
    for widget in [within, *within.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        texts = [widget.text()] if isinstance(widget, (QLabel, QAbstractButton)) else []
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            texts = [widget.placeholderText()]
        size = widget.font().pixelSize()
        small += [f"{text!r}: {size} px" for text in texts if text.strip() and size < MIN_TEXT_PX]
    return small


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_text_reads_at_a_metre(kiosk: CheckInPage, qtbot: QtBot, runner: TaskRunner,
                                     qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    try:
        problems = [f"{page}: {text}" for page, within, _order, _focused
                    in _screens(kiosk, qtbot, runner)
                    for text in _small_texts(kiosk.view, within)]
        problems += [f"top bar: {text}" for text in _small_texts(kiosk.view, kiosk.top_bar)]
    finally:
        qapp.setStyleSheet("")
    assert not problems, "\n".join(problems)
