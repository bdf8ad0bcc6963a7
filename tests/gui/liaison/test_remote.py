"""Remote visitors in the staff tables, and the front desk's pause switch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.store import Database
from tests.gui.helpers import wait_idle
from ui.common.feed import FloorFeed
from ui.common.models import Column, QueueTableModel, has_mark, priority_text
from ui.common.tasks import TaskRunner
from ui.liaison.view import LiaisonView

pytestmark = pytest.mark.gui


def test_a_visitor_who_joined_from_their_desk_is_marked_remote(
        service: VisitService, clock: ManualClock) -> None:
    walk_in = service.check_in(name="Ana", category="laptop")
    remote = replace(service.check_in(name="Ben", category="laptop"), remote=True)
    urgent = replace(service.check_in(name="Cleo", category="laptop",
                                      priority=Priority.URGENT), remote=True)
    assert (priority_text(walk_in), has_mark(walk_in)) == ("", False)
    assert (priority_text(remote), has_mark(remote)) == ("Remote", True)
    assert priority_text(urgent) == "Urgent \u00b7 Remote"
    model = QueueTableModel(clock, service.settings.categories)
    model.load([walk_in, remote])
    row = model.row_of(remote.id)
    assert row is not None
    assert model.index(row, Column.MARKS).data() == "Remote"
    assert model.has_marks(), "the marks column shows"


@pytest.fixture
def joining_core(db: Database, settings: Settings, clock: ManualClock) -> Core:
    return assemble(db, replace(settings, web=replace(settings.web, remote_join=True)), clock)


@pytest.fixture
def joining_feed(joining_core: Core, runner: TaskRunner) -> Iterator[FloorFeed]:
    feed = FloorFeed(joining_core.visits, runner, interval_ms=3_600_000)
    yield feed
    feed.stop()


def test_the_front_desk_pauses_joining_from_desks(
        joining_core: Core, runner: TaskRunner, joining_feed: FloorFeed, qtbot: QtBot,
        open_view: Callable[[LiaisonView], LiaisonView]) -> None:
    view = open_view(LiaisonView(joining_core, runner, joining_feed))
    switch = view.floor_tab.remote_switch
    assert switch is not None
    qtbot.waitUntil(switch.isEnabled, timeout=10_000)
    assert not switch.isChecked()
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert joining_core.remote_join.paused()
    assert view.message.text() == "Joining from desks is paused."
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert not joining_core.remote_join.paused()


def test_no_switch_where_joining_from_desks_is_off(
        core: Core, runner: TaskRunner, feed: FloorFeed,
        open_view: Callable[[LiaisonView], LiaisonView]) -> None:
    view = open_view(LiaisonView(core, runner, feed))
    assert view.floor_tab.remote_switch is None
