"""Follow the core's change feed from the GUI: one poll at a time, off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.app.visit_queries import ChangeBatch
from kiosk.app.visits import VisitService
from kiosk.domain.visit import Visit
from ui.common.tasks import TaskRunner

DEFAULT_POLL_MS = 1000


class ChangeFeedPoller(QObject):
    """Loads the active visits once, then asks ``changes_since(seq)`` on every tick.

    Works the same on SQLite and PostgreSQL (plain polling of the change table).
    At most one query is in flight; a tick that finds one running is skipped.

    Signals:
        loaded(list): the active visits (a ``list[Visit]``) at start, in queue order.
        changed(tuple): visits changed since the last poll (``tuple[Visit, ...]``),
            each once with its newest state, including visits that just ended.
        ticked(): once per timer interval, so views can refresh ticking waits.
    """

    loaded = Signal(object)
    changed = Signal(object)
    ticked = Signal()

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 interval_ms: int = DEFAULT_POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._seq: int | None = None
        self._busy = False
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

    def start(self) -> None:
        """Load the active visits, then poll on every interval."""
        self.poll_now()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)

    def poll_now(self) -> bool:
        """Ask for changes right away (or the first load); False if one is in flight."""
        if self._busy or self._runner.is_closed:
            return False
        self._busy = True
        service = self._service
        if self._seq is None:
            started = self._runner.run(lambda: _snapshot(service), self._on_snapshot,
                                       self._on_error, name="feed.load")
        else:
            seq = self._seq
            started = self._runner.run(lambda: service.changes_since(seq), self._on_batch,
                                       self._on_error, name="feed.poll")
        self._busy = started
        return started

    def on_timer_timeout(self) -> None:
        self.ticked.emit()
        self.poll_now()

    def _on_snapshot(self, result: tuple[int, list[Visit]]) -> None:
        self._busy = False
        self._seq, visits = result
        self.loaded.emit(visits)

    def _on_batch(self, batch: ChangeBatch) -> None:
        self._busy = False
        self._seq = batch.latest
        if batch.visits:
            self.changed.emit(batch.visits)

    def _on_error(self, error: BaseException) -> None:
        self._busy = False
        self._runner.failed.emit(error)


def _snapshot(service: VisitService) -> tuple[int, list[Visit]]:
    # Read the high-water mark first: a change racing the snapshot is seen again
    # by the next poll, and applying a newer snapshot twice is harmless.
    seq = service.latest_change()
    return seq, service.active_visits()
