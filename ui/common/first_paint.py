"""How a window process tells a benchmark when it painted (``TECHBAR_REPORT_FIRST_PAINT``).

Set to a file's path, the process writes there one line when its first window has
painted and another when its role's window has (the same moment when the role's
window is the first), each with the wall-clock time (seconds since the epoch, once the
paint has finished), the CPU seconds used so far and the peak resident memory in KiB,
then quits: how ``tests/perf/bench_startup.py`` and ``tests/gui/test_imports.py`` time
and inspect a start-up. Not meant for running a Tech Bar.

The first paint is caught by an event filter on the whole application, removed at once:
a Python filter that saw every event would take the interpreter's lock from the thread
opening the core for each frame of the start-up window's animation, and slow the very
start-up it times. The role's windows are then watched one by one (:meth:`watch`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

REPORT_FIRST_PAINT = "TECHBAR_REPORT_FIRST_PAINT"


class FirstPaintReport(QObject):
    """The two lines of :data:`REPORT_FIRST_PAINT`; ``watch`` the role's windows when a
    start-up window painted first (:meth:`expect_startup`)."""

    def __init__(self, app: QApplication, path: Path) -> None:
        super().__init__(app)
        self.app, self.path = app, path
        self.lines: list[str] = []
        self._startup = False
        self._watched: list[QWidget] = []
        app.installEventFilter(self)

    @classmethod
    def install(cls, app: QApplication) -> FirstPaintReport | None:
        """A report on ``app`` when the environment asks for one."""
        path = os.environ.get(REPORT_FIRST_PAINT)
        return cls(app, Path(path)) if path else None

    @classmethod
    def of(cls, app: QApplication) -> FirstPaintReport | None:
        return app.findChild(cls)

    def expect_startup(self) -> None:
        """The first window to paint is the start-up window, not the role's."""
        self._startup = True

    def watch(self, windows: Iterable[QWidget]) -> None:
        """The role's windows, now shown: their first paint is the second line."""
        for window in windows:
            self._watched.append(window)
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if watched in self._watched:
            for window in self._watched:
                window.removeEventFilter(self)
            self._watched.clear()
            QTimer.singleShot(0, self._role_painted)  # once this paint pass has finished
        elif not self.lines and watched is not self.app:
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self._first_painted)
        return False

    def _first_painted(self) -> None:
        if not self.lines:
            self._write(1 if self._startup else 2)
        if not self._startup:
            self.app.quit()

    def _role_painted(self) -> None:
        self._write(2 - len(self.lines))
        self.app.quit()

    def _write(self, count: int) -> None:
        line = f"{time.time():.6f} {time.process_time():.6f} {_peak_kib()}\n"
        self.lines.extend([line] * count)
        self.path.write_text("".join(self.lines), encoding="utf-8")


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
