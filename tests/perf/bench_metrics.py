"""Shared metrics on a year of history, read from the running aggregates.

The year of ended visits the window benchmarks run on (``Sizes.history``, 1,000,000 by
default; :func:`tests.perf.history.ensure_history` writes it in bulk once per database,
with realistic states, waits, handling times, returning people and survey answers); its
running aggregates are built by the code behind ``techbar metrics rebuild``, as an
operator would after upgrading. The year
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

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

from kiosk.app.metrics import MetricsService, Period
from kiosk.cli.progress import progress_bar
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database, DatabaseError, UnitOfWork
from kiosk.store.database import STATEMENT_TIMEOUT_MS
from kiosk.store.metrics import MetricsRepository
from tests.perf.harness import Result, at_most, median_time
from tests.perf.history import LAST_DAY, ensure_history

#: What a year's report may take.
BUDGET_SECONDS = 1.0


class HasYear(Protocol):
    history: int


def metrics_year_vs_day(label: str, url: str, settings: Settings, sizes: HasYear) -> Result:
    """The year's metrics report against one day's (both from the aggregates)."""
    service, year, day = _prepared(url, settings, sizes.history)
    try:
        year_s = median_time(lambda: service.report(year), repeat=3)
        day_s = median_time(lambda: service.report(day), repeat=10)
    finally:
        service.db.dispose()
    return Result(label, f"metrics report, a year ({sizes.history:,} visits) vs a day",
                  _ms(year_s), _ms(day_s), year_s / day_s,
                  "from the running aggregates: 11 whole months' rows and 30 days' a group",
                  value=year_s, baseline_value=day_s)


def metrics_year_vs_count(label: str, url: str, settings: Settings, sizes: HasYear) -> Result:
    """The year's metrics report against a plain COUNT(*) of the same visits."""
    service, year, _day = _prepared(url, settings, sizes.history)
    try:
        db = service.db

        def count() -> int:
            with UnitOfWork(db, readonly=True) as uow:
                return MetricsRepository(uow.session, db.dialect).count_ended(
                    settings.site_id, year.start, year.end)

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
    service, year, _day = _prepared(url, settings, sizes.history)
    try:
        year_s = median_time(lambda: service.report(year), repeat=5)
    finally:
        service.db.dispose()
    return Result(label, f"metrics report, a year ({sizes.history:,} visits) vs 1 s",
                  _ms(year_s), "1 s budget", year_s / BUDGET_SECONDS,
                  "the baseline is the 1 s budget a year's report may take, not a measurement",
                  value=year_s, baseline_value=BUDGET_SECONDS, target=at_most(1.0))


def metrics_raw_vs_aggregates(label: str, url: str, settings: Settings,
                              sizes: HasYear) -> Result:
    """The year computed from the raw visits against the report from the aggregates."""
    service, year, _day = _prepared(url, settings, sizes.history)
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
    """The service on the site's year, its aggregates built the first time."""
    db = Database(url)
    clock = ManualClock(datetime(2026, 11, 22, 6, 0, tzinfo=UTC))
    service = MetricsService(db, settings, clock)
    year = service.days(LAST_DAY - timedelta(days=364), LAST_DAY)
    ensure_history(db, settings, visits)
    if service.report_from_aggregates(year) is None:
        with progress_bar("metrics rebuild", "days") as progress:
            service.rebuild(progress=progress)
    if service.report_from_aggregates(year) is None:
        raise RuntimeError("the year's aggregates were not built: the report would read "
                           "the visits")
    return service, year, service.days(LAST_DAY, LAST_DAY)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


PER_DATABASE = (metrics_year_vs_day, metrics_year_vs_count, metrics_year_under_a_second,
                metrics_raw_vs_aggregates)
