"""The SQL behind the shared metrics and the CSV export, identical on SQLite and PostgreSQL.

Every metric is aggregated by the database in one statement: a common table of the
visits that ended in the range (``ix_visits_ended`` finds them), one row a visit
with its wait, handling time, targets met, survey score and first-visit flag; then,
for each dimension (everything, category, local hour of check-in, technician), a
``GROUP BY`` over it: one pass with ``GROUPING SETS`` on PostgreSQL, a ``UNION ALL``
on SQLite. Percentiles are nearest-rank (the smallest value whose rank r satisfies
``10 r >= 9 n``): ``percentile_disc(0.9)`` on PostgreSQL, the aggregate
``techbar_p90`` the store registers on SQLite connections, the same definition. Durations are
whole seconds, rounded half away from zero from the exact microseconds on both databases
(SQLite's date functions round to milliseconds, so its durations, local hours and 7-day
bounds are taken from the stored text instead).

This is the reference the running aggregates (:mod:`kiosk.store.stats`) are proven
against; reports over whole days read those.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from kiosk.store.database import P90_FUNCTION
from kiosk.store.tables import SurveyRow, VisitRow

DIMENSIONS = ("total", "category", "hour", "technician")
RESOLVED = "resolved"
ESCALATED = "escalated"
NO_SHOW = "no_show"
CANCELLED = "cancelled"
HAPPY_SCORE = 3


@dataclass(frozen=True)
class MetricsQuery:
    """What to aggregate.

    Attributes:
        start: visits that ended at or after this moment (aware UTC)...
        end: ...and before this one.
        utc_offset_minutes: the site's offset, for the local hour of check-in.
        wait_targets: seconds a visitor of each category may wait before being called.
        resolution_targets: seconds a service of each category may take (start to end).
        return_days: a resolved visit counts as resolved at the first visit when the
            same person (employee id) does not check in again for the same category
            within this many days after it ended.
    """

    site: str
    start: datetime
    end: datetime
    utc_offset_minutes: int
    wait_targets: Mapping[str, int]
    resolution_targets: Mapping[str, int]
    return_days: int = 7


@dataclass(frozen=True)
class Aggregate:
    """The raw sums of one group; :mod:`kiosk.app.metrics` turns them into rates.

    Seconds are whole seconds; averages are ``None`` for an empty group.
    """

    dimension: str
    key: str
    visits: int
    called: int
    avg_wait: float | None
    p90_wait: int | None
    handled: int
    avg_handling: float | None
    p90_handling: int | None
    wait_measured: int
    wait_met: int
    resolution_measured: int
    resolution_met: int
    surveys: int
    happy: int
    avg_score: float | None
    first_visit_measured: int
    first_visit_resolved: int
    no_show: int
    cancelled: int


@dataclass(frozen=True)
class ExportRow:
    """One visit of the CSV export, as stored (datetimes aware UTC)."""

    visit: VisitRow
    score: int | None


class MetricsRepository:
    """Metric and export queries; built on a unit of work's session."""

    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    # ------------------------------------------------------------ metrics

    def aggregates(self, query: MetricsQuery) -> list[Aggregate]:
        """Every dimension's groups in one statement (the "total" dimension has key "")."""
        # Computed once, read by every dimension (both databases honour the hint).
        base = self._base(query).cte("visit_facts").prefix_with("MATERIALIZED")
        statement = (self._grouping_sets(base) if self.dialect == "postgresql"
                     else self._union(base))
        return [_aggregate(row) for row in self.session.execute(statement)]

    def _union(self, base: Any) -> Any:
        """SQLite: one GROUP BY per dimension; percentiles by the store's own aggregate."""
        c = base.c
        keys: dict[str, ColumnElement[Any]] = {
            "total": c.site, "category": c.category,
            "hour": cast(c.local_hour, String), "technician": c.technician,
        }
        p90 = getattr(func, P90_FUNCTION)
        return union_all(*(
            select(literal_column(f"'{name}'", String).label("dimension"), key.label("key"),
                   *_sums(c, p90(c.wait_s).label("p90_wait"),
                          p90(c.handling_s).label("p90_handling")))
            .group_by(key)
            for name, key in keys.items()))

    def _grouping_sets(self, base: Any) -> Any:
        """PostgreSQL: one pass with GROUPING SETS; ``percentile_disc`` is nearest-rank too."""
        c = base.c
        hour = cast(c.local_hour, String)
        dimension = case((func.grouping(c.category) == 0, "category"),
                         (func.grouping(hour) == 0, "hour"),
                         (func.grouping(c.technician) == 0, "technician"), else_="total")
        key = case((func.grouping(c.category) == 0, c.category),
                   (func.grouping(hour) == 0, hour),
                   (func.grouping(c.technician) == 0, c.technician), else_="")
        p90_wait = func.percentile_disc(0.9).within_group(c.wait_s)
        p90_handling = func.percentile_disc(0.9).within_group(c.handling_s)
        return (
            select(dimension.label("dimension"), key.label("key"),
                   *_sums(c, p90_wait.label("p90_wait"), p90_handling.label("p90_handling")))
            .group_by(func.grouping_sets(literal_column("()"), c.category, hour, c.technician))
        )

    def count_ended(self, site: str, start: datetime, end: datetime) -> int:
        """A plain count of the visits ended in a range (the benchmarks' baseline)."""
        return int(self.session.scalar(
            select(func.count()).select_from(VisitRow)
            .where(VisitRow.site == site, VisitRow.ended_at >= start, VisitRow.ended_at < end))
            or 0)

    def _base(self, query: MetricsQuery) -> Any:
        v = VisitRow
        wait = case((v.called_at.is_not(None), self._seconds(v.checked_in_at, v.called_at)))
        served = and_(v.state.in_((RESOLVED, ESCALATED)), v.started_at.is_not(None))
        handling = case((served, self._seconds(v.started_at, v.ended_at)))
        wait_target = _targets(query.wait_targets)
        resolution_target = _targets(query.resolution_targets)
        return (
            select(
                v.site, v.category, v.technician, self._local_hour(query).label("local_hour"),
                wait.label("wait_s"), handling.label("handling_s"),
                case((and_(wait.is_not(None), wait_target.is_not(None)),
                      case((wait <= wait_target, 1), else_=0))).label("wait_ok"),
                case((and_(handling.is_not(None), resolution_target.is_not(None)),
                      case((handling <= resolution_target, 1), else_=0))).label("resolution_ok"),
                SurveyRow.score.label("score"),
                self._first_visit(query).label("first_visit"),
                case((v.state == NO_SHOW, 1), else_=0).label("no_show"),
                case((v.state == CANCELLED, 1), else_=0).label("cancelled"),
            )
            .select_from(v)
            .outerjoin(SurveyRow, SurveyRow.visit_id == v.id)
            .where(v.site == query.site, v.ended_at >= query.start, v.ended_at < query.end)
        )

    def _seconds(self, start: Any, end: Any) -> ColumnElement[int]:
        seconds: ColumnElement[Any]
        if self.dialect == "postgresql":
            seconds = func.extract("epoch", end - start)
        else:
            seconds = (_sqlite_micros(end) - _sqlite_micros(start)) / 1e6
        return cast(func.round(seconds), Integer)

    def _local_hour(self, query: MetricsQuery) -> ColumnElement[int]:
        minutes = int(query.utc_offset_minutes)
        if self.dialect == "postgresql":
            local: ColumnElement[Any] = literal_column(
                f"((visits.checked_in_at AT TIME ZONE 'UTC') + interval '{minutes} minutes')")
            return cast(func.extract("hour", local), Integer)
        return cast(func.strftime("%H", func.substr(VisitRow.checked_in_at, 1, 19),
                                  f"{minutes:+d} minutes"), Integer)

    def _first_visit(self, query: MetricsQuery) -> ColumnElement[Any]:
        """1: resolved and the person did not come back; 0: they did; NULL: not measured."""
        v, later = VisitRow, aliased(VisitRow, name="later")
        came_back = exists().where(came_back_clause(self.dialect, v, later, query.return_days))
        measured = and_(v.state == RESOLVED, v.requester_employee_id != "")
        return case((measured, case((came_back, 0), else_=1)))

    # ------------------------------------------------------------ export

    def export_rows(self, site: str, first_day: str, last_day: str,
                    batch: int = 1000) -> Iterator[ExportRow]:
        """Visits of the site's service days ``first_day``..``last_day`` (ISO dates), in order."""
        query = (
            select(VisitRow, SurveyRow.score)
            .outerjoin(SurveyRow, SurveyRow.visit_id == VisitRow.id)
            .where(VisitRow.site == site, VisitRow.service_day >= first_day,
                   VisitRow.service_day <= last_day)
            .order_by(VisitRow.checked_in_at, VisitRow.ticket_number)
            .execution_options(yield_per=batch)
        )
        for visit, score in self.session.execute(query):
            yield ExportRow(visit, score)


def came_back_clause(dialect: str, visit: Any, later: Any, days: int) -> ColumnElement[bool]:
    """``later`` is the same person (employee id) checking in again for the same category
    after ``visit`` ended, and at most ``days`` days after (exact on both databases)."""
    return and_(later.requester_employee_id == visit.requester_employee_id,
                later.category == visit.category, later.id != visit.id,
                returns_within(dialect, visit.ended_at, later.checked_in_at, days))


def returns_within(dialect: str, ended_at: Any, checked_in_at: Any,
                   days: int) -> ColumnElement[bool]:
    """``checked_in_at`` is after ``ended_at`` and at most ``days`` days (of 24 hours) after.

    SQLite: the bound is the stored text moved by whole days (its fraction of a second
    kept as written), so the comparison is exact and ranges over ``ix_visits_employee``.
    """
    bound: ColumnElement[Any]
    if dialect == "postgresql":
        bound = ended_at + literal_column(f"interval '{int(days) * 24} hours'")
    else:
        bound = func.strftime("%Y-%m-%d %H:%M:%S", func.substr(ended_at, 1, 19),
                              f"+{int(days)} days").op("||")(func.substr(ended_at, 20))
    return and_(checked_in_at > ended_at, checked_in_at <= bound)


def _sqlite_micros(moment: Any) -> ColumnElement[int]:
    """Microseconds since 1970 of a timestamp as SQLite stores it ('2026-11-22 09:00:00.250000')."""
    whole = cast(func.strftime("%s", func.substr(moment, 1, 19)), Integer)
    return whole * 1_000_000 + cast(func.substr(moment, 21, 6), Integer)


def _targets(seconds: Mapping[str, int]) -> ColumnElement[Any]:
    if not seconds:
        return cast(null(), Integer)
    return case({category: int(value) for category, value in seconds.items()},
                value=VisitRow.category)


def _sums(r: Any, p90_wait: ColumnElement[Any],
          p90_handling: ColumnElement[Any]) -> tuple[ColumnElement[Any], ...]:
    """The aggregates of a group, in :class:`Aggregate`'s order (percentiles given)."""
    return (
        func.count().label("visits"), func.count(r.wait_s).label("called"),
        func.sum(r.wait_s).label("wait_sum"), p90_wait,
        func.count(r.handling_s).label("handled"),
        func.sum(r.handling_s).label("handling_sum"), p90_handling,
        func.count(r.wait_ok).label("wait_measured"),
        func.coalesce(func.sum(r.wait_ok), 0).label("wait_met"),
        func.count(r.resolution_ok).label("resolution_measured"),
        func.coalesce(func.sum(r.resolution_ok), 0).label("resolution_met"),
        func.count(r.score).label("surveys"),
        func.sum(case((r.score == HAPPY_SCORE, 1), else_=0)).label("happy"),
        func.sum(r.score).label("score_sum"),
        func.count(r.first_visit).label("first_visit_measured"),
        func.coalesce(func.sum(r.first_visit), 0).label("first_visit_resolved"),
        func.sum(r.no_show).label("no_show"), func.sum(r.cancelled).label("cancelled"),
    )


def average(total: Any, count: int) -> float | None:
    """``total / count`` of whole numbers, rounded once (both databases' ``AVG`` round
    differently: PostgreSQL's numeric to 16 digits, then to a float)."""
    return int(total) / count if count else None


def _aggregate(row: Any) -> Aggregate:
    return Aggregate(
        dimension=row.dimension, key="" if row.dimension == "total" else str(row.key or ""),
        visits=int(row.visits), called=int(row.called),
        avg_wait=average(row.wait_sum, int(row.called)),
        p90_wait=None if row.p90_wait is None else int(row.p90_wait),
        handled=int(row.handled), avg_handling=average(row.handling_sum, int(row.handled)),
        p90_handling=None if row.p90_handling is None else int(row.p90_handling),
        wait_measured=int(row.wait_measured), wait_met=int(row.wait_met or 0),
        resolution_measured=int(row.resolution_measured),
        resolution_met=int(row.resolution_met or 0), surveys=int(row.surveys),
        happy=int(row.happy or 0), avg_score=average(row.score_sum, int(row.surveys)),
        first_visit_measured=int(row.first_visit_measured),
        first_visit_resolved=int(row.first_visit_resolved or 0),
        no_show=int(row.no_show or 0), cancelled=int(row.cancelled or 0),
    )
