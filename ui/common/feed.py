"""The one change feed of a process: every window and panel follows it.

The feed reads the core's change feed off the GUI thread and tells its followers what
changed; windows never poll the database themselves. Today it polls
``changes_since(seq)`` on a timer (the same on SQLite and PostgreSQL); this class is
the single place where a push from the database (PostgreSQL LISTEN/NOTIFY) will wake it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.app.visit_queries import ChangeBatch
from kiosk.domain.visit import Visit
from ui.common.tasks import TaskRunner

DEFAULT_POLL_MS = 1000


class ChangeSource(Protocol):
    """What the feed reads: the visit service's change-feed queries."""

    def latest_change(self) -> int: ...

    def active_visits(self) -> list[Visit]: ...

    def changes_since(self, seq: int, limit: int = 1000) -> ChangeBatch: ...


class FloorFeed(QObject):
    """Loads the active visits once, then asks for what changed on every tick.

    At most one query is in flight; a tick that finds one running is skipped. The
    feed keeps the active visits it has seen, so a window opened later starts from
    :meth:`active` without a query of its own.

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

    def __init__(self, source: ChangeSource, runner: TaskRunner, *,
                 interval_ms: int = DEFAULT_POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._runner = runner
        self._seq: int | None = None
        self._active: dict[str, Visit] = {}
        self._busy = False
        self._again = False
        self._failing = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.on_timer_timeout)

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

    def start(self) -> None:
        """Load the active visits, then poll on every interval (again: no effect)."""
        if self._timer.isActive():
            return
        self.poll_now()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_interval(self, interval_ms: int) -> None:
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
