"""Staffing for the coming week, from the last four weeks: the liaison's plan for the rota.

Each day of the coming week is planned from the same weekday of the last four weeks: the
visitors who came on those days are played again (:mod:`kiosk.domain.staffing`) with 1, 2,
... technicians, each with the time at the desk they really took, each wanting to be
called within their category's wait target; someone who left the line uncalled leaves
again after the wait they had. For each local hour, the advice is the fewest technicians
for which 90 % of that hour's visitors are called in time, on those days together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from kiosk.config import Settings
from kiosk.domain.staffing import DEFAULT_SLA, Walkin, fewest_per_hour
from kiosk.domain.visit import VisitState
from kiosk.store import Database, UnitOfWork

HISTORY_DAYS = 28
PLANNED_DAYS = 7
#: The wait target of a category the settings no longer know.
DEFAULT_TARGET = timedelta(minutes=15)


@dataclass(frozen=True)
class DayPlan:
    """One coming day: the technicians each local hour needs (None: more than the most
    tried), and how many past days it rests on."""

    day: date
    hours: dict[int, int | None]
    history_days: int


@dataclass(frozen=True)
class StaffingOutlook:
    days: tuple[DayPlan, ...]
    sla: float

    @property
    def hours(self) -> list[int]:
        """Every local hour any day needs someone, in order."""
        return sorted({h for plan in self.days for h in plan.hours})


def staffing_outlook(db: Database, settings: Settings, now: datetime) -> StaffingOutlook:
    """The coming week (from tomorrow, site time), each day from its weekday's history."""
    offset = settings.utc_offset
    today = (now + offset).date()
    start = datetime.combine(today - timedelta(days=HISTORY_DAYS), time(0), UTC) - offset
    with UnitOfWork(db, readonly=True) as uow:
        rows = uow.visits.ended_between(settings.site_id, start, now)
    by_day: dict[date, list[Walkin]] = defaultdict(list)
    targets = {c.id: c.wait_target for c in settings.categories}
    for checked_in, category, state, called, ended in rows:
        by_day[(checked_in + offset).date()].append(
            _walkin(checked_in, targets.get(category, DEFAULT_TARGET), state, called, ended))
    plans = []
    for ahead in range(1, PLANNED_DAYS + 1):
        day = today + timedelta(days=ahead)
        past = [sorted(v, key=lambda w: w.at) for d, v in by_day.items()
                if d.weekday() == day.weekday()]
        plans.append(DayPlan(day, fewest_per_hour(past, offset) if past else {}, len(past)))
    return StaffingOutlook(tuple(plans), DEFAULT_SLA)


def _walkin(checked_in: datetime, target: timedelta, state: str, called: datetime | None,
            ended: datetime) -> Walkin:
    if called is None:  # left (or was sent away) uncalled: they would leave again
        patience = max(ended - checked_in, timedelta(0))
        return Walkin(checked_in, timedelta(0), target,
                      patience if state == VisitState.CANCELLED.value else None)
    return Walkin(checked_in, max(ended - called, timedelta(0)), target)
