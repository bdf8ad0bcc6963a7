"""FloorFeed's wake and poll logic, with a hand-written source and waiter."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from kiosk.app.visit_queries import ChangeBatch
from kiosk.domain.visit import Visit
from kiosk.errors import StoreUnavailable
from tests.gui.helpers import QUIET_MS
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui


class CountingSource:
    """A change feed that counts its reads; a read fails while ``down`` is set."""

    def __init__(self) -> None:
        self.reads = 0
        self.seq = 0
        self.down = False

    def latest_change(self) -> int:
        return self.seq

    def active_visits(self) -> list[Visit]:
        return []

    def changes_since(self, seq: int, limit: int = 1000) -> ChangeBatch:
        self.reads += 1
        if self.down:
            raise StoreUnavailable("the database is unreachable")
        return ChangeBatch((), self.seq)


class ManualWaiter:
    """Wakes when the test says so; records the thread it waits in and its close."""

    def __init__(self) -> None:
        self.wakes = threading.Semaphore(0)
        self.closed = threading.Event()
        self.waiting_in: threading.Thread | None = None

    def fire(self) -> None:
        self.wakes.release()

    def wait(self, timeout_s: float) -> bool:
        self.waiting_in = threading.current_thread()
        if self.closed.is_set():
            return False
        return self.wakes.acquire(timeout=min(timeout_s, 0.05)) and not self.closed.is_set()

    def close(self) -> None:
        self.closed.set()


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    assert made.shutdown(10_000)


@pytest.fixture
def source() -> CountingSource:
    return CountingSource()


@pytest.fixture
def waiter() -> ManualWaiter:
    return ManualWaiter()


@pytest.fixture
def feed(source: CountingSource, waiter: ManualWaiter, runner: TaskRunner) -> Iterator[FloorFeed]:
    made = FloorFeed(source, runner, interval_ms=20, waiter=lambda: waiter,
                     safety_poll_ms=QUIET_MS)
    yield made
    made.stop()
    shiboken6.delete(made)


def _started(feed: FloorFeed, qtbot: QtBot, source: CountingSource) -> None:
    with qtbot.waitSignal(feed.loaded, timeout=5_000):
        feed.start()
    qtbot.waitUntil(lambda: feed.is_loaded and not feed._busy, timeout=5_000)
    assert source.reads == 0  # the first load reads the snapshot, not the changes


def test_a_wake_reads_the_changes_and_ticks_do_not(feed: FloorFeed, source: CountingSource,
                                                     waiter: ManualWaiter, qtbot: QtBot) -> None:
    _started(feed, qtbot, source)
    assert feed.is_listening
    ticks: list[None] = []
    feed.ticked.connect(lambda: ticks.append(None))
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5_000)
    assert source.reads == 0, "a healthy feed with a waiter reads nothing on a tick"
    source.seq = 7
    waiter.fire()
    qtbot.waitUntil(lambda: feed.seq == 7, timeout=5_000)
    assert source.reads == 1
    assert feed.wakes == 1
    assert waiter.waiting_in is not None
    assert waiter.waiting_in is not threading.main_thread()


def test_wakes_during_a_read_fold_into_one_more_read(feed: FloorFeed, source: CountingSource,
                                                      waiter: ManualWaiter, qtbot: QtBot) -> None:
    _started(feed, qtbot, source)
    gate = threading.Event()
    reads = source.changes_since

    def slow(seq: int, limit: int = 1000) -> ChangeBatch:
        gate.wait(5)
        return reads(seq, limit)

    source.changes_since = slow  # type: ignore[method-assign]
    for _ in range(5):
        waiter.fire()
    qtbot.waitUntil(lambda: feed.wakes == 5, timeout=5_000)
    gate.set()
    qtbot.waitUntil(lambda: source.reads == 2 and not feed._busy, timeout=5_000)
    qtbot.wait(100)
    assert source.reads == 2


def test_a_failing_feed_reads_on_every_tick_until_it_recovers(
        feed: FloorFeed, source: CountingSource, waiter: ManualWaiter, qtbot: QtBot) -> None:
    _started(feed, qtbot, source)
    source.down = True
    with qtbot.waitSignal(feed.failed, timeout=5_000):
        waiter.fire()
    qtbot.waitUntil(lambda: source.reads >= 4, timeout=5_000)  # the ticks retry
    with qtbot.waitSignal(feed.recovered, timeout=5_000):
        source.down = False
    settled = source.reads
    qtbot.wait(200)
    assert source.reads == settled, "healthy again: no more reads on ticks"


def test_the_safety_poll_reads_without_a_wake(source: CountingSource, waiter: ManualWaiter,
                                              runner: TaskRunner, qtbot: QtBot) -> None:
    feed = FloorFeed(source, runner, interval_ms=20, waiter=lambda: waiter,
                     safety_poll_ms=100)
    ticks: list[None] = []
    feed.ticked.connect(lambda: ticks.append(None))
    try:
        _started(feed, qtbot, source)
        qtbot.waitUntil(lambda: source.reads >= 3, timeout=5_000)
        assert feed.wakes == 0
        assert len(ticks) >= 2 * source.reads  # read on the safety poll, not on each tick
    finally:
        assert feed.stop()
        shiboken6.delete(feed)


def test_the_safety_poll_is_never_more_often_than_the_tick(
        source: CountingSource, waiter: ManualWaiter, runner: TaskRunner, qtbot: QtBot) -> None:
    feed = FloorFeed(source, runner, interval_ms=QUIET_MS, waiter=lambda: waiter,
                     safety_poll_ms=50)  # QUIET_MS: only the test's own reads
    feed2 = FloorFeed(source, runner, interval_ms=QUIET_MS, waiter=lambda: waiter)
    assert feed._safety.interval() == QUIET_MS == feed2._safety.interval()
    shiboken6.delete(feed)
    shiboken6.delete(feed2)


def test_without_a_waiter_every_tick_reads(source: CountingSource, runner: TaskRunner,
                                           qtbot: QtBot) -> None:
    feed = FloorFeed(source, runner, interval_ms=20)
    try:
        _started(feed, qtbot, source)
        assert not feed.is_listening
        qtbot.waitUntil(lambda: source.reads >= 3, timeout=5_000)
    finally:
        assert feed.stop()
        shiboken6.delete(feed)


def test_stop_ends_and_joins_the_waiter_thread(feed: FloorFeed, source: CountingSource,
                                               waiter: ManualWaiter, qtbot: QtBot) -> None:
    _started(feed, qtbot, source)
    thread = waiter.waiting_in
    assert thread is not None
    assert thread.is_alive()
    assert feed.stop()
    assert waiter.closed.is_set()
    assert not thread.is_alive()
    assert not feed.is_listening
    waiter.fire()  # a wake after stop reads nothing
    qtbot.wait(100)
    assert source.reads == 0
