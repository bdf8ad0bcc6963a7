"""The staff windows from the keyboard: every control named, Tab visits each in reading order
without a trap, the console's touch targets are 48 px, and no wheel changes a field unasked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.domain.visit import Visit
from tests.gui.helpers import light_theme, wait_idle
from tests.gui.keyboard import controls, out_of_order, reading_order_first, tab_through, unnamed
from ui.board.view import DisplayBoard
from ui.common.dialogs import (
    ConfirmDialog,
    EscalateDialog,
    NoteDialog,
    ResolveDialog,
    TransferDialog,
)
from ui.common.feed import FloorFeed
from ui.common.models import VISIT_ROLE
from ui.common.tasks import TaskRunner
from ui.console.view import ConsoleView
from ui.liaison.dialogs import ChoiceDialog, ReasonDialog
from ui.liaison.view import TABS, LiaisonView

pytestmark = pytest.mark.gui
SIZE = (1280, 800)
Open = Callable[[QWidget], QWidget]


@pytest.fixture
def floor(core: Core, service: VisitService) -> list[Visit]:
    """Technicians, people waiting, one called and one in service with Dana."""
    core.technicians.add(name="Dana", pin="1234", counter="Desk 1")
    core.technicians.add(name="Luis", pin="5678", skills=["account"], counter="Desk 2")
    visits = [service.check_in(name=n, category=c) for n, c in
              (("Ana", "laptop"), ("Ben", "account"), ("Cleo", "mobile"), ("Dev", "laptop"))]
    service.call(visits[0].id, "Luis")
    service.start(service.call(visits[1].id, "Dana").id, "Dana")
    return visits


def _shown(open_view: Open, window: QWidget, qtbot: QtBot, runner: TaskRunner) -> QWidget:
    window.resize(*SIZE)
    open_view(window)
    wait_idle(qtbot, runner)
    return window


def _console_signing_in(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: Open,
                        qtbot: QtBot) -> QWidget:
    view = ConsoleView(core, runner, feed)
    _shown(open_view, view, qtbot, runner)
    qtbot.waitUntil(lambda: len(view.sign_in_page.name_buttons) == 2, timeout=10_000)
    view.sign_in_page.choose(next(iter(view.sign_in_page.name_buttons)))
    return view


def _console_working(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: Open,
                     qtbot: QtBot) -> QWidget:
    view = ConsoleView(core, runner, feed)
    _shown(open_view, view, qtbot, runner)
    qtbot.waitUntil(lambda: view.feed.is_loaded, timeout=10_000)
    view.sign_in_as(next(t for t in core.technicians.list() if t.name == "Dana"))
    view.queue.skills_check.setChecked(False)
    proxy = view.queue.proxy
    serving = next(r for r in range(proxy.rowCount())
                   if proxy.index(r, 0).data(VISIT_ROLE).technician == "Dana")
    view.queue.table.selectRow(serving)
    wait_idle(qtbot, runner)
    return view


def _liaison_on(tab: str) -> Callable[..., QWidget]:
    def make(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: Open,
             qtbot: QtBot) -> QWidget:
        view = LiaisonView(core, runner, feed)
        _shown(open_view, view, qtbot, runner)
        qtbot.waitUntil(lambda: view.floor is not None, timeout=10_000)
        view.floor_tab.table.selectRow(2)
        view.tabs.setCurrentIndex(TABS.index(tab))
        wait_idle(qtbot, runner)
        return view

    return make


def _board(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: Open,
           qtbot: QtBot) -> QWidget:
    board = DisplayBoard(core, runner, feed, chime=False)
    _shown(open_view, board, qtbot, runner)
    qtbot.waitUntil(lambda: board.state is not None, timeout=10_000)
    return board


WINDOWS: dict[str, Callable[..., QWidget]] = {
    "console-sign-in": _console_signing_in,
    "console-work": _console_working,
    **{f"liaison-{tab}": _liaison_on(tab) for tab in TABS},
    "board": _board,
}


def _dialogs(visit: Visit, core: Core) -> dict[str, QDialog]:
    categories = core.settings.categories
    return {
        "resolve": ResolveDialog(visit), "escalate": EscalateDialog(visit),
        "transfer": TransferDialog(visit, ["Luis"], categories), "note": NoteDialog(visit),
        "confirm": ConfirmDialog(None, "Cancel A-001", "Cancel A-001? They leave the queue."),
        "choice": ChoiceDialog(None, "Move A-001", "Move to the line for",
                               [(c.id, c.label) for c in categories], None, "Move"),
        "reason": ReasonDialog(None, "Remove A-001", "Why?", "Remove visit"),
    }


@contextmanager
def _dialog(name: str, visit: Visit, core: Core, qtbot: QtBot) -> Iterator[QDialog]:
    made = _dialogs(visit, core)
    for dialog in made.values():
        qtbot.addWidget(dialog)
    made[name].show()
    yield made[name]


@pytest.fixture(autouse=True)
def _themed(qapp: QApplication) -> Iterator[None]:
    with light_theme(qapp):
        yield


def _assert_keyboard_friendly(window: QWidget) -> None:
    assert unnamed(window) == [], "every control needs an accessible name"
    reachable = controls(window)
    if len(reachable) < 2:
        return
    walk = tab_through(window, reading_order_first(window))
    assert walk.trapped is None, f"Tab is trapped in {type(walk.trapped).__name__}"
    missed = [f"{type(w).__name__} {w.accessibleName()!r}" for w in reachable
              if w not in walk.visited]
    assert missed == [], "Tab never reaches these controls"
    assert out_of_order(window, walk.visited) == [], "Tab must go top to bottom, left to right"


@pytest.mark.parametrize("which", sorted(WINDOWS))
def test_every_control_is_named_and_tab_reads_the_window_in_order(
        which: str, floor: list[Visit], core: Core, runner: TaskRunner, feed: FloorFeed,
        open_view: Open, qtbot: QtBot) -> None:
    window = WINDOWS[which](core, runner, feed, open_view, qtbot)
    _assert_keyboard_friendly(window)


@pytest.mark.parametrize("name", ["resolve", "escalate", "transfer", "note", "confirm",
                                  "choice", "reason"])
def test_every_dialog_is_named_and_tab_reads_it_in_order(name: str, floor: list[Visit],
                                                         core: Core, qtbot: QtBot) -> None:
    with _dialog(name, floor[1], core, qtbot) as dialog:
        _assert_keyboard_friendly(dialog)


def _touch_targets(window: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
    return [w for w in window.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible()
            and w.focusProxy() is None]


@pytest.mark.parametrize("which", ["console-sign-in", "console-work"])
def test_every_touch_target_of_the_console_is_48_px(which: str, floor: list[Visit], core: Core,
                                                    runner: TaskRunner, feed: FloorFeed,
                                                    open_view: Open, qtbot: QtBot) -> None:
    window = WINDOWS[which](core, runner, feed, open_view, qtbot)
    small = [f"{type(w).__name__} {w.accessibleName()!r}: {w.height()} px"
             for w in _touch_targets(window) if w.height() < 48]
    assert small == []
    if which == "console-work":
        table = window.queue.table  # type: ignore[attr-defined]
        assert table.verticalHeader().defaultSectionSize() >= 48


@pytest.mark.parametrize("name", ["resolve", "escalate", "transfer", "confirm"])
def test_every_touch_target_of_the_console_dialogs_is_48_px(name: str, floor: list[Visit],
                                                            core: Core, qtbot: QtBot) -> None:
    with _dialog(name, floor[1], core, qtbot) as dialog:
        small = [f"{type(w).__name__} {w.accessibleName()!r}: {w.height()} px"
                 for w in _touch_targets(dialog) if w.height() < 48]
        assert small == []


def _wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _values(window: QWidget) -> dict[int, Any]:
    fields: list[QWidget] = [*window.findChildren(QComboBox), *window.findChildren(QAbstractSpinBox)]
    return {id(f): f.currentIndex() if isinstance(f, QComboBox) else f.text() for f in fields}


@pytest.mark.parametrize("which", ["console-work", "liaison-floor", "liaison-notices",
                                   "liaison-metrics"])
def test_a_wheel_never_changes_an_unfocused_drop_down_or_spin_box(
        which: str, floor: list[Visit], core: Core, runner: TaskRunner, feed: FloorFeed,
        open_view: Open, qtbot: QtBot) -> None:
    window = WINDOWS[which](core, runner, feed, open_view, qtbot)
    window.setFocus()
    before = _values(window)
    fields = [*window.findChildren(QComboBox), *window.findChildren(QAbstractSpinBox)]
    assert fields, "the window has drop-downs or spin boxes"
    for field in fields:
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, "a wheel must not focus it"
        _wheel(field)
    assert _values(window) == before


def test_a_wheel_still_changes_the_drop_down_being_used(floor: list[Visit], core: Core,
                                                       qtbot: QtBot) -> None:
    with _dialog("resolve", floor[1], core, qtbot) as dialog:
        combo = dialog.code_combo  # type: ignore[attr-defined]
        combo.setFocus()
        qtbot.waitUntil(combo.hasFocus, timeout=2_000)
        _wheel(combo)
        assert combo.currentIndex() == 1
