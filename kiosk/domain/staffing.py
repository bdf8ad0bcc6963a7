"""How many technicians each hour needs: recorded days played again with 1, 2, ... of them.

The rules are the replay's (``python main.py staffing``, :mod:`kiosk.sim.staffing`) in pure
Python, without a database, so the liaison can plan the coming week from four weeks of
history in a fraction of a second: every technician serves every category; a free
technician calls the visitor who has waited longest; a visitor whose patience runs out
before being called walks out. For each local hour of the day, the advice is the fewest
technicians for which the share of the visitors arriving in that hour who were called
within their wait target reaches the SLA (a walk-out was not called in time).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_SLA = 0.9
DEFAULT_MAX_TECHNICIANS = 10


@dataclass(frozen=True)
class Walkin:
    """One visitor as recorded: when they came, how long they took, how long they'd wait.

    Attributes:
        at: arrival (aware).
        service: time at the desk, from the call to the end.
        target: the longest wait that counts as called in time (their category's).
        patience: they leave if not called within this; None waits as long as it takes.
    """

    at: datetime
    service: timedelta
    target: timedelta
    patience: timedelta | None = None


def waits(day: Sequence[Walkin], technicians: int) -> list[timedelta | None]:
    """Each visitor's wait until called with ``technicians`` serving (None: walked out),
    in the order of ``day`` (which must be in arrival order)."""
    free = [day[0].at if day else datetime.min] * max(1, technicians)
    heapq.heapify(free)
    found: list[timedelta | None] = []
    for visitor in day:
        # First come, first served: the next free technician takes the longest waiting,
        # who is always the earliest arrival still in line.
        at = max(free[0], visitor.at)
        wait = at - visitor.at
        if visitor.patience is not None and wait > visitor.patience:
            found.append(None)  # gone before anyone was free; the technician stays free
            continue
        heapq.heapreplace(free, at + visitor.service)
        found.append(wait)
    return found


def fewest_per_hour(days: Sequence[Sequence[Walkin]], utc_offset: timedelta, *,
                    sla: float = DEFAULT_SLA,
                    max_technicians: int = DEFAULT_MAX_TECHNICIANS) -> dict[int, int | None]:
    """Per local hour of arrival, the fewest technicians meeting the SLA on these days
    (None: not met with ``max_technicians``); hours nobody came in are left out."""
    advice: dict[int, int | None] = {}
    hours = {(v.at + utc_offset).hour for day in days for v in day}
    for count in range(1, max_technicians + 1):
        met = _met_by_hour(days, count, utc_offset)
        for hour in hours:
            if hour not in advice and met.get(hour, 1.0) >= sla:
                advice[hour] = count
        if len(advice) == len(hours):
            break
    return {hour: advice.get(hour) for hour in sorted(hours)}


def _met_by_hour(days: Sequence[Sequence[Walkin]], technicians: int,
                 utc_offset: timedelta) -> Mapping[int, float]:
    called: dict[int, list[bool]] = defaultdict(list)
    for day in days:
        for visitor, wait in zip(day, waits(day, technicians), strict=True):
            called[(visitor.at + utc_offset).hour].append(
                wait is not None and wait <= visitor.target)
    return {hour: sum(flags) / len(flags) for hour, flags in called.items()}
