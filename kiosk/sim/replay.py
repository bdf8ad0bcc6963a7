"""Replay: recorded arrivals through the real services, in simulated time.

Each arrival of the file (:mod:`kiosk.sim.replay_csv`) checks in through the real
:class:`~kiosk.app.visits.VisitService` at its recorded moment, on a
:class:`~kiosk.clock.ManualClock` that jumps from one event to the next. The visitor's
wait estimate is read right after check-in, as the kiosk would show it. ``K``
technicians are registered on the replay's site with their skills and are available
from the first arrival of each local day until that day's last visitor is served;
whenever one is free and someone they may serve is waiting, they call the next one
(``call_next`` with their skills: the real queue order decides who), start at once
(no walk-up time: the time at the desk is the recorded ``service_minutes``) and resolve
when it is over. A visitor with a patience walks out (is cancelled) if not called by
then. Several days run one after the other on the same clock.

Every replay writes under a site id of its own (``<site>-sim-<6 hex>``): it never joins
the real line, never sends anything to ticketing, and starts without the history of an
earlier replay of the same days (which would tell the estimator the future).

Beside the product's estimate, the same run records the naive baseline for comparison
(:class:`NaiveEstimate`).
"""

from __future__ import annotations

import heapq
import itertools
import secrets
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from kiosk.app.technicians import TechnicianService, TechnicianStatus
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.estimate import WaitEstimate, estimate_wait, typical_handling
from kiosk.domain.tickets import service_day
from kiosk.domain.visit import Visit
from kiosk.errors import AlreadyInLine, ValidationError
from kiosk.sim.replay_csv import Arrival
from kiosk.store import Database

MAX_TECHNICIANS = 200
NAIVE_SAMPLES = 20
"""The naive point's mean is over this many of the last finished visits."""
NAIVE_WINDOW = timedelta(days=14)
"""The old range rule read the handling times of the last two weeks."""
SERVED, WALKED_OUT, UNSERVED = "served", "walked_out", "unserved"
WALKED_OUT_REASON = "walked out"
OLD_RULE_SAMPLES = 200
"""The old range rule read at most this many handling times."""
_DESCRIPTION = "replayed visit"

#: A technician's categories; None serves every category.
SkillGroup = tuple[str, ...] | None
Progress = Callable[[int, int], None]
#: Another estimator read at each check-in beside the product's (a benchmark's reference).
Reference = Callable[[VisitService, Visit], WaitEstimate | None]


@dataclass(frozen=True)
class NaiveEstimate:
    """The baseline: point = mean handling time of the last :data:`NAIVE_SAMPLES` finished
    visits x people ahead / technicians working; range = the old quartile rule
    (:func:`kiosk.domain.estimate.estimate_wait` on the last two weeks' handling times)."""

    point: timedelta
    low: timedelta
    high: timedelta


@dataclass(frozen=True)
class ReplayedVisit:
    """One arrival as replayed. ``wait`` is check-in to call (None: never called)."""

    line: int
    ticket_number: str
    category: str
    arrived_at: datetime
    day: str
    hour: int
    technician: str
    outcome: str
    wait: timedelta | None
    service: timedelta | None
    estimate: WaitEstimate | None
    naive: NaiveEstimate | None
    reference: WaitEstimate | None = None


@dataclass(frozen=True)
class ReplayRun:
    """Every replayed visit, in arrival order, and how the floor was staffed."""

    visits: tuple[ReplayedVisit, ...]
    skills: tuple[SkillGroup, ...]
    site: str
    wall_seconds: float

    @property
    def technicians(self) -> int:
        return len(self.skills)


def parse_skill_groups(text: str | None, technicians: int,
                       settings: Settings) -> tuple[SkillGroup, ...]:
    """``"laptop,mobile;account,software;*"``: one group per technician, ``*`` for all.

    None or an empty text: every technician serves every category.

    Raises:
        ValidationError: a wrong number of groups, an empty group, an unknown category.
    """
    _check_technicians(technicians)
    if text is None or not text.strip():
        return (None,) * technicians
    groups = text.split(";")
    if len(groups) != technicians:
        raise ValidationError("skills", f"--skills gives {len(groups)} group"
                                        f"{'' if len(groups) == 1 else 's'} for {technicians} "
                                        f"technician{'' if technicians == 1 else 's'}; give one "
                                        "group per technician, separated by ';' (* for all)")
    known = [c.id for c in settings.categories]
    parsed: list[SkillGroup] = []
    for number, group in enumerate(groups, start=1):
        names = [name.strip() for name in group.split(",") if name.strip()]
        if not names:
            raise ValidationError("skills", f"--skills: group {number} is empty; list "
                                            "categories or write * for all")
        if names == ["*"]:
            parsed.append(None)
            continue
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValidationError("skills", f"--skills: unknown category '{unknown[0]}' in "
                                            f"group {number} (the settings have "
                                            f"{', '.join(known)})")
        parsed.append(tuple(dict.fromkeys(names)))
    return tuple(parsed)


def check_everyone_served(arrivals: Sequence[Arrival], skills: Sequence[SkillGroup]) -> None:
    """Refuse a replay where some arrivals' category no technician may serve."""
    if any(group is None for group in skills):
        return
    served = {category for group in skills if group is not None for category in group}
    orphans = [a for a in arrivals if a.category not in served]
    if orphans:
        missing = ", ".join(dict.fromkeys(a.category for a in orphans))
        raise ValidationError("skills", f"--skills: no technician serves {missing}, which "
                                        f"{len(orphans)} arrival{'' if len(orphans) == 1 else 's'}"
                                        f" need (the first on line {orphans[0].line})")


def replay_site(settings: Settings) -> str:
    """A new site id for one replay: never the real line, never an earlier replay's."""
    return f"{settings.site_id[:21]}-sim-{secrets.token_hex(3)}"


def run_replay(db: Database, settings: Settings, arrivals: Sequence[Arrival],
               skills: Sequence[SkillGroup], *, estimate: bool = True,
               progress: Progress | None = None, reference: Reference | None = None
               ) -> ReplayRun:
    """Replay ``arrivals`` (in time order) with one technician per skill group.

    Args:
        db: a migrated database; the replay writes under :func:`replay_site`.
        estimate: read each visitor's estimate (and the naive one) at check-in; off
            when only the waits matter (staffing advice).
        progress: called with (arrivals done, arrivals in all).
        reference: another estimator, read at each check-in right after the product's
            (the estimator benchmark's limit); kept as ``ReplayedVisit.reference``.

    Raises:
        ValidationError: no technicians, too many, or a category nobody serves.
    """
    _check_technicians(len(skills))
    check_everyone_served(arrivals, skills)
    began = time.perf_counter()
    site_settings = replace(settings, site_id=replay_site(settings))
    visits: tuple[ReplayedVisit, ...] = ()
    if arrivals:
        clock = ManualClock(arrivals[0].arrived_at)
        floor = _Floor(VisitService(db, site_settings, clock, send_to_ticketing=False),
                       TechnicianService(db, site_settings, clock), clock, arrivals,
                       tuple(skills), estimate=estimate, progress=progress)
        floor.reference = reference
        visits = floor.run()
    return ReplayRun(visits, tuple(skills), site_settings.site_id,
                     time.perf_counter() - began)


def _check_technicians(technicians: int) -> None:
    if not 1 <= technicians <= MAX_TECHNICIANS:
        raise ValidationError("technicians", f"The number of technicians must be from 1 to "
                                             f"{MAX_TECHNICIANS}, not {technicians}.")


# ---------------------------------------------------------------- the floor


class _Kind(IntEnum):
    """Events at the same moment: services end, then people leave, then people arrive."""

    FINISH = 0
    WALK_OUT = 1
    ARRIVE = 2


@dataclass
class _Desk:
    name: str
    categories: SkillGroup
    technician_id: str = ""
    current: str = ""
    free_since: datetime = datetime.min.replace(tzinfo=UTC)

    def may_serve(self, category: str) -> bool:
        return self.categories is None or category in self.categories


@dataclass
class _Visitor:
    arrival: Arrival
    visit: Visit
    estimate: WaitEstimate | None = None
    naive: NaiveEstimate | None = None
    reference: WaitEstimate | None = None
    technician: str = ""
    outcome: str = UNSERVED
    wait: timedelta | None = None


class _Floor:
    """The discrete-event loop of one replay."""

    def __init__(self, service: VisitService, technicians: TechnicianService, clock: ManualClock,
                 arrivals: Sequence[Arrival], skills: tuple[SkillGroup, ...], *,
                 estimate: bool, progress: Progress | None) -> None:
        self.service, self.technicians, self.clock = service, technicians, clock
        self.settings = service.settings
        self.arrivals = arrivals
        self.desks = [_Desk(f"tech-{number:02d}", group)
                      for number, group in enumerate(skills, start=1)]
        self.estimate, self.progress = estimate, progress
        self.reference: Reference | None = None
        self.events: list[tuple[datetime, int, int, str]] = []
        self.order = itertools.count()
        self.visitors: dict[str, _Visitor] = {}
        self.waiting: dict[str, str] = {}  # visit id -> category, in arrival order
        self.finished: deque[tuple[datetime, timedelta]] = deque()  # (ended, handling)
        self.on_duty = False
        self.done = 0

    def run(self) -> tuple[ReplayedVisit, ...]:
        self._register()
        for index, arrival in enumerate(self.arrivals):
            self._schedule(arrival.arrived_at.astimezone(UTC), _Kind.ARRIVE, str(index))
        handlers = {_Kind.ARRIVE: self._on_arrive, _Kind.WALK_OUT: self._on_walk_out,
                    _Kind.FINISH: self._on_finish}
        while self.events:
            at, kind, _, ref = heapq.heappop(self.events)
            self.clock.set(at)
            handlers[_Kind(kind)](ref)
        self._close_leftovers()
        self._duty(False)
        return tuple(self._result(v) for v in self.visitors.values())

    def _schedule(self, at: datetime, kind: _Kind, ref: str) -> None:
        heapq.heappush(self.events, (at, int(kind), next(self.order), ref))

    def _register(self) -> None:
        for desk in self.desks:
            pin = f"{secrets.randbelow(10 ** 8):08d}"  # never used: nobody signs in
            desk.technician_id = self.technicians.add(
                name=desk.name, pin=pin, skills=desk.categories or ()).id

    def _duty(self, on: bool) -> None:
        """The technicians come in (available) or go home (away)."""
        if on == self.on_duty:
            return
        status = TechnicianStatus.AVAILABLE if on else TechnicianStatus.AWAY
        for desk in self.desks:
            self.technicians.set_status(desk.technician_id, status)
        self.on_duty = on

    # ------------------------------------------------------------ events

    def _on_arrive(self, ref: str) -> None:
        arrival = self.arrivals[int(ref)]
        self._duty(True)
        visit = self._check_in(arrival)
        visitor = _Visitor(arrival, visit)
        self.visitors[visit.id] = visitor
        if self.estimate:
            visitor.estimate = self.service.estimate_wait(visit.id)
            visitor.naive = self._naive(visit)
        if self.reference is not None:
            visitor.reference = self.reference(self.service, visit)
        self.waiting[visit.id] = visit.category
        if arrival.patience is not None:
            self._schedule(self.clock.now() + arrival.patience, _Kind.WALK_OUT, visit.id)
        self._dispatch()
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, len(self.arrivals))

    def _check_in(self, arrival: Arrival) -> Visit:
        name = f"Replayed visitor {arrival.line}"
        try:
            return self.service.check_in(name=name, category=arrival.category,
                                         employee_id=arrival.employee_id,
                                         priority=arrival.priority, description=_DESCRIPTION)
        except AlreadyInLine:  # the file has them come again while their first visit is open
            return self.service.check_in(name=name, category=arrival.category,
                                         employee_id=arrival.employee_id,
                                         priority=arrival.priority, description=_DESCRIPTION,
                                         second_visit_reason="replayed arrival")

    def _on_walk_out(self, visit_id: str) -> None:
        if visit_id in self.waiting:
            del self.waiting[visit_id]
            self.service.cancel(visit_id, "front-desk", WALKED_OUT_REASON)
            self.visitors[visit_id].outcome = WALKED_OUT
            self._maybe_go_home()

    def _on_finish(self, visit_id: str) -> None:
        visitor = self.visitors[visit_id]
        desk = next(d for d in self.desks if d.current == visit_id)
        ended = self.service.resolve(visit_id, desk.name, "fixed", "replayed visit")
        if ended.started_at is not None and ended.ended_at is not None:
            self.finished.append((ended.ended_at, ended.ended_at - ended.started_at))
        visitor.outcome = SERVED
        desk.current, desk.free_since = "", self.clock.now()
        self._dispatch()
        self._maybe_go_home()

    def _dispatch(self) -> None:
        """Every free technician calls the next visitor they may serve, longest free first."""
        for desk in sorted(self.desks, key=lambda d: (d.free_since, d.name)):
            if desk.current or not any(desk.may_serve(c) for c in self.waiting.values()):
                continue
            called = self.service.call_next(desk.name, desk.categories)
            self.waiting.pop(called.id, None)
            visitor = self.visitors[called.id]
            visitor.technician = desk.name
            visitor.wait = (called.called_at or self.clock.now()) - called.checked_in_at
            self.service.start(called.id, desk.name)
            desk.current = called.id
            self._schedule(self.clock.now() + visitor.arrival.service, _Kind.FINISH, called.id)

    def _maybe_go_home(self) -> None:
        """When the floor is empty and the next arrival is on another day, the day is over."""
        if self.waiting or any(d.current for d in self.desks):
            return
        today = service_day(self.clock.now(), self.settings.utc_offset)
        if self.done == len(self.arrivals) or service_day(
                self.arrivals[self.done].arrived_at.astimezone(UTC),
                self.settings.utc_offset) != today:
            self._duty(False)

    def _close_leftovers(self) -> None:
        for visit_id in list(self.waiting):
            self.service.cancel(visit_id, "closing", "replay over")
        self.waiting.clear()

    # ------------------------------------------------------------ the naive baseline

    def _naive(self, visit: Visit) -> NaiveEstimate:
        now = self.clock.now()
        while self.finished and self.finished[0][0] < now - NAIVE_WINDOW:
            self.finished.popleft()
        ahead = max(self.service.position(visit.id) - 1, 0)
        category = self.settings.category(visit.category)
        fallback = typical_handling(category.resolution_target if category else None)
        recent = [handling for _, handling in itertools.islice(reversed(self.finished),
                                                               NAIVE_SAMPLES)]
        mean = sum(recent, timedelta(0)) / len(recent) if recent else fallback
        working = len(self.desks)
        point = mean * ahead / working
        window = [handling for _, handling in itertools.islice(reversed(self.finished),
                                                               OLD_RULE_SAMPLES)]
        shown = estimate_wait(ahead, working, window, fallback)
        return NaiveEstimate(point, shown.low, shown.high)

    def _result(self, visitor: _Visitor) -> ReplayedVisit:
        arrival = visitor.arrival
        local = arrival.arrived_at.astimezone(UTC) + self.settings.utc_offset
        return ReplayedVisit(
            line=arrival.line, ticket_number=visitor.visit.ticket_number,
            category=arrival.category, arrived_at=arrival.arrived_at,
            day=local.date().isoformat(), hour=local.hour, technician=visitor.technician,
            outcome=visitor.outcome,
            wait=visitor.wait if visitor.outcome == SERVED else None,
            service=arrival.service if visitor.outcome == SERVED else None,
            estimate=visitor.estimate, naive=visitor.naive, reference=visitor.reference)
