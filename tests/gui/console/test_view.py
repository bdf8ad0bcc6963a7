"""The technician console: sign-in, every action through the GUI, races and bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.technicians import Technician, TechnicianService
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.domain.visit import VisitState
from tests.gui.conftest import NewFeed
from tests.gui.console.fakes import answering
from tests.gui.console.page import ConsolePage
from tests.gui.helpers import wait_idle
from ui.common.dialogs import ConfirmDialog, ResolveAnswer, ResolveDialog
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.console.view import ConsoleView

pytestmark = pytest.mark.gui
OpenView = Callable[[ConsoleView], ConsoleView]


@pytest.fixture
def techs(core: Core) -> TechnicianService:
    return make_techs(core)


def make_techs(core: Core) -> TechnicianService:
    """Dana (every category, Desk 1), Luis (account and mobile, Desk 2), Ann and Ben."""
    made = core.technicians
    made.add(name="Dana", pin="1234", counter="Desk 1")
    made.add(name="Luis", pin="5678", skills=["account", "mobile"], counter="Desk 2")
    made.add(name="Ann", pin="1111")
    made.add(name="Ben", pin="2222")
    return made


def tech(techs: TechnicianService, name: str) -> Technician:
    return next(t for t in techs.list() if t.name == name)


def console(core: Core, techs: TechnicianService, runner: TaskRunner, feed: FloorFeed,
            open_view: OpenView, qtbot: QtBot, technician: str | None = "Dana") -> ConsolePage:
    """A console signed in as ``technician`` (its PIN checked elsewhere) or on sign-in."""
    view = ConsolePage(open_view(ConsoleView(core, runner, feed)))
    qtbot.waitUntil(lambda: view.feed.is_loaded, timeout=10_000)
    wait_idle(qtbot, runner)
    if technician:
        view.sign_in_as(tech(techs, technician))
        wait_idle(qtbot, runner)
    return view


def click(qtbot: QtBot, view: ConsolePage, key: str) -> None:
    assert view.buttons[key].isEnabled(), f"{key} is disabled"
    qtbot.mouseClick(view.buttons[key], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, view.runner)


def state(view: ConsolePage) -> VisitState | None:
    return view.current.state if view.current else None


def test_call_next_start_and_resolve_with_a_note(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot, clock: ManualClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = service.check_in(name="Ana", category="laptop", description="Will not boot",
                             device="ThinkPad X1", asset_tag="TB-1")
    clock.advance(timedelta(minutes=2))
    service.check_in(name="Ben", category="account")
    view = console(core, techs, runner, feed, open_view, qtbot)
    assert view.model.rowCount() == 2
    assert not view.buttons["start"].isEnabled()

    click(qtbot, view, "call_next")
    assert view.current is not None
    assert view.current.id == first.id
    assert view.current.counter == "Desk 1"
    assert state(view) is VisitState.CALLED
    assert view.message.text() == f"Called {first.ticket_number}: Ana."
    assert view.card.description_label.text() == "Will not boot"
    assert view.card.device_label.text() == "ThinkPad X1  \u00b7  Asset TB-1"
    assert [label.text() for label in view.card.timeline_labels] == [
        "09:00  \u00b7  Checked in by kiosk", "09:02  \u00b7  Called by Dana"]

    click(qtbot, view, "start")
    assert state(view) is VisitState.IN_SERVICE
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr(ResolveDialog, "ask", answering(
        ResolveAnswer("fixed", "Reseated the RAM; boots fine now.", 25), asked))
    clock.advance(timedelta(minutes=9))
    click(qtbot, view, "resolve")
    assert [visit.id for _parent, visit in asked] == [first.id]
    assert view.current is None
    assert view.message.text() == f"Resolved {first.ticket_number}."
    resolved = service.get(first.id)
    assert (resolved.state, resolved.resolution_code, resolved.technician) == (
        VisitState.RESOLVED, "fixed", "Dana")
    assert resolved.resolution_notes == "Reseated the RAM; boots fine now."
    assert resolved.time_spent_minutes == 25
    assert view.buttons["feedback"].isEnabled(), "the visit just finished can be rated"
    qtbot.waitUntil(lambda: view.model.row_of(first.id) is None, timeout=10_000)
    assert view.model.rowCount() == 1


def test_time_spent_defaults_to_the_minutes_in_service(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed, runner: TaskRunner,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    view = console(core, techs, runner, feed, open_view, qtbot)
    click(qtbot, view, "call_next")
    click(qtbot, view, "start")
    clock.advance(timedelta(minutes=14, seconds=30))
    monkeypatch.setattr(ResolveDialog, "ask",
                        answering(("fixed", "Two-tuple answers still work")))
    click(qtbot, view, "resolve")
    assert service.get(visit.id).time_spent_minutes == 15


def test_empty_resolution_code_is_a_message(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    view = console(core, techs, runner, feed, open_view, qtbot)
    click(qtbot, view, "call_next")
    click(qtbot, view, "start")
    monkeypatch.setattr(ResolveDialog, "ask", answering(ResolveAnswer("", "notes", None)))
    click(qtbot, view, "resolve")
    assert view.message.tone == "error"
    assert view.message.text() == "Choose a resolution code before resolving."
    assert service.get(visit.id).state is VisitState.IN_SERVICE
    assert state(view) is VisitState.IN_SERVICE


def test_cancelled_resolve_dialog_changes_nothing(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    view = console(core, techs, runner, feed, open_view, qtbot)
    click(qtbot, view, "call_next")
    click(qtbot, view, "start")
    monkeypatch.setattr(ResolveDialog, "ask", answering(None))
    click(qtbot, view, "resolve")
    assert service.get(visit.id).state is VisitState.IN_SERVICE


def test_keyboard_shortcuts_call_and_start(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    service.check_in(name="Ana", category="laptop")
    view = console(core, techs, runner, feed, open_view, qtbot)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=5_000)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: state(view) is VisitState.CALLED, timeout=10_000)
    wait_idle(qtbot, runner)
    qtbot.keyClick(view.table, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: state(view) is VisitState.IN_SERVICE, timeout=10_000)


def test_park_resume_recall_return_and_no_show_after_grace(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed, runner: TaskRunner,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    visit = service.check_in(name="Ana", category="mobile")
    view = console(core, techs, runner, feed, open_view, qtbot)
    click(qtbot, view, "call_next")
    click(qtbot, view, "recall")
    assert view.message.text() == f"Called {visit.ticket_number} again."
    assert not view.buttons["no_show"].isEnabled(), "not before the grace time"
    click(qtbot, view, "park")
    assert state(view) is VisitState.PARKED
    assert view.buttons["park"].text() == "Resume"
    click(qtbot, view, "park")
    assert state(view) is VisitState.IN_SERVICE
    click(qtbot, view, "return")
    assert view.current is None, "back in line: off this technician's card"
    assert service.get(visit.id).technician == ""
    view.table.selectRow(0)
    wait_idle(qtbot, runner)
    click(qtbot, view, "call")
    assert state(view) is VisitState.CALLED
    clock.advance(service.no_show_grace)
    view.feed.ticked.emit()
    click(qtbot, view, "no_show")
    assert view.current is None
    assert service.get(visit.id).state is VisitState.NO_SHOW


def test_cancel_asks_first(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    visit = service.check_in(name="Ana", category="mobile")
    view = console(core, techs, runner, feed, open_view, qtbot)
    view.table.selectRow(0)
    assert view.current is not None
    assert view.current.id == visit.id
    monkeypatch.setattr(ConfirmDialog, "ask", lambda _parent, _title, _question: False)
    click(qtbot, view, "cancel")
    assert service.get(visit.id).state is VisitState.WAITING
    monkeypatch.setattr(ConfirmDialog, "ask", lambda _parent, _title, _question: True)
    click(qtbot, view, "cancel")
    assert service.get(visit.id).state is VisitState.CANCELLED
    assert view.message.text() == f"Cancelled {visit.ticket_number}."


def test_nobody_waiting_is_a_message(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    view = console(core, techs, runner, feed, open_view, qtbot)
    click(qtbot, view, "call_next")
    assert view.message.tone == "error"
    assert view.message.text() == "Nobody is waiting."
    assert view.buttons["call_next"].isEnabled()


def test_call_next_respects_skills(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(minutes=1))
    account = service.check_in(name="Ben", category="account")
    view = console(core, techs, runner, feed, open_view, qtbot, technician="Luis")
    assert view.skills_check.isChecked()
    assert view.proxy.rowCount() == 1, "only the categories Luis takes are shown"
    view.skills_check.setChecked(False)
    assert view.proxy.rowCount() == 2
    click(qtbot, view, "call_next")
    assert view.current is not None
    assert (view.current.id, view.current.counter) == (account.id, "Desk 2")
    click(qtbot, view, "call_next")
    assert view.message.text().startswith("Luis is still with"), "one visitor at a time"
    service.start(account.id, "Luis")
    service.resolve(account.id, "Luis", "fixed")
    click(qtbot, view, "call_next")
    assert view.message.text() == "Nobody is waiting in your categories."


def test_lost_race_between_two_consoles(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        new_feed: NewFeed, runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    ann = console(core, techs, runner, feed, open_view, qtbot, technician="Ann")
    other_desk = new_feed(core.visits)  # another machine
    ben = console(core, techs, runner, other_desk, open_view, qtbot, technician="Ben")
    for view in (ann, ben):
        view.table.selectRow(0)
        assert view.current is not None
        assert view.current.id == visit.id
        wait_idle(qtbot, runner)
    click(qtbot, ann, "call")
    assert state(ann) is VisitState.CALLED
    click(qtbot, ben, "call")
    assert ben.message.tone == "error"
    assert ben.message.text() == f"Ann already called {visit.ticket_number}."
    qtbot.waitUntil(lambda: state(ben) is VisitState.CALLED, timeout=10_000)
    assert not ben.buttons["call"].isEnabled(), "the card caught up with the database"
    assert not ben.buttons["start"].isEnabled(), "it is Ann's visit"
    assert service.get(visit.id).technician == "Ann"


def test_illegal_transition_is_a_message(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    view = console(core, techs, runner, feed, open_view, qtbot)
    click(qtbot, view, "call_next")
    service.no_show(visit.id, "front desk")  # elsewhere, before this console polls
    click(qtbot, view, "start")
    assert view.message.tone == "error"
    assert view.message.text() == f"Visit {visit.ticket_number} is no show; it cannot be started."


def test_card_shows_html_as_literal_text(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    service.check_in(name="<b>Ana</b>", category="laptop", description="<i>broken</i>",
                     device="<u>pc</u>")
    view = console(core, techs, runner, feed, open_view, qtbot)
    view.table.selectRow(0)
    wait_idle(qtbot, runner)
    for label, text in ((view.card.name_label, "<b>Ana</b>"),
                        (view.card.description_label, "<i>broken</i>"),
                        (view.card.device_label, "<u>pc</u>")):
        assert label.text() == text
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_my_skills_says_what_it_hides_and_several_at_once_is_a_choice(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(minutes=1))
    service.check_in(name="Ben", category="account")
    clock.advance(timedelta(minutes=1))
    service.check_in(name="Cleo", category="mobile")
    view = console(core, techs, runner, feed, open_view, qtbot, technician="Luis")
    skills = view.view.queue.skills_check
    assert skills.isChecked()
    assert skills.text() == "My skills (1 hidden)", "nobody is hidden without a word"
    click(qtbot, view, "call_next")
    click(qtbot, view, "call_next")
    assert view.message.text().startswith("Luis is still with")
    view.view.queue.several_check.setChecked(True)
    click(qtbot, view, "call_next")
    assert view.message.tone != "error"
    assert len([v for v in service.active_visits() if v.technician == "Luis"]) == 2


def test_the_card_says_when_a_waiting_visitor_is_expected_to_be_called(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    service.check_in(name="Ana", category="laptop")
    ben = service.check_in(name="Ben", category="laptop")
    view = console(core, techs, runner, feed, open_view, qtbot)
    with qtbot.waitSignal(view.forecasts.updated, timeout=10_000):
        view.forecasts.run_now()
    row = view.proxy.mapFromSource(view.model.index(view.model.row_of(ben.id) or 0, 0)).row()
    view.table.selectRow(row)
    wait_idle(qtbot, runner)
    assert view.current is not None
    assert view.current.id == ben.id
    call = view.model.expected_call(view.current)
    assert call is not None
    assert view.card.meta_label.text().endswith(
        f"expected to be called about {call + core.settings.utc_offset:%H:%M}")
