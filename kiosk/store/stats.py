"""The running aggregates of the shared metrics (``visit_stats``), and what keeps them.

One row per site, local day a visit ended, dimension and key holds the additive sums
of :data:`SUMS` and two :class:`~kiosk.domain.histogram.Histogram` blobs; a row per
local month (``span`` "month") holds the sums of its days, so a report over a year reads
its whole months from about a dozen rows a group and only the days at its ends.

Writers add :class:`Sums` to a day's rows and its month's with an upsert (``INSERT ..
ON CONFLICT DO UPDATE`` adding each sum) of the rows in key order, so concurrent writers
lock rows in the same order and never deadlock on them; the histograms are then read
(``RETURNING``) and written back under the row lock the upsert took. The statements are
built once per dialect. A report sums the rows in SQL and merges the histograms.

``visit_stats_sites`` says with which settings a site's rows were computed and whether
they are complete (:class:`SiteStats`); a rebuild of a day replaces its rows under a
lock that keeps writers out for that transaction (PostgreSQL; SQLite's write
transactions already exclude each other).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, aliased

from kiosk.domain.histogram import Histogram, merge_blobs
from kiosk.store.metrics import (
    RESOLVED,
    Aggregate,
    average,
    came_back_clause,
    returns_within,
)
from kiosk.store.tables import SurveyRow, VisitRow, VisitStatsRow, VisitStatsSiteRow

#: The additive columns of ``visit_stats``, in the order of :attr:`Sums.values`.
SUMS = ("visits", "called", "wait_sum", "handled", "handling_sum", "wait_measured", "wait_met",
        "resolution_measured", "resolution_met", "surveys", "happy", "score_sum",
        "first_visit_measured", "first_visit_resolved", "no_show", "cancelled")
_ZERO = (0,) * len(SUMS)
_TABLE = cast(Table, VisitStatsRow.__table__)
_KEY = ("site", "day", "dimension", "key", "span")
DAY, MONTH = "day", "month"


class StatsKey(NamedTuple):
    """A row of ``visit_stats``: site, local day (ISO; a month's first day), dimension,
    key and span (a day or its month)."""

    site: str
    day: str
    dimension: str
    key: str
    span: str = DAY

    def month(self) -> StatsKey:
        return StatsKey(self.site, self.day[:8] + "01", self.dimension, self.key, MONTH)


@dataclass(frozen=True)
class Sums:
    """What one or more visits add to a row: the :data:`SUMS` and two histograms."""

    values: tuple[int, ...] = _ZERO
    wait: Histogram = field(default_factory=Histogram)
    handling: Histogram = field(default_factory=Histogram)

    @classmethod
    def of(cls, wait: Histogram | None = None, handling: Histogram | None = None,
           **sums: int) -> Sums:
        """Named sums, e.g. ``Sums.of(surveys=1, happy=1, score_sum=3)``."""
        unknown = set(sums) - set(SUMS)
        if unknown:
            raise TypeError(f"not a sum of visit_stats: {sorted(unknown)}")
        return cls(tuple(int(sums.get(name, 0)) for name in SUMS), wait or Histogram(),
                   handling or Histogram())

    def __add__(self, other: Sums) -> Sums:
        return Sums(tuple(a + b for a, b in zip(self.values, other.values, strict=True)),
                    self.wait + other.wait, self.handling + other.handling)

    def __sub__(self, other: Sums) -> Sums:
        return Sums(tuple(a - b for a, b in zip(self.values, other.values, strict=True)),
                    Histogram(self.wait.packed - other.wait.packed),
                    Histogram(self.handling.packed - other.handling.packed))

    def __bool__(self) -> bool:
        return any(self.values) or bool(self.wait.packed or self.handling.packed)

    def named(self) -> dict[str, int]:
        return dict(zip(SUMS, self.values, strict=True))


@dataclass(frozen=True)
class SiteStats:
    """How a site's rows were computed: its UTC offset and category targets (a JSON text)."""

    site: str
    utc_offset_minutes: int
    targets: str
    ready: bool


class VisitFacts(NamedTuple):
    """An ended visit, as the aggregates count it (``came_back`` None when not measured)."""

    id: str
    site: str
    category: str
    technician: str
    state: str
    employee_id: str
    checked_in_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    ended_at: datetime
    score: int | None
    came_back: bool | None


_FACTS = (VisitRow.id, VisitRow.site, VisitRow.category, VisitRow.technician, VisitRow.state,
          VisitRow.requester_employee_id, VisitRow.checked_in_at, VisitRow.called_at,
          VisitRow.started_at, VisitRow.ended_at)


class StatsRepository:
    """The ``visit_stats`` rows and the visit facts they are made of; on a unit of work's session."""

    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    # ------------------------------------------------------------ the sites

    def site(self, site: str) -> SiteStats | None:
        row = self.session.get(VisitStatsSiteRow, site, populate_existing=True)
        return None if row is None else SiteStats(row.site, row.utc_offset_minutes, row.targets,
                                                  row.ready)

    def claim(self, site: str, utc_offset_minutes: int, targets: str) -> None:
        """Start a site's aggregates, complete, unless another writer just did."""
        make = _dialect_insert(self.dialect)
        self.session.execute(make(VisitStatsSiteRow).values(
            site=site, utc_offset_minutes=utc_offset_minutes, targets=targets, ready=True,
        ).on_conflict_do_nothing(index_elements=["site"]))

    def set_site(self, state: SiteStats) -> None:
        make = _dialect_insert(self.dialect)
        values = {"utc_offset_minutes": state.utc_offset_minutes, "targets": state.targets,
                  "ready": state.ready}
        self.session.execute(make(VisitStatsSiteRow).values(site=state.site, **values)
                             .on_conflict_do_update(index_elements=["site"], set_=values))

    def mark_unready(self, site: str) -> None:
        self.session.execute(update(VisitStatsSiteRow).where(
            VisitStatsSiteRow.site == site, VisitStatsSiteRow.ready.is_(True)).values(ready=False))

    def ended_before(self, site: str, visit_id: str) -> bool:
        """Whether any visit of the site other than ``visit_id`` has ended."""
        return bool(self.session.scalar(select(exists().where(
            VisitRow.site == site, VisitRow.ended_at.is_not(None), VisitRow.id != visit_id))))

    # ------------------------------------------------------------ writing

    def add(self, deltas: Mapping[StatsKey, Sums]) -> None:
        """Add each :class:`Sums` to its day's row and its month's (made if missing)."""
        rows = dict(deltas)
        for key, sums in deltas.items():
            month = key.month()
            rows[month] = rows[month] + sums if month in rows else sums
        self._upsert(rows)

    def _upsert(self, deltas: Mapping[StatsKey, Sums]) -> None:
        """Add to the rows, locked in key order; histograms under the upsert's row lock."""
        items = sorted(deltas.items())
        if not items:
            return
        rows = [{**k._asdict(), **s.named(), "wait_hist": b"", "handling_hist": b""}
                for k, s in items]
        if not any(s.wait.packed or s.handling.packed for _k, s in items):
            self.session.execute(_upsert_statement(self.dialect, returning=False), rows)
            return
        stored = {StatsKey(*r[:5]): r[5:] for r in self.session.execute(
            _upsert_statement(self.dialect, returning=True), rows)}
        self._add_histograms([(k, s, stored[k]) for k, s in items
                              if s.wait.packed or s.handling.packed])

    def _add_histograms(self, rows: list[tuple[StatsKey, Sums, Any]]) -> None:
        self.session.execute(_HISTOGRAMS_UPDATE, [
            {**{f"k_{n}": v for n, v in key._asdict().items()},
             "w": (Histogram.from_blob(wait) + sums.wait).to_blob(),
             "h": (Histogram.from_blob(handling) + sums.handling).to_blob()}
            for key, sums, (wait, handling) in rows])

    def lock_for_rebuild(self) -> None:
        """Keep other writers of ``visit_stats`` waiting until this transaction ends."""
        if self.dialect == "postgresql":
            self.session.execute(text("LOCK TABLE visit_stats IN EXCLUSIVE MODE"))

    def replace_day(self, site: str, day: str, rows: Mapping[StatsKey, Sums]) -> None:
        """The day's rows, as given, and its month's rows moved by the difference (call
        :meth:`lock_for_rebuild` first)."""
        old = {k: s for k, s in self.rows(site, first_day=day, last_day=day).items()
               if k.span == DAY}
        self.session.execute(delete(VisitStatsRow).where(
            VisitStatsRow.site == site, VisitStatsRow.span == DAY, VisitStatsRow.day == day))
        if rows:
            self.session.execute(_TABLE.insert(), [
                {**k._asdict(), **s.named(), "wait_hist": s.wait.to_blob(),
                 "handling_hist": s.handling.to_blob()} for k, s in sorted(rows.items())])
        months: dict[StatsKey, Sums] = {}
        for key in old.keys() | rows.keys():
            change = rows.get(key, Sums()) - old.get(key, Sums())
            if change:
                months[key.month()] = change
        self._upsert(months)

    # ------------------------------------------------------------ reading

    def aggregates(self, site: str, first: date, last: date) -> list[Aggregate]:
        """Every group of the local days ``first``..``last`` (both included): the whole
        months in between from their month rows, the days at either end from theirs."""
        where = (VisitStatsRow.site == site, _covering(first, last))
        group = (VisitStatsRow.dimension, VisitStatsRow.key)
        sums = self.session.execute(
            select(*group, *(func.sum(_TABLE.c[n]) for n in SUMS)).where(*where)
            .group_by(*group).having(func.sum(VisitStatsRow.visits) > 0))
        blobs: dict[tuple[str, str], tuple[list[bytes], list[bytes]]] = defaultdict(
            lambda: ([], []))
        for dimension, key, wait, handling in self.session.execute(
                select(*group, VisitStatsRow.wait_hist, VisitStatsRow.handling_hist)
                .where(*where)):
            blobs[dimension, key][0].append(wait)
            blobs[dimension, key][1].append(handling)
        return [_aggregate(row[0], row[1], [int(v or 0) for v in row[2:]],
                           *blobs[row[0], row[1]]) for row in sums]

    def rows(self, site: str, *, first_day: str = "", last_day: str = "9999") -> dict[StatsKey, Sums]:
        """The rows of a site (of the days ``first_day``..``last_day`` and the months that
        start then), as stored; a report uses :meth:`aggregates`."""
        return {StatsKey(r.site, r.day, r.dimension, r.key, r.span): Sums(
                    tuple(getattr(r, n) for n in SUMS), Histogram.from_blob(r.wait_hist),
                    Histogram.from_blob(r.handling_hist))
                for r in self.session.scalars(select(VisitStatsRow).where(
                    VisitStatsRow.site == site, VisitStatsRow.day >= first_day,
                    VisitStatsRow.day <= last_day))}

    def ended_span(self, site: str) -> tuple[datetime | None, datetime | None]:
        """The first and last end of a visit of the site (None, None without any)."""
        first, last = self.session.execute(
            select(func.min(VisitRow.ended_at), func.max(VisitRow.ended_at))
            .where(VisitRow.site == site, VisitRow.ended_at.is_not(None))).one()
        return first, last

    def day_span(self, site: str) -> tuple[str | None, str | None]:
        """The first and last day the site has rows for."""
        first, last = self.session.execute(
            select(func.min(VisitStatsRow.day), func.max(VisitStatsRow.day))
            .where(VisitStatsRow.site == site, VisitStatsRow.span == DAY)).one()
        return first, last

    def ended_facts(self, site: str, start: datetime, end: datetime,
                    return_days: int) -> list[VisitFacts]:
        """The visits of a site that ended in [start, end), with score and first-visit fact."""
        v, later = VisitRow, aliased(VisitRow, name="later")
        measured = and_(v.state == RESOLVED, v.requester_employee_id != "")
        came_back = case((measured, exists().where(
            came_back_clause(self.dialect, v, later, return_days))))
        rows = self.session.execute(
            select(*_FACTS, SurveyRow.score, came_back)
            .select_from(v)
            .outerjoin(SurveyRow, SurveyRow.visit_id == v.id)
            .where(v.site == site, v.ended_at >= start, v.ended_at < end))
        return [VisitFacts._make((*tuple(row)[:-1], None if row[-1] is None else bool(row[-1])))
                for row in rows]

    def came_back(self, visit_ids: Iterable[str], return_days: int, *,
                  excluding: str = "") -> set[str]:
        """Which of these ended visits' people checked in again in time (see
        :func:`~kiosk.store.metrics.came_back_clause`), not counting visit ``excluding``."""
        ids = list(visit_ids)
        if not ids:
            return set()
        return set(self.session.scalars(_came_back_query(self.dialect, return_days),
                                        {"ids": ids, "excluding": excluding}))

    def returned_by(self, later_id: str, category: str, return_days: int) -> list[VisitFacts]:
        """Resolved visits of identified people for which visit ``later_id``, were it of
        ``category``, is the person coming back; locked, in id order."""
        rows = self.session.execute(_returned_by_query(self.dialect, return_days),
                                    {"later_id": later_id, "category": category})
        return [VisitFacts._make((*row, True)) for row in rows]


@functools.cache
def _upsert_statement(dialect: str, *, returning: bool) -> Any:
    """``INSERT .. ON CONFLICT DO UPDATE`` adding every sum (histograms: see ``returning``)."""
    make = _dialect_insert(dialect)
    insert = make(_TABLE)
    upsert = insert.on_conflict_do_update(
        index_elements=list(_KEY), set_={n: _TABLE.c[n] + insert.excluded[n] for n in SUMS})
    if not returning:
        return upsert
    return upsert.returning(*(_TABLE.c[n] for n in _KEY), _TABLE.c.wait_hist,
                            _TABLE.c.handling_hist)


_HISTOGRAMS_UPDATE = (update(_TABLE)
                      .where(*(_TABLE.c[n] == bindparam(f"k_{n}") for n in _KEY))
                      .values(wait_hist=bindparam("w"), handling_hist=bindparam("h")))


@functools.cache
def _came_back_query(dialect: str, days: int) -> Any:
    v, later = VisitRow, aliased(VisitRow, name="later")
    return select(v.id).where(
        v.id.in_(bindparam("ids", expanding=True)),
        exists().where(came_back_clause(dialect, v, later, days),
                       later.id != bindparam("excluding")))


@functools.cache
def _returned_by_query(dialect: str, days: int) -> Any:
    v, later = VisitRow, aliased(VisitRow, name="later")
    query = (
        select(*_FACTS, SurveyRow.score)
        .select_from(v)
        .join(later, and_(later.id == bindparam("later_id"),
                          later.requester_employee_id == v.requester_employee_id,
                          returns_within(dialect, v.ended_at, later.checked_in_at, days)))
        .outerjoin(SurveyRow, SurveyRow.visit_id == v.id)
        .where(v.requester_employee_id != "", v.category == bindparam("category"),
               v.id != bindparam("later_id"), v.state == RESOLVED)
        .order_by(v.id))
    return query.with_for_update(of=v) if dialect == "postgresql" else query


def _covering(first: date, last: date) -> Any:
    """Which rows make up the days ``first``..``last``: whole months by their month rows."""
    months_from = first if first.day == 1 else _next_month(first)
    months_until = _next_month(last) - timedelta(days=1)
    if months_until != last:
        months_until = last.replace(day=1) - timedelta(days=1)
    if months_until < months_from:
        return _days(first, last)
    return or_(_days(first, months_from - timedelta(days=1)),
               and_(VisitStatsRow.span == MONTH,
                    VisitStatsRow.day.between(months_from.isoformat(),
                                              months_until.replace(day=1).isoformat())),
               _days(months_until + timedelta(days=1), last))


def _days(first: date, last: date) -> Any:
    return and_(VisitStatsRow.span == DAY,
                VisitStatsRow.day.between(first.isoformat(), last.isoformat()))


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _aggregate(dimension: str, key: str, sums: list[int], waits: Iterable[bytes],
               handlings: Iterable[bytes]) -> Aggregate:
    s = dict(zip(SUMS, sums, strict=True))
    return Aggregate(
        dimension=dimension, key=key, visits=s["visits"], called=s["called"],
        avg_wait=average(s["wait_sum"], s["called"]), p90_wait=merge_blobs(waits).p90(),
        handled=s["handled"], avg_handling=average(s["handling_sum"], s["handled"]),
        p90_handling=merge_blobs(handlings).p90(), wait_measured=s["wait_measured"],
        wait_met=s["wait_met"], resolution_measured=s["resolution_measured"],
        resolution_met=s["resolution_met"], surveys=s["surveys"], happy=s["happy"],
        avg_score=average(s["score_sum"], s["surveys"]),
        first_visit_measured=s["first_visit_measured"],
        first_visit_resolved=s["first_visit_resolved"], no_show=s["no_show"],
        cancelled=s["cancelled"])


def _dialect_insert(dialect: str) -> Any:
    """The dialect's INSERT (with ON CONFLICT), loaded when first used: a window process
    on SQLite never pays for PostgreSQL's dialect, nor the other way round."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
