"""InFlight: work under way at once on a pool, collected as each piece ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from kiosk.sync.inflight import Ended, InFlight


class Gate:
    """Work that counts how many calls run at once and waits until it is opened."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.running = 0
        self.most = 0
        self.started: list[int] = []
        self._changed = threading.Condition()

    def work(self, item: int, halt: threading.Event) -> int | None:
        if halt.is_set():
            return None
        with self._changed:
            self.running += 1
            self.most = max(self.most, self.running)
            self.started.append(item)
            self._changed.notify_all()
        try:
            if not self.open.wait(10):
                raise TimeoutError("the gate was never opened")
            if item < 0:
                raise ValueError(f"bad item {item}")
            return item * 10
        finally:
            with self._changed:
                self.running -= 1

    def wait_running(self, count: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.running >= count, timeout=10)


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(3, thread_name_prefix="test-inflight") as running:
        yield running


def test_as_many_run_at_once_as_the_pool_has_threads(pool: ThreadPoolExecutor) -> None:
    gate = Gate()
    flight: InFlight[int, int | None] = InFlight(pool, gate.work)
    flight.submit(range(7))
    assert len(flight) == 7
    assert gate.wait_running(3), "three calls should be under way together"
    assert (gate.running, len(gate.started)) == (3, 3), "the others wait for a thread"
    gate.open.set()
    ended = flight.ended(every=True)
    assert sorted((e.item, e.outcome, e.error) for e in ended) == [
        (i, i * 10, None) for i in range(7)]
    assert gate.most == 3
    assert len(flight) == 0
    assert flight.ended() == []


def test_ended_returns_as_soon_as_one_call_has_ended(pool: ThreadPoolExecutor) -> None:
    gate = Gate()
    flight: InFlight[int, int | None] = InFlight(pool, gate.work)
    flight.submit([1])
    gate.open.set()
    assert flight.ended() == [Ended(1, 10)]
    blocked = Gate()
    later: InFlight[int, int | None] = InFlight(pool, blocked.work)
    later.submit([2, 3])
    assert blocked.wait_running(2)
    opener = threading.Timer(0.05, blocked.open.set)
    opener.start()
    try:
        first = later.ended()
    finally:
        opener.join()
    assert 1 <= len(first) <= 2
    assert len(later) == 2 - len(first)
    assert sorted(e.outcome for e in first + later.ended(every=True)) == [20, 30]


def test_calls_not_yet_started_see_the_halt(pool: ThreadPoolExecutor) -> None:
    gate = Gate()
    flight: InFlight[int, int | None] = InFlight(pool, gate.work)
    flight.submit(range(6))
    assert gate.wait_running(3)
    flight.halt()
    gate.open.set()
    ended = {e.item: e.outcome for e in flight.ended(every=True)}
    started = set(gate.started)
    assert len(started) == 3
    assert ended == {i: (i * 10 if i in started else None) for i in range(6)}


def test_an_error_is_handed_back_with_its_item(pool: ThreadPoolExecutor) -> None:
    gate = Gate()
    flight: InFlight[int, int | None] = InFlight(pool, gate.work)
    flight.submit([4, -1, 5])
    assert gate.wait_running(3)
    gate.open.set()
    ended = {e.item: e for e in flight.ended(every=True)}
    assert (ended[4].outcome, ended[5].outcome) == (40, 50)
    assert ended[-1].outcome is None
    assert isinstance(ended[-1].error, ValueError)
    assert str(ended[-1].error) == "bad item -1"


def test_a_call_that_raises_halts_the_calls_not_yet_started() -> None:
    gate = Gate()
    gate.open.set()
    with ThreadPoolExecutor(1, thread_name_prefix="test-inflight-one") as one:
        flight: InFlight[int, int | None] = InFlight(one, gate.work)
        flight.submit([-1, 2, 3])
        ended = {e.item: e for e in flight.ended(every=True)}
    assert isinstance(ended[-1].error, ValueError)
    assert (ended[2].outcome, ended[3].outcome) == (None, None)
    assert gate.started == [-1]
