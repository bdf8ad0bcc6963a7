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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.metrics import Aggregate, MetricsQuery, MetricsRepository

RETURN_DAYS = 7


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
        """Every metric of the period, by category, hour and technician (one SQL statement)."""
        categories = self.settings.categories
        query = MetricsQuery(
            site=self.settings.site_id, start=period.start, end=period.end,
            utc_offset_minutes=int(self.settings.utc_offset.total_seconds() // 60),
            wait_targets={c.id: int(c.wait_target.total_seconds()) for c in categories},
            resolution_targets={c.id: int(c.resolution_target.total_seconds()) for c in categories},
            return_days=RETURN_DAYS,
        )
        with UnitOfWork(self.db, readonly=True) as uow:
            rows = MetricsRepository(uow.session, self.db.dialect).aggregates(query)
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
