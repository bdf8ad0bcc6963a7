"""A year of realistic history, written in bulk: ended visits, their timelines, the change feed.

The services would take hours to write a million visits, so this writes the rows they
would have written, straight through the database driver (SQLite ``executemany``,
PostgreSQL ``COPY``): every visit has a daily ticket number, a state reached by the
real transitions (resolved, escalated, no-show, cancelled), its timeline events
(3.8 a visit on average, as on a real floor), a change-feed row per event, and a
three-faces survey answer for 30 % of the resolved visits.
Afterwards the tables are analysed, as autovacuum would have done by then.

Used by the benchmarks that prove a window's work does not grow with history.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from kiosk.cli.progress import progress_bar
from kiosk.config import Settings
from kiosk.store import Database, UnitOfWork

LAST_DAY = date(2026, 11, 21)
TECHNICIANS = ("Dana", "Luis", "Kim", "Ada", "Noor", "Sam", "Ravi", "Mia")
_STATES = (("resolved", 80), ("escalated", 5), ("no_show", 8), ("cancelled", 7))
VISIT_COLUMNS = (
    "id", "site", "service_day", "ticket_number", "category", "state", "priority",
    "requester_name", "requester_email", "requester_employee_id", "description", "technician",
    "checked_in_at", "queued_at", "called_at", "started_at", "ended_at", "resolution_code",
    "resolution_notes", "version", "device", "asset_tag", "appointment_code", "language",
    "time_spent_minutes", "escalation_group", "counter")
EVENT_COLUMNS = ("visit_id", "action", "from_state", "to_state", "at", "actor", "note")
CHANGE_COLUMNS = ("topic", "entity_id", "at")
SURVEY_COLUMNS = ("visit_id", "score", "comment", "at")
SURVEY_SHARE = 0.3  # of resolved visits, answered on the kiosk's three faces
BATCH = 20_000
Progress = Callable[[int, int], None]


@dataclass
class _Rows:
    visits: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    changes: list[tuple[Any, ...]]
    surveys: list[tuple[Any, ...]]


def load_history(db: Database, settings: Settings, visits: int, *, days: int = 365,
                 seed: int = 1, last_day: date = LAST_DAY,
                 progress: Progress | None = None) -> None:
    """Write ``visits`` ended visits of ``settings.site_id`` over the ``days`` to ``last_day``.

    Args:
        progress: called with (visits written, visits in all) after each batch.
    """
    writer = _postgres_writer if db.dialect == "postgresql" else _sqlite_writer
    raw = db.engine.raw_connection()
    written = 0
    try:
        for batch in _batches(settings, visits, days, seed, last_day):
            writer(raw, batch)
            written += len(batch.visits)
            if progress is not None:
                progress(written, visits)
        raw.commit()
    finally:
        raw.close()
    with db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def ensure_history(db: Database, settings: Settings, visits: int) -> None:
    """Write the site's year of history unless it is there: one per database, shared by
    the benchmarks that read it (reports, windows on a long history)."""
    with UnitOfWork(db, readonly=True) as uow:
        if uow.visits.count_by_state(settings.site_id).get("resolved", 0):
            return
    with progress_bar("writing history", "visits") as progress:
        load_history(db, settings, visits, progress=progress)


def _batches(settings: Settings, visits: int, days: int, seed: int,
             last_day: date) -> Iterator[_Rows]:
    # Seeded by the site too: another loader's visits in the same database never share ids.
    rng = random.Random(f"{settings.site_id}/{seed}/history")
    per_day, extra = divmod(visits, days)
    people = max(50, visits // 20)
    rows = _Rows([], [], [], [])
    for offset in range(days - 1, -1, -1):
        day = last_day - timedelta(days=offset)
        for number in range(1, per_day + (1 if offset < extra else 0) + 1):
            _add_visit(rows, rng, settings, day, number, people)
            if len(rows.visits) >= BATCH:
                yield rows
                rows = _Rows([], [], [], [])
    if rows.visits:
        yield rows


def _add_visit(rows: _Rows, rng: random.Random, settings: Settings, day: date, number: int,
               people: int) -> None:
    category = rng.choice(settings.categories)
    arrived = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
        seconds=rng.randrange(9 * 3600))
    state = rng.choices([s for s, _ in _STATES], [w for _, w in _STATES])[0]
    called = arrived + timedelta(seconds=rng.randrange(40 * 60))
    started = called + timedelta(seconds=rng.randrange(30, 180))
    ended = started + timedelta(seconds=rng.randrange(5 * 60, 45 * 60))
    technician = rng.choice(TECHNICIANS)
    visit_id = str(uuid.UUID(int=rng.getrandbits(128)))
    steps: list[tuple[str, str | None, str, datetime, str]] = [
        ("check_in", None, "waiting", arrived, "kiosk")]
    if state == "cancelled":
        called_at, started_at, ended_at, technician = None, None, called, ""
        steps.append(("cancel", "waiting", "cancelled", ended_at, "front desk"))
    elif state == "no_show":
        called_at, started_at, ended_at = called, None, called + timedelta(minutes=3)
        steps += [("call", "waiting", "called", called, technician),
                  ("no_show", "called", "no_show", ended_at, technician)]
    else:
        called_at, started_at, ended_at = called, started, ended
        steps += [("call", "waiting", "called", called, technician),
                  ("start", "called", "in_service", started, technician),
                  ("resolve" if state == "resolved" else "escalate", "in_service", state, ended,
                   technician)]
    rows.visits.append((
        visit_id, settings.site_id, day.isoformat(), f"{category.prefix}-{number:04d}",
        category.id, state, 0, f"Person {number}", "",
        f"E{rng.randrange(people)}", "", technician, arrived, arrived, called_at, started_at,
        ended_at, "fixed" if state == "resolved" else "", "", len(steps), "", "", "", "en",
        None, "Desk side" if state == "escalated" else "", ""))
    if state == "resolved" and rng.random() < SURVEY_SHARE:
        rows.surveys.append((visit_id, rng.choice((1, 2, 3, 3, 3)), "", ended_at))
    for action, before, after, at, actor in steps:
        rows.events.append((visit_id, action, before, after, at, actor, ""))
        rows.changes.append(("visit", visit_id, at))


def _sqlite_writer(raw: Any, rows: _Rows) -> None:
    cursor = raw.cursor()
    cursor.execute("BEGIN IMMEDIATE")  # the store's connections leave BEGIN to us
    for table, columns, values in _tables(rows):
        marks = ", ".join("?" for _ in columns)
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                           [tuple(_sqlite(v) for v in row) for row in values])
    cursor.execute("COMMIT")
    cursor.close()


def _postgres_writer(raw: Any, rows: _Rows) -> None:
    cursor = raw.cursor()
    for table, columns, values in _tables(rows):
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
    cursor.close()


def _tables(rows: _Rows) -> tuple[tuple[str, tuple[str, ...], list[tuple[Any, ...]]], ...]:
    return (("visits", VISIT_COLUMNS, rows.visits),
            ("visit_events", EVENT_COLUMNS, rows.events),
            ("changes", CHANGE_COLUMNS, rows.changes),
            ("surveys", SURVEY_COLUMNS, rows.surveys))


def _sqlite(value: Any) -> Any:
    """A value as the store writes it to SQLite (datetimes naive UTC, as text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value
