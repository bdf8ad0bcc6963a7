"""A simulated day at the Tech Bar: a staffing what-if and a load generator.

Visitors arrive over an eight-hour day (a morning peak and a lunch peak), and
technicians serve them through the real :class:`~kiosk.app.visits.VisitService` on a
real database, in simulated time: a :class:`~kiosk.clock.ManualClock` jumps from one
event to the next of a discrete-event loop, so a whole day takes seconds.

Everything random comes from one seeded :class:`random.Random` and is drawn up front,
one plan per visitor, so the same seed gives the same day, and the same visitors
meet a different number of technicians when only ``technicians`` changes.

The simulated visits are recorded under their own site id (``<site>-sim``), so they
never join the real waiting line of the configured site.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from enum import Enum
from typing import TypeGuard

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock, SystemClock
from kiosk.config import Category, Settings
from kiosk.domain.priority import Priority
from kiosk.domain.tickets import service_day
from kiosk.domain.visit import FINAL_STATES, Visit, VisitState
from kiosk.errors import NothingWaiting, ValidationError
from kiosk.sim.report import SimulationReport
from kiosk.store import Database

MAX_VISITORS = 10_000
MAX_TECHNICIANS = 200
DAY_LENGTH = timedelta(hours=8)
OPENING_LOCAL = clock_time(8, 0)
CLOSED_REASON = "closed"
WALKED_OUT_REASON = "walked out"

# Relative arrival rate per half hour from opening: a morning peak and a lunch peak.
ARRIVAL_SHAPE = (0.6, 1.0, 1.5, 1.6, 1.3, 1.0, 0.9, 1.2, 1.6, 1.7, 1.3, 0.9, 0.8, 0.8, 0.7, 0.5)
_SLOT = DAY_LENGTH / len(ARRIVAL_SHAPE)

# Rates of the less common paths through a visit.
APPOINTMENT_RATE = 0.08
IMPATIENT_RATE = 0.25
NO_SHOW_RATE = 0.03
PARK_RATE = 0.05
REQUEUE_RATE = 0.02
_RECALL_AFTER = timedelta(seconds=90)
_NO_SHOW_AFTER = timedelta(minutes=3)
_REQUEUE_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class _Profile:
    """How often a category comes up, how long it takes and how often it is escalated."""

    weight: float
    median_minutes: float
    sigma: float
    escalation: float
    group: str


_PROFILES = {
    "laptop": _Profile(30, 14, 0.5, 0.10, "field-services"),
    "account": _Profile(25, 5, 0.45, 0.04, "identity-team"),
    "mobile": _Profile(15, 9, 0.5, 0.06, "mobility-team"),
    "software": _Profile(18, 11, 0.5, 0.08, "application-support"),
    "pickup": _Profile(12, 3, 0.35, 0.01, "logistics"),
}


def _profile(category: Category) -> _Profile:
    known = _PROFILES.get(category.id)
    if known is not None:
        return known
    median = max(category.resolution_target.total_seconds() / 60 * 0.4, 1.0)
    return _Profile(10, median, 0.5, 0.05, "second-line")


# ---------------------------------------------------------------- plans


@dataclass(frozen=True)
class _Plan:
    """Everything about one visitor that chance decides, drawn before the day starts."""

    arrival: timedelta
    category: str
    priority: int
    walk_up: timedelta
    service: timedelta
    patience: timedelta | None
    no_show: bool
    requeue: bool
    park: timedelta | None
    escalate_to: str


def _draw_plans(rng: random.Random, categories: Sequence[Category],
                visitors: int) -> list[_Plan]:
    profiles = [_profile(c) for c in categories]
    weights = [p.weight for p in profiles]
    plans = []
    for _ in range(visitors):
        slot = rng.choices(range(len(ARRIVAL_SHAPE)), weights=ARRIVAL_SHAPE)[0]
        arrival = _SLOT * slot + _SLOT * rng.random()
        index = rng.choices(range(len(categories)), weights=weights)[0]
        profile = profiles[index]
        minutes = profile.median_minutes * math.exp(rng.gauss(0, profile.sigma))
        patient = rng.random() >= IMPATIENT_RATE
        parks = rng.random() < PARK_RATE
        plans.append(_Plan(
            arrival=arrival,
            category=categories[index].id,
            priority=Priority.APPOINTMENT if rng.random() < APPOINTMENT_RATE else Priority.NORMAL,
            walk_up=timedelta(seconds=rng.uniform(20, 90)),
            service=timedelta(minutes=max(minutes, 1.0)),
            patience=None if patient else timedelta(minutes=rng.uniform(15, 60)),
            no_show=rng.random() < NO_SHOW_RATE,
            requeue=rng.random() < REQUEUE_RATE,
            park=timedelta(minutes=rng.uniform(5, 20)) if parks else None,
            escalate_to=profile.group if rng.random() < profile.escalation else "",
        ))
    return sorted(plans, key=lambda p: p.arrival)


# ---------------------------------------------------------------- the event loop


class _Kind(Enum):
    ARRIVE = "arrive"
    CLOSE = "close"
    WALK_OUT = "walk_out"
    RECALL = "recall"
    NO_SHOW = "no_show"
    START = "start"
    REQUEUE = "requeue"
    PARK = "park"
    PARK_READY = "park_ready"
    FINISH = "finish"


@dataclass
class _Desk:
    """One technician: the visit in hand, parked visits, and time spent busy."""

    name: str
    current: str = ""
    busy_since: datetime | None = None
    busy: timedelta = timedelta(0)
    parked: dict[str, bool] = field(default_factory=dict)  # visit id -> ready to resume


class _Day:
    """One simulated day; after ``run()``, ``visits`` holds the final snapshot of each visit."""

    def __init__(self, service: VisitService, clock: ManualClock, plans: list[_Plan],
                 technicians: int) -> None:
        self.service = service
        self.clock = clock
        self.opening = clock.now()
        self.plans = plans
        self.desks = {name: _Desk(name) for name in
                      (f"sim-tech-{i:02d}" for i in range(1, technicians + 1))}
        self.events: list[tuple[datetime, int, _Kind, str]] = []
        self.order = itertools.count()
        self.visits: dict[str, Visit] = {}
        self.plan_of: dict[str, _Plan] = {}
        self.first_called: dict[str, datetime] = {}
        self.requeued: set[str] = set()
        self.walked_out: set[str] = set()
        self.closed_unserved: set[str] = set()
        self.closed = False
        self.waiting = 0

    # ------------------------------------------------------------ running

    def run(self) -> None:
        for number, plan in enumerate(self.plans):
            self._schedule(self.opening + plan.arrival, _Kind.ARRIVE, str(number))
        self._schedule(self.opening + DAY_LENGTH, _Kind.CLOSE, "")
        handlers = {
            _Kind.ARRIVE: self._on_arrive, _Kind.CLOSE: self._on_close,
            _Kind.WALK_OUT: self._on_walk_out, _Kind.RECALL: self._on_recall,
            _Kind.NO_SHOW: self._on_no_show, _Kind.START: self._on_start,
            _Kind.REQUEUE: self._on_requeue, _Kind.PARK: self._on_park,
            _Kind.PARK_READY: self._on_park_ready, _Kind.FINISH: self._on_finish,
        }
        while self.events:
            at, _, kind, ref = heapq.heappop(self.events)
            self.clock.set(at)
            handlers[kind](ref)
        self._close_leftovers()

    def end_of_work(self) -> datetime:
        return max(self.clock.now(), self.opening + DAY_LENGTH)

    def _schedule(self, at: datetime, kind: _Kind, ref: str) -> None:
        heapq.heappush(self.events, (at, next(self.order), kind, ref))

    def _after(self, delay: timedelta, kind: _Kind, ref: str) -> None:
        self._schedule(self.clock.now() + delay, kind, ref)

    def _keep(self, visit: Visit) -> Visit:
        """Remember the newest snapshot of a visit and keep the count of those waiting."""
        before = self.visits.get(visit.id)
        if before is not None and before.state is VisitState.WAITING:
            self.waiting -= 1
        if visit.state is VisitState.WAITING:
            self.waiting += 1
        self.visits[visit.id] = visit
        return visit

    # ------------------------------------------------------------ events

    def _on_arrive(self, ref: str) -> None:
        plan = self.plans[int(ref)]
        visit = self._keep(self.service.check_in(
            name=f"Simulated visitor {int(ref) + 1}", category=plan.category,
            priority=plan.priority, description="simulated visit"))
        self.plan_of[visit.id] = plan
        if plan.patience is not None:
            self._after(plan.patience, _Kind.WALK_OUT, visit.id)
        for desk in self.desks.values():
            if not desk.current:
                self._next_for(desk)

    def _on_close(self, _ref: str) -> None:
        self.closed = True
        for visit in list(self.visits.values()):
            if visit.state is VisitState.WAITING:
                self._keep(self.service.cancel(visit.id, "closing", CLOSED_REASON))
                self.closed_unserved.add(visit.id)

    def _on_walk_out(self, visit_id: str) -> None:
        if self.visits[visit_id].state is VisitState.WAITING:
            self._keep(self.service.cancel(visit_id, "front-desk", WALKED_OUT_REASON))
            self.walked_out.add(visit_id)

    def _on_recall(self, visit_id: str) -> None:
        visit = self.visits[visit_id]
        self._keep(self.service.recall(visit_id, visit.technician))

    def _on_no_show(self, visit_id: str) -> None:
        desk = self.desks[self.visits[visit_id].technician]
        self._keep(self.service.no_show(visit_id, desk.name))
        self._free(desk)

    def _on_start(self, visit_id: str) -> None:
        plan = self.plan_of[visit_id]
        self._keep(self.service.start(visit_id, self.visits[visit_id].technician))
        if plan.requeue and visit_id not in self.requeued:
            self._after(_REQUEUE_AFTER, _Kind.REQUEUE, visit_id)
        elif plan.park is not None:
            self._after(plan.service / 2, _Kind.PARK, visit_id)
        else:
            self._after(plan.service, _Kind.FINISH, visit_id)

    def _on_requeue(self, visit_id: str) -> None:
        desk = self.desks[self.visits[visit_id].technician]
        self.requeued.add(visit_id)
        self._keep(self.service.return_to_queue(visit_id, desk.name, "needs a specialist"))
        self._free(desk)

    def _on_park(self, visit_id: str) -> None:
        plan = self.plan_of[visit_id]
        desk = self.desks[self.visits[visit_id].technician]
        self._keep(self.service.park(visit_id, desk.name, "waiting for an update to finish"))
        desk.parked[visit_id] = False
        self._after(plan.park or timedelta(0), _Kind.PARK_READY, visit_id)
        self._free(desk)

    def _on_park_ready(self, visit_id: str) -> None:
        desk = self.desks[self.visits[visit_id].technician]
        desk.parked[visit_id] = True
        if not desk.current:
            self._next_for(desk)

    def _on_finish(self, visit_id: str) -> None:
        plan = self.plan_of[visit_id]
        desk = self.desks[self.visits[visit_id].technician]
        if plan.escalate_to:
            self._keep(self.service.escalate(visit_id, desk.name, plan.escalate_to,
                                             "needs hands-on work at the back office"))
        else:
            self._keep(self.service.resolve(visit_id, desk.name, "fixed", "solved at the bar"))
        self._free(desk)

    # ------------------------------------------------------------ technicians

    def _free(self, desk: _Desk) -> None:
        if desk.busy_since is not None:
            desk.busy += self.clock.now() - desk.busy_since
        desk.current, desk.busy_since = "", None
        self._next_for(desk)

    def _next_for(self, desk: _Desk) -> None:
        """A free technician resumes a parked visit that is ready, else calls the next one."""
        ready = next((vid for vid, ok in desk.parked.items() if ok), None)
        if ready is not None:
            del desk.parked[ready]
            self._busy(desk, ready)
            self._keep(self.service.resume(ready, desk.name))
            self._after(self.plan_of[ready].service / 2, _Kind.FINISH, ready)
            return
        if self.closed or not self.waiting:
            return
        try:
            visit = self._keep(self.service.call_next(desk.name))
        except NothingWaiting:
            return
        if visit.id not in self.plan_of:
            raise RuntimeError(f"call_next returned visit {visit.id}, not one of this simulation")
        self.first_called.setdefault(visit.id, visit.called_at or self.clock.now())
        self._busy(desk, visit.id)
        plan = self.plan_of[visit.id]
        if plan.no_show:
            self._after(_RECALL_AFTER, _Kind.RECALL, visit.id)
            self._after(_NO_SHOW_AFTER, _Kind.NO_SHOW, visit.id)
        else:
            self._after(plan.walk_up, _Kind.START, visit.id)

    def _busy(self, desk: _Desk, visit_id: str) -> None:
        desk.current, desk.busy_since = visit_id, self.clock.now()

    def _close_leftovers(self) -> None:
        """Anything not ended when the last technician is done is closed (a safety net)."""
        for visit in list(self.visits.values()):
            if visit.state.is_final:
                continue
            if visit.state is VisitState.IN_SERVICE:
                visit = self._keep(self.service.return_to_queue(visit.id, "closing"))
            self._keep(self.service.cancel(visit.id, "closing", CLOSED_REASON))
            self.closed_unserved.add(visit.id)


# ---------------------------------------------------------------- entry point


def simulation_site(settings: Settings) -> str:
    """The site id simulated visits are recorded under (never the real line's)."""
    return f"{settings.site_id[:28]}-sim"


def run_simulation(db: Database, settings: Settings, *, visitors: int, technicians: int,
                   seed: int = 1, start: datetime | None = None) -> SimulationReport:
    """Run a whole simulated day through the real services on ``db``.

    Args:
        db: a migrated database; visits are written under :func:`simulation_site`.
            Run one simulation at a time per database: a run first cancels what an
            interrupted earlier run left open on that site.
        settings: the site settings (categories and their SLA targets).
        visitors: how many people arrive during the day (0 to 10,000).
        technicians: how many technicians serve them (1 to 200).
        seed: the same seed gives the same day.
        start: opening time (aware); by default 08:00 site time today. The day lasts
            eight hours; people still waiting at closing are cancelled ("closed"),
            visits already with a technician are finished.

    Raises:
        ValidationError: an argument out of range.
    """
    _validate(visitors, technicians, seed, start)
    began = time.perf_counter()
    opening = start.astimezone(UTC) if start is not None else _default_opening(settings)
    sim_settings = replace(settings, site_id=simulation_site(settings))
    clock = ManualClock(opening)
    service = VisitService(db, sim_settings, clock, send_to_ticketing=False)
    _close_interrupted_run(service)
    plans = _draw_plans(random.Random(seed), settings.categories, visitors)
    day = _Day(service, clock, plans, technicians)
    day.run()
    wall = time.perf_counter() - began
    return _summarise(day, sim_settings, seed, wall)


def _validate(visitors: object, technicians: object, seed: object,
              start: datetime | None) -> None:
    if not _whole(visitors) or not 0 <= visitors <= MAX_VISITORS:
        raise ValidationError("visitors", f"The number of visitors must be a whole number "
                                          f"from 0 to {MAX_VISITORS:,}, not {visitors!r}.")
    if not _whole(technicians) or not 1 <= technicians <= MAX_TECHNICIANS:
        raise ValidationError("technicians", f"The number of technicians must be a whole number "
                                             f"from 1 to {MAX_TECHNICIANS}, not {technicians!r}.")
    if not _whole(seed):
        raise ValidationError("seed", f"The seed must be a whole number, not {seed!r}.")
    if start is not None and (start.tzinfo is None or start.utcoffset() is None):
        raise ValidationError("start", "The start of the day needs a time zone "
                                       "(an aware datetime), e.g. 2026-11-22T08:00+00:00.")


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _default_opening(settings: Settings) -> datetime:
    local_today = (SystemClock().now() + settings.utc_offset).date()
    return datetime.combine(local_today, OPENING_LOCAL, tzinfo=UTC) - settings.utc_offset


def _close_interrupted_run(service: VisitService) -> None:
    """Cancel visits an interrupted earlier simulation left open, so they don't join the day."""
    for visit in service.active_visits():
        if visit.state is VisitState.IN_SERVICE:
            visit = service.return_to_queue(visit.id, "closing", "interrupted simulation")
        service.cancel(visit.id, "closing", "interrupted simulation")


# ---------------------------------------------------------------- metrics


def _summarise(day: _Day, settings: Settings, seed: int, wall: float) -> SimulationReport:
    visits = list(day.visits.values())
    targets = {c.id: c for c in settings.categories}
    waits = sorted((day.first_called[v.id] - v.checked_in_at).total_seconds()
                   for v in visits if v.id in day.first_called)
    wait_met = [
        day.first_called[v.id] - v.checked_in_at <= targets[v.category].wait_target
        for v in visits if v.id in day.first_called
    ]
    served = [v for v in visits if v.state in (VisitState.RESOLVED, VisitState.ESCALATED)]
    handling = [(v.ended_at - v.started_at).total_seconds() for v in served
                if v.ended_at is not None and v.started_at is not None]
    resolution_met = [
        v.ended_at - v.checked_in_at <= targets[v.category].resolution_target
        for v in served if v.ended_at is not None
    ]
    states = Counter(v.state.value for v in visits)
    busy = sum((d.busy for d in day.desks.values()), timedelta(0))
    span = (day.end_of_work() - day.opening) * len(day.desks)
    categories = Counter(v.category for v in visits)
    return SimulationReport(
        visits=len(visits),
        by_state={s.value: states.get(s.value, 0) for s in _FINAL_ORDER},
        walked_out=len(day.walked_out),
        closed_unserved=len(day.closed_unserved),
        average_wait_seconds=_mean(waits),
        p90_wait_seconds=_percentile(waits, 0.9),
        longest_wait_seconds=waits[-1] if waits else None,
        average_handling_seconds=_mean(handling),
        wait_sla_attainment=_mean([float(m) for m in wait_met]),
        resolution_sla_attainment=_mean([float(m) for m in resolution_met]),
        technician_busy_share=busy / span if span else None,
        per_category={c.id: categories.get(c.id, 0) for c in settings.categories},
        technicians=len(day.desks),
        seed=seed,
        site=settings.site_id,
        simulated_day=service_day(day.opening, settings.utc_offset),
        wall_seconds=wall,
    )


_FINAL_ORDER = tuple(s for s in VisitState if s in FINAL_STATES)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _percentile(ordered: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile of an ascending sequence."""
    if not ordered:
        return None
    rank = max(math.ceil(share * len(ordered)), 1)
    return ordered[rank - 1]
