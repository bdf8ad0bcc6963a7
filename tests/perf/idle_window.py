"""One window left alone, in its own process: how much of a core it costs while nothing happens.

``python -m tests.perf.idle_window ROLE URL SECONDS [SETTLE]`` opens the role's window (``display``,
``console`` signed in, ``liaison``; or ``bare``: a QWidget whose label shows a clock
ticking every second, the least a floor window does) on the database at URL, waits
until it has loaded the floor, then lets the event loop run for SECONDS and prints
one JSON line: ``{"role": ..., "cpu": seconds of CPU, "wall": seconds}``. The CPU time
is the whole process's (every thread: the GUI and the feed's workers).

Run by :mod:`tests.perf.bench_history`; offscreen, with the wall clock.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SETTLE_SECONDS = 4.0


def main(argv: list[str]) -> int:
    role, url, seconds = argv[0], argv[1], float(argv[2])
    settle = float(argv[3]) if len(argv) > 3 else SETTLE_SECONDS
    app = QApplication([])
    keep = _open(role, url)
    began: dict[str, float] = {}

    def start() -> None:
        began["cpu"], began["wall"] = time.process_time(), time.perf_counter()
        QTimer.singleShot(int(seconds * 1000), app.quit)

    QTimer.singleShot(int(settle * 1000), start)
    app.exec()
    cpu, wall = time.process_time() - began["cpu"], time.perf_counter() - began["wall"]
    print(json.dumps({"role": role, "cpu": cpu, "wall": wall}), flush=True)
    del keep
    os._exit(0)  # the measurement is printed; skip the teardown of threads and windows


def _open(role: str, url: str) -> object:
    if role == "bare":
        label = QLabel("--:--:--")
        window = QWidget()
        label.setParent(window)
        window.resize(1280, 800)
        window.show()
        timer = QTimer(window)
        timer.timeout.connect(lambda: label.setText(time.strftime("%H:%M:%S")))
        timer.start(1000)
        return window
    from kiosk.bootstrap import build_core
    from ui.app import SIZES, Process, make_window

    core = build_core(database_url=url)
    process = Process.start(core)
    window = make_window(process, role)
    window.resize(*SIZES[role])
    window.show()
    if role == "console":
        technician = core.technicians.add(name="Idle Bench", pin="2468")
        window.sign_in_as(core.technicians.sign_in(technician.id, "2468"))  # type: ignore[attr-defined]
    process.feed.start()
    return process, window


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
