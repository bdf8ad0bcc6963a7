"""Start the GUI: one QApplication, one task runner and one floor feed per process.

Every window of the process receives the core's services from the bootstrap
(:class:`kiosk.bootstrap.Core`) and shares the one :class:`TaskRunner`; the windows that
show the floor follow the one :class:`FloorFeed` (the kiosk shows none, so a kiosk's
process never starts the feed). No window builds a service or reads the database on its
own.

Only the window asked for is imported (:func:`make_window`): a kiosk process never loads
the console, the liaison view or the board. :data:`REPORT_FIRST_PAINT` lets a benchmark
time the start-up to the first painted window.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.common.collector import MainThreadCollector
from ui.common.feed import DEFAULT_POLL_MS, FloorFeed
from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme
from ui.launcher import LAUNCHER_SIZE, Launcher, available_screen, fitted

if TYPE_CHECKING:
    from kiosk.bootstrap import Core
    from ui.checkin.lockdown import KioskWindow

WINDOWS = ("all", "kiosk", "console", "liaison")
_TITLES = {"kiosk": "Check in", "console": "Technician console", "liaison": "Floor",
           "display": "Now serving"}
SIZES = {"kiosk": (1280, 800), "console": (1360, 820), "liaison": (1280, 800),
         "display": (1280, 720)}
#: Set to a file's path, the process writes there the wall-clock time of its first paint
#: (seconds since the epoch, once the paint has finished) and the CPU seconds it has used
#: so far, then quits: how ``tests/perf/bench_startup.py`` times start-up. Not meant for
#: running a Tech Bar.
REPORT_FIRST_PAINT = "TECHBAR_REPORT_FIRST_PAINT"


@dataclass(frozen=True)
class Process:
    """What the windows of one process share: the core, the task runner and the feed."""

    core: Core
    runner: TaskRunner
    feed: FloorFeed

    @classmethod
    def start(cls, core: Core, *, poll_ms: int = DEFAULT_POLL_MS) -> Process:
        """The process's runner and its feed, woken by the core's change waiter (one
        listening connection on PostgreSQL, made when the feed starts)."""
        runner = TaskRunner()
        feed = FloorFeed(core.visits, runner, interval_ms=poll_ms,
                         waiter=core.visits.change_waiter)
        return cls(core, runner, feed)

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
        window = make_window(process, name)
        window.resize(*SIZES[name])
        window.setWindowTitle(title(process, name))
        windows.append(window)
    return windows


def title(process: Process, name: str) -> str:
    """The window title: the site once, then the role ("HQ Tech Bar — Check in")."""
    return f"{process.core.settings.site_name} \u2014 {_TITLES[name]}"


def make_window(process: Process, name: str) -> QWidget:
    """The window of one role ("kiosk", "console", "liaison", "display"), as the app opens it.

    Each role's package is imported here, when its window is made: a kiosk process never
    loads the console, the liaison view or the board (nor what they import).
    """
    core, runner, feed = process.core, process.runner, process.feed
    if name == "kiosk":
        from ui.checkin.view import CheckInView

        return CheckInView(core, runner)
    if name == "console":
        from ui.console.view import ConsoleView

        return ConsoleView(core, runner, feed)
    if name == "display":
        from ui.board.view import DisplayBoard

        display = core.settings.display
        return DisplayBoard(core, runner, feed, show_names=display.show_names,
                            chime=display.chime)
    from ui.liaison.view import LiaisonView

    return LiaisonView(core, runner, feed)


class RoleWindows:
    """The windows the chooser opened, one per role, each fitted to the screen once."""

    def __init__(self, process: Process) -> None:
        self.process = process
        self.opened: dict[str, QWidget] = {}

    def show(self, name: str) -> QWidget:
        window = self.opened.get(name)
        if window is None:
            window = make_window(self.process, name)
            window.setWindowTitle(title(self.process, name))
            window.setGeometry(fitted(SIZES[name], available_screen()))
            self.opened[name] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window


def open_chooser(process: Process) -> tuple[Launcher, RoleWindows]:
    """The demo's chooser, shown and centred, and the role windows it opens."""
    roles = RoleWindows(process)
    launcher = Launcher(process.core.settings.site_name, roles.show)
    launcher.setWindowTitle(f"{process.core.settings.site_name} \u2014 Tech Bar")
    launcher.setGeometry(fitted(LAUNCHER_SIZE, available_screen()))
    launcher.show()
    return launcher, roles


def lock_down(kiosk_view: QWidget, process: Process) -> KioskWindow:
    """The kiosk view in a locked, full-screen window that only the admin PIN opens.

    Lock-down applies to ``which == "kiosk"`` only: with all windows on one screen a
    full-screen kiosk would hide the others. Without a usable admin PIN hash no PIN
    opens it (the process must then be stopped from outside).
    """
    from kiosk.app.security import PinGate
    from ui.checkin.lockdown import KioskWindow

    core = process.core
    return KioskWindow(kiosk_view, PinGate(core.settings.kiosk.admin_pin_hash, core.clock),
                       process.runner)


class _FirstPaintReport(QObject):
    """Writes the time once the first paint of any window has finished, then quits."""

    def __init__(self, app: QApplication, path: Path) -> None:
        super().__init__(app)
        self.app, self.path = app, path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self.report)  # after the paint pass in progress
        return False

    def report(self) -> None:
        """The wall-clock time, the CPU seconds and the peak resident memory (KiB) so far."""
        self.path.write_text(f"{time.time():.6f} {time.process_time():.6f} {_peak_kib()}\n",
                             encoding="utf-8")
        self.app.quit()


def _peak_kib() -> int:
    """This process's peak resident memory (VmHWM), 0 where /proc does not tell it.

    Not ``getrusage``: a child's ``ru_maxrss`` keeps the parent's size it was forked
    with, so a big parent would hide the child's own figure.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    found = next((line.split()[1] for line in status.splitlines()
                  if line.startswith("VmHWM:")), "0")
    return int(found)


def application(argv: list[str]) -> QApplication:
    """The process's one QApplication: the existing one, or a new one.

    A new one reports its first paint when :data:`REPORT_FIRST_PAINT` names a file.
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    path = os.environ.get(REPORT_FIRST_PAINT)
    if path:
        app.installEventFilter(_FirstPaintReport(app, Path(path)))
    return app


def run_app(core: Core, which: str, argv: list[str]) -> int:
    """Open the windows and run the event loop; the exit code of the application.

    The task runner's threads are drained when the application quits.
    """
    settings = core.settings
    app = application(argv)
    app.setApplicationName("Tech Bar")  # no display name: Qt would add it to every title
    app.setDesktopFileName("techbar")
    apply_theme(app, settings.kiosk.theme, large_text=settings.kiosk.large_text)
    collector = MainThreadCollector(parent=app)
    collector.start()
    process = Process.start(core)
    app.aboutToQuit.connect(process.shutdown)
    shown = _show(process, which, app)
    if which != "kiosk":  # the kiosk follows no feed: no reads of the floor, none at start
        process.feed.start()
    try:
        return app.exec() if shown else 1
    finally:
        process.shutdown()
        collector.stop()


def _show(process: Process, which: str, app: QApplication) -> list[QWidget]:
    """What ``run_app`` opens: the chooser for "all", else that one window (locked down
    for a kiosk whose settings say so)."""
    if which == "all":
        launcher, _roles = open_chooser(process)  # the launcher keeps its roles alive
        return [launcher]
    [window] = build_windows(process, which)
    if which == "kiosk" and process.core.settings.kiosk.lockdown:
        locked = lock_down(window, process)
        locked.admin_exit.connect(app.quit)
        locked.show_kiosk()
        return [locked]
    window.setGeometry(fitted(SIZES[which], available_screen()))
    window.show()
    return [window]
