"""Helpers shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme

QUIET_MS = 3_600_000
"""A poll interval long enough that only explicit polls happen during a test."""


def wait_idle(qtbot: QtBot, runner: TaskRunner) -> None:
    """Wait until every task started so far has delivered its result."""
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)


@contextmanager
def light_theme(app: QApplication) -> Iterator[None]:
    """The light theme, as people see the windows (sizes and places come from it); the
    application's style sheet is cleared afterwards."""
    apply_theme(app, "light")
    try:
        yield
    finally:
        app.setStyleSheet("")
