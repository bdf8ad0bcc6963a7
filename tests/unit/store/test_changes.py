"""The change feed's read after a wake: the same visits the ORM reads, on both databases."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.bootstrap import assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import Visit
from kiosk.store import Database, UnitOfWork
from kiosk.store.repositories.changes import _read, _read_on_driver, since_with_visits


def _in_zone(url: str, zone: str) -> None:
    """The database's sessions in ``zone``: timestamps come back in it unless converted."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone = '{zone}'"))
    finally:
        admin.dispose()


def _assert_utc(visit: Visit) -> None:
    for field in fields(visit):
        value = getattr(visit, field.name)
        if isinstance(value, datetime):
            assert value.tzinfo is UTC, f"{field.name}: {value!r}"


@pytest.fixture
def zoned_url(db_url: str) -> str:
    if db_url.startswith("postgresql"):
        _in_zone(db_url, "Pacific/Auckland")
    return db_url


def test_the_feed_reads_each_visit_as_the_orm_does(zoned_url: str, settings: Settings,
                                                    clock: ManualClock) -> None:
    core = assemble(Database(zoned_url), settings, clock)
    try:
        service = core.visits
        start = service.latest_change()
        done = service.check_in(name="Ana <b>", category="laptop", email="ana@example.com",
                                employee_id="E1", description="Screen\nflickers",
                                device="ThinkPad", asset_tag="A-1", language="de")
        service.call(done.id, "Dana", counter="3")
        clock.advance(timedelta(minutes=2))
        service.start(done.id, "Dana")
        clock.advance(timedelta(minutes=7))
        service.resolve(done.id, "Dana", "fixed", "new cable", time_spent_minutes=9)
        waiting = service.check_in(name="Bo", category="account")
        with UnitOfWork(service.db) as uow:  # a change of another topic names no visit
            uow.changes.append("technician", "Dana", clock.now())
            uow.commit()

        changes, visits = since_with_visits(service.db, start)

        assert [c.topic for c in changes].count("technician") == 1
        assert changes[-1].seq == service.latest_change()
        assert all(c.at.tzinfo is UTC for c in changes)
        assert set(visits) == {done.id, waiting.id}
        for visit in visits.values():
            assert visit == replace(service.get(visit.id), events=())
            _assert_utc(visit)
        assert visits[done.id].time_spent_minutes == 9
        assert visits[done.id].ended_at == clock.now()
        batch = service.changes_since(start)
        assert [v.id for v in batch.visits] == [done.id, waiting.id]
        assert since_with_visits(service.db, start, limit=2)[0] == changes[:2]
        assert since_with_visits(service.db, changes[-1].seq) == ([], {})
    finally:
        core.close()


@pytest.mark.postgres
def test_the_statement_reads_the_same_through_sqlalchemy_and_the_driver(
        postgres_url: str, settings: Settings, clock: ManualClock) -> None:
    """The LATERAL statement runs through SQLAlchemy too (a PostgreSQL driver other than
    psycopg takes that way): the same rows as on psycopg's own connection."""
    core = assemble(Database(postgres_url), settings, clock)
    try:
        a = core.visits.check_in(name="Ana", category="laptop")
        core.visits.call(a.id, "Dana")
        core.visits.check_in(name="Bo", category="laptop")
        feed = core.visits.db.feed_connection
        through_sqlalchemy = feed.run(partial(_read, 0, 1000))
        on_driver = feed.run(partial(_read_on_driver, 0, 1000))
        assert len(on_driver) == 3
        assert [tuple(row) for row in through_sqlalchemy] == on_driver
        assert feed.run(partial(_read_on_driver, 0, 2)) == on_driver[:2]
    finally:
        core.close()
