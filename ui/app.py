"""Start the GUI: one QApplication, one task runner and one floor feed per process.

Every window of the process receives the core's services from the bootstrap
(:class:`kiosk.bootstrap.Core`), shares the one :class:`TaskRunner` and follows the one
:class:`FloorFeed`; no window builds a service or reads the database on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app.security import PinGate
from kiosk.bootstrap import Core
from ui.checkin.lockdown import KioskWindow
from ui.checkin.view import CheckInView
from ui.common.collector import MainThreadCollector
from ui.common.feed import DEFAULT_POLL_MS, FloorFeed
from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme
from ui.console.view import ConsoleView
from ui.liaison.view import LiaisonView

WINDOWS = ("all", "kiosk", "console", "liaison")
_TITLES = {"kiosk": "Check in", "console": "Technician console", "liaison": "Floor"}
SIZES = {"kiosk": (1280, 800), "console": (1360, 820), "liaison": (1200, 760)}


@dataclass(frozen=True)
class Process:
    """What the windows of one process share: the core, the task runner and the feed."""

    core: Core
    runner: TaskRunner
    feed: FloorFeed

    @classmethod
    def start(cls, core: Core, *, poll_ms: int = DEFAULT_POLL_MS) -> Process:
        runner = TaskRunner()
        return cls(core, runner, FloorFeed(core.visits, runner, interval_ms=poll_ms))

    def shutdown(self) -> bool:
        """Stop the feed and drain the runner's threads; False if some did not end in time."""
        self.feed.stop()
        return self.runner.shutdown()


def build_windows(process: Process, which: str) -> list[QWidget]:
    """The windows for ``which`` ("all", "kiosk", "console" or "liaison"), not yet shown.

    Raises:
        ValueError: ``which`` is not one of :data:`WINDOWS`.
    """
    if which not in WINDOWS:
        raise ValueError(f"unknown window '{which}': use one of {', '.join(WINDOWS)}")
    names = ("kiosk", "console", "liaison") if which == "all" else (which,)
    windows: list[QWidget] = []
    for name in names:
        window = _window(process, name)
        window.resize(*SIZES[name])
        window.setWindowTitle(f"{process.core.settings.site_name} \u2014 {_TITLES[name]}")
        windows.append(window)
    return windows


def _window(process: Process, name: str) -> QWidget:
    core, runner, feed = process.core, process.runner, process.feed
    if name == "kiosk":
        return CheckInView(core, runner)
    if name == "console":
        return ConsoleView(core, runner, feed)
    return LiaisonView(core, runner, feed)


def lock_down(kiosk_view: QWidget, process: Process) -> KioskWindow:
    """The kiosk view in a locked, full-screen window that only the admin PIN opens.

    Lock-down applies to ``which == "kiosk"`` only: with all windows on one screen a
    full-screen kiosk would hide the others. Without a usable admin PIN hash no PIN
    opens it (the process must then be stopped from outside).
    """
    core = process.core
    return KioskWindow(kiosk_view, PinGate(core.settings.kiosk.admin_pin_hash, core.clock),
                       process.runner)


def run_app(core: Core, which: str, argv: list[str]) -> int:
    """Open the windows and run the event loop; the exit code of the application.

    The task runner's threads are drained when the application quits.
    """
    settings = core.settings
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Tech Bar")
    app.setApplicationDisplayName(settings.site_name)
    apply_theme(app, settings.kiosk.theme, large_text=settings.kiosk.large_text)
    collector = MainThreadCollector(parent=app)
    collector.start()
    process = Process.start(core)
    windows = build_windows(process, which)
    if which == "kiosk" and settings.kiosk.lockdown:
        windows = [lock_down(windows[0], process)]
    app.aboutToQuit.connect(process.shutdown)
    for offset, window in enumerate(windows):
        if isinstance(window, KioskWindow):
            window.admin_exit.connect(app.quit)
            window.show_kiosk()
            continue
        window.move(40 + 60 * offset, 40 + 40 * offset)
        window.show()
    process.feed.start()
    try:
        return app.exec()
    finally:
        process.shutdown()
        collector.stop()
