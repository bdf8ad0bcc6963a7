"""GUI fixtures: one task runner per test, drained at the end, and views closed first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from tests.gui.helpers import QUIET_MS
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner

W = TypeVar("W", bound=QWidget)


@pytest.fixture
def runner(service: VisitService, qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner; shut down (no thread left running) before the database closes."""
    task_runner = TaskRunner()
    yield task_runner
    assert task_runner.shutdown(10_000), "tasks still running after 10 s"
    task_runner.deleteLater()


@pytest.fixture
def feed(core: Core, runner: TaskRunner) -> FloorFeed:
    """The process's one floor feed, not started, polling only when a test asks."""
    return FloorFeed(core.visits, runner, interval_ms=QUIET_MS)


@pytest.fixture
def open_view(qtbot: QtBot, runner: TaskRunner) -> Iterator[Callable[[W], W]]:
    """Show a view for the test; every view is closed before the runner is drained."""
    opened: list[QWidget] = []

    def _open(view: W) -> W:
        qtbot.addWidget(view)
        opened.append(view)
        view.show()
        return view

    yield _open
    for view in opened:
        view.close()

