"""The one change feed of a process: every window and panel follows it.

The feed reads the core's change feed off the GUI thread and tells its followers what
changed; windows never poll the database themselves. It reads ``changes_since(seq)``
when the core's change waiter wakes it (a NOTIFY from another process on PostgreSQL,
the file's ``data_version`` moving on SQLite), and on a slow safety poll that covers a
notification lost with a connection. The waiter blocks in one thread of the feed's own,
which wakes the feed on the GUI thread by a queued signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.app.visit_queries import ChangeBatch
from kiosk.domain.visit import Visit
from ui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

#: The tick: ``ticked`` for ticking waits (and, without a waiter, a read each time).
DEFAULT_POLL_MS = 1000
#: The safety poll of a feed with a waiter: a read that covers lost notifications.
SAFETY_POLL_MS = 20_000
#: How long one ``wait`` of the waiter's thread lasts (``close`` ends it sooner).
WAIT_SLICE_S = 10.0
#: How long ``stop`` waits for the waiter's thread (a connection being made ends first).
STOP_TIMEOUT_S = 6.0


class ChangeSource(Protocol):
    """What the feed reads: the visit service's change-feed queries."""

    def latest_change(self) -> int: ...

    def active_visits(self) -> list[Visit]: ...

    def changes_since(self, seq: int, limit: int = 1000) -> ChangeBatch: ...


class ChangeWaiter(Protocol):
    """What wakes the feed (``VisitService.change_waiter()``): blocks in the feed's thread."""

    def wait(self, timeout_s: float) -> bool: ...

    def close(self) -> None: ...


class _WaiterThread:
    """Runs ``waiter.wait`` in a loop in a thread of its own; calls ``wake`` when woken."""

    def __init__(self, waiter: ChangeWaiter, wake: Callable[[], None]) -> None:
        self._waiter = waiter
        self._wake = wake
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="techbar-feed-waiter",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> bool:
        """End the waiter and join the thread; False if it did not end in time."""
        self._stop.set()
        self._waiter.close()
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if self._waiter.wait(WAIT_SLICE_S) and not self._stop.is_set():
                    self._wake()
        except Exception:  # a bug in the waiter: the safety poll goes on without it
            log.exception("the change waiter failed; the floor is read every %d s only",
                          SAFETY_POLL_MS // 1000)
        finally:
            self._waiter.close()


class FloorFeed(QObject):
    """Loads the active visits once, then asks for what changed whenever woken.

    With a ``waiter`` (a factory of the core's change waiter, called by :meth:`start`),
    the feed reads when the waiter wakes it, on the safety poll, and on every tick
    while reads fail (so it recovers within a tick of the database's return). Without
    one it reads on every tick. At most one query is in flight; a wake that finds one
    running is folded into one read right after it. The feed keeps the active visits
    it has seen, so a window opened later starts from :meth:`active` without a query
    of its own.

    Signals:
        loaded(list): the active visits (a ``list[Visit]``) at start, in queue order.
        changed(tuple): visits changed since the last poll (``tuple[Visit, ...]``),
            each once with its newest state, including visits that just ended.
        ticked(): once per timer interval, so views can refresh ticking waits.
        failed(BaseException): a read failed; every follower shows it its own way,
            and the next tick tries again.
        recovered(): the first good read after a failure.
    """

    loaded = Signal(object)
    changed = Signal(object)
    ticked = Signal()
    failed = Signal(object)
    recovered = Signal()
    _woken = Signal()  # emitted by the waiter's thread, delivered on the GUI thread

    def __init__(self, source: ChangeSource, runner: TaskRunner, *,
                 interval_ms: int = DEFAULT_POLL_MS,
                 waiter: Callable[[], ChangeWaiter] | None = None,
                 safety_poll_ms: int = SAFETY_POLL_MS, parent: QObject | None = None) -> None:
        """The feed of ``source``, read through ``runner``.

        Args:
            interval_ms: the tick.
            waiter: makes the change waiter; None reads on every tick instead.
            safety_poll_ms: the safety poll, never more often than the tick.
        """
        super().__init__(parent)
        self._source = source
        self._runner = runner
        self._make_waiter = waiter
        self._listening: _WaiterThread | None = None
        self.wakes = 0  # reads asked for by the waiter, for tests and benchmarks
        self._seq: int | None = None
        self._active: dict[str, Visit] = {}
        self._busy = False
        self._again = False
        self._failing = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._safety = QTimer(self)
        self._safety.setInterval(max(safety_poll_ms, interval_ms))
        self._safety.timeout.connect(self.poll_now)
        self._woken.connect(self.on_waiter_woken)

    @property
    def seq(self) -> int | None:
        """The last change sequence applied; None before the first load."""
        return self._seq

    @property
    def is_loaded(self) -> bool:
        return self._seq is not None

    @property
    def is_running(self) -> bool:
        return self._timer.isActive()

    def active(self) -> list[Visit]:
        """The active visits as last read, in no particular order (empty before the first
        load)."""
        return list(self._active.values())

    @property
    def is_listening(self) -> bool:
        """True while the waiter's thread runs."""
        return self._listening is not None

    def start(self) -> None:
        """Start the waiter, load the active visits, then follow the changes (again: no
        effect)."""
        if self._timer.isActive():
            return
        if self._make_waiter is not None:
            self._listening = _WaiterThread(self._make_waiter(), self._woken.emit)
            self._safety.start()
        self.poll_now()
        self._timer.start()

    def stop(self) -> bool:
        """Stop the timers, end the waiter and join its thread; False if it outlived
        :data:`STOP_TIMEOUT_S` (it is a daemon thread and ends on its own)."""
        self._timer.stop()
        self._safety.stop()
        listening, self._listening = self._listening, None
        if listening is None or listening.stop():
            return True
        log.warning("the change waiter's thread did not end within %.0f s", STOP_TIMEOUT_S)
        return False

    def set_interval(self, interval_ms: int) -> None:
        """The tick (the safety poll stays as it is)."""
        self._timer.setInterval(interval_ms)

    def poll_now(self) -> bool:
        """Ask for changes right away (or the first load).

        Returns:
            False when a read is in flight (another follows it at once, so a change made
            meanwhile is not left for the next tick) or the runner is shut down.
        """
        if self._busy:
            self._again = True
            return False
        if self._runner.is_closed:
            return False
        source = self._source
        if self._seq is None:
            started = self._runner.run(lambda: _snapshot(source), self._on_snapshot,
                                       self._on_error, name="feed.load", context=self)
        else:
            seq = self._seq
            started = self._runner.run(lambda: source.changes_since(seq), self._on_batch,
                                       self._on_error, name="feed.poll", context=self)
        self._busy = started
        return started

    def on_timer_timeout(self) -> None:
        self.ticked.emit()
        if self._listening is None or self._failing:
            self.poll_now()

    def on_waiter_woken(self) -> None:
        if self._listening is not None:  # a wake queued before stop() is dropped
            self.wakes += 1
            self.poll_now()

    def _on_snapshot(self, result: tuple[int, list[Visit]]) -> None:
        self._busy = False
        self._seq, visits = result
        self._active = {v.id: v for v in visits}
        self._healthy()
        self.loaded.emit(visits)
        self._follow_up()

    def _on_batch(self, batch: ChangeBatch) -> None:
        self._busy = False
        self._seq = batch.latest
        self._healthy()
        if batch.visits:
            self._remember(batch.visits)
            self.changed.emit(batch.visits)
        self._follow_up()

    def _follow_up(self) -> None:
        """The poll asked for while the last one was in flight."""
        if self._again:
            self._again = False
            self.poll_now()

    def _remember(self, visits: Sequence[Visit]) -> None:
        for visit in visits:
            if visit.state.is_final:
                self._active.pop(visit.id, None)
            else:
                self._active[visit.id] = visit

    def _healthy(self) -> None:
        if self._failing:
            self._failing = False
            self.recovered.emit()

    def _on_error(self, error: BaseException) -> None:
        self._busy = False
        self._again = False
        self._failing = True
        self.failed.emit(error)


def _snapshot(source: ChangeSource) -> tuple[int, list[Visit]]:
    # Read the high-water mark first: a change racing the snapshot is seen again
    # by the next poll, and applying a newer snapshot twice is harmless.
    seq = source.latest_change()
    return seq, source.active_visits()
