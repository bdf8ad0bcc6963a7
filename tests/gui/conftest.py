"""GUI fixtures: one task runner per test, drained at the end, and views closed first."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from tests.gui.helpers import QUIET_MS
from ui.common.feed import ChangeSource, FloorFeed
from ui.common.tasks import TaskRunner

W = TypeVar("W", bound=QWidget)
NewFeed = Callable[[ChangeSource], FloorFeed]


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """No garbage collection on a worker thread during a GUI test: a cycle freed there
    that holds a window destroys Qt objects from the wrong thread (a crash). The app
    does the same with :class:`ui.common.collector.MainThreadCollector`."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture
def runner(service: VisitService, qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner; shut down (no thread left running) before the database closes."""
    task_runner = TaskRunner()
    yield task_runner
    assert task_runner.shutdown(10_000), "tasks still running after 10 s"
    task_runner.deleteLater()


@pytest.fixture
def feed(core: Core, runner: TaskRunner) -> Iterator[FloorFeed]:
    """The process's one floor feed, not started, polling only when a test asks.

    Stopped and deleted on the GUI thread at the end: windows keep a reference to it,
    and a feed left to the garbage collector could be freed on a pool thread, destroying
    its timer from the wrong thread (a crash in a later test).
    """
    made = FloorFeed(core.visits, runner, interval_ms=QUIET_MS)
    yield made
    _delete(made)


@pytest.fixture
def new_feed(runner: TaskRunner) -> Iterator[NewFeed]:
    """Another process's feed (another machine's, or one on a failing source)."""
    made: list[FloorFeed] = []

    def make(source: ChangeSource) -> FloorFeed:
        made.append(FloorFeed(source, runner, interval_ms=QUIET_MS))
        return made[-1]

    yield make
    for other in made:
        _delete(other)


def _delete(feed: FloorFeed) -> None:
    if shiboken6.isValid(feed):
        feed.stop()
        shiboken6.delete(feed)


@pytest.fixture
def open_view(qtbot: QtBot, runner: TaskRunner, feed: FloorFeed) -> Iterator[Callable[[W], W]]:
    """Show a view for the test; every view is closed before the feed is deleted and the
    runner drained."""
    opened: list[QWidget] = []

    def _open(view: W) -> W:
        qtbot.addWidget(view)
        opened.append(view)
        view.show()
        return view

    yield _open
    for view in opened:
        view.close()

