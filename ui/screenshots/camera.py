"""Offscreen pictures of widgets, for the screenshots command and its tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.bootstrap import Core
from kiosk.config import Settings
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner

T = TypeVar("T")


def offscreen_app(settings: Settings) -> QApplication:
    """The running QApplication, or a new offscreen one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["techbar-screenshots", "-platform", "offscreen"])
    return app


class Camera:
    """Takes PNG pictures of widgets once their pending database work has arrived."""

    def __init__(self, out: Path, runner: TaskRunner) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.runner = runner
        self.written: list[Path] = []

    def settle(self) -> None:
        for _ in range(3):
            self.runner.wait_idle()
            QCoreApplication.processEvents()

    def take(self, widget: QWidget, name: str) -> None:
        self.settle()
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")
        self.written.append(path)

    def call(self, work: Callable[[], T]) -> T:
        """Run a service call on the pool and wait for its result."""
        box: list[Any] = []
        self.runner.run(work, box.append, box.append, name="camera.call")
        self.runner.wait_idle()
        if not box:
            raise TimeoutError("the database did not answer in time")
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]  # type: ignore[no-any-return]


_QUIET_POLL_MS = 3_600_000


@contextmanager
def quiet_process(core: Core) -> Iterator[tuple[TaskRunner, FloorFeed]]:
    """A task runner and a floor feed that reads only when asked, for rendering windows.

    At the end the feed is stopped and deleted here, on the GUI thread (left to the
    garbage collector, it could be freed on a pool thread with its timer), and the
    runner's threads are drained.
    """
    runner = TaskRunner()
    feed = FloorFeed(core.visits, runner, interval_ms=_QUIET_POLL_MS)
    try:
        yield runner, feed
    finally:
        feed.stop()
        shiboken6.delete(feed)
        runner.shutdown()
