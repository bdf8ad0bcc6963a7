"""When reports read the running aggregates, when they read the visits, and the rebuild.

The fixed day of :mod:`tests.unit.app.test_metrics` (made through the real services) on
SQLite and PostgreSQL; :mod:`tests.integration.test_metrics_aggregates_properties`
proves the two sources equal on random days.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import delete

from kiosk.app.metrics import MetricsService
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.stats import StatsRepository
from kiosk.store.tables import VisitStatsRow, VisitStatsSiteRow
from tests.conftest import START
from tests.unit.app.test_metrics import build_day

DAY = date(2026, 11, 22)


@pytest.fixture
def metrics(db: Database, settings: Settings, clock: ManualClock) -> MetricsService:
    build_day(db, settings, clock)
    return MetricsService(db, settings, ManualClock(START + timedelta(days=9)))


def forget_aggregates(db: Database) -> None:
    """The database as migration 0006 leaves one with older visits: no rows, no site."""
    with UnitOfWork(db) as uow:
        uow.session.execute(delete(VisitStatsRow))
        uow.session.execute(delete(VisitStatsSiteRow))
        uow.commit()


def site_state(db: Database, site: str) -> tuple[bool, int] | None:
    with UnitOfWork(db, readonly=True) as uow:
        stats = StatsRepository(uow.session, db.dialect)
        found = stats.site(site)
        return None if found is None else (found.ready, len(stats.rows(site)))


def test_a_new_site_keeps_its_aggregates_from_its_first_visit(metrics: MetricsService) -> None:
    week = metrics.days(DAY, DAY + timedelta(days=8))
    from_aggregates = metrics.report_from_aggregates(week)
    assert from_aggregates is not None
    assert from_aggregates == metrics.report_from_visits(week)  # every p90 on a bucket floor
    assert metrics.report(week) == from_aggregates
    assert from_aggregates.total.visits == 6


def test_a_p90_is_the_floor_of_its_bucket(db: Database, settings: Settings,
                                          clock: ManualClock) -> None:
    service = VisitService(db, settings, clock)
    visit = service.check_in(name="Ada", category="laptop")
    clock.advance(timedelta(seconds=1234))  # 20:34, in the 10-second buckets
    service.call(visit.id, "Dana")
    metrics = MetricsService(db, settings, clock)
    today = metrics.today()
    service.no_show(visit.id, "Dana")
    assert metrics.report_from_visits(today).total.p90_wait == timedelta(seconds=1234)
    assert metrics.report(today).total.p90_wait == timedelta(seconds=1230)
    assert metrics.report(today).total.avg_wait == timedelta(seconds=1234)  # averages exact


def test_older_visits_are_read_raw_until_a_rebuild(db: Database, metrics: MetricsService,
                                                   clock: ManualClock) -> None:
    expected = metrics.report(metrics.days(DAY, DAY))
    forget_aggregates(db)
    day = metrics.days(DAY, DAY)
    assert metrics.report_from_aggregates(day) is None
    assert metrics.report(day).total == metrics.report_from_visits(day).total
    service = VisitService(db, metrics.settings, clock)
    service.cancel(service.check_in(name="Bo", category="laptop").id, "front desk")
    assert site_state(db, metrics.settings.site_id) is None  # not counted without the rest

    done = metrics.rebuild()
    assert (done.first, done.last, done.visits, done.ready) == (DAY, DAY + timedelta(days=9), 7,
                                                                True)
    assert metrics.report(day) == expected
    assert metrics.report_from_aggregates(day) == expected


def test_a_rebuild_is_idempotent_and_a_partial_one_keeps_ready_aggregates(
        db: Database, metrics: MetricsService) -> None:
    site = metrics.settings.site_id
    before = site_state(db, site)
    with UnitOfWork(db, readonly=True) as uow:
        rows = StatsRepository(uow.session, db.dialect).rows(site)
    assert metrics.rebuild().ready
    assert metrics.rebuild(DAY, DAY).ready
    with UnitOfWork(db, readonly=True) as uow:
        assert StatsRepository(uow.session, db.dialect).rows(site) == rows
    assert site_state(db, site) == before == (True, len(rows))


def test_a_partial_rebuild_after_the_upgrade_is_not_enough(db: Database,
                                                            metrics: MetricsService) -> None:
    forget_aggregates(db)
    done = metrics.rebuild(DAY, DAY)
    assert (done.days, done.visits, done.ready) == (1, 5, False)
    assert metrics.report_from_aggregates(metrics.days(DAY, DAY)) is None
    assert metrics.rebuild(DAY - timedelta(days=3), DAY + timedelta(days=9)).ready


def test_other_settings_stop_the_aggregates_until_a_rebuild(
        db: Database, settings: Settings, metrics: MetricsService, clock: ManualClock) -> None:
    stricter = replace(settings, categories=tuple(
        replace(c, wait_target=c.wait_target / 2) for c in settings.categories))
    day = metrics.days(DAY, DAY)
    assert MetricsService(db, stricter, clock).report_from_aggregates(day) is None
    shifted = MetricsService(db, replace(settings, utc_offset=timedelta(hours=2)), clock)
    assert shifted.report_from_aggregates(shifted.days(DAY, DAY)) is None

    # A writer with the stricter targets cannot count its visit: every reader goes raw.
    service = VisitService(db, stricter, clock)
    clock.set(START + timedelta(days=9))
    visit = service.check_in(name="Cy", category="mobile")
    service.cancel(visit.id, "front desk")
    state = site_state(db, settings.site_id)
    assert state is not None
    assert state[0] is False
    assert metrics.report_from_aggregates(day) is None

    strict = MetricsService(db, stricter, clock)
    assert strict.rebuild().ready
    both = strict.days(DAY, DAY + timedelta(days=9))
    found = strict.report_from_aggregates(both)
    assert found == strict.report_from_visits(both)
    assert found.total.wait_sla == pytest.approx(2 / 5)  # E and F waited under half a target
    assert found.total.visits == 7


def test_a_period_not_made_of_whole_days_is_read_raw(metrics: MetricsService) -> None:
    day = metrics.days(DAY, DAY)
    morning = replace(day, end=day.start + timedelta(hours=10))
    assert metrics.report_from_aggregates(morning) is None
    assert metrics.report(morning).total.visits == metrics.report_from_visits(morning).total.visits


def test_a_rebuild_refuses_a_range_that_ends_before_it_starts(metrics: MetricsService) -> None:
    with pytest.raises(ValidationError, match="before the first"):
        metrics.rebuild(DAY, DAY - timedelta(days=1))


def test_an_empty_site_is_ready_after_a_rebuild(db: Database, settings: Settings,
                                                clock: ManualClock) -> None:
    metrics = MetricsService(db, settings, clock)
    assert metrics.report_from_aggregates(metrics.today()) is None
    done = metrics.rebuild()
    assert (done.days, done.visits, done.ready) == (1, 0, True)
    report = metrics.report_from_aggregates(metrics.today())
    assert report is not None
    assert report.total.visits == 0


def test_the_upgrade_to_0006_leaves_older_visits_to_a_rebuild(
        db: Database, metrics: MetricsService) -> None:
    expected = metrics.report(metrics.days(DAY, DAY + timedelta(days=1)))
    command.downgrade(db.alembic_config(), "0005")
    db.migrate()
    day = metrics.days(DAY, DAY + timedelta(days=1))
    assert metrics.report_from_aggregates(day) is None
    assert metrics.rebuild().ready
    assert metrics.report_from_aggregates(day) == expected
