"""What the windows ask while the floor runs must not grow with history, nor with the line.

- **History**: the same floor (a line of ``Sizes.short_floor`` and three technicians at
  work) on two databases, one with ``Sizes.small_history`` ended visits of the last
  two weeks behind it (a young site) and one with ``Sizes.history`` over a year
  (1,000,000 by default), written by :mod:`tests.perf.history`. Each window query at
  the big history against the small one: target at most 1.2x. Two databases, not two
  sites of one, so a query that forgot the site still pays for the whole table.
- **Line**: ``call_next`` and the board with ``Sizes.busy_line`` waiting (5,000)
  against ``Sizes.short_floor`` (50), on the big history: target at most 2x.
- **Idle**: the board, the console and the liaison view, each in its own process on
  the big history with the busy line, left alone: under 1 % of a core.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from kiosk.app.floor import FloorService
from kiosk.app.visits import VisitService
from kiosk.cli.progress import progress_bar
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database, UnitOfWork
from tests.perf.harness import (
    CATEGORIES,
    START,
    Result,
    at_most,
    postgres_database,
    server_of,
    sqlite_database,
    timed,
)
from tests.perf.history import ensure_history, load_history

Work = Callable[[], object]
ROUNDS = 40
IDLE_BUDGET = 0.01
#: An idle window's measurement at full size: one quiet-floor forecast refresh (a minute
#: after the last forecast, ``ui.common.forecasts.REFRESH_MS``, then its settling time)
#: and three of the feed's safety polls fall inside it.
IDLE_SECONDS = 64.0
#: The windows measured, beside a bare one (for scale).
IDLE_ROLES = ("display", "console", "liaison")
#: Loading every window side by side on a year of history may take a while.
IDLE_LOAD_TIMEOUT = 420.0


def history_growth(label: str, url: str, settings: Settings, sizes: object) -> list[Result]:
    """Each window query on a year of history against the same query on a short one.

    Both floors are prepared first and the two are timed in alternation, query by
    query, so a busy moment of the machine falls on both alike.
    """
    history, small, floor = _sizes(sizes, "history", "small_history", "short_floor")
    with _fresh(label, url) as small_url:
        short_db, long_db = Database(small_url), Database(url)
        try:
            # A young site: its few visits are all recent, so the recent handling
            # times an estimate reads (two weeks, at most 200) are as many as a year's.
            load_history(short_db, settings, small, days=14)
            ensure_history(long_db, settings, history)
            short_work = _window_queries(short_db, settings, floor)
            long_work = _window_queries(long_db, settings, floor)
            timings = {name: _alternating(short_work[name], long_work[name], ROUNDS)
                       for name in short_work}
        finally:
            short_db.dispose()
            long_db.dispose()
    return [Result(label, f"{name}, {history:,} visits of history vs {small:,}",
                   _ms(big), _ms(short), big / short, "1x: does not grow with history",
                   big, short, at_most(1.2))
            for name, (short, big) in timings.items()]


def _alternating(first: Work, second: Work, rounds: int) -> tuple[float, float]:
    """Median seconds of ``first`` and of ``second``, timed one after the other."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        times[0].append(timed(first))
        times[1].append(timed(second))
    return statistics.median(times[0]), statistics.median(times[1])


def line_growth(label: str, url: str, settings: Settings, sizes: object) -> list[Result]:
    """``call_next`` and the board with a long line against a short one (big history).

    Both lines are filled first, then timed in alternation. A call is made with
    ``several`` so one technician keeps calling; each call shortens its line by one,
    and the short line is long enough for every round.
    """
    history, busy, floor = _sizes(sizes, "history", "busy_line", "short_floor")
    db = Database(url)
    try:
        ensure_history(db, settings, history)
        short = _line_work(db, replace(settings, site_id="line-short"), floor)
        long = _line_work(db, replace(settings, site_id="line-long"), busy)
        timings = {name: _alternating(short[name], long[name], min(ROUNDS, floor // 2))
                   for name in short}
    finally:
        db.dispose()
    return [Result(label, f"{name}, {busy:,} waiting vs {floor}", _ms(slow), _ms(fast),
                   slow / fast, f"{busy / floor:.0f}x would be linear in the line", slow, fast,
                   at_most(2.0))
            for name, (fast, slow) in timings.items()]


def idle_windows(label: str, url: str, settings: Settings, sizes: object) -> list[Result]:
    """CPU of the board, the console and the liaison view left alone on a busy floor.

    Each runs in its own process (:mod:`tests.perf.idle_window`) on the big history
    with ``Sizes.busy_line`` waiting, all side by side as on a real floor, measured
    together once every one has loaded; the budget is 1 % of a core. At full size they
    are measured for :data:`IDLE_SECONDS`, long enough to take in what recurs less often
    than the ticks: a quiet floor's forecast refresh, the feed's safety polls, the
    liaison's floor reads. A bare Qt window ticking a clock every second is measured
    beside them for scale.
    """
    history, busy, quick = _sizes(sizes, "history", "busy_line", "quick")
    seconds, settle = (2.0, 0.5) if quick else (IDLE_SECONDS, 2.0)
    db = Database(url)
    try:
        ensure_history(db, settings, history)
        clock = ManualClock(START + timedelta(hours=2))
        service = VisitService(db, settings, clock, send_to_ticketing=False)
        with UnitOfWork(db, readonly=True) as uow:
            waiting = uow.visits.count_waiting(settings.site_id)
        _fill(service, clock, max(0, busy - waiting))
    finally:
        db.dispose()
    shares = _idle_cpus(("bare", *IDLE_ROLES), url, seconds, settle)
    return [Result(label, f"idle {role}, {busy:,} waiting, {history:,} of history",
                   f"{shares[role]:.2%} of a core", "1% of a core (budget)",
                   shares[role] / IDLE_BUDGET,
                   f"a bare Qt window ticking a clock: {shares['bare']:.2%}", shares[role],
                   IDLE_BUDGET, at_most(1.0))
            for role in IDLE_ROLES]


def _idle_cpus(roles: tuple[str, ...], url: str, seconds: float,
               settle: float) -> dict[str, float]:
    """The share of a core each window's process used while idle, measured side by side."""
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_CONFIG"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="techbar-idle-") as sync:
        windows = {role: subprocess.Popen(
            [sys.executable, "-m", "tests.perf.idle_window", role, url, str(seconds),
             str(settle), sync], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env) for role in roles}
        try:
            deadline = time.monotonic() + IDLE_LOAD_TIMEOUT
            while not all((Path(sync) / f"{role}.loaded").exists() for role in roles):
                if time.monotonic() > deadline or any(w.poll() is not None
                                                      for w in windows.values()):
                    break  # the one that failed says why below
                time.sleep(0.1)
            (Path(sync) / "go").touch()
            return {role: _idle_share(role, window, seconds + settle + 60)
                    for role, window in windows.items()}
        finally:
            for window in windows.values():
                if window.poll() is None:
                    window.kill()
                    window.communicate()


def _idle_share(role: str, window: subprocess.Popen[str], timeout: float) -> float:
    out, err = window.communicate(timeout=timeout)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if window.returncode != 0 or not lines:
        raise RuntimeError(f"the idle {role} window failed: {err.strip()[-500:]}")
    figures = json.loads(lines[-1])
    return float(figures["cpu"]) / float(figures["wall"])


def _window_queries(db: Database, settings: Settings, line: int) -> dict[str, Work]:
    """Each query a window makes, ready to time, on a floor of ``line`` waiting."""
    clock = ManualClock(START)
    service = VisitService(db, settings, clock, send_to_ticketing=False)
    floor = FloorService(service)
    _fill(service, clock, line)
    for technician in ("Dana", "Luis", "Kim"):
        service.call_next(technician)
    last = service.active_visits()[-1]

    def walk_in() -> None:
        clock.advance(timedelta(seconds=1))
        visit = service.check_in(name="Walk In", category="laptop")
        service.position(visit.id)
        service.estimate_wait(visit.id)
        service.cancel(visit.id, "bench")

    return {
        "kiosk walk-in (check in, place, estimate)": walk_in,
        "board": lambda: floor.board(next_count=6),
        "active_visits": service.active_visits,
        "category waits (technicians at work)": service.category_waits,
        "position": lambda: service.position(last.id),
        "changes_since (the feed's poll)": lambda: service.changes_since(
            service.latest_change() - 5),
        "estimate": lambda: service.estimate_wait(last.id),
    }


def _line_work(db: Database, settings: Settings, line: int) -> dict[str, Work]:
    clock = ManualClock(START)
    service = VisitService(db, settings, clock, send_to_ticketing=False)
    floor = FloorService(service)
    _fill(service, clock, line)
    return {"call_next": lambda: service.call_next("Bench", several=True),
            "board": lambda: floor.board(next_count=6)}


def _fill(service: VisitService, clock: ManualClock, count: int) -> None:
    with progress_bar("checking in", "visitors") as progress:
        for i in range(count):
            clock.advance(timedelta(milliseconds=100))
            service.check_in(name=f"Visitor {i}", category=CATEGORIES[i % len(CATEGORIES)])
            if i % 100 == 0:
                progress(i, count)


def _fresh(label: str, url: str) -> AbstractContextManager[str]:
    """Another throwaway database of the same kind as ``url``."""
    return postgres_database(server_of(url)) if label == "postgresql" else sqlite_database()


def _sizes(sizes: object, *names: str) -> tuple[int, ...]:
    return tuple(int(getattr(sizes, name)) for name in names)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


PER_DATABASE = (history_growth, line_growth, idle_windows)
