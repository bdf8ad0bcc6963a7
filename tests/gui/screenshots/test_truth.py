"""The screenshots tell the truth: each window built as the app builds it, at its real size."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import Core
from ui.app import Process, RoleWindows
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.screenshots.laptop import ROLES, build, laptop_size

pytestmark = pytest.mark.gui


def tree(window: QWidget) -> list[tuple[str, str]]:
    """Every widget of the window, by class and object name, in creation order."""
    return [(type(w).__name__, w.objectName()) for w in window.findChildren(QWidget)]


@pytest.mark.parametrize("name", ROLES)
def test_a_screenshot_shows_the_window_the_app_opens(name: str, core: Core, runner: TaskRunner,
                                                     feed: FloorFeed, qtbot: QtBot) -> None:
    process = Process(core, runner, feed)
    pictured = build(process, name)
    opened = RoleWindows(process).show(name)
    for window in (pictured, opened):
        qtbot.addWidget(window)
    try:
        assert tree(pictured) == tree(opened)
        assert (pictured.width(), pictured.height()) == laptop_size(name)
        assert laptop_size(name)[1] <= 768
    finally:
        pictured.close()
        opened.close()


def test_laptop_sizes_fit_1366x768() -> None:
    assert laptop_size("kiosk") == (1366, 768)
    for name in ("console", "liaison", "display"):
        width, height = laptop_size(name)
        assert width <= 1366 - 16
        assert height <= 768 - 48
