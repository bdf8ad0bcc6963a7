"""What a window process loads: Qt and the core, never an HTTP client or an adapter.

Each window command runs for real (``python main.py kiosk`` and so on) in a process of
its own, until its first window has painted (``TECHBAR_REPORT_FIRST_PAINT``); the modules
it loaded by then are listed when it exits.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.store import Database

ROOT = Path(__file__).resolve().parents[2]
WINDOW_PACKAGES = ("ui.checkin", "ui.console", "ui.liaison", "ui.board")
#: The window package each command opens first ("all" opens the chooser, no role yet).
OPENS = {"kiosk": "ui.checkin", "console": "ui.console", "liaison": "ui.liaison",
         "display": "ui.board", "all": None}
_MODULES_AT_EXIT = """
import atexit, runpy, sys
atexit.register(lambda: print("--modules--", *sorted(sys.modules), sep="\\n"))
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def _loaded(names: set[str], package: str) -> set[str]:
    return {name for name in names if name == package or name.startswith(package + ".")}


def _http_or_sync(names: set[str]) -> set[str]:
    return set().union(*(_loaded(names, p) for p in ("requests", "urllib3", "kiosk.sync")))


def test_the_gui_loads_no_http_client_and_no_ticketing_adapter() -> None:
    code = ("import sys\nimport ui.app, ui.board.view, ui.screenshots.render\n"
            "print('\\n'.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True, env={"QT_QPA_PLATFORM": "offscreen",
                                                        "PATH": "/usr/bin:/bin"})
    loaded = set(done.stdout.split())
    assert "ui.app" in loaded
    assert "PySide6.QtWidgets" in loaded
    assert not _http_or_sync(loaded)


@pytest.fixture(scope="module")
def current_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database already at the newest schema (as a station's is on most starts)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('imports') / 'techbar.db'}"
    database = Database(url)
    try:
        database.migrate()
    finally:
        database.dispose()
    return url


def modules_of_window_command(command: str, url: str, painted: Path) -> set[str]:
    """The modules ``python main.py <command>`` has loaded once its first window painted."""
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(painted.parent),
           "KIOSK_NO_DEMO": "1", "TECHBAR_REPORT_FIRST_PAINT": str(painted)}
    done = subprocess.run([sys.executable, "-c", _MODULES_AT_EXIT, command, "--db", url],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert painted.read_text(encoding="utf-8").strip(), "the window never painted"
    _, _, listing = done.stdout.partition("--modules--\n")
    return set(listing.split())


@pytest.mark.parametrize("command", sorted(OPENS))
def test_a_window_command_loads_its_own_window_and_no_http(command: str, current_database: str,
                                                           tmp_path: Path) -> None:
    loaded = modules_of_window_command(command, current_database, tmp_path / "painted")
    assert "PySide6.QtWidgets" in loaded
    assert not _http_or_sync(loaded), "a window process loads no HTTP client and no adapter"
    opened = OPENS[command]
    others = [p for p in WINDOW_PACKAGES if p != opened]
    assert not set().union(*(_loaded(loaded, p) for p in others)), "only the window asked for"
    assert opened is None or _loaded(loaded, opened)
    assert not _loaded(loaded, "alembic"), "a current schema is checked, not migrated"
    assert not _loaded(loaded, "tqdm")


def test_the_kiosk_loads_no_multimedia_and_no_templates(current_database: str,
                                                        tmp_path: Path) -> None:
    loaded = modules_of_window_command("kiosk", current_database, tmp_path / "painted")
    assert "ui.checkin.view" in loaded
    assert not {m for m in loaded if m.startswith(("PySide6.QtMultimedia", "jinja2", "mako"))}
