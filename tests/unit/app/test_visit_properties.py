"""The visit state machine, driven at random through the real VisitService on SQLite.

Hypothesis plays the technicians and the front desk: any action, by anyone, on any
visit, legal or not, while the clock moves on. A refusal must be one of the core's
errors, with a message, and change nothing; an action the permission rule allows
(:mod:`kiosk.domain.permissions`, which the console's buttons follow) must go through,
unless it is a call by a technician still with another visitor (``StillServing``).
After every step the store must still tell one consistent story: one holder per
visit being served, no visit lost, timelines in order, one outbox row per ended
visit, one ticket number per visit and day.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from kiosk.app.technicians import TechnicianService
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import DEFAULT_CONFIG, Settings, load_settings
from kiosk.domain.permissions import NOTE_STATES, may_act, may_add_note
from kiosk.domain.priority import Priority
from kiosk.domain.tickets import service_day
from kiosk.domain.visit import TRANSITIONS, Action, Visit, VisitState, queue_key
from kiosk.errors import (
    IllegalTransition,
    KioskError,
    LostRace,
    NotFound,
    NothingWaiting,
    StillServing,
    ValidationError,
)
from kiosk.store import Database, UnitOfWork
from kiosk.store.repositories.visits import to_visit
from tests.conftest import START
from tests.support.fuzz import outcome

#: Registered technicians (a transfer may name them) and one who is not.
REGISTERED = ("Dana", "Luis")
TECHNICIANS = (*REGISTERED, "Kim")
ACTORS = (*TECHNICIANS, "front desk")
CATEGORIES = ("laptop", "account", "mobile")
REFUSALS = (IllegalTransition, LostRace, NotFound, NothingWaiting, StillServing, ValidationError)
HELD = frozenset({VisitState.CALLED, VisitState.IN_SERVICE, VisitState.PARKED})
#: A technician with a visit in these states is serving someone (parked ones wait).
SERVING = frozenset({VisitState.CALLED, VisitState.IN_SERVICE})
#: Events that make the actor the visit's holder.
TAKING = ("call", "resume")
RUNS = hypothesis_settings(max_examples=80, stateful_step_count=50, deadline=None,
                           suppress_health_check=[HealthCheck.too_slow])

#: Stands for the visit's holder (Dana when nobody holds it), so legal actions come often.
HOLDER = "<holder>"
notes = st.sampled_from(["", "Printer jam", "  ", "Zoë's\nlaptop", "\x00\ud800"])
actors = st.sampled_from((HOLDER, *ACTORS))
technicians = st.sampled_from((HOLDER, HOLDER, HOLDER, *TECHNICIANS))


@functools.cache
def site() -> Settings:
    return load_settings(DEFAULT_CONFIG, environ={})


@functools.cache
def workspace() -> tempfile.TemporaryDirectory[str]:
    """Where the runs' databases live (removed at exit; a run deletes its own)."""
    return tempfile.TemporaryDirectory(prefix="techbar-visit-machine-")


@functools.cache
def template() -> Path:
    """A migrated SQLite file with the registered technicians, made once, copied per run."""
    path = Path(workspace().name) / "template.db"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    technicians = TechnicianService(database, site(), ManualClock(START))
    for name in REGISTERED:
        technicians.add(name=name, pin="2468")
    database.dispose()
    return path


def some_visit_allows(action: Action | None) -> Callable[[VisitMachine], bool]:
    """A rule's precondition: a visit's state allows ``action`` (a note for None).

    Rules still pick a visit in another state at times, to be refused.
    """
    states = NOTE_STATES if action is None else TRANSITIONS[action][0]
    return lambda machine: any(state in states for state in machine.states.values())


class VisitMachine(RuleBasedStateMachine):
    """A fresh database per run.

    Attributes:
        ids: every visit checked in, in order.
        states: each visit's state as the actions said it is (to aim them well).
    """

    def __init__(self) -> None:
        super().__init__()
        self.path = Path(workspace().name) / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(template(), self.path)
        self.db = Database(f"sqlite:///{self.path}")
        self.clock = ManualClock(START)
        self.settings = site()
        self.service = VisitService(self.db, self.settings, self.clock)
        self.ids: list[str] = []
        self.states: dict[str, VisitState] = {}

    def teardown(self) -> None:
        self.db.dispose()
        for suffix in ("", "-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    # ------------------------------------------------------------ the line

    @initialize(line=st.lists(st.tuples(st.sampled_from(CATEGORIES), st.sampled_from(list(Priority))),
                              min_size=1, max_size=6))
    def a_morning_line(self, line: list[tuple[str, Priority]]) -> None:
        for category, priority in line:
            self.check_in("Ana", category, priority)

    @rule(name=st.sampled_from(["Ana", "Bo Lee", "Zoë Ng"]),
          category=st.sampled_from(CATEGORIES), priority=st.sampled_from(list(Priority)))
    def check_in(self, name: str, category: str, priority: Priority) -> None:
        visit = self.service.check_in(name=name, category=category, priority=priority)
        assert (visit.state, visit.technician) == (VisitState.WAITING, "")
        self.ids.append(visit.id)
        self.states[visit.id] = visit.state

    @rule(technician=st.sampled_from(TECHNICIANS),
          skills=st.none() | st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True),
          several=st.booleans(), and_start=st.booleans())
    def call_next(self, technician: str, skills: list[str] | None, several: bool,
                  and_start: bool) -> None:
        """The head of the technician's line; StillServing while they are with someone
        (unless they work on several), NothingWaiting for an empty line; often started."""
        if not several and self.serving(technician):
            with pytest.raises(StillServing, match="."):
                self.service.call_next(technician, skills)
            return
        eligible = [v for v in self.service.active_visits()
                    if v.state is VisitState.WAITING and v.technician in ("", technician)
                    and (skills is None or v.category in skills)]
        if not eligible:
            with pytest.raises(NothingWaiting, match="."):
                self.service.call_next(technician, skills, several=several)
            return
        def key(visit: Visit) -> tuple[int, datetime, str]:
            return queue_key(visit.priority, visit.queued_at, visit.ticket_number)

        head = min(key(v) for v in eligible)
        # A tie is possible (a visit transferred to another category keeps its ticket
        # number, and a new day's ticket can repeat it at the same moment): either is
        # the head of the line.
        called = self.service.call_next(technician, skills, counter="Desk 1", several=several)
        assert key(called) == head, "call_next must take the head of the technician's line"
        assert called.id in {v.id for v in eligible}
        assert (called.state, called.technician) == (VisitState.CALLED, technician)
        self.states[called.id] = called.state
        if and_start:
            self.attempt(called.id, Action.START, technician,
                         lambda who: self.service.start(called.id, who))

    @rule(minutes=st.one_of(st.integers(0, 10), st.integers(0, 24 * 60)))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    # ------------------------------------------------------------ the technician's actions

    @precondition(some_visit_allows(Action.CALL))
    @rule(data=st.data(), technician=technicians, several=st.booleans())
    def call(self, data: st.DataObject, technician: str, several: bool) -> None:
        visit_id = self.pick(data, Action.CALL)
        self.attempt(visit_id, Action.CALL, technician, lambda who: self.service.call(
            visit_id, who, counter="Desk 2", several=several), free=not several)

    @precondition(some_visit_allows(Action.RECALL))
    @rule(data=st.data(), technician=technicians)
    def recall(self, data: st.DataObject, technician: str) -> None:
        visit_id = self.pick(data, Action.RECALL)
        self.attempt(visit_id, Action.RECALL, technician,
                     lambda who: self.service.recall(visit_id, who))

    @precondition(some_visit_allows(Action.START))
    @rule(data=st.data(), technician=technicians)
    def start(self, data: st.DataObject, technician: str) -> None:
        visit_id = self.pick(data, Action.START)
        self.attempt(visit_id, Action.START, technician,
                     lambda who: self.service.start(visit_id, who))

    @precondition(some_visit_allows(Action.PARK))
    @rule(data=st.data(), technician=technicians, note=notes)
    def park(self, data: st.DataObject, technician: str, note: str) -> None:
        visit_id = self.pick(data, Action.PARK)
        self.attempt(visit_id, Action.PARK, technician,
                     lambda who: self.service.park(visit_id, who, note))

    @precondition(some_visit_allows(Action.RESUME))
    @rule(data=st.data(), technician=technicians)
    def resume(self, data: st.DataObject, technician: str) -> None:
        visit_id = self.pick(data, Action.RESUME)
        self.attempt(visit_id, Action.RESUME, technician,
                     lambda who: self.service.resume(visit_id, who))

    @precondition(some_visit_allows(Action.RETURN_TO_QUEUE))
    @rule(data=st.data(), actor=actors, note=notes)
    def return_to_queue(self, data: st.DataObject, actor: str, note: str) -> None:
        visit_id = self.pick(data, Action.RETURN_TO_QUEUE)
        before = self.service.get(visit_id)
        after = self.attempt(visit_id, Action.RETURN_TO_QUEUE, actor,
                             lambda who: self.service.return_to_queue(visit_id, who, note))
        if after is not None:
            assert after.queued_at == before.queued_at, "back in line at the original place"
            assert after.technician == ""

    @precondition(some_visit_allows(Action.TRANSFER))
    @rule(data=st.data(), actor=actors, category=st.sampled_from([None, "", *CATEGORIES, "fax"]),
          technician=st.sampled_from([None, "", *TECHNICIANS]), note=notes)
    def transfer(self, data: st.DataObject, actor: str, category: str | None, technician: str | None,
                 note: str) -> None:
        visit_id = self.pick(data, Action.TRANSFER)
        before = self.service.get(visit_id)
        after = self.attempt(visit_id, Action.TRANSFER, actor, lambda who: self.service.transfer(
            visit_id, who, category=category, technician=technician, note=note), sure=False)
        if after is None:
            return
        assert after.technician == (technician or "")
        moved = after.category != before.category
        assert after.category == (category if moved else before.category)
        assert after.queued_at == (self.clock.now() if moved else before.queued_at)

    @precondition(some_visit_allows(Action.RESOLVE))
    @rule(data=st.data(), technician=technicians, code=st.sampled_from(["fixed", "fixed", "", " "]),
          notes_text=notes, minutes=st.sampled_from([None, 0, 25, 1440, -1, 1441]))
    def resolve(self, data: st.DataObject, technician: str, code: str, notes_text: str,
                minutes: int | None) -> None:
        visit_id = self.pick(data, Action.RESOLVE)
        valid = bool(code.strip()) and (minutes is None or 0 <= minutes <= 1440)
        self.attempt(visit_id, Action.RESOLVE, technician, lambda who: self.service.resolve(
            visit_id, who, code, notes_text, time_spent_minutes=minutes), sure=valid)

    @precondition(some_visit_allows(Action.ESCALATE))
    @rule(data=st.data(), technician=technicians, group=st.sampled_from(["network", "", "x" * 121]))
    def escalate(self, data: st.DataObject, technician: str, group: str) -> None:
        visit_id = self.pick(data, Action.ESCALATE)
        self.attempt(visit_id, Action.ESCALATE, technician,
                     lambda who: self.service.escalate(visit_id, who, group),
                     sure=group == "network")

    @precondition(some_visit_allows(Action.NO_SHOW))
    @rule(data=st.data(), actor=actors, check_grace=st.booleans())
    def no_show(self, data: st.DataObject, actor: str, check_grace: bool) -> None:
        visit_id = self.pick(data, Action.NO_SHOW)
        due = self.service.no_show_from(self.service.get(visit_id))
        early = check_grace and due is not None and self.clock.now() < due
        self.attempt(visit_id, Action.NO_SHOW, actor, lambda who: self.service.no_show(
            visit_id, who, check_grace=check_grace), sure=not early)

    @precondition(some_visit_allows(Action.CANCEL))
    @rule(data=st.data(), actor=actors, reason=notes)
    def cancel(self, data: st.DataObject, actor: str, reason: str) -> None:
        visit_id = self.pick(data, Action.CANCEL)
        self.attempt(visit_id, Action.CANCEL, actor,
                     lambda who: self.service.cancel(visit_id, who, reason))

    @precondition(some_visit_allows(None))
    @rule(data=st.data(), actor=actors, note=notes)
    def add_note(self, data: st.DataObject, actor: str, note: str) -> None:
        visit_id = self.pick(data, None)
        self.attempt(visit_id, None, actor, lambda who: self.service.add_note(visit_id, who, note),
                     sure=bool(note.strip("\x00\ud800 ")))

    @rule(action=st.sampled_from([a for a in Action if a is not Action.CHECK_IN]),
          actor=st.sampled_from(ACTORS))
    def act_on_a_visit_that_does_not_exist(self, action: Action, actor: str) -> None:
        ghost = str(uuid.uuid4())
        act: dict[Action, Callable[[], Visit]] = {
            Action.CALL: lambda: self.service.call(ghost, actor),
            Action.RECALL: lambda: self.service.recall(ghost, actor),
            Action.START: lambda: self.service.start(ghost, actor),
            Action.PARK: lambda: self.service.park(ghost, actor),
            Action.RESUME: lambda: self.service.resume(ghost, actor),
            Action.RETURN_TO_QUEUE: lambda: self.service.return_to_queue(ghost, actor),
            Action.TRANSFER: lambda: self.service.transfer(ghost, actor, category="laptop"),
            Action.RESOLVE: lambda: self.service.resolve(ghost, actor, "fixed"),
            Action.ESCALATE: lambda: self.service.escalate(ghost, actor, "network"),
            Action.NO_SHOW: lambda: self.service.no_show(ghost, actor),
            Action.CANCEL: lambda: self.service.cancel(ghost, actor),
        }
        with pytest.raises(NotFound, match=ghost):
            act[action]()

    # ------------------------------------------------------------ checking one action

    def serving(self, technician: str) -> bool:
        """Whether the technician is with a visitor (called or in service)."""
        return any(v.technician == technician and v.state in SERVING
                   for v in self.service.active_visits())

    def pick(self, data: st.DataObject, action: Action | None) -> str:
        """Mostly a visit whose state allows ``action`` (a note for None), else any visit."""
        states = NOTE_STATES if action is None else TRANSITIONS[action][0]
        fitting = [i for i in self.ids if self.states[i] in states]
        aim = data.draw(st.integers(0, 3), label="aim") > 0
        return data.draw(st.sampled_from(fitting if fitting and aim else self.ids), label="visit")

    def attempt(self, visit_id: str, action: Action | None, actor: str,
                act: Callable[[str], Visit], *, sure: bool = True,
                free: bool = False) -> Visit | None:
        """Run ``act`` as ``actor``: refused with a message and no trace, or done as allowed.

        Args:
            action: None for a note.
            actor: a name, or :data:`HOLDER` for whoever holds the visit now.
            sure: the inputs are valid, so the action must go through when the
                permission rule allows it.
            free: the action needs the actor free (serving nobody); when they are not,
                a refusal is allowed.
        """
        before = self.service.get(visit_id)
        who = (before.technician or REGISTERED[0]) if actor == HOLDER else actor
        sure = sure and not (free and self.serving(who))
        allowed = may_add_note(before, who) if action is None else may_act(before, action, who)
        after = outcome(lambda: act(who), *REFUSALS)
        if isinstance(after, KioskError):
            assert str(after).strip(), f"{type(after).__name__} without a message"
            assert self.service.get(visit_id) == before, f"refused {action} changed the visit"
            assert not (allowed and sure), (
                f"{action or 'note'} by {who} on {before.state} visit held by "
                f"{before.technician!r} is allowed but was refused: {after}")
            return None
        assert allowed, (f"{action or 'note'} by {who} on {before.state} visit held by "
                         f"{before.technician!r} is not allowed but went through")
        expected = before.state if action is None else TRANSITIONS[action][1]
        assert after.state is expected
        assert after.version == before.version + 1
        self.states[visit_id] = after.state
        return after

    # ------------------------------------------------------------ the story, after every step

    @invariant()
    def the_store_tells_one_consistent_story(self) -> None:
        """One read of every visit, its timeline and outbox row (each action also reads
        its visit back with ``get``)."""
        with UnitOfWork(self.db, readonly=True) as uow:
            rows = uow.visits.by_ids(self.ids)
            timelines = uow.visits.events_for(self.ids)
            stored = [to_visit(row, timelines[row.id]) for row in rows]
            outbox = {visit_id: uow.outbox.get(visit_id) for visit_id in self.ids}
            total = sum(uow.outbox.counts().values())
        assert {v.id: v.state for v in stored} == self.states, "a visit was lost or changed"
        no_visit_is_lost(stored, self.service.active_visits())
        for visit in stored:
            one_holder_while_served(visit)
            timeline_in_order(visit)
        one_outbox_row_per_ended_visit(stored, outbox, total)
        ticket_numbers_unique_per_day(stored, self.settings.utc_offset)


def no_visit_is_lost(stored: list[Visit], active: list[Visit]) -> None:
    active_ids = [v.id for v in active]
    assert len(active_ids) == len(set(active_ids)), "a visit is twice in the line"
    assert set(active_ids) == {v.id for v in stored if not v.state.is_final}
    ended = [v for v in stored if v.state.is_final]
    assert len(active) + len(ended) == len(stored)


def one_holder_while_served(visit: Visit) -> None:
    """Called, in service or parked: held by who called or resumed it last. Waiting:
    held by nobody, or reserved for the technician it was transferred to."""
    if visit.state in HELD:
        taking = [e for e in visit.events if e.action in TAKING]
        assert visit.technician, f"{visit.ticket_number} is {visit.state} with no holder"
        assert visit.technician == taking[-1].actor, "the holder is who took it last"
    elif visit.state is VisitState.WAITING and visit.technician:
        moves = [e for e in visit.events if e.action != "note"]
        assert moves[-1].action == Action.TRANSFER.value, (
            f"{visit.ticket_number} waits held by {visit.technician} without a transfer")


def timeline_in_order(visit: Visit) -> None:
    events = visit.events
    assert events, f"{visit.ticket_number} has no timeline"
    assert (events[0].action, events[0].from_state) == ("check_in", None)
    for earlier, later in zip(events, events[1:], strict=False):
        assert earlier.seq < later.seq
        assert earlier.at <= later.at, f"{visit.ticket_number}: time goes backwards"
        assert later.from_state == earlier.to_state, "each event starts where one ended"
    assert visit.state.value == events[-1].to_state
    assert visit.version == len(events)
    assert visit.ended_at == (events[-1].at if visit.state.is_final else None)


def one_outbox_row_per_ended_visit(stored: list[Visit], rows: dict[str, object],
                                   total: int) -> None:
    for visit in stored:
        assert (rows[visit.id] is not None) == visit.state.is_final, (
            f"{visit.ticket_number} is {visit.state} with outbox row {rows[visit.id]}")
    assert total == sum(v.state.is_final for v in stored), "an outbox row too many"


def ticket_numbers_unique_per_day(stored: list[Visit], utc_offset: timedelta) -> None:
    taken = Counter((service_day(v.checked_in_at, utc_offset), v.ticket_number) for v in stored)
    assert [key for key, count in taken.items() if count > 1] == []


TestVisitMachine = VisitMachine.TestCase
TestVisitMachine.settings = RUNS
