"""The one way to run work off the GUI thread.

Every service call (database work) goes through :class:`TaskRunner`: the callable
runs in a :class:`QRunnable` on the runner's own :class:`QThreadPool`; its result or
its exception comes back to the GUI thread by a queued signal and is handed to the
callbacks given with it. Errors without an ``on_error`` callback go to one place,
the runner's ``failed`` signal; unexpected ones (not a :class:`KioskError`) are also
logged with their traceback. Every outcome is also told by ``succeeded`` / ``errored``,
which the process's :class:`ui.common.offline.Connectivity` follows: an outage
(:class:`~kiosk.errors.DatabaseOffline`) is the core's own error, never a traceback.
Workers never touch widgets.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Pending:
    name: str
    on_done: ResultCallback | None
    on_error: ErrorCallback | None
    context: QObject | None

    def is_orphaned(self) -> bool:
        """True when the object the callbacks belong to has been deleted."""
        return self.context is not None and not shiboken6.isValid(self.context)


class _Job(QRunnable):
    """Runs one callable in a pool thread and reports back through the runner's signal."""

    def __init__(self, runner: TaskRunner, task_id: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._task_id = task_id
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - every error is reported to the GUI thread
            self._runner._report.emit(self._task_id, False, exc)
        else:
            self._runner._report.emit(self._task_id, True, result)


class TaskRunner(QObject):
    """Runs callables on a private thread pool and delivers results on the GUI thread.

    Signals:
        failed(BaseException): an error of a task that had no ``on_error`` callback.
        succeeded(str): a task returned; carries its name (before its callback runs).
        errored(str, BaseException): a task raised; its name and error (before its
            callback runs), whether or not it has an ``on_error`` callback.
        finished(str): a task's callbacks have run; carries the task's name.
        idle(): the last pending task finished.
    """

    failed = Signal(object)
    succeeded = Signal(str)
    errored = Signal(str, object)
    finished = Signal(str)
    idle = Signal()
    _report = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._closed = False
        self._report.connect(self._on_job_report)

    @property
    def pending(self) -> int:
        """How many tasks have been started and not yet delivered."""
        return len(self._pending)

    @property
    def is_closed(self) -> bool:
        return self._closed

    def run(self, work: Callable[[], Any], on_done: ResultCallback | None = None,
            on_error: ErrorCallback | None = None, *, name: str = "task",
            context: QObject | None = None) -> bool:
        """Run ``work()`` in the pool; deliver its result or error on the GUI thread.

        Args:
            work: a callable without arguments; it must not touch widgets.
            on_done: called with the result, on the GUI thread.
            on_error: called with the exception, on the GUI thread; without it the
                error goes to ``failed``.
            name: a short label for logs and the ``finished`` signal.
            context: the object the callbacks belong to; when it has been deleted by
                the time the task ends, the callbacks are skipped. Defaults to the
                object of a bound-method callback.

        Returns:
            False when the runner is shut down and the task was not started.
        """
        if self._closed:
            return False
        task_id = next(self._ids)
        owner = context or _owner(on_done) or _owner(on_error)
        self._pending[task_id] = _Pending(name, on_done, on_error, owner)
        self._pool.start(_Job(self, task_id, work))
        return True

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Block, processing events, until every pending task is delivered.

        For scripts such as screenshot rendering; tests use ``qtbot.waitUntil``.
        """
        deadline = QDeadlineTimer(timeout_ms)
        while self._pending and not deadline.hasExpired():
            self._pool.waitForDone(20)
            QCoreApplication.processEvents()
        return not self._pending

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Refuse new tasks, drop queued ones, wait for running ones and end the threads.

        Results that arrive afterwards are discarded (their widgets may be gone).
        """
        self._closed = True
        self._pool.clear()
        done = self._pool.waitForDone(timeout_ms)
        self._pending.clear()
        return done

    @Slot(int, bool, object)
    def _on_job_report(self, task_id: int, ok: bool, payload: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None or self._closed:
            return
        if ok:
            self.succeeded.emit(pending.name)
        else:
            self.errored.emit(pending.name, payload)
        try:
            if pending.is_orphaned():
                log.debug("task %s ended after its window was gone", pending.name)
            elif ok:
                if pending.on_done is not None:
                    pending.on_done(payload)
            else:
                self._deliver_error(pending, payload)
        finally:
            self.finished.emit(pending.name)
            if not self._pending:
                self.idle.emit()

    def _deliver_error(self, pending: _Pending, error: object) -> None:
        assert isinstance(error, BaseException)
        if not isinstance(error, KioskError):
            log.error("task %s failed unexpectedly", pending.name, exc_info=error)
        if pending.on_error is not None:
            pending.on_error(error)
        else:
            self.failed.emit(error)


def _owner(callback: Callable[..., None] | None) -> QObject | None:
    owner = getattr(callback, "__self__", None)
    return owner if isinstance(owner, QObject) else None


def describe_error(error: BaseException) -> str:
    """A message fit to show a person: the core's own message, or a generic one."""
    if isinstance(error, KioskError):
        return str(error)
    return f"Something went wrong ({type(error).__name__}). Please try again or ask for help."
