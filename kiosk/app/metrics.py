"""Shared metrics of walk-up work, computed in SQL by the store (:mod:`kiosk.store.metrics`).

Definitions (every visit that *ended* in the period counts, whatever its state):

- **wait**: check-in to the (latest) call, for visits that were called.
- **handling time**: start of service to its end, for resolved and escalated visits.
- **wait SLA**: share of called visits whose wait was within the category's wait target.
- **resolution SLA**: share of handled visits whose handling time was within the
  category's resolution target.
- **satisfaction**: from the three-faces survey (1 unhappy, 2 neutral, 3 happy): the
  share of answers that were happy and the average score.
- **first-visit resolution**: share of resolved visits of identified people (with an
  employee id) after which the same person did not check in again (at any site) for
  the same category within 7 days.
- **abandonment**: no-shows and cancellations, as counts and as a share of all visits.

Percentiles are nearest-rank (the smallest value at or above 90 % of the ordered values).

Reports over whole local days (today, this week, any range of days) are read from running
aggregates kept per day, category, hour and technician (:mod:`kiosk.app.stats`), so a
year costs about as much as a few hundred small rows; they equal the reports computed
from the visits themselves (:meth:`MetricsService.report_from_visits`, the reference), but
for one thing: a 90th percentile is the lower bound of its histogram bucket
(:mod:`kiosk.domain.histogram`): exact to the second under 10 minutes, to 10 s under an
hour, to the minute under 8 hours. Averages, shares and counts are exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from kiosk.app.staffing_outlook import StaffingOutlook, staffing_outlook
from kiosk.app.stats import RETURN_DAYS, RebuildReport, aggregates_for, offset_minutes, rebuild, targets_of
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.metrics import Aggregate, MetricsQuery, MetricsRepository

__all__ = ["RETURN_DAYS", "Metrics", "MetricsReport", "MetricsService", "Period", "RebuildReport"]


@dataclass(frozen=True)
class Period:
    """A span of time: ``start`` inclusive, ``end`` exclusive (aware UTC), and a name."""

    start: datetime
    end: datetime
    label: str


@dataclass(frozen=True)
class Metrics:
    """The metrics of one group (everything, a category, an hour or a technician)."""

    key: str
    visits: int
    called: int
    avg_wait: timedelta | None
    p90_wait: timedelta | None
    handled: int
    avg_handling: timedelta | None
    p90_handling: timedelta | None
    wait_sla: float | None
    resolution_sla: float | None
    surveys: int
    happy_share: float | None
    avg_score: float | None
    first_visit_resolution: float | None
    no_show: int
    cancelled: int

    @property
    def abandoned(self) -> int:
        return self.no_show + self.cancelled

    @property
    def abandonment(self) -> float | None:
        """No-shows and cancellations as a share of all visits (None when there were none)."""
        return _share(self.abandoned, self.visits)


@dataclass(frozen=True)
class MetricsReport:
    """A period's metrics: overall and by category, local hour of check-in and technician.

    Groups without visits are left out; hours are ``"0"``..``"23"`` in site time and
    the technician key is ``""`` for visits nobody called.
    """

    period: Period
    total: Metrics
    by_category: tuple[Metrics, ...]
    by_hour: tuple[Metrics, ...]
    by_technician: tuple[Metrics, ...]

    def category(self, key: str) -> Metrics | None:
        return next((m for m in self.by_category if m.key == key), None)

    def hour(self, hour: int) -> Metrics | None:
        return next((m for m in self.by_hour if m.key == str(hour)), None)

    def technician(self, name: str) -> Metrics | None:
        return next((m for m in self.by_technician if m.key == name), None)


class MetricsService:
    """Metrics for today, this week or any range, in the site's local time."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    def today(self) -> Period:
        start = self._local_midnight(self._local_today())
        return Period(start, start + timedelta(days=1), "Today")

    def this_week(self) -> Period:
        today = self._local_today()
        start = self._local_midnight(today - timedelta(days=today.weekday()))
        return Period(start, start + timedelta(days=7), "This week")

    def days(self, first: date, last: date) -> Period:
        """Whole local days ``first`` to ``last``, both included.

        Raises:
            ValidationError: ``last`` is before ``first``.
        """
        if last < first:
            raise ValidationError("range", "The range must end on or after its first day.")
        label = first.isoformat() if first == last else f"{first.isoformat()} \u2013 {last.isoformat()}"
        return Period(self._local_midnight(first), self._local_midnight(last + timedelta(days=1)),
                      label)

    def report(self, period: Period) -> MetricsReport:
        """Every metric of the period, by category, hour and technician.

        From the running aggregates when the period is made of whole local days and they
        are complete for these settings; else from the visits (one SQL statement).
        """
        return self.report_from_aggregates(period) or self.report_from_visits(period)

    def report_from_aggregates(self, period: Period) -> MetricsReport | None:
        """The report from the running aggregates; None when they cannot give it."""
        days = self._whole_days(period)
        if days is None:
            return None
        with UnitOfWork(self.db, readonly=True) as uow:
            rows = aggregates_for(uow, self.settings, *days)
        return None if rows is None else self._report(period, rows)

    def report_from_visits(self, period: Period) -> MetricsReport:
        """The report computed from the visits themselves: the reference, slow over long
        ranges (exact percentiles)."""
        wait_targets, resolution_targets = targets_of(self.settings)
        query = MetricsQuery(
            site=self.settings.site_id, start=period.start, end=period.end,
            utc_offset_minutes=offset_minutes(self.settings), wait_targets=wait_targets,
            resolution_targets=resolution_targets, return_days=RETURN_DAYS,
        )
        with UnitOfWork(self.db, readonly=True) as uow:
            rows = MetricsRepository(uow.session, self.db.dialect).aggregates(query)
        return self._report(period, rows)

    def rebuild(self, first: date | None = None, last: date | None = None,
                progress: Callable[[int, int], None] | None = None) -> RebuildReport:
        """Recompute the running aggregates of local days ``first``..``last`` (default: every
        day with visits, up to today) from the visits; see :func:`kiosk.app.stats.rebuild`."""
        return rebuild(self.db, self.settings, self.clock, first, last, progress)

    def _whole_days(self, period: Period) -> tuple[date, date] | None:
        """The first and last local day of a period made of whole local days, else None."""
        start, end = period.start + self.settings.utc_offset, period.end + self.settings.utc_offset
        if start.timetz() != time(0, tzinfo=start.tzinfo) or end.timetz() != time(
                0, tzinfo=end.tzinfo) or end <= start:
            return None
        return start.date(), (end - timedelta(days=1)).date()

    def _report(self, period: Period, rows: list[Aggregate]) -> MetricsReport:
        categories = self.settings.categories
        groups: dict[str, list[Metrics]] = {"total": [], "category": [], "hour": [],
                                            "technician": []}
        for row in rows:
            groups[row.dimension].append(_metrics(row))
        order = {c.id: i for i, c in enumerate(categories)}
        return MetricsReport(
            period=period,
            total=groups["total"][0] if groups["total"] else _empty(),
            by_category=tuple(sorted(groups["category"],
                                     key=lambda m: (order.get(m.key, len(order)), m.key))),
            by_hour=tuple(sorted(groups["hour"], key=lambda m: int(m.key))),
            by_technician=tuple(sorted(groups["technician"], key=lambda m: m.key.casefold())),
        )

    def staffing_outlook(self) -> StaffingOutlook:
        """Technicians needed per hour of each day of the coming week, planned from the same
        weekday of the last four weeks (:mod:`kiosk.app.staffing_outlook`)."""
        return staffing_outlook(self.db, self.settings, self.clock.now())

    def _local_today(self) -> date:
        return (self.clock.now() + self.settings.utc_offset).date()

    def _local_midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), UTC) - self.settings.utc_offset


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _duration(seconds: float | int | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=float(seconds))


def _metrics(row: Aggregate) -> Metrics:
    return Metrics(
        key=row.key, visits=row.visits, called=row.called,
        avg_wait=_duration(row.avg_wait), p90_wait=_duration(row.p90_wait),
        handled=row.handled, avg_handling=_duration(row.avg_handling),
        p90_handling=_duration(row.p90_handling),
        wait_sla=_share(row.wait_met, row.wait_measured),
        resolution_sla=_share(row.resolution_met, row.resolution_measured),
        surveys=row.surveys, happy_share=_share(row.happy, row.surveys),
        avg_score=row.avg_score,
        first_visit_resolution=_share(row.first_visit_resolved, row.first_visit_measured),
        no_show=row.no_show, cancelled=row.cancelled,
    )


def _empty() -> Metrics:
    return Metrics(key="", visits=0, called=0, avg_wait=None, p90_wait=None, handled=0,
                   avg_handling=None, p90_handling=None, wait_sla=None, resolution_sla=None,
                   surveys=0, happy_share=None, avg_score=None, first_visit_resolution=None,
                   no_show=0, cancelled=0)
