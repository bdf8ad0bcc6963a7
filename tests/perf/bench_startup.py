"""Start-up: ``python main.py kiosk`` to its first painted window, against a bare Qt window.

Every run is a fresh process on a 1280x800 offscreen screen. The kiosk opens on a
throwaway SQLite database already at the newest schema, without demo data; the baseline
is a bare Python process that shows a ``QWidget`` holding a ``QLabel``, as large as the
kiosk. Both report their first paint the same way (the wall-clock time once the paint
has finished, written to the file named by ``TECHBAR_REPORT_FIRST_PAINT``), and both are
timed from just before the process is started. The kiosk's first paint is its start-up
window (:mod:`ui.startup`: the site's name and "Getting ready", painted before the core
loads); it reports a second line when its welcome page has painted, ready for a visitor,
then quits. That second time is printed too, against the same baseline, without a target.
Each also reports the CPU seconds it has used by then (informative: a busy machine
stretches wall time, hardly CPU time), and its peak resident set by then (``VmHWM``).
Another informative figure times the bare window after loading the core (``import
kiosk.bootstrap``): what the first paint would cost if the core loaded before it.

The processes get a bytecode cache of their own (``PYTHONPYCACHEPREFIX``, filled by a
warm-up run of each): an installed Tech Bar runs from compiled bytecode, whatever
``PYTHONDONTWRITEBYTECODE`` a developer's shell sets. The runs alternate, kiosk and
baseline (and floor), so a busy machine slows them alike; each figure is the median of
the runs.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.cli.progress import progress_bar
from kiosk.config import Settings
from tests.perf.harness import Result, at_most, sqlite_database

ROOT = Path(__file__).resolve().parents[2]
SCREEN = (1280, 800)
TIMEOUT_S = 120
#: The baseline: a QWidget with a QLabel, reporting its first paint as ``ui.app`` does.
BARE_WINDOW = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

app = QApplication(sys.argv)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            app.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        with open(os.environ["TECHBAR_REPORT_FIRST_PAINT"], "w", encoding="utf-8") as out:
            out.write(f"{time.time():.6f} {time.process_time():.6f} {peak}\\n")
        app.quit()

report = FirstPaint(app)
app.installEventFilter(report)
window = QWidget()
QVBoxLayout(window).addWidget(QLabel("Tech Bar"))
window.resize(1280, 800)
window.show()
sys.exit(app.exec())
"""
#: The same window after loading the core as ``main.py`` does (the collector off): the
#: least the kiosk could cost while it opens its database before its first paint.
CORE_THEN_BARE_WINDOW = "import gc\ngc.disable()\nimport kiosk.bootstrap\n" + BARE_WINDOW


class HasQuick(Protocol):
    quick: bool


@dataclass(frozen=True)
class Run:
    """One process: seconds from its start to its first paint, the CPU seconds it used by
    then, its peak RSS in MiB by then; and the same when its role's window had painted
    (the first paint again for a process with one window)."""

    seconds: float
    cpu_seconds: float
    peak_mib: float
    ready_seconds: float
    ready_mib: float


def first_paint(command: list[str], env: dict[str, str], folder: Path) -> Run:
    """Start ``command``, wait for it to paint and quit; its time to paint and peak memory."""
    painted = folder / "painted"
    painted.unlink(missing_ok=True)
    log = folder / "output.log"
    with log.open("wb") as output:
        started = time.time()
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                                   env={**env, "TECHBAR_REPORT_FIRST_PAINT": str(painted)})
    status, usage = _wait(process)
    text = painted.read_text(encoding="utf-8").strip() if painted.exists() else ""
    if status != 0 or not text:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"{command[1:3]} exited with {status} before reporting a paint:\n{tail}")
    first, *rest = ([float(field) for field in line.split()] for line in text.splitlines())
    ready = rest[-1] if rest else first

    def peak_mib(fields: list[float]) -> float:
        # The process's own VmHWM (KiB): ru_maxrss would keep the size of this big parent,
        # which the child had between fork and exec.
        return (fields[2] if len(fields) > 2 and fields[2] else usage.ru_maxrss) / 1024

    return Run(first[0] - started, first[1], peak_mib(first), ready[0] - started,
               peak_mib(ready))


def _wait(process: subprocess.Popen[bytes]) -> tuple[int, resource.struct_rusage]:
    """Reap ``process`` with ``wait4`` (its own resource usage), killing it after TIMEOUT_S."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage
        if time.monotonic() > deadline:
            process.kill()
        time.sleep(0.005)


def environment(folder: Path) -> dict[str, str]:
    """Offscreen on a 1280x800 screen, the default settings, a bytecode cache of its own."""
    screen = folder / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "Bench", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}), encoding="utf-8")
    kept = {k: v for k, v in os.environ.items()
            if not k.startswith(("KIOSK_", "TECHBAR_", "QT_", "PYTHON"))}
    return {**kept, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
            "PYTHONPYCACHEPREFIX": str(folder / "pycache"), "HOME": str(folder),
            "KIOSK_NO_DEMO": "1"}


def startup_kiosk(settings: Settings, sizes: HasQuick) -> list[Result]:
    """Time and memory to the kiosk's first paint, against the bare window's.

    ``settings`` is not used: the kiosk process loads the default settings, as a station
    without a settings file does.
    """
    runs = 3 if sizes.quick else 9
    with sqlite_database() as url, tempfile.TemporaryDirectory(prefix="techbar-start-") as tmp:
        folder = Path(tmp)
        env = environment(folder)
        commands = {"kiosk": [sys.executable, "main.py", "kiosk", "--no-demo", "--db", url],
                    "bare": [sys.executable, "-c", BARE_WINDOW],
                    "core": [sys.executable, "-c", CORE_THEN_BARE_WINDOW]}
        found: dict[str, list[Run]] = {name: [] for name in commands}
        with progress_bar("start-up", "processes") as progress:
            for step in range(runs + 1):
                for name, command in commands.items():
                    run = first_paint(command, env, folder)
                    if step:  # the first of each fills the bytecode cache
                        found[name].append(run)
                progress(step + 1, runs + 1)
    return _results(found["kiosk"], found["bare"], found["core"])


def _results(kiosk: list[Run], bare: list[Run], core: list[Run]) -> list[Result]:
    seconds, bare_seconds, core_seconds = (statistics.median(r.seconds for r in runs)
                                           for runs in (kiosk, bare, core))
    cpu, bare_cpu = (statistics.median(r.cpu_seconds for r in runs) for runs in (kiosk, bare))
    mib, bare_mib = (statistics.median(r.peak_mib for r in runs) for runs in (kiosk, bare))
    ready = statistics.median(r.ready_seconds for r in kiosk)
    ready_mib = statistics.median(r.ready_mib for r in kiosk)
    return [
        Result("-", "start-up to the kiosk's first paint vs a bare QWidget",
               f"{seconds * 1000:.0f} ms", f"{bare_seconds * 1000:.0f} ms",
               seconds / bare_seconds, f"median of {len(kiosk)} fresh processes each",
               value=seconds, baseline_value=bare_seconds, target=at_most(3.0)),
        Result("-", "CPU time to the kiosk's first paint vs a bare QWidget",
               f"{cpu * 1000:.0f} ms", f"{bare_cpu * 1000:.0f} ms", cpu / bare_cpu,
               "the same processes' own CPU seconds: hardly moved by a busy machine",
               value=cpu, baseline_value=bare_cpu),
        Result("-", "peak memory of the kiosk to its first paint vs a bare QWidget",
               f"{mib:.0f} MiB", f"{bare_mib:.0f} MiB", mib / bare_mib,
               "peak resident set (wait4), median of the same processes",
               value=mib, baseline_value=bare_mib, target=at_most(2.0)),
        Result("-", "start-up to the kiosk's welcome page (core open) vs a bare QWidget",
               f"{ready * 1000:.0f} ms", f"{bare_seconds * 1000:.0f} ms", ready / bare_seconds,
               "the start-up window shows meanwhile; the same processes",
               value=ready, baseline_value=bare_seconds),
        Result("-", "peak memory of the kiosk at its welcome page vs a bare QWidget",
               f"{ready_mib:.0f} MiB", f"{bare_mib:.0f} MiB", ready_mib / bare_mib,
               "peak resident set once the core is open, the same processes",
               value=ready_mib, baseline_value=bare_mib),
        Result("-", "start-up of a bare QWidget after loading the core vs without",
               f"{core_seconds * 1000:.0f} ms", f"{bare_seconds * 1000:.0f} ms",
               core_seconds / bare_seconds,
               "the floor while the core (SQLAlchemy, the services) loads before the first paint",
               value=core_seconds, baseline_value=bare_seconds),
    ]


ONCE = (startup_kiosk,)
