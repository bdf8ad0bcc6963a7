"""One window left alone, in its own process: how much of a core it costs while nothing happens.

``python -m tests.perf.idle_window ROLE URL SECONDS [SETTLE [SYNC_DIR]]`` opens the role's
window (``display``, ``console`` signed in, ``liaison``; or ``bare``: a QWidget whose
label shows a clock ticking every second, the least a floor window does) on the
database at URL, waits until it has loaded (the floor read, the first forecast of the
line delivered, no task in flight), lets SETTLE more seconds pass, then lets the event
loop run for SECONDS and prints one JSON line: ``{"role": ..., "cpu": seconds of CPU, "wall":
seconds, "loaded": seconds from opening to loaded}``. The CPU time is the whole
process's (every thread: the GUI and the feed's workers). With SYNC_DIR, windows
measured side by side start together: each, once loaded, writes ``ROLE.loaded`` there
and waits for a file ``go`` before its SETTLE seconds begin. Start-up work is not idle
work; what recurs (ticks, safety polls, forecast refreshes) falls inside the SECONDS
measured when they are long enough (see :mod:`tests.perf.bench_history`).

Run by :mod:`tests.perf.bench_history`; offscreen, with the wall clock.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SETTLE_SECONDS = 1.0
#: A window not loaded by then fails the measurement.
LOAD_TIMEOUT_SECONDS = 300.0
LOAD_CHECK_MS = 100
BENCH_TECHNICIAN, BENCH_PIN = "Idle Bench", "2468"


def main(argv: list[str]) -> int:
    role, url, seconds = argv[0], argv[1], float(argv[2])
    settle = float(argv[3]) if len(argv) > 3 else SETTLE_SECONDS
    sync = Path(argv[4]) if len(argv) > 4 else None
    app = QApplication([])
    opened_at = time.perf_counter()
    keep = _open(role, url)
    began: dict[str, float] = {}

    def start() -> None:
        began["cpu"], began["wall"] = time.process_time(), time.perf_counter()
        QTimer.singleShot(int(seconds * 1000), app.quit)

    def wait_for_go() -> None:
        if sync is None or (sync / "go").exists():
            QTimer.singleShot(int(settle * 1000), start)
        else:
            QTimer.singleShot(LOAD_CHECK_MS, wait_for_go)

    def check() -> None:
        if _loaded(keep):
            began["loaded"] = time.perf_counter() - opened_at
            if sync is not None:
                (sync / f"{role}.loaded").touch()
            wait_for_go()
        elif time.perf_counter() - opened_at > LOAD_TIMEOUT_SECONDS:
            app.exit(1)
        else:
            QTimer.singleShot(LOAD_CHECK_MS, check)

    check()
    if app.exec() != 0:
        print(f"the {role} window did not load within {LOAD_TIMEOUT_SECONDS:.0f} s",
              file=sys.stderr, flush=True)
        os._exit(1)
    cpu, wall = time.process_time() - began["cpu"], time.perf_counter() - began["wall"]
    print(json.dumps({"role": role, "cpu": cpu, "wall": wall, "loaded": began["loaded"]}),
          flush=True)
    os._exit(0)  # the measurement is printed; skip the teardown of threads and windows


def _open(role: str, url: str) -> Any:
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
        window.sign_in_as(_bench_technician(core))  # type: ignore[attr-defined]
    process.feed.start()
    return process, window


def _loaded(opened: Any) -> bool:
    """Whether the window has done its start-up work: the feed's first read, the first
    forecast of the line (staff windows), and nothing left in flight."""
    if isinstance(opened, QWidget):
        return True
    process, window = opened
    forecasts = getattr(window, "forecasts", None)
    return (process.feed.is_loaded and process.runner.pending == 0
            and (forecasts is None or forecasts.delivered > 0))


def _bench_technician(core: Any) -> Any:
    """The bench's technician, signed in (added on the first run on this database)."""
    known = {t.name: t for t in core.technicians.list()}
    technician = known.get(BENCH_TECHNICIAN) or core.technicians.add(
        name=BENCH_TECHNICIAN, pin=BENCH_PIN)
    return core.technicians.sign_in(technician.id, BENCH_PIN)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
