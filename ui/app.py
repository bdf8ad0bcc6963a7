"""Start the GUI: one QApplication, one task runner and one floor feed per process.

Every window of the process receives the core's services from the bootstrap
(:class:`kiosk.bootstrap.Core`) and shares the one :class:`TaskRunner`; the windows that
show the floor follow the one :class:`FloorFeed` (the kiosk shows none, so a kiosk's
process never starts the feed). No window builds a service or reads the database on its
own.

Only the window asked for is imported (:func:`make_window`): a kiosk process never loads
the console, the liaison view or the board. :func:`start_app` paints a start-up window
before the core has even loaded (:mod:`ui.startup`) and opens the role's window when the
core is ready. :mod:`ui.common.first_paint` lets a benchmark time both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ui.common.collector import MainThreadCollector
from ui.common.first_paint import FirstPaintReport
from ui.common.theme import apply_theme
from ui.launcher import LAUNCHER_SIZE, Launcher, available_screen, fitted
from ui.startup import CoreLoader, Opened, Opener, StartupWindow

if TYPE_CHECKING:
    from kiosk.bootstrap import Core
    from kiosk.config import Settings
    from ui.checkin.lockdown import KioskWindow
    from ui.common.feed import FloorFeed
    from ui.common.tasks import TaskRunner

WINDOWS = ("all", "kiosk", "console", "liaison")
#: The package each role's window comes from (loaded with the core, off the GUI thread).
MODULES = {"kiosk": ("ui.checkin.view", "ui.checkin.lockdown"), "console": ("ui.console.view",),
           "liaison": ("ui.liaison.view",), "display": ("ui.board.view",), "all": ()}
_TITLES = {"kiosk": "Check in", "console": "Technician console", "liaison": "Floor",
           "display": "Now serving"}
SIZES = {"kiosk": (1280, 800), "console": (1360, 820), "liaison": (1360, 820),
         "display": (1280, 720)}


@dataclass(frozen=True)
class Process:
    """What the windows of one process share: the core, the task runner and the feed."""

    core: Core
    runner: TaskRunner
    feed: FloorFeed

    @classmethod
    def start(cls, core: Core, *, poll_ms: int | None = None) -> Process:
        """The process's runner and its feed, woken by the core's change waiter (one
        listening connection on PostgreSQL, made when the feed starts)."""
        from ui.common.feed import DEFAULT_POLL_MS, FloorFeed
        from ui.common.tasks import TaskRunner

        runner = TaskRunner()
        feed = FloorFeed(core.visits, runner, interval_ms=poll_ms or DEFAULT_POLL_MS,
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


def application(argv: list[str]) -> QApplication:
    """The process's one QApplication: the existing one, or a new one.

    A new one reports its paints when the environment asks (:mod:`ui.common.first_paint`).
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    FirstPaintReport.install(app)
    return app


def _styled_application(settings: Settings, argv: list[str]) -> QApplication:
    app = application(argv)
    app.setApplicationName("Tech Bar")  # no display name: Qt would add it to every title
    app.setDesktopFileName("techbar")
    apply_theme(app, settings.kiosk.theme, large_text=settings.kiosk.large_text)
    return app


def run_app(core: Core, which: str, argv: list[str], *, windowed: bool = False) -> int:
    """Open the windows on a ready core and run the event loop; the application's exit code.

    The task runner's threads are drained when the application quits.
    """
    app = _styled_application(core.settings, argv)
    collector = MainThreadCollector(parent=app)
    collector.start()
    process = _start_process(app, core, which)
    try:
        return app.exec() if _open(process, which, app, windowed=windowed) else 1
    finally:
        process.shutdown()
        collector.stop()


def start_app(settings: Settings, open_session: Opener, which: str, argv: list[str], *,
              windowed: bool = False) -> int:
    """Paint the start-up window at once, open the session on a thread meanwhile, then the
    windows in its place; run the event loop and return its exit code. What stopped the
    session or the windows from opening (no database, a newer schema...) is raised after
    the loop has ended, for the command line to give as one line."""
    app = _styled_application(settings, argv)
    collector = MainThreadCollector(parent=app)
    collector.start()
    startup = _startup_window(app, settings, which, windowed=windowed)
    loader = CoreLoader(open_session, MODULES.get(which, ()), parent=app)
    opened: list[Process] = []

    def on_ready(session: Opened) -> None:
        try:
            opened.append(_start_process(app, session.core, which))
            shown = _open(opened[-1], which, app, windowed=windowed)
        except Exception as exc:  # noqa: BLE001 - raised again once the loop has ended
            loader.error, shown = exc, []
        if not shown:
            app.exit(1)
            return
        if (report := FirstPaintReport.of(app)) is not None:
            report.watch(shown)
        startup.close()

    queued = Qt.ConnectionType.QueuedConnection  # emitted on the loader's thread
    loader.ready.connect(on_ready, queued)
    loader.failed.connect(lambda _error: app.exit(1), queued)
    loader.start()
    try:
        code = app.exec()
    finally:
        for process in opened:
            process.shutdown()
        loader.close()
        collector.stop()
    if loader.error is not None:
        raise loader.error
    return code


def _startup_window(app: QApplication, settings: Settings, which: str, *,
                    windowed: bool) -> StartupWindow:
    """The start-up window, shown where the role's window will be (in the kiosk's default
    language for a kiosk); it deletes itself when closed."""
    language = (settings.kiosk.languages, settings.kiosk.default_language)
    startup = StartupWindow(settings.site_name, which, language if which == "kiosk" else None)
    startup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    report = FirstPaintReport.of(app)
    if report is not None:
        report.expect_startup()
    _place(startup, which, settings, windowed=windowed)
    return startup


def _start_process(app: QApplication, core: Core, which: str) -> Process:
    """The process's runner and feed (the board's feed waits longer between safety reads)."""
    poll_ms = None
    if which == "display":
        from ui.board.view import BOARD_POLL_MS

        poll_ms = BOARD_POLL_MS
    process = Process.start(core, poll_ms=poll_ms)
    app.aboutToQuit.connect(process.shutdown)
    return process


def _place(window: QWidget, which: str, settings: Settings, *, windowed: bool) -> None:
    """Show ``window`` where the role's window will be: full screen for a locked-down kiosk
    or a board, else the role's size fitted to the screen."""
    if (which == "kiosk" and settings.kiosk.lockdown) or (which == "display" and not windowed):
        window.showFullScreen()
        return
    size = LAUNCHER_SIZE if which == "all" else SIZES.get(which, LAUNCHER_SIZE)
    window.setGeometry(fitted(size, available_screen()))
    window.show()


def _open(process: Process, which: str, app: QApplication, *, windowed: bool) -> list[QWidget]:
    """Open what ``which`` asks for, and start the feed if a window follows it: the chooser
    for "all", else that one window (locked down for a kiosk whose settings say so)."""
    shown = _show(process, which, app, windowed=windowed)
    if shown and which != "kiosk":  # the kiosk follows no feed: no reads of the floor
        process.feed.start()
    return shown


def _show(process: Process, which: str, app: QApplication, *, windowed: bool) -> list[QWidget]:
    if which == "all":
        launcher, _roles = open_chooser(process)  # the launcher keeps its roles alive
        return [launcher]
    if which == "display":
        window = make_window(process, "display")
        window.setWindowTitle(title(process, "display"))
        _place(window, which, process.core.settings, windowed=windowed)
        return [window]
    [window] = build_windows(process, which)
    if which == "kiosk" and process.core.settings.kiosk.lockdown:
        locked = lock_down(window, process)
        locked.admin_exit.connect(app.quit)
        locked.show_kiosk()
        return [locked]
    window.setGeometry(fitted(SIZES[which], available_screen()))
    window.show()
    return [window]
