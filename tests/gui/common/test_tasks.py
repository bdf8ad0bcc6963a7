"""The task runner: work off the GUI thread, results and errors back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiosk.errors import NothingWaiting
from ui.common.tasks import TaskRunner, describe_error

pytestmark = pytest.mark.gui


@pytest.fixture
def bare_runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    assert task_runner.shutdown(5_000)


def test_result_comes_back_on_the_gui_thread(qtbot: QtBot, bare_runner: TaskRunner) -> None:
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    with qtbot.waitSignal(bare_runner.idle, timeout=5_000):
        assert bare_runner.run(work, done, name="answer")
    assert seen["value"] == 42
    assert seen["worker"] != gui
    assert seen["callback"] == gui
    assert bare_runner.pending == 0


def test_error_goes_to_its_callback(qtbot: QtBot, bare_runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        raise NothingWaiting("Nobody is waiting.")

    with qtbot.waitSignal(bare_runner.finished, timeout=5_000) as blocker:
        bare_runner.run(work, on_error=errors.append, name="empty")
    assert blocker.args == ["empty"]
    assert [str(e) for e in errors] == ["Nobody is waiting."]


def test_error_without_callback_goes_to_failed(qtbot: QtBot, bare_runner: TaskRunner,
                                               caplog: pytest.LogCaptureFixture) -> None:
    def work() -> None:
        raise RuntimeError("disk on fire")

    with caplog.at_level(logging.ERROR, logger="ui.common.tasks"), \
            qtbot.waitSignal(bare_runner.failed, timeout=5_000) as blocker:
        bare_runner.run(work, name="broken")
    error = blocker.args[0]
    assert isinstance(error, RuntimeError)
    assert "task broken failed unexpectedly" in caplog.text
    assert describe_error(error).startswith("Something went wrong (RuntimeError)")
    assert describe_error(NothingWaiting("Nobody is waiting.")) == "Nobody is waiting."


def test_shutdown_waits_and_refuses_new_work(qtbot: QtBot) -> None:
    task_runner = TaskRunner()
    release = threading.Event()
    finished = threading.Event()

    def slow() -> None:
        release.wait(5)
        finished.set()

    task_runner.run(slow)
    release.set()
    assert task_runner.shutdown(5_000)
    assert finished.is_set()
    assert task_runner.is_closed
    assert not task_runner.run(lambda: None)
    assert task_runner.pending == 0


def test_callbacks_of_a_deleted_owner_are_skipped(qtbot: QtBot, bare_runner: TaskRunner) -> None:
    owner = QObject()
    calls: list[object] = []
    release = threading.Event()
    bare_runner.run(lambda: release.wait(5), calls.append, calls.append, context=owner)
    shiboken6.delete(owner)
    release.set()
    with qtbot.waitSignal(bare_runner.idle, timeout=5_000):
        pass
    assert calls == []
