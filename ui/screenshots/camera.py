"""Offscreen pictures of widgets, for the screenshots command and its tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Settings
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
