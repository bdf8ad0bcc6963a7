"""Shared metrics on a year of history: the year's report against one day's, and against COUNT.

A year of ended visits (``Sizes.year_visits``, 100,000 by default) is written in bulk
(the services would take hours), with realistic states, waits, handling times,
returning people and survey answers. The metrics are one SQL statement found through
``ix_visits_ended``; the readings say how the year compares with one day, and with a
bare ``COUNT(*)`` over the same year (the least any query over those rows costs).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import insert, text

from kiosk.app.metrics import MetricsService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database, UnitOfWork
from kiosk.store.metrics import MetricsRepository
from kiosk.store.tables import SurveyRow, VisitRow
from tests.perf.harness import Result, median_time

SITE = "bench-metrics"
LAST_DAY = date(2026, 11, 21)
TECHNICIANS = ("Dana", "Luis", "Kim", "Ada", "Noor", "Sam")
_STATES = (("resolved", 80), ("escalated", 5), ("no_show", 8), ("cancelled", 7))


class HasYear(Protocol):
    year_visits: int


def metrics_year_vs_day(label: str, url: str, settings: Settings, sizes: HasYear) -> Result:
    """The year's metrics report against one day's (same statement, 365x the rows)."""
    service, year, day = _prepared(url, settings, sizes.year_visits)
    try:
        year_s = median_time(lambda: service.report(year), repeat=3)
        day_s = median_time(lambda: service.report(day), repeat=10)
    finally:
        service.db.dispose()
    return Result(label, f"metrics report, a year ({sizes.year_visits:,} visits) vs a day",
                  _ms(year_s), _ms(day_s), year_s / day_s, "365 days' rows; ~365x is linear")


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
    return Result(label, "metrics report, a year vs COUNT(*) of it", _ms(year_s), _ms(count_s),
                  year_s / count_s, "cost of every metric over counting the rows")


def _prepared(url: str, settings: Settings, visits: int) -> tuple[MetricsService, Any, Any]:
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
    return service, year, service.days(LAST_DAY, LAST_DAY)


def load_year(db: Database, settings: Settings, visits: int, seed: int = 1) -> None:
    """Write ``visits`` ended visits spread over the 365 days up to :data:`LAST_DAY`."""
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
    with UnitOfWork(db) as uow:
        for start in range(0, len(rows), 5000):
            uow.session.execute(insert(VisitRow), rows[start:start + 5000])
        for start in range(0, len(surveys), 5000):
            uow.session.execute(insert(SurveyRow), surveys[start:start + 5000])
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
