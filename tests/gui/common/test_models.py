"""QueueTableModel: queue order, plain text, and updates by rows from the change feed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.domain.priority import Priority
from kiosk.domain.sla import SlaLevel as Sla
from kiosk.domain.sla import sla_level as sla_of
from kiosk.domain.visit import VisitState
from ui.common.feed import FloorFeed
from ui.common.models import (
    SLA_ROLE,
    VISIT_ROLE,
    Column,
    QueueTableModel,
    format_wait,
)
from ui.common.queue_filter import QueueFilterProxy

pytestmark = pytest.mark.gui


class Spy:
    """Counts the model's structural signals."""

    def __init__(self, model: QueueTableModel) -> None:
        self.inserted: list[tuple[int, int]] = []
        self.removed: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int]] = []
        self.resets = 0
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.removed.append((a, b)))
        model.dataChanged.connect(lambda a, b, *_: self.changed.append((a.row(), b.row())))
        model.modelReset.connect(self._on_reset)

    def _on_reset(self) -> None:
        self.resets += 1

    def clear(self) -> None:
        self.inserted.clear()
        self.removed.clear()
        self.changed.clear()


@pytest.fixture
def fed_model(service: VisitService, feed: FloorFeed,
              qtbot: QtBot) -> Iterator[tuple[QueueTableModel, FloorFeed]]:
    model = QueueTableModel(service.clock, service.settings.categories)
    feed.loaded.connect(model.load)
    feed.changed.connect(model.apply)
    with qtbot.waitSignal(feed.loaded, timeout=10_000):
        feed.start()
    yield model, feed
    feed.stop()


def _poll(qtbot: QtBot, feed: FloorFeed) -> None:
    with qtbot.waitSignal(feed.changed, timeout=10_000):
        assert feed.poll_now()


def _tickets(model: QueueTableModel) -> list[str]:
    return [model.visit_at(r).ticket_number for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(service: VisitService, qtmodeltester: ModelTester,
                                      clock: ManualClock) -> None:
    for name in ("Ana", "Ben", "Cleo"):
        service.check_in(name=name, category="laptop")
        clock.advance(timedelta(minutes=1))
    model = QueueTableModel(clock, service.settings.categories)
    model.load(service.active_visits())
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.columnCount() == len(Column)
    assert model.headerData(Column.WAIT, Qt.Orientation.Horizontal) == "Wait"


def test_feed_updates_the_model_by_rows(service: VisitService, qtbot: QtBot,
                                        qtmodeltester: ModelTester, clock: ManualClock,
                                        fed_model: tuple[QueueTableModel, FloorFeed]
                                        ) -> None:
    model, feed = fed_model
    qtmodeltester.check(model)  # stays attached and checks every signal below
    spy = Spy(model)
    first = service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(minutes=1))
    second = service.check_in(name="Ben", category="account")
    _poll(qtbot, feed)
    assert spy.inserted == [(0, 0), (1, 1)]
    assert _tickets(model) == [first.ticket_number, second.ticket_number]

    spy.clear()
    clock.advance(timedelta(minutes=1))
    urgent = service.check_in(name="Cleo", category="mobile", priority=Priority.URGENT)
    _poll(qtbot, feed)
    assert spy.inserted == [(0, 0)], "higher priority goes to the head of the line"
    assert _tickets(model)[0] == urgent.ticket_number

    spy.clear()
    called = service.call(first.id, "Dana")
    _poll(qtbot, feed)
    row = model.row_of(first.id)
    assert row is not None
    assert spy.inserted == []
    assert spy.removed == []
    assert spy.changed == [(row, row)]
    assert model.visit_at(row).state is VisitState.CALLED
    assert model.index(row, Column.TECHNICIAN).data() == "Dana"

    spy.clear()
    service.start(called.id, "Dana")
    service.resolve(called.id, "Dana", "fixed", "Swapped the charger")
    _poll(qtbot, feed)
    assert spy.removed == [(row, row)]
    assert first.id not in {v.id for v in model.visits()}
    assert spy.resets == 0, "no reset after the first load"


def test_older_snapshot_is_ignored(service: VisitService, clock: ManualClock) -> None:
    waiting = service.check_in(name="Ana", category="laptop")
    called = service.call_next("Dana")
    model = QueueTableModel(clock, service.settings.categories)
    model.load([called])
    model.apply([waiting])
    assert model.visit_at(0).state is VisitState.CALLED


def test_display_is_plain_text_and_wait_ticks(service: VisitService,
                                              clock: ManualClock) -> None:
    visit = service.check_in(name="<b>Ana</b>", category="account")
    model = QueueTableModel(clock, service.settings.categories)
    model.load([visit])
    name = model.index(0, Column.NAME).data(Qt.ItemDataRole.DisplayRole)
    assert name == "<b>Ana</b>"
    assert isinstance(name, str)
    assert model.index(0, Column.CATEGORY).data() == "Account & password"
    assert model.index(0, Column.STATE).data() == "Waiting"
    assert model.index(0, Column.TECHNICIAN).data() == "\u2014"
    assert model.index(0, Column.NAME).data(VISIT_ROLE) == visit
    assert model.index(0, Column.WAIT).data() == "0:00"
    clock.advance(timedelta(minutes=11, seconds=5))
    ticks: list[int] = []
    model.dataChanged.connect(lambda a, _b, *_: ticks.append(a.column()))
    assert model.refresh_waits([0]) == 1
    assert ticks == [Column.WAIT]
    assert model.index(0, Column.WAIT).data() == "11:05"
    assert model.index(0, Column.WAIT).data(Qt.ItemDataRole.ForegroundRole) is not None, \
        "over the 10 minute target is shown in colour"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_a_tick_tells_each_wait_cell_alone(service: VisitService, clock: ManualClock) -> None:
    """A range of rows would have a view repaint the next column too: one cell at a time."""
    model = QueueTableModel(clock, service.settings.categories)
    model.load([service.check_in(name=f"Visitor {n}", category="laptop") for n in range(6)])
    told: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, *_: told.append((a.row(), b.row(), a.column(), b.column())))
    assert model.refresh_waits([4, 1, 2, 2, 9]) == 3, "rows held, each once"
    assert told == [(row, row, Column.WAIT, Column.WAIT) for row in (1, 2, 4)]


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (65, "1:05"), (3600, "1:00:00"),
                                               (3725, "1:02:05"), (-5, "0:00")])
def test_format_wait(seconds: int, text: str) -> None:
    assert format_wait(timedelta(seconds=seconds)) == text


def test_sla_colours_within_at_risk_breached(service: VisitService, clock: ManualClock) -> None:
    visit = service.check_in(name="Ana", category="account")  # 10 minute wait target
    model = QueueTableModel(clock, service.settings.categories)
    model.load([visit])
    wait = model.index(0, Column.WAIT)
    assert wait.data(SLA_ROLE) == Sla.WITHIN
    assert wait.data(Qt.ItemDataRole.ForegroundRole) is None
    assert wait.data(Qt.ItemDataRole.DecorationRole) is not None
    clock.advance(timedelta(minutes=8))
    assert wait.data(SLA_ROLE) == Sla.AT_RISK
    assert wait.data(Qt.ItemDataRole.ToolTipRole) == "Target wait: 10 min (at risk)"
    clock.advance(timedelta(minutes=2, seconds=1))
    assert wait.data(SLA_ROLE) == Sla.BREACHED
    assert wait.data(Qt.ItemDataRole.ToolTipRole) == "Target wait: 10 min (over target)"
    at_risk = wait.data(Qt.ItemDataRole.ForegroundRole)
    assert at_risk is not None
    called = service.call(visit.id, "Dana")
    model.apply([called])
    assert wait.data(SLA_ROLE) is None, "only waiting visits have an SLA colour"


@pytest.mark.parametrize(("minutes", "sla"), [(0, Sla.WITHIN), (7.9, Sla.WITHIN),
                                              (8, Sla.AT_RISK), (10, Sla.AT_RISK),
                                              (10.01, Sla.BREACHED)])
def test_sla_of(minutes: float, sla: Sla) -> None:
    assert sla_of(timedelta(minutes=minutes), timedelta(minutes=10)) is sla


def test_priority_marks_and_order(service: VisitService, clock: ManualClock) -> None:
    walk_in = service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(minutes=1))
    vip = service.check_in(name="Ben", category="laptop", priority=Priority.VIP)
    appointment = service.check_in(name="Cleo", category="laptop",
                                   priority=Priority.APPOINTMENT, appointment_code="K7Q2")
    urgent = service.check_in(name="Dev", category="laptop", priority=Priority.URGENT)
    model = QueueTableModel(clock, service.settings.categories)
    model.load([walk_in, vip, appointment, urgent])
    assert [model.visit_at(r).id for r in range(4)] == [urgent.id, vip.id, appointment.id,
                                                        walk_in.id]
    assert [model.index(r, Column.MARKS).data() for r in range(4)] == [
        "Urgent", "VIP", "Appointment", ""]
    assert model.index(2, Column.MARKS).data(Qt.ItemDataRole.ToolTipRole) == \
        "Appointment K7Q2: due now, ahead of walk-ins"


def test_filter_proxy_by_category_and_skills(service: VisitService, qtmodeltester: ModelTester,
                                             clock: ManualClock) -> None:
    laptop = service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(seconds=1))
    account = service.check_in(name="Ben", category="account")
    clock.advance(timedelta(seconds=1))
    mobile = service.check_in(name="Cleo", category="mobile")
    model = QueueTableModel(clock, service.settings.categories)
    model.load(service.active_visits())
    proxy = QueueFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown() -> list[str]:
        return [proxy.index(r, 0).data(VISIT_ROLE).id for r in range(proxy.rowCount())]

    assert shown() == [laptop.id, account.id, mobile.id]
    proxy.set_skills(["account", "mobile"])
    assert shown() == [account.id, mobile.id]
    proxy.set_category("mobile")
    assert shown() == [mobile.id]
    proxy.set_category(None)
    proxy.set_skills(None)
    assert shown() == [laptop.id, account.id, mobile.id]
    proxy.set_category("laptop")
    clock.advance(timedelta(minutes=1))
    model.apply([service.check_in(name="Dev", category="laptop")])
    assert len(shown()) == 2, "rows arriving later are filtered too"
