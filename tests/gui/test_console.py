"""The technician console: call, start, resolve and the other actions; errors shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.clock import ManualClock
from kiosk.domain import Visit, VisitState
from kiosk.services import VisitService
from tests.gui.helpers import QUIET_MS, wait_idle
from ui.console import ConsoleView
from ui.dialogs import ConfirmDialog, ResolveDialog
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenView = Callable[[ConsoleView], ConsoleView]


def _console(service: VisitService, runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
             technician: str = "Dana") -> ConsoleView:
    view = open_view(ConsoleView(service, runner, poll_ms=QUIET_MS))
    qtbot.waitUntil(lambda: view.feed.is_loaded, timeout=10_000)
    view.technician_edit.setText(technician)
    return view


def _click(qtbot: QtBot, view: ConsoleView, key: str) -> None:
    assert view.buttons[key].isEnabled(), f"{key} is disabled"
    qtbot.mouseClick(view.buttons[key], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, view.runner)


def _state(view: ConsoleView) -> VisitState | None:
    return view.current.state if view.current else None


def test_call_next_start_and_resolve_with_a_note(service: VisitService, runner: TaskRunner,
                                                 open_view: OpenView, qtbot: QtBot,
                                                 clock: ManualClock,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = service.check_in(name="Ana", category="laptop", description="Will not boot")
    clock.advance(timedelta(minutes=2))
    service.check_in(name="Ben", category="account")
    view = _console(service, runner, open_view, qtbot)
    assert view.model.rowCount() == 2
    assert not view.buttons["start"].isEnabled()

    _click(qtbot, view, "call_next")
    assert view.current is not None
    assert view.current.id == first.id
    assert _state(view) is VisitState.CALLED
    assert view.message.text() == f"Called {first.ticket_number}: Ana."
    assert view.card.description_label.text() == "Will not boot"
    assert view.card.timeline.count() == 2

    _click(qtbot, view, "start")
    assert _state(view) is VisitState.IN_SERVICE

    asked: list[Visit] = []

    def fake_ask(_parent: object, visit: Visit) -> tuple[str, str]:
        asked.append(visit)
        return "fixed", "Reseated the RAM; boots fine now."

    monkeypatch.setattr(ResolveDialog, "ask", fake_ask)
    _click(qtbot, view, "resolve")
    assert [v.id for v in asked] == [first.id]
    assert view.current is None
    assert view.message.text() == f"Resolved {first.ticket_number}."
    resolved = service.get(first.id)
    assert resolved.state is VisitState.RESOLVED
    assert resolved.resolution_code == "fixed"
    assert resolved.resolution_notes == "Reseated the RAM; boots fine now."
    assert resolved.technician == "Dana"
    qtbot.waitUntil(lambda: view.model.row_of(first.id) is None, timeout=10_000)
    assert view.model.rowCount() == 1


def test_cancelled_resolve_dialog_changes_nothing(service: VisitService, runner: TaskRunner,
                                                  open_view: OpenView, qtbot: QtBot,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    view = _console(service, runner, open_view, qtbot)
    _click(qtbot, view, "call_next")
    _click(qtbot, view, "start")
    monkeypatch.setattr(ResolveDialog, "ask", lambda _parent, _visit: None)
    _click(qtbot, view, "resolve")
    assert service.get(visit.id).state is VisitState.IN_SERVICE


def test_keyboard_shortcut_calls_next(service: VisitService, runner: TaskRunner,
                                      open_view: OpenView, qtbot: QtBot) -> None:
    service.check_in(name="Ana", category="laptop")
    view = _console(service, runner, open_view, qtbot)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=5_000)
    qtbot.keyClick(view.technician_edit, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: _state(view) is VisitState.CALLED, timeout=10_000)


def test_park_resume_return_and_no_show(service: VisitService, runner: TaskRunner,
                                        open_view: OpenView, qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="mobile")
    view = _console(service, runner, open_view, qtbot)
    _click(qtbot, view, "call_next")
    _click(qtbot, view, "park")
    assert _state(view) is VisitState.PARKED
    assert view.buttons["park"].text() == "Resume"
    _click(qtbot, view, "park")
    assert _state(view) is VisitState.IN_SERVICE
    _click(qtbot, view, "return")
    assert _state(view) is VisitState.WAITING
    assert service.get(visit.id).technician == ""
    _click(qtbot, view, "call")
    assert _state(view) is VisitState.CALLED
    _click(qtbot, view, "no_show")
    assert view.current is None
    assert service.get(visit.id).state is VisitState.NO_SHOW


def test_cancel_asks_first(service: VisitService, runner: TaskRunner, open_view: OpenView,
                           qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    visit = service.check_in(name="Ana", category="mobile")
    view = _console(service, runner, open_view, qtbot)
    view.table.selectRow(0)
    assert view.current is not None
    assert view.current.id == visit.id
    monkeypatch.setattr(ConfirmDialog, "ask", lambda _parent, _title, _question: False)
    _click(qtbot, view, "cancel")
    assert service.get(visit.id).state is VisitState.WAITING
    monkeypatch.setattr(ConfirmDialog, "ask", lambda _parent, _title, _question: True)
    _click(qtbot, view, "cancel")
    assert service.get(visit.id).state is VisitState.CANCELLED
    assert view.message.text() == f"Cancelled {visit.ticket_number}."


def test_nobody_waiting_is_a_message(service: VisitService, runner: TaskRunner,
                                     open_view: OpenView, qtbot: QtBot) -> None:
    view = _console(service, runner, open_view, qtbot)
    _click(qtbot, view, "call_next")
    assert view.message.tone == "error"
    assert view.message.text() == "Nobody is waiting."
    assert view.buttons["call_next"].isEnabled()


def test_missing_technician_name_is_a_message(service: VisitService, runner: TaskRunner,
                                              open_view: OpenView, qtbot: QtBot) -> None:
    service.check_in(name="Ana", category="laptop")
    view = _console(service, runner, open_view, qtbot, technician="")
    _click(qtbot, view, "call_next")
    assert view.message.text() == "Enter your name in the Technician field first."
    assert service.active_visits()[0].state is VisitState.WAITING


def test_lost_race_between_two_consoles(service: VisitService, runner: TaskRunner,
                                        open_view: OpenView, qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    ann = _console(service, runner, open_view, qtbot, technician="Ann")
    ben = _console(service, runner, open_view, qtbot, technician="Ben")
    for view in (ann, ben):
        view.table.selectRow(0)
        assert view.current is not None
        assert view.current.id == visit.id
        wait_idle(qtbot, runner)
    _click(qtbot, ann, "call")
    assert _state(ann) is VisitState.CALLED
    _click(qtbot, ben, "call")
    assert ben.message.tone == "error"
    assert ben.message.text() == f"Ann already called {visit.ticket_number}."
    qtbot.waitUntil(lambda: _state(ben) is VisitState.CALLED, timeout=10_000)
    assert not ben.buttons["call"].isEnabled(), "the card caught up with the database"
    assert service.get(visit.id).technician == "Ann"


def test_illegal_transition_is_a_message(service: VisitService, runner: TaskRunner,
                                         open_view: OpenView, qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    view = _console(service, runner, open_view, qtbot)
    _click(qtbot, view, "call_next")
    service.no_show(visit.id, "front desk")  # elsewhere, before this console polls
    _click(qtbot, view, "start")
    assert view.message.tone == "error"
    assert view.message.text() == f"Visit {visit.ticket_number} is no show; it cannot be started."


def test_card_shows_html_as_literal_text(service: VisitService, runner: TaskRunner,
                                         open_view: OpenView, qtbot: QtBot) -> None:
    service.check_in(name="<b>Ana</b>", category="laptop", description="<i>broken</i>")
    view = _console(service, runner, open_view, qtbot)
    view.table.selectRow(0)
    wait_idle(qtbot, runner)
    assert view.card.name_label.text() == "<b>Ana</b>"
    assert view.card.name_label.textFormat() == Qt.TextFormat.PlainText
    assert view.card.description_label.text() == "<i>broken</i>"
    assert view.card.description_label.textFormat() == Qt.TextFormat.PlainText
