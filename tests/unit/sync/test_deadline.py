"""The delivery deadline: one watchdog thread ends every connection of a late delivery."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from kiosk.sync.deadline import Deadline


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    ours, theirs = socket.socketpair()
    yield ours, theirs
    ours.close()
    theirs.close()


def test_a_late_call_has_its_socket_shut_and_is_marked_expired(
        pair: tuple[socket.socket, socket.socket]) -> None:
    ours, _theirs = pair
    ours.settimeout(5)
    began = time.monotonic()
    with Deadline(0.1).running() as deadline:
        deadline.watch(ours)
        assert ours.recv(10) == b"", "the blocked read ends when the socket is shut"
    assert deadline.expired
    assert 0.09 <= time.monotonic() - began < 2


def test_a_call_that_ends_in_time_is_left_alone(
        pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    with Deadline(0.05).running() as deadline:
        deadline.watch(ours)
    time.sleep(0.15)
    assert not deadline.expired
    theirs.sendall(b"still open")
    ours.settimeout(5)
    assert ours.recv(10) == b"still open"


def test_deadlines_in_any_order_each_expire_on_time() -> None:
    """A later deadline kept first must not hold back a sooner one."""
    results: dict[float, float] = {}

    def call(seconds: float) -> None:
        ours, theirs = socket.socketpair()
        with ours, theirs, Deadline(seconds).running() as deadline:
            deadline.watch(ours)
            ours.settimeout(10)
            began = time.monotonic()
            ours.recv(1)
            results[seconds] = time.monotonic() - began

    threads = [threading.Thread(target=call, args=(s,)) for s in (3.0, 0.2, 1.0)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join(15)
    assert sorted(results) == [0.2, 1.0, 3.0]
    for seconds, took in results.items():
        assert seconds - 0.1 <= took < seconds + 1.5, (seconds, took)


def test_many_deadlines_share_one_thread() -> None:
    """No thread is started per call (several deliveries in flight make many calls)."""
    with Deadline(5).running():  # the watchdog runs from the first deadline on
        pass
    before = set(threading.enumerate())
    started: set[threading.Thread] = set()
    for _ in range(50):
        with Deadline(5).running():
            started |= set(threading.enumerate()) - before
    assert started == set()
