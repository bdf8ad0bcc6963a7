"""The start-up window: painted before the core loads, replaced by the role's window when
the core is open, and never in the way of a failure's one-line reason or an unfinished
migration.

Each case runs a real event loop in a process of its own (``start_app`` ends with
``exec()``, which would leave the test's QApplication closing down for later tests).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.store import Database
from ui.startup import StartupWindow

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import sys, threading, time
from contextlib import contextmanager
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.errors import StoreUnavailable
from ui.app import start_app

mode, url = sys.argv[1], sys.argv[2]
settings = load_settings(DEFAULT_CONFIG, environ={})
app = QApplication(["techbar"])
release = threading.Event()

def shown():
    return ",".join(sorted(w.objectName() for w in app.topLevelWidgets() if w.isVisible()))

@contextmanager
def slow_session():
    print("opening", flush=True)
    release.wait(10)
    print("opened", flush=True)
    yield None
    print("session closed", flush=True)

def real_session():
    from argparse import Namespace
    from kiosk.cli.session import open_session
    return open_session(Namespace(db=url, no_demo=True), settings, demo=True)

def failing():
    raise StoreUnavailable("the server refused the connection")

def watch():
    print("at first:", shown(), flush=True)
    if mode == "slow":
        [startup] = [w for w in app.topLevelWidgets() if w.isVisible()]
        startup.close()  # the last window: the application quits
        threading.Timer(0.5, release.set).start()

def poll():
    if "CheckInView" in shown():
        print("then:", shown(), flush=True)
        app.quit()
    else:
        QTimer.singleShot(20, poll)

opener = {"slow": slow_session, "real": real_session, "fail": failing}[mode]
QTimer.singleShot(0, watch)
if mode == "real":
    QTimer.singleShot(20, poll)
try:
    code = start_app(settings, opener, "kiosk", ["techbar"])
except StoreUnavailable as exc:
    print("raised:", exc, flush=True)
    sys.exit(1)
print("exit:", code, flush=True)
"""


def _run(mode: str, url: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _SCRIPT, mode, url], cwd=ROOT, timeout=60,
                          capture_output=True, text=True, check=False,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})


def test_the_startup_window_shows_first_and_the_kiosk_takes_its_place(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'techbar.db'}"
    done = _run("real", url)
    assert done.returncode == 0, done.stderr
    assert "at first: StartupWindow\n" in done.stdout, "painted before the core opened"
    assert "then: CheckInView\n" in done.stdout, "the start-up window is gone"
    assert "exit: 0" in done.stdout
    database = Database(url)
    try:
        assert database.schema_revision() is not None, "the session migrated the new database"
    finally:
        database.dispose()


def test_a_window_closed_while_the_database_opens_waits_for_it_then_closes_it() -> None:
    done = _run("slow")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["opening", "at first: StartupWindow"] or lines[:2] == [
        "at first: StartupWindow", "opening"]
    assert lines[2:] == ["opened", "session closed", "exit: 0"], (
        "no migration is cut short: the process waits, then closes the session")


def test_a_database_that_cannot_open_is_raised_once_the_window_has_gone() -> None:
    done = _run("fail")
    assert done.returncode == 1, done.stderr
    assert "at first: StartupWindow" in done.stdout
    assert "raised: the server refused the connection" in done.stdout
    assert "Traceback" not in done.stderr


def test_the_kiosk_command_on_an_unreachable_database_gives_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "kiosk", "--db", "postgresql+psycopg://u@127.0.0.1:1/x"],
        cwd=ROOT, timeout=60, capture_output=True, text=True, check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 1
    reasons = [line for line in done.stderr.splitlines() if line.startswith("techbar: ")]
    assert len(reasons) == 1, done.stderr
    assert "database unavailable" in reasons[0]
    assert "Traceback" not in done.stderr


def test_the_kiosk_s_startup_window_speaks_its_default_language(qtbot: QtBot) -> None:
    window = StartupWindow("HQ Tech Bar", "kiosk", (("en", "es", "de"), "de"))
    qtbot.addWidget(window)
    assert window.status.text() == "Wird vorbereitet\u2026"
    assert window.role.text() == "Anmeldung"
    assert window.site.text() == "HQ Tech Bar"
    assert window.busy.maximum() == 0, "a busy bar with no known end"
    window.close()  # its translator comes off the application with it
    assert StartupWindow("HQ Tech Bar", "console").status.text() == "Getting ready\u2026"
