"""The expected call of each waiting visitor in the staff's queue tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.domain.estimate import WaitEstimate
from ui.common.feed import FloorFeed
from ui.common.forecasts import SETTLE_MS, ForecastFollower, on_screen
from ui.common.models import Column, QueueTableModel
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
MINUTE = timedelta(minutes=1)
CET = timedelta(hours=1)


def wait(minutes: int, low: int, high: int) -> WaitEstimate:
    return WaitEstimate(low * MINUTE, high * MINUTE, 0, 1, 20, point=minutes * MINUTE)


@pytest.fixture
def model(service: VisitService, clock: ManualClock) -> QueueTableModel:
    made = QueueTableModel(clock, service.settings.categories)
    made.load(service.active_visits())
    return made


def test_each_waiting_visitor_shows_when_they_are_expected_to_be_called(
        service: VisitService, clock: ManualClock, qtbot: QtBot) -> None:
    ana = service.check_in(name="Ana", category="laptop")
    ben = service.check_in(name="Ben", category="laptop")
    called = service.call_next("Dana")
    assert called.id == ana.id
    model = QueueTableModel(clock, service.settings.categories)
    model.load(service.active_visits())
    now = clock.now()
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_forecast({ben.id: wait(12, 5, 20)}, now, CET)
    first, last = changed.args[0], changed.args[1]
    assert first.column() == last.column() == Column.EXPECTED, "the expected column alone"
    row_ben, row_ana = model.row_of(ben.id), model.row_of(ana.id)
    assert row_ben is not None
    assert row_ana is not None
    expected = now + CET + 12 * MINUTE
    assert model.index(row_ben, Column.EXPECTED).data() == f"\u2248 {expected:%H:%M}"
    assert model.index(row_ana, Column.EXPECTED).data() == "", "called: nothing to expect"
    tip = model.index(row_ben, Column.EXPECTED).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"Expected to be called about {expected:%H:%M} (between ")
    assert model.headerData(Column.EXPECTED, Qt.Orientation.Horizontal) == "Expected"


def test_a_visitor_expected_after_their_target_is_flagged_before_the_breach(
        service: VisitService, model: QueueTableModel, clock: ManualClock) -> None:
    target = service.settings.category("laptop")
    assert target is not None
    ana = service.check_in(name="Ana", category="laptop")
    ben = service.check_in(name="Ben", category="laptop")
    model.load(service.active_visits())
    minutes = int(target.wait_target / MINUTE)
    model.set_forecast({ana.id: wait(minutes - 5, 0, minutes),
                        ben.id: wait(minutes + 5, minutes, minutes + 15)}, clock.now(), CET)
    assert [v.id for v in model.predicted_breaches()] == [ben.id]
    row = model.row_of(ben.id)
    assert row is not None
    assert model.index(row, Column.EXPECTED).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(row, Column.EXPECTED).data(
        Qt.ItemDataRole.ToolTipRole).endswith(", after the wait target")
    clock.advance(target.wait_target + MINUTE)
    assert model.predicted_breaches() == [], "once breached, the wait column says so instead"


@pytest.fixture
def follower(service: VisitService, feed: FloorFeed, runner: TaskRunner,
             clock: ManualClock) -> Iterator[tuple[QueueTableModel, ForecastFollower]]:
    model = QueueTableModel(clock, service.settings.categories)
    feed.loaded.connect(model.load)
    feed.changed.connect(model.apply)
    made = ForecastFollower(feed, model, service.line_forecast, runner, clock, CET)
    yield model, made
    feed.stop()


def test_the_follower_forecasts_after_the_feed_loads_and_after_changes(
        service: VisitService, feed: FloorFeed, qtbot: QtBot, clock: ManualClock,
        follower: tuple[QueueTableModel, ForecastFollower]) -> None:
    model, made = follower
    first = service.check_in(name="Ana", category="laptop")
    with qtbot.waitSignal(made.updated, timeout=10_000):
        feed.start()
    row = model.row_of(first.id)
    assert row is not None
    assert model.index(row, Column.EXPECTED).data().startswith("\u2248 ")
    second = service.check_in(name="Ben", category="laptop")
    with qtbot.waitSignal(made.updated, timeout=10_000):
        feed.poll_now()
    ana, ben = model.expected_call(model.visit(first.id)), model.expected_call(
        model.visit(second.id))
    assert ana is not None
    assert ben is not None
    assert ana <= ben, "nobody is expected before someone ahead of them"


def test_a_burst_of_changes_is_one_forecast(
        service: VisitService, feed: FloorFeed, qtbot: QtBot,
        follower: tuple[QueueTableModel, ForecastFollower]) -> None:
    _model, made = follower
    with qtbot.waitSignal(made.updated, timeout=10_000):
        feed.start()
    forecasts: list[None] = []
    made.updated.connect(lambda: forecasts.append(None))
    for name in ("Ben", "Cleo", "Dev", "Eve"):
        service.check_in(name=name, category="account")
        with qtbot.waitSignal(feed.changed, timeout=10_000):
            feed.poll_now()
    qtbot.waitUntil(lambda: len(forecasts) >= 1, timeout=10_000)
    qtbot.wait(200)
    assert len(forecasts) == 1


def test_a_quiet_floor_is_forecast_again_a_while_after_the_last_forecast(
        service: VisitService, feed: FloorFeed, runner: TaskRunner, clock: ManualClock,
        qtbot: QtBot) -> None:
    model = QueueTableModel(clock, service.settings.categories)
    feed.loaded.connect(model.load)
    made = ForecastFollower(feed, model, service.line_forecast, runner, clock, CET,
                            refresh_ms=300)
    service.check_in(name="Ana", category="laptop")
    with qtbot.waitSignal(made.updated, timeout=10_000):
        feed.start()
    with qtbot.waitSignal(made.updated, timeout=10_000):
        pass  # nothing changes: the expected calls still move with the clock
    assert made.delivered == 2
    feed.stop()


def test_nothing_is_forecast_off_screen_and_the_forecast_follows_once_back(
        service: VisitService, feed: FloorFeed, runner: TaskRunner, clock: ManualClock,
        qtbot: QtBot) -> None:
    shown = [False]
    model = QueueTableModel(clock, service.settings.categories)
    feed.loaded.connect(model.load)
    made = ForecastFollower(feed, model, service.line_forecast, runner, clock, CET,
                            shown=lambda: shown[0], refresh_ms=300)
    ana = service.check_in(name="Ana", category="laptop")
    with qtbot.waitSignal(feed.loaded, timeout=10_000):
        feed.start()
    with qtbot.assertNotEmitted(made.updated, wait=SETTLE_MS + 500):
        pass  # loaded and refreshed meanwhile, but hidden: no forecast
    assert made.delivered == 0
    shown[0] = True
    with qtbot.waitSignal(made.updated, timeout=10_000):
        feed.ticked.emit()  # the first tick on screen
    assert model.expected_call(model.visit(ana.id)) is not None
    feed.stop()


def test_on_screen_means_shown_in_a_window_not_minimised(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    table = QWidget(window)
    seen = on_screen(table)
    assert not seen(), "not shown yet"
    window.show()
    qtbot.waitExposed(window)
    assert seen()
    table.hide()
    assert not seen(), "its page is not the one shown"
    table.show()
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5_000)
    assert not seen()

