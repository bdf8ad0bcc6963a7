"""Every window as the app opens it on a 1366x768 laptop: same construction, fitted size.

The other screenshots show each screen in detail at the size it is designed for; these
show what a newcomer running ``make run`` on a laptop sees: each window built by
:func:`ui.app.make_window`, at :func:`ui.launcher.fitted` size (the kiosk full screen).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from kiosk.bootstrap import Core
from ui.app import SIZES, Process, make_window
from ui.common.forecasts import ForecastFollower
from ui.console.view import ConsoleView
from ui.launcher import fitted
from ui.screenshots.camera import Camera, quiet_process

LAPTOP = QRect(0, 0, 1366, 768)
ROLES = ("kiosk", "console", "liaison", "display")


def laptop_size(name: str) -> tuple[int, int]:
    """The size the app gives ``name`` on a 1366x768 screen (the kiosk: the whole screen)."""
    if name == "kiosk":
        return LAPTOP.width(), LAPTOP.height()
    size = fitted(SIZES[name], LAPTOP)
    return size.width(), size.height()


def build(process: Process, name: str) -> QWidget:
    """The window as the app builds it, at its laptop size, shown and settled."""
    window = make_window(process, name)
    window.resize(*laptop_size(name))
    if isinstance(window, ConsoleView):
        technicians = process.core.technicians.list()
        if technicians:
            window.sign_in_as(technicians[0])
    window.show()
    return window


def render_laptop_screenshots(core: Core, out: Path) -> list[Path]:
    """``laptop-<window>.png`` for every window, at the size it opens at on a laptop."""
    with quiet_process(core) as (runner, feed):
        process = Process(core, runner, feed)
        shots = Camera(out, runner)
        for name in ROLES:
            window = build(process, name)
            try:
                feed.poll_now()
                shots.settle()
                forecasts = getattr(window, "forecasts", None)
                if isinstance(forecasts, ForecastFollower):
                    forecasts.run_now()  # the expected calls, as a second later
                shots.take(window, f"laptop-{name}")
            finally:
                window.close()
                window.deleteLater()
        return shots.written
