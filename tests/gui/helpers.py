"""Helpers shared by the GUI tests."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.common.tasks import TaskRunner

QUIET_MS = 3_600_000
"""A poll interval long enough that only explicit polls happen during a test."""


def wait_idle(qtbot: QtBot, runner: TaskRunner) -> None:
    """Wait until every task started so far has delivered its result."""
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
