"""The benchmarks. Each measures something and a baseline in the same run, and reports the ratio.

Ratios, not absolute numbers: they stay comparable between a laptop and a CI box.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.app.visits import VisitService
from kiosk.config import Settings
from kiosk.errors import NothingWaiting
from kiosk.sim.simulate import MAX_TECHNICIANS, run_simulation
from kiosk.store import Database
from tests.perf.harness import (
    Result,
    as_autovacuum_would,
    at_most,
    fill_line,
    in_threads,
    median_time,
    new_service,
    on_site,
    repeated,
    timed,
)

OPENING = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
#: The small simulated day is timed this many times before the big one and as many after
#: (it lasts one to three seconds; the big one minutes).
SMALL_DAYS = 3
#: The small days after the big one open on a day of another month, so they write rows of
#: the aggregates of their own (the big day's are no cheaper or dearer to them).
LATER_OPENING = OPENING + timedelta(days=40)


@dataclass(frozen=True)
class Sizes:
    """How much work each benchmark does (``quick`` for a smoke run of the harness)."""

    claims: int = 200
    threads: int = 8
    cycles: int = 100
    round_trips: int = 300
    short_line: int = 10
    long_line: int = 1000
    small_day: int = 100
    big_day: int = 10_000
    history: int = 1_000_000
    small_history: int = 1_000
    short_floor: int = 50
    busy_line: int = 5_000
    quick: bool = False


QUICK = Sizes(claims=40, threads=4, cycles=20, round_trips=50, short_line=5, long_line=100,
              small_day=20, big_day=400, history=20_000, busy_line=500,
              quick=True)


def call_next_scaling(label: str, url: str, settings: Settings, sizes: Sizes) -> Result:
    """call_next throughput of many technicians at once against one technician alone."""
    alone = _claim_rate(url, on_site(settings, "bench-claim-1"), sizes.claims, threads=1)
    crowd = _claim_rate(url, on_site(settings, "bench-claim-n"), sizes.claims, sizes.threads)
    return Result(label, f"call_next throughput, {sizes.threads} threads vs 1",
                  f"{crowd:.0f} calls/s", f"{alone:.0f} calls/s", crowd / alone,
                  ">1: technicians work in parallel; <1: they queue on a lock")


def _claim_rate(url: str, settings: Settings, count: int, threads: int) -> float:
    db = Database(url)
    try:
        fill_line(new_service(db, settings), count)
    finally:
        db.dispose()
    engines = [Database(url) for _ in range(threads)]
    try:
        services = [new_service(db, settings) for db in engines]
        for service in services:
            service.latest_change()  # open a connection before the clock starts

        def claimed(index: int) -> int:
            return _claim_until_empty(services[index], f"tech-{index}")

        totals: list[int] = []
        seconds = timed(lambda: totals.extend(in_threads(claimed, threads)))
    finally:
        for db in engines:
            db.dispose()
    if sum(totals) != count:
        raise RuntimeError(f"{sum(totals)} visits claimed out of {count}")
    return count / seconds


def _claim_until_empty(service: VisitService, technician: str) -> int:
    claimed = 0
    while True:
        try:
            service.call_next(technician, several=True)
        except NothingWaiting:
            return claimed
        claimed += 1


def visit_cycle(label: str, url: str, settings: Settings, sizes: Sizes) -> Result:
    """check_in + call_next + start + resolve, against a bare SELECT 1 round trip."""
    db = Database(url)
    try:
        service = new_service(db, on_site(settings, "bench-cycle"))
        round_trip = timed(repeated(db.check, sizes.round_trips)) / sizes.round_trips

        def cycle() -> None:
            visit = service.check_in(name="Cycle Visitor", category="laptop")
            called = service.call_next("tech-1")
            if called.id != visit.id:
                raise RuntimeError("the benchmark line was not empty")
            service.start(visit.id, "tech-1")
            service.resolve(visit.id, "tech-1", "fixed", "benchmark")

        cycle()  # warm-up
        seconds = timed(repeated(cycle, sizes.cycles)) / sizes.cycles
    finally:
        db.dispose()
    return Result(label, "visit cycle (4 transactions) vs SELECT 1",
                  f"{1 / seconds:.0f} cycles/s", f"{1 / round_trip:.0f} round trips/s",
                  seconds / round_trip, "round trips' worth of time per visit cycle")


def queue_listing(label: str, url: str, settings: Settings, sizes: Sizes) -> Result:
    """active_visits() with a long line against a short one."""
    db = Database(url)
    try:
        service = new_service(db, on_site(settings, "bench-list"))
        fill_line(service, sizes.short_line)
        short = median_time(service.active_visits, repeat=30)
        fill_line(service, sizes.long_line - sizes.short_line)
        long = median_time(service.active_visits, repeat=7)
        if len(service.active_visits()) != sizes.long_line:
            raise RuntimeError("the line does not have the expected length")
    finally:
        db.dispose()
    growth = sizes.long_line / sizes.short_line
    return Result(label, f"active_visits, {sizes.long_line} waiting vs {sizes.short_line}",
                  _ms(long), _ms(short), long / short, f"{growth:.0f}x is linear in rows")


def simulated_day(label: str, url: str, settings: Settings, sizes: Sizes) -> Result:
    """Wall time of a simulated day, a big one against a small one (equally staffed).

    The small day is run once to warm up, then :data:`SMALL_DAYS` times before the big
    day and as many after it (on a day of another month); the median of those counts.
    The big day lasts minutes and so averages over whatever else the machine does, a
    small one a second or two: timed only before, one quiet or busy moment of the
    machine moved the ratio by a fifth either way (PostgreSQL, the same code: 92.8x to
    127.9x). On PostgreSQL the database is vacuumed as autovacuum would (each minute)
    when the server runs without it.
    """
    db = Database(url)
    try:
        with as_autovacuum_would(url):
            _day_seconds(db, settings, sizes.small_day)  # warm: the baseline is a second long
            smalls = [_day_seconds(db, settings, sizes.small_day) for _ in range(SMALL_DAYS)]
            big = _day_seconds(db, settings, sizes.big_day)
            smalls += [_day_seconds(db, settings, sizes.small_day, LATER_OPENING)
                       for _ in range(SMALL_DAYS)]
            small = statistics.median(smalls)
    finally:
        db.dispose()
    growth = sizes.big_day / sizes.small_day
    return Result(label, f"simulated day, {sizes.big_day:,} visitors vs {sizes.small_day}",
                  f"{big:.2f} s", f"{small:.2f} s", big / small,
                  f"{growth:.0f}x is linear in visitors", big, small, at_most(1.1 * growth))


def _day_seconds(db: Database, settings: Settings, visitors: int,
                 opening: datetime = OPENING) -> float:
    # About as busy as a real tech bar, within what simulate accepts.
    technicians = min(MAX_TECHNICIANS, max(1, math.ceil(visitors / 50)))
    report = run_simulation(db, settings, visitors=visitors, technicians=technicians,
                            seed=1, start=opening)
    if sum(report.by_state.values()) != visitors:
        raise RuntimeError("the simulated day left visits open")
    return report.wall_seconds


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


PER_DATABASE = (call_next_scaling, visit_cycle, queue_listing, simulated_day)
