"""Building the windows, the theme, and the offscreen screenshots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.config import Settings
from tests.gui.checkin.pages import CheckInPage
from ui.app import Process, build_windows
from ui.checkin.view import CheckInView, Page
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme, load_stylesheet
from ui.console.view import ConsoleView
from ui.liaison.view import LiaisonView
from ui.screenshots.render import render_screenshots

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_build_windows_for_each_role(core: Core, settings: Settings, runner: TaskRunner,
                                     feed: FloorFeed, qtbot: QtBot) -> None:
    process = Process(core, runner, feed)
    windows = build_windows(process, "all")
    for window in windows:
        qtbot.addWidget(window)
    assert [type(w) for w in windows] == [CheckInView, ConsoleView, LiaisonView]
    assert all(getattr(w, "runner", None) is runner for w in windows)
    assert windows[0].windowTitle() == f"{settings.site_name} \u2014 Check in"
    single = build_windows(process, "console")
    qtbot.addWidget(single[0])
    assert [type(w) for w in single] == [ConsoleView]
    for window in windows + single:
        window.close()
    with pytest.raises(ValueError, match="unknown window 'display'"):
        build_windows(process, "display")


def test_theme_parses_and_gives_big_touch_targets(qapp: QApplication, qtlog: Any,
                                                  core: Core, runner: TaskRunner,
                                                  qtbot: QtBot) -> None:
    assert "QPushButton" in load_stylesheet("light")
    apply_theme(qapp)
    try:
        widget = CheckInView(core, runner)
        qtbot.addWidget(widget)
        widget.resize(1280, 800)
        widget.show()
        qtbot.waitExposed(widget)
        view = CheckInPage(widget)
        assert view.next_button.height() >= 48
        view.go_to(Page.CATEGORY)
        assert all(tile.height() >= 96 for tile in view.category_tiles.values())
        view.close()
    finally:
        qapp.setStyleSheet("")
    problems = [r.message for r in qtlog.records if "stylesheet" in r.message.lower()]
    assert problems == []


# On SQLite only: the pictures do not depend on the database (``main.py screenshots``
# itself renders from a scratch SQLite file), and rendering every screen is this suite's
# longest test.
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_screenshots_of_every_screen(core: Core, service: VisitService, tmp_path: Path) -> None:
    waiting = service.check_in(name="Ana", category="laptop", description="Will not boot")
    serving = service.check_in(name="Ben", category="account")
    service.call(serving.id, "Dana")
    service.start(serving.id, "Dana")
    assert waiting.id
    # Every language and theme is `make screenshots`; two of each combination suffice here.
    languages, themes = ("en", "de"), ("high-contrast",)
    paths = render_screenshots(core, tmp_path / "shots", languages=languages, themes=themes)
    names = [p.name for p in paths]
    pages = ["startup", "welcome", "name-missing", "category", "details", "details-keyboard", "idle",
             "confirmation", "admin-pin"]
    kiosk_names = [f"kiosk-{page}-{language}-{theme}.png"
                   for theme in themes for language in languages for page in pages]
    assert names[:len(kiosk_names)] == kiosk_names
    flows = [n for n in names if n.startswith("kiosk-flow-")]
    assert {f"kiosk-flow-{page}-{language}-{theme}.png" for language in languages
            for theme in themes for page in ("welcome", "confirmation", "feedback-faces")
            } <= set(flows)
    console = [n for n in names if n.startswith("console-")]
    assert {"console-sign-in.png", "console-idle.png", "console-in-service.png"} <= set(console)
    assert any(n.startswith("liaison") for n in names)
    assert any(n.startswith("display") for n in names)
    kiosk = QImage(str(paths[0]))
    assert (kiosk.width(), kiosk.height()) == (1280, 800)
    assert all(p.stat().st_size > 10_000 for p in paths)
    assert service.latest_change() == 4, "screenshots only read the database"


_RUN_APP_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kiosk.bootstrap import build_core
from kiosk.config import DEFAULT_CONFIG, load_settings
from ui.app import run_app

core = build_core(DEFAULT_CONFIG, sys.argv[1])
core.migrate()
core.visits.check_in(name="Ana", category="laptop")
app = QApplication(["techbar"])

def shown():
    return sorted(w.objectName() for w in app.topLevelWidgets() if w.isVisible())

def open_every_role():
    print("first:", ",".join(shown()))
    [launcher] = [w for w in app.topLevelWidgets() if w.objectName() == "Launcher"]
    for role in ("kiosk", "console", "liaison", "display", "kiosk"):
        launcher.buttons[role].click()
    QTimer.singleShot(300, check_and_quit)

def check_and_quit():
    print("shown:", ",".join(shown()))
    screen = app.primaryScreen().availableGeometry()
    misfits = [(w.objectName(), w.frameGeometry()) for w in app.topLevelWidgets()
               if w.isVisible() and not screen.contains(w.frameGeometry())]
    print("fit:", not misfits, misfits)
    print("titles:", sorted(w.windowTitle() for w in app.topLevelWidgets() if w.isVisible()))
    app.quit()

QTimer.singleShot(500, open_every_role)
code = run_app(core, "all", ["techbar"])
core.close()
print("exit:", code)
"""


def test_run_app_opens_the_windows_and_quits_cleanly(sqlite_url: str, tmp_path: Path) -> None:
    # A real event loop in its own process: exec() on the test's QApplication would
    # leave it closing down for every later test.
    laptop = tmp_path / "laptop.json"  # 1366x768 less a 32 px panel
    laptop.write_text(json.dumps({"screens": [{"name": "Laptop", "x": 0, "y": 0, "width": 1366,
                                               "height": 736, "logicalDpiX": 96,
                                               "logicalDpiY": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={laptop}"}
    result = subprocess.run([sys.executable, "-c", _RUN_APP_SCRIPT, sqlite_url], env=env,
                            capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert "first: Launcher\n" in result.stdout, "a demo opens the chooser"
    assert "shown: CheckInView,ConsoleView,DisplayBoard,Launcher,LiaisonView\n" in result.stdout
    assert "fit: True" in result.stdout, "every window fits the screen"
    assert "'HQ Tech Bar \u2014 Check in'" in result.stdout
    assert "exit: 0" in result.stdout
