"""Start the GUI: the application object, the theme, the windows and the event loop."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app.security import PinGate
from kiosk.app.visits import VisitService
from kiosk.clock import SystemClock
from kiosk.config import Settings
from ui.checkin.lockdown import KioskWindow
from ui.checkin.view import CheckInView
from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme
from ui.console.view import ConsoleView
from ui.liaison.view import LiaisonView

WINDOWS = ("all", "kiosk", "console", "liaison")
_TITLES = {"kiosk": "Check in", "console": "Technician console", "liaison": "Floor"}
SIZES = {"kiosk": (1280, 800), "console": (1360, 820), "liaison": (1200, 760)}


def build_windows(service: VisitService, settings: Settings, which: str,
                  runner: TaskRunner | None = None) -> list[QWidget]:
    """The windows for ``which`` ("all", "kiosk", "console" or "liaison"), not yet shown.

    They share ``runner`` (a new one when not given); each window's ``runner``
    attribute is it, so the caller can shut it down. The views read categories and
    the site from ``service.settings``; ``settings`` names the windows.

    Raises:
        ValueError: ``which`` is not one of :data:`WINDOWS`.
    """
    if which not in WINDOWS:
        raise ValueError(f"unknown window '{which}': use one of {', '.join(WINDOWS)}")
    runner = runner or TaskRunner()
    names = ("kiosk", "console", "liaison") if which == "all" else (which,)
    windows: list[QWidget] = []
    for name in names:
        window: QWidget
        if name == "kiosk":
            window = CheckInView(service, runner)
        elif name == "console":
            window = ConsoleView(service, runner)
        else:
            window = LiaisonView(service, runner)
        window.resize(*SIZES[name])
        window.setWindowTitle(f"{settings.site_name} \u2014 {_TITLES[name]}")
        windows.append(window)
    return windows


def lock_down(kiosk_view: QWidget, admin_pin_hash: str) -> KioskWindow:
    """The kiosk view in a locked, full-screen window that only the admin PIN opens.

    Lock-down applies to ``which == "kiosk"`` only: with all windows on one screen a
    full-screen kiosk would hide the others. Without a usable ``admin_pin_hash`` no PIN
    opens it (the process must then be stopped from outside).
    """
    return KioskWindow(kiosk_view, PinGate(admin_pin_hash, SystemClock()))


def run_app(service: VisitService, settings: Settings, which: str, argv: list[str]) -> int:
    """Open the windows and run the event loop; the exit code of the application.

    The task runner's threads are drained when the application quits.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Tech Bar")
    app.setApplicationDisplayName(settings.site_name)
    kiosk = getattr(settings, "kiosk", None)
    apply_theme(app, str(getattr(kiosk, "theme", "light")),
                large_text=bool(getattr(kiosk, "large_text", False)))
    runner = TaskRunner()
    windows = build_windows(service, settings, which, runner)
    if which == "kiosk" and getattr(kiosk, "lockdown", False):
        windows = [lock_down(windows[0], str(getattr(kiosk, "admin_pin_hash", "")))]
    app.aboutToQuit.connect(runner.shutdown)
    for offset, window in enumerate(windows):
        if isinstance(window, KioskWindow):
            window.admin_exit.connect(app.quit)
            window.show_kiosk()
            continue
        window.move(40 + 60 * offset, 40 + 40 * offset)
        window.show()
    try:
        return app.exec()
    finally:
        runner.shutdown()
