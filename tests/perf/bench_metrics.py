"""Shared metrics on a year of history, read from the running aggregates.

A year of ended visits (``Sizes.year_visits``, 1,000,000 by default) is written in bulk
(the services would take hours), with realistic states, waits, handling times,
returning people and survey answers; then its running aggregates are built by the
code behind ``techbar metrics rebuild``, as an operator would after upgrading. The year
(2025-11-22 to 2026-11-21) is read from 11 whole months and 30 days of rows a group.
The readings:

- the year's report against one day's, and against a bare ``COUNT(*)`` of the same
  year (the least any query over those visits costs): informative;
- the year's report against its budget of 1 s: the baseline is that budget, not a
  measurement, and the target is at most 1.0x;
- the same year computed from the raw visits (the statement the aggregates replace),
  against the report from the aggregates: informative, run once (on PostgreSQL it may
  meet the statement timeout; then the reading says so and the ratio is a lower bound).
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import insert, text

from kiosk.app.metrics import MetricsService, Period
from kiosk.cli.progress import progress_bar
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database, DatabaseError, UnitOfWork
from kiosk.store.database import STATEMENT_TIMEOUT_MS
from kiosk.store.metrics import MetricsRepository
from kiosk.store.tables import SurveyRow, VisitRow
from tests.perf.harness import Result, at_most, median_time

SITE = "bench-metrics"
LAST_DAY = date(2026, 11, 21)
TECHNICIANS = ("Dana", "Luis", "Kim", "Ada", "Noor", "Sam")
_STATES = (("resolved", 80), ("escalated", 5), ("no_show", 8), ("cancelled", 7))
#: What a year's report may take.
BUDGET_SECONDS = 1.0
BATCH = 5000


class HasYear(Protocol):
    year_visits: int


def metrics_year_vs_day(label: str, url: str, settings: Settings, sizes: HasYear) -> Result:
    """The year's metrics report against one day's (both from the aggregates)."""
    service, year, day = _prepared(url, settings, sizes.year_visits)
    try:
        year_s = median_time(lambda: service.report(year), repeat=3)
        day_s = median_time(lambda: service.report(day), repeat=10)
    finally:
        service.db.dispose()
    return Result(label, f"metrics report, a year ({sizes.year_visits:,} visits) vs a day",
                  _ms(year_s), _ms(day_s), year_s / day_s,
                  "from the running aggregates: 11 whole months' rows and 30 days' a group",
                  value=year_s, baseline_value=day_s)


def metrics_year_vs_count(label: str, url: str, settings: Settings, sizes: HasYear) -> Result:
    """The year's metrics report against a plain COUNT(*) of the same visits."""
    service, year, _day = _prepared(url, settings, sizes.year_visits)
    try:
        db = service.db

        def count() -> int:
            with UnitOfWork(db, readonly=True) as uow:
                return MetricsRepository(uow.session, db.dialect).count_ended(
                    SITE, year.start, year.end)

        count_s = median_time(count, repeat=5)
        year_s = median_time(lambda: service.report(year), repeat=3)
    finally:
        service.db.dispose()
    return Result(label, "metrics report, a year vs COUNT(*) of its visits", _ms(year_s),
                  _ms(count_s), year_s / count_s,
                  "every metric of the year against counting its visits",
                  value=year_s, baseline_value=count_s)


def metrics_year_under_a_second(label: str, url: str, settings: Settings,
                                sizes: HasYear) -> Result:
    """The year's report against its 1 s budget (target: at most 1.0x)."""
    service, year, _day = _prepared(url, settings, sizes.year_visits)
    try:
        year_s = median_time(lambda: service.report(year), repeat=5)
    finally:
        service.db.dispose()
    return Result(label, f"metrics report, a year ({sizes.year_visits:,} visits) vs 1 s",
                  _ms(year_s), "1 s budget", year_s / BUDGET_SECONDS,
                  "the baseline is the 1 s budget a year's report may take, not a measurement",
                  value=year_s, baseline_value=BUDGET_SECONDS, target=at_most(1.0))


def metrics_raw_vs_aggregates(label: str, url: str, settings: Settings,
                              sizes: HasYear) -> Result:
    """The year computed from the raw visits against the report from the aggregates."""
    service, year, _day = _prepared(url, settings, sizes.year_visits)
    try:
        year_s = median_time(lambda: service.report(year), repeat=3)
        raw_s, reading = _raw_once(service, year)
    finally:
        service.db.dispose()
    return Result(label, "metrics, a year from the raw visits vs from the aggregates",
                  _ms(raw_s) if reading.startswith("speed") else f"> {_ms(raw_s)}",
                  _ms(year_s), raw_s / year_s, reading, value=raw_s, baseline_value=year_s)


def _raw_once(service: MetricsService, year: Period) -> tuple[float, str]:
    began = time.perf_counter()
    try:
        service.report_from_visits(year)
    except DatabaseError as exc:
        if "statement timeout" not in str(exc) and "canceling statement" not in str(exc):
            raise
        return (time.perf_counter() - began,
                f"the raw statement met the {STATEMENT_TIMEOUT_MS / 1000:g} s statement "
                "timeout: the speed-up is at least this")
    return time.perf_counter() - began, "speed-up of the aggregates over the raw statement"


def _prepared(url: str, settings: Settings, visits: int) -> tuple[MetricsService, Period, Period]:
    """The service on the year's site, loading the year and its aggregates the first time."""
    db = Database(url)
    site_settings = replace(settings, site_id=SITE)
    clock = ManualClock(datetime(2026, 11, 22, 6, 0, tzinfo=UTC))
    service = MetricsService(db, site_settings, clock)
    year = service.days(LAST_DAY - timedelta(days=364), LAST_DAY)
    with UnitOfWork(db, readonly=True) as uow:
        loaded = MetricsRepository(uow.session, db.dialect).count_ended(SITE, year.start,
                                                                        year.end)
    if loaded == 0:
        load_year(db, site_settings, visits)
        with progress_bar("metrics rebuild", "days") as progress:
            service.rebuild(progress=progress)
    if service.report_from_aggregates(year) is None:
        raise RuntimeError("the year's aggregates were not built: the report would read "
                           "the visits")
    return service, year, service.days(LAST_DAY, LAST_DAY)


def load_year(db: Database, settings: Settings, visits: int, seed: int = 1) -> None:
    """Write ``visits`` ended visits spread over the 365 days up to :data:`LAST_DAY`
    (raw rows only: build their aggregates with :meth:`MetricsService.rebuild`)."""
    rng = random.Random(seed)
    per_day = max(1, visits // 365)
    people = max(50, visits // 20)
    rows: list[dict[str, Any]] = []
    surveys: list[dict[str, Any]] = []
    for offset in range(365):
        day = LAST_DAY - timedelta(days=offset)
        count = per_day + (1 if offset < visits - per_day * 365 else 0)
        for number in range(1, count + 1):
            row = _visit(rng, settings, day, number, people)
            rows.append(row)
            if row["state"] == "resolved" and rng.random() < 0.3:
                surveys.append({"visit_id": row["id"], "score": rng.choice((1, 2, 3, 3, 3)),
                                "comment": "", "at": row["ended_at"]})
    with UnitOfWork(db) as uow, progress_bar("writing a year", "visits") as progress:
        for start in range(0, len(rows), BATCH):
            uow.session.execute(insert(VisitRow), rows[start:start + BATCH])
            progress(min(start + BATCH, len(rows)), len(rows))
        for start in range(0, len(surveys), BATCH):
            uow.session.execute(insert(SurveyRow), surveys[start:start + BATCH])
        uow.commit()
    with db.engine.connect() as conn:  # fresh statistics, as autovacuum would have by now
        conn.execute(text("ANALYZE"))
        conn.commit()


def _visit(rng: random.Random, settings: Settings, day: date, number: int,
           people: int) -> dict[str, Any]:
    category = rng.choice(settings.categories)
    arrived = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
        seconds=rng.randrange(9 * 3600))
    state = rng.choices([s for s, _ in _STATES], [w for _, w in _STATES])[0]
    called = arrived + timedelta(seconds=rng.randrange(40 * 60))
    started = called + timedelta(seconds=rng.randrange(30, 180))
    ended = started + timedelta(seconds=rng.randrange(5 * 60, 45 * 60))
    if state == "cancelled":
        called_at, started_at, ended_at = None, None, called
    elif state == "no_show":
        called_at, started_at, ended_at = called, None, called + timedelta(minutes=3)
    else:
        called_at, started_at, ended_at = called, started, ended
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128))), "site": SITE,
        "service_day": day.isoformat(), "ticket_number": f"{category.prefix}-{number:04d}",
        "category": category.id, "state": state, "priority": 0,
        "requester_name": f"Person {number}", "requester_email": "",
        "requester_employee_id": f"E{rng.randrange(people)}", "description": "",
        "technician": "" if called_at is None else rng.choice(TECHNICIANS),
        "checked_in_at": arrived, "queued_at": arrived, "called_at": called_at,
        "started_at": started_at, "ended_at": ended_at, "resolution_code": "",
        "resolution_notes": "", "version": 3, "device": "", "asset_tag": "",
        "appointment_code": "", "language": "en", "time_spent_minutes": None,
        "escalation_group": "", "counter": "",
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


PER_DATABASE = (metrics_year_vs_day, metrics_year_vs_count, metrics_year_under_a_second,
                metrics_raw_vs_aggregates)
