"""The floor's counts and SLA alerts as time passes, without going over every visit each second.

The liaison view redraws its counts, its longest wait and its SLA alerts every second
while the visits stay the same. :class:`FloorWatch` sorts the visits once, when they
change; after that, a moment's answer costs a binary search per category and the
alerts actually shown, not a pass over a line of thousands. It answers exactly what
:func:`kiosk.app.visit_queries.summarise_floor` and :func:`kiosk.app.floor.sla_alerts`
answer for the same visits (a property test holds them equal).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.app.floor import SlaAlert, sla_alert
from kiosk.app.visit_queries import FloorSummary
from kiosk.config import Settings
from kiosk.domain.sla import AT_RISK_SHARE
from kiosk.domain.visit import Visit, VisitState


@dataclass(frozen=True)
class _Group:
    """The visits one target applies to (a kind and a category), oldest start first."""

    target: timedelta
    starts: tuple[datetime, ...]
    visits: tuple[tuple[int, Visit], ...]  # (place in the given order, visit)


class FloorWatch:
    """Counts and alerts of a fixed set of active visits, at any moment."""

    def __init__(self, visits: Sequence[Visit], settings: Settings) -> None:
        self.visits = tuple(visits)
        self._settings = settings
        states = [v.state for v in self.visits]
        self._counts = {state: states.count(state) for state in VisitState}
        waiting = [v for v in self.visits if v.state is VisitState.WAITING]
        self._first_waiting = waiting[0] if waiting else None
        self._earliest = min(waiting, key=lambda v: v.checked_in_at, default=None)
        self._groups = _groups(self.visits, settings)

    def summary(self, now: datetime) -> FloorSummary:
        """What :func:`summarise_floor` gives for these visits at ``now``."""
        longest = self._earliest
        if longest is not None and longest.wait(now) <= timedelta(0):
            longest = self._first_waiting  # everyone checked in "after" now: no wait yet
        return FloorSummary(
            waiting=self._counts[VisitState.WAITING], called=self._counts[VisitState.CALLED],
            in_service=self._counts[VisitState.IN_SERVICE],
            parked=self._counts[VisitState.PARKED],
            longest_wait=longest.wait(now) if longest else timedelta(0),
            longest_wait_ticket=longest.ticket_number if longest else "")

    def alerts(self, now: datetime, limit: int | None = None) -> tuple[tuple[SlaAlert, ...], int]:
        """The first ``limit`` alerts in :func:`sla_alerts`' order (all if None), and how many."""
        total = 0
        streams = []
        for group in self._groups:
            count = bisect_right(group.starts, now - group.target * AT_RISK_SHARE)
            total += count
            if count:
                streams.append(self._stream(group, count, now))
        wanted = total if limit is None else min(limit, total)
        merged = heapq.merge(*streams)
        return tuple(alert for _key, alert in (next(merged) for _ in range(wanted))), total

    def _stream(self, group: _Group, count: int, now: datetime
                ) -> Iterator[tuple[tuple[bool, float, int], SlaAlert]]:
        """A group's alerting visits in order, each with its sort key, made as they are read."""
        for place, visit in group.visits[:count]:
            alert = sla_alert(visit, now, self._settings)
            if alert is not None:
                yield (not alert.breached, -(alert.elapsed / alert.target), place), alert


def _groups(visits: Sequence[Visit], settings: Settings) -> list[_Group]:
    found: dict[tuple[str, str], list[tuple[datetime, int, Visit]]] = {}
    targets: dict[tuple[str, str], timedelta] = {}
    for place, visit in enumerate(visits):
        category = settings.category(visit.category)
        if category is None:
            continue
        if visit.state is VisitState.WAITING:
            key, start, target = ("wait", visit.category), visit.checked_in_at, category.wait_target
        elif visit.state is VisitState.IN_SERVICE and visit.started_at is not None:
            key, start = ("service", visit.category), visit.started_at
            target = category.resolution_target
        else:
            continue
        if target <= timedelta(0):
            continue
        targets[key] = target
        found.setdefault(key, []).append((start, place, visit))
    groups = []
    for key, members in found.items():
        members.sort(key=lambda m: (m[0], m[1]))
        groups.append(_Group(targets[key], tuple(m[0] for m in members),
                             tuple((m[1], m[2]) for m in members)))
    return groups
