"""The queue model and its filter stay right row by row, whatever changes arrive, and tell
their views with one-row signals (never a reset)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.domain.priority import Priority
from kiosk.domain.visit import Requester, Visit, VisitState
from ui.common.feed import FloorFeed
from ui.common.models import VISIT_ROLE, Column, QueueTableModel
from ui.common.queue_filter import QueueFilterProxy

pytestmark = pytest.mark.gui
SETTINGS = load_settings(DEFAULT_CONFIG, environ={})
CATEGORIES = [c.id for c in SETTINGS.categories]
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ME = "Dana"
ACTIVE = (VisitState.WAITING, VisitState.CALLED, VisitState.IN_SERVICE, VisitState.PARKED)
ENDED = (VisitState.RESOLVED, VisitState.NO_SHOW, VisitState.CANCELLED)


@dataclass
class Signals:
    """Every signal a model sent, as ``(name, first row, last row)``."""

    sent: list[tuple[str, int, int]] = field(default_factory=list)

    def follow(self, model: QueueTableModel | QueueFilterProxy) -> None:
        for name in ("rowsInserted", "rowsRemoved", "dataChanged", "rowsMoved"):
            getattr(model, name).connect(lambda *args, n=name: self.sent.append(_span(n, args)))
        for name in ("modelReset", "layoutChanged"):
            getattr(model, name).connect(lambda *_args, n=name: self.sent.append((n, -1, -1)))

    def take(self) -> list[tuple[str, int, int]]:
        taken, self.sent = self.sent, []
        return taken


def _span(name: str, args: tuple[object, ...]) -> tuple[str, int, int]:
    if name == "dataChanged":
        first, last = args[0], args[1]
        assert isinstance(first, QModelIndex)
        assert isinstance(last, QModelIndex)
        return name, first.row(), last.row()
    first_row, last_row = args[1], args[2]
    assert isinstance(first_row, int)
    assert isinstance(last_row, int)
    return name, first_row, last_row


# ---------------------------------------------------------------- what the rows should be


def expected_order(visits: dict[str, Visit]) -> list[str]:
    """The queue's order, said again here: priority first, then arrival, then ticket."""
    active = [v for v in visits.values() if not v.state.is_final]
    return [v.id for v in sorted(active, key=lambda v: (-v.priority, v.queued_at,
                                                        v.ticket_number, v.id))]


def shown_by(visit: Visit, category: str | None, skills: frozenset[str] | None) -> bool:
    """The console's filter, said again here: my own visits always; else category, skills."""
    if visit.technician == ME and visit.state is not VisitState.WAITING:
        return True
    return (category is None or visit.category == category) and (
        skills is None or visit.category in skills)


def assert_rows_right(model: QueueTableModel, proxy: QueueFilterProxy,
                      held: dict[str, Visit], category: str | None,
                      skills: frozenset[str] | None) -> None:
    order = expected_order(held)
    assert [v.id for v in model.visits()] == order
    assert [model.row_of(visit_id) for visit_id in order] == list(range(len(order)))
    assert model.rowCount() == len(order)
    assert model.waiting_count == sum(held[i].state is VisitState.WAITING for i in order)
    assert model.has_marks() == any(held[i].priority > 0 for i in order)
    shown = [i for i in order if shown_by(held[i], category, skills)]
    assert [proxy.visit_at(r).id for r in range(proxy.rowCount())] == shown
    for row, visit_id in enumerate(shown):
        source = proxy.mapToSource(proxy.index(row, Column.STATE))
        assert (source.row(), source.column()) == (order.index(visit_id), Column.STATE)
        assert proxy.mapFromSource(source).row() == row
        assert proxy.index(row, Column.NAME).data(VISIT_ROLE) == held[visit_id]
    assert proxy.has_marks() == any(held[i].priority > 0 for i in shown)


# ---------------------------------------------------------------- changes, drawn


def _visit(number: int, category: str, priority: int, minute: int) -> Visit:
    arrived = NOW + timedelta(minutes=minute)
    return Visit(id=f"v{number:03d}", ticket_number=f"X-{number:03d}", site="hq",
                 category=category, state=VisitState.WAITING, priority=priority,
                 requester=Requester(f"Visitor {number}"), description="",
                 checked_in_at=arrived, queued_at=arrived)


priorities = st.sampled_from([0, 0, 0, *(int(p) for p in Priority)])  # mostly no mark
arrivals = st.tuples(st.just("arrive"), st.sampled_from(CATEGORIES), priorities,
                     st.integers(min_value=0, max_value=30))
changes = st.tuples(st.sampled_from(["state", "reprioritise", "requeue", "end", "stale",
                                     "same", "transfer"]),
                    st.integers(min_value=0, max_value=10_000),
                    st.sampled_from([*ACTIVE, *ENDED]), priorities, st.sampled_from([ME, "Kim"]),
                    st.sampled_from(CATEGORIES))
filters = st.tuples(st.just("filter"), st.none() | st.sampled_from(CATEGORIES),
                    st.none() | st.frozensets(st.sampled_from(CATEGORIES), min_size=1))


def _changed(held: dict[str, Visit], step: tuple[Any, ...]) -> Visit | None:
    """The snapshot a drawn change sends (None when nothing is held to change)."""
    active = [v for v in held.values() if not v.state.is_final]
    if not active:
        return None
    kind, pick, state, priority, technician, category = step
    visit = active[pick % len(active)]
    newer = visit.version + 1
    if kind == "stale":
        return replace(visit, version=visit.version - 1, state=VisitState.CANCELLED)
    if kind == "same":
        return visit
    if kind == "end":
        return replace(visit, state=ENDED[pick % len(ENDED)],
                       version=newer)
    if kind == "reprioritise":
        return replace(visit, priority=priority, version=newer)
    if kind == "requeue":  # back in line at another time: anywhere, before or after
        return replace(visit, state=VisitState.WAITING, technician="", version=newer,
                       queued_at=NOW + timedelta(minutes=pick % 40, seconds=1))
    if kind == "transfer":
        return replace(visit, category=category, state=VisitState.WAITING, technician="",
                       version=newer)
    assert isinstance(state, VisitState)
    return replace(visit, state=state, version=newer,
                   technician="" if state is VisitState.WAITING else str(technician))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(arrivals, changes, filters), max_size=40),
       st.integers(min_value=0, max_value=12))
def test_rows_stay_right_through_any_changes(qapp: QApplication, steps: list[tuple[Any, ...]],
                                             first_load: int) -> None:
    clock = ManualClock(NOW)
    model = QueueTableModel(clock, SETTINGS.categories)
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_technician(ME)
    held = {v.id: v for v in (_visit(n, CATEGORIES[n % len(CATEGORIES)], 0, n)
                              for n in range(first_load))}
    model.load(held.values())
    category: str | None = None
    skills: frozenset[str] | None = None
    spy = Signals()
    spy.follow(model)
    for number, step in enumerate(steps, start=100):
        if step[0] == "filter":
            category, skills = step[1], step[2]
            proxy.set_category(category)
            proxy.set_skills(skills)
        elif step[0] == "arrive":
            _, cat, priority, minute = step
            arrived = _visit(number, cat, priority, minute)
            held[arrived.id] = arrived
            model.apply([arrived])
        elif (changed := _changed(held, step)) is not None:
            if changed.version >= held[changed.id].version:
                held[changed.id] = changed
            model.apply([changed])
        assert_one_row_at_most(spy.take())
        assert_rows_right(model, proxy, held, category, skills)


def assert_one_row_at_most(sent: list[tuple[str, int, int]]) -> None:
    """One visit changed: at most one row inserted, removed or moved, and one row changed."""
    names = [name for name, _first, _last in sent]
    assert "modelReset" not in names
    assert "layoutChanged" not in names
    assert all(first == last for _name, first, last in sent), sent
    assert sum(n in ("rowsInserted", "rowsRemoved", "rowsMoved") for n in names) <= 1, sent
    assert names.count("dataChanged") <= 1, sent


def test_marks_come_and_go_with_the_visits(qapp: QApplication) -> None:
    model = QueueTableModel(ManualClock(NOW), SETTINGS.categories)
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    walk_in, other = _visit(1, "laptop", 0, 1), _visit(2, "mobile", 0, 2)
    model.load([walk_in, other])
    assert (model.has_marks(), proxy.has_marks()) == (False, False)
    vip = replace(walk_in, version=2, priority=Priority.VIP)
    model.apply([vip])
    assert (model.has_marks(), proxy.has_marks()) == (True, True)
    proxy.set_category("mobile")
    assert (model.has_marks(), proxy.has_marks()) == (True, False), "the marked visit is filtered out"
    proxy.set_category(None)
    model.apply([replace(vip, version=3, priority=Priority.NORMAL)])
    assert (model.has_marks(), proxy.has_marks()) == (False, False)
    model.apply([replace(other, version=2, appointment_code="K7Q2")])
    assert (model.has_marks(), proxy.has_marks()) == (True, True), "an appointment code is a mark"
    model.apply([replace(other, version=3, state=VisitState.NO_SHOW)])
    assert (model.has_marks(), proxy.has_marks()) == (False, False)


# ---------------------------------------------------------------- through the real feed


@pytest.fixture
def filtered(service: VisitService, feed: FloorFeed, qtbot: QtBot,
             qtmodeltester: ModelTester) -> Iterator[tuple[QueueTableModel, QueueFilterProxy]]:
    model = QueueTableModel(service.clock, service.settings.categories)
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_skills(["laptop", "account"])
    feed.loaded.connect(model.load)
    feed.changed.connect(model.apply)
    with qtbot.waitSignal(feed.loaded, timeout=10_000):
        feed.start()
    qtmodeltester.check(proxy)  # stays attached and checks every signal below
    yield model, proxy
    feed.stop()


def _poll(qtbot: QtBot, feed: FloorFeed) -> None:
    with qtbot.waitSignal(feed.changed, timeout=10_000):
        assert feed.poll_now()


def test_each_change_from_the_feed_is_one_row_in_the_model_and_its_filter(
        core: Core, service: VisitService, feed: FloorFeed, qtbot: QtBot, clock: ManualClock,
        filtered: tuple[QueueTableModel, QueueFilterProxy]) -> None:
    model, proxy = filtered
    ids = []
    for name, category in (("Ana", "laptop"), ("Ben", "mobile"), ("Cleo", "account"),
                           ("Dev", "laptop")):
        ids.append(service.check_in(name=name, category=category).id)
        clock.advance(timedelta(minutes=1))
    _poll(qtbot, feed)
    ana, ben, cleo, dev = ids
    assert [proxy.visit_at(r).id for r in range(proxy.rowCount())] == [ana, cleo, dev]
    source, shown = Signals(), Signals()
    source.follow(model)
    shown.follow(proxy)

    service.call(cleo, "Kim")
    _poll(qtbot, feed)
    assert source.take() == [("dataChanged", 2, 2)]
    assert shown.take() == [("dataChanged", 1, 1)]

    service.check_in(name="Eve", category="laptop", priority=Priority.URGENT)
    _poll(qtbot, feed)
    assert source.take() == [("rowsInserted", 0, 0)]
    assert shown.take() == [("rowsInserted", 0, 0)]

    service.check_in(name="Fay", category="mobile")
    _poll(qtbot, feed)
    assert source.take() == [("rowsInserted", 5, 5)]
    assert shown.take() == [], "a visit filtered out is no row of the filter"

    core.floor.reprioritise(dev, Priority.VIP)
    _poll(qtbot, feed)
    assert source.take() == [("rowsMoved", 4, 4), ("dataChanged", 1, 1)]
    assert shown.take() == [("rowsMoved", 3, 3), ("dataChanged", 1, 1)]
    assert [proxy.visit_at(r).id for r in range(proxy.rowCount())][1:] == [dev, ana, cleo]

    service.cancel(ben, "front desk")
    _poll(qtbot, feed)
    assert source.take() == [("rowsRemoved", 3, 3)]
    assert shown.take() == []
    assert model.row_of(ben) is None
    assert [model.row_of(i) for i in (dev, ana, cleo)] == [1, 2, 3]
