"""What the wait forecast reads from the floor and the site's recent history.

:func:`floor_forecast` reads, in the caller's read-only transaction, the waiting line in
its order, the technicians at work (their skills, what each is doing and for how long)
and the site's recent pace, and hands them to :func:`kiosk.domain.forecast.forecast`.

Who is at work: technicians signed in (available or busy), anyone holding a visit now,
and anyone who ended one in the last hour (a technician who forgot to sign in still
serves). The pace comes from the newest finished visits of the last four weeks (at most
:data:`PACE_VISITS`, read from the newest end of the ended-visits index, so it costs
the same after a year of history) and is kept for :data:`PACE_TTL` of the site's clock:
history moves slowly, the line moves on every change.
"""

from __future__ import annotations

import statistics
import threading
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from kiosk.config import Settings
from kiosk.domain.forecast import DEFAULT_WALK_UP, Desk, Forecast, InLine, Pace, forecast
from kiosk.domain.visit import VisitState
from kiosk.store import UnitOfWork

PACE_WINDOW = timedelta(days=28)
PACE_VISITS = 1000
PACE_TTL = timedelta(minutes=1)
RECENT_WORK = timedelta(hours=1)
#: Left the line before being called, among this many visits at least, to count as a rate.
WALKOUT_MIN = 20
#: Times a category needs within an hour of now (local) to be drawn from those alone.
HOUR_SAMPLES = 30
_AT_WORK = ("available", "busy")
_SERVED = (VisitState.RESOLVED.value, VisitState.ESCALATED.value)


class PaceCache:
    """The site's pace, read at most once per :data:`PACE_TTL` (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: tuple[datetime, Pace] | None = None

    def get(self, uow: UnitOfWork, settings: Settings, now: datetime) -> Pace:
        with self._lock:
            if self._read is not None and timedelta(0) <= now - self._read[0] < PACE_TTL:
                return self._read[1]
        pace = read_pace(uow, settings, now)
        with self._lock:
            self._read = (now, pace)
        return pace

    def forget(self) -> None:
        with self._lock:
            self._read = None


def floor_forecast(uow: UnitOfWork, settings: Settings, now: datetime, pace: PaceCache, *,
                   also: Iterable[str] = (), limit: int | None = None) -> Forecast:
    """Every waiting visitor's wait, and a newcomer's per category (the site's and
    ``also``), from the floor now; only the first ``limit`` in line when given (then a
    newcomer's wait is not meaningful)."""
    site = settings.site_id
    line = [InLine(vid, category)
            for vid, category in uow.visits.waiting_line(site, limit=limit)]
    return forecast(line, read_desks(uow, site, now), pace.get(uow, settings, now),
                    categories=also)


def read_desks(uow: UnitOfWork, site: str, now: datetime) -> list[Desk]:
    """The technicians at work now, each with their skills and current visit."""
    skills: dict[str, frozenset[str] | None] = {}
    names: set[str] = set()
    for row in uow.technicians.all(site):
        skills[row.name] = frozenset(s for s in row.skills.split(",") if s) or None
        if row.status in _AT_WORK:
            names.add(row.name)
    current: dict[str, tuple[str, bool, timedelta]] = {}
    for technician, category, state, called_at, started_at in uow.visits.held(site):
        if not technician:
            continue
        names.add(technician)
        starting = state == VisitState.CALLED.value or started_at is None
        since = called_at if starting else started_at
        spent = max(timedelta(0), now - since) if since is not None else timedelta(0)
        if technician not in current or not starting:  # one in service wins over a call
            current[technician] = (category, starting, spent)
    names |= uow.visits.ended_by(site, now - RECENT_WORK)
    desks = []
    for name in sorted(names):
        held_now = current.get(name)
        if held_now is None:
            desks.append(Desk(name, skills.get(name)))
        else:
            category, starting, spent = held_now
            desks.append(Desk(name, skills.get(name), spent, category, starting))
    return desks


def read_pace(uow: UnitOfWork, settings: Settings, now: datetime) -> Pace:
    """Handling times per category, the walk-up time and the walk-out rate, lately.

    A category with :data:`HOUR_SAMPLES` times or more within an hour of the local time
    now (e.g. quick account resets in the morning rush, long laptop repairs after lunch)
    is drawn from those; otherwise from all its recent times.
    """
    handling: dict[str, list[float]] = defaultdict(list)
    near_now: dict[str, list[float]] = defaultdict(list)
    walk_ups: list[float] = []
    left = called = 0
    hour = (now + settings.utc_offset).hour
    for category, state, called_at, started_at, ended_at in uow.visits.recent_ended(
            settings.site_id, now - PACE_WINDOW, PACE_VISITS):
        if called_at is None:
            left += state == VisitState.CANCELLED.value
            continue
        called += 1
        if started_at is not None and state in _SERVED:
            seconds = (ended_at - started_at).total_seconds()
            handling[category].append(seconds)
            if abs((started_at + settings.utc_offset).hour - hour) <= 1:
                near_now[category].append(seconds)
            walk_ups.append(max(0.0, (started_at - called_at).total_seconds()))
    for category, times in near_now.items():
        if len(times) >= HOUR_SAMPLES:
            handling[category] = times
    seen = left + called
    return Pace(
        handling=dict(handling),
        typical={c.id: c.resolution_target.total_seconds() for c in settings.categories},
        walk_up=statistics.median(walk_ups) if walk_ups else DEFAULT_WALK_UP,
        walkout=left / seen if seen >= WALKOUT_MIN else 0.0)
