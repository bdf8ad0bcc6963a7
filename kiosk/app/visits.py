"""Use cases. Each public method is one transaction and returns immutable snapshots."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from kiosk.app.links import issue_link
from kiosk.app.notify_queue import line_moved, queue_notifications
from kiosk.app.stats import record_check_in, record_ended, record_moved
from kiosk.app.visit_queries import VisitQueries
from kiosk.app.work import check_free, check_not_in_line, follow_the_work
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.permissions import check_actor, check_note
from kiosk.domain.priority import Priority
from kiosk.domain.text import (
    LANGUAGES,
    MAX_ASSET_TAG,
    MAX_DESCRIPTION,
    MAX_DEVICE,
    MAX_NOTES,
    MAX_RESOLUTION_CODE,
    clean_line,
    clean_text,
)
from kiosk.domain.tickets import format_ticket, service_day
from kiosk.domain.visit import Action, Requester, Visit, VisitState, transition
from kiosk.errors import NotFound, NothingWaiting, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.repositories.visits import to_visit
from kiosk.store.tables import VisitEventRow, VisitRow

log = logging.getLogger(__name__)
_Mutation = Callable[[VisitRow, datetime], None]
MAX_TIME_SPENT_MINUTES = 1440
MAX_GROUP = 120
#: The timeline event of a note added without a change of state.
NOTE_ACTION = "note"


@dataclass(frozen=True)
class CheckInDetails:
    """Validated check-in details, ready to store."""

    category: str
    prefix: str
    priority: int
    language: str
    description: str
    device: str
    asset_tag: str


class VisitService(VisitQueries):
    """The visit use cases: check-in, the technician's actions and the queries windows need."""

    def __init__(self, db: Database, settings: Settings, clock: Clock, *,
                 send_to_ticketing: bool = True,
                 no_show_grace: timedelta | None = None) -> None:
        """Args:
            send_to_ticketing: write an outbox row when a visit ends (False only for
                simulated days, which must never become tickets).
            no_show_grace: how long after a call the console offers "no-show".
        """
        self.db = db
        self.settings = settings
        self.clock = clock
        self.send_to_ticketing = send_to_ticketing
        self.no_show_grace = (timedelta(minutes=settings.console.no_show_grace_minutes)
                              if no_show_grace is None else no_show_grace)

    # ------------------------------------------------------------ check-in

    def check_in(self, *, name: str, category: str, email: str = "", employee_id: str = "",
                 description: str = "", priority: int = Priority.NORMAL,
                 actor: str = "kiosk", device: str = "", asset_tag: str = "",
                 language: str = "en", appointment_code: str = "",
                 second_visit_reason: str = "") -> Visit:
        """Put a visitor in line and give them a ticket number.

        Args:
            second_visit_reason: the front desk's reason to let someone who is already in
                line have a second visit (recorded on its timeline).

        Raises:
            ValidationError: an empty name, unknown category, over-long text...
            AlreadyInLine: the person (by employee id, else e-mail) has a visit in progress.
        """
        details = self.check_in_details(category, description, device, asset_tag, language,
                                         priority)
        requester = Requester.create(name, email, employee_id)
        with UnitOfWork(self.db) as uow:
            visit = self.add_visit(uow, requester, details, actor=actor,
                                   appointment_code=appointment_code,
                                   second_visit_reason=_note(second_visit_reason))
            uow.commit()
            return visit

    def check_in_details(self, category: str, description: str, device: str, asset_tag: str,
                          language: str, priority: int) -> CheckInDetails:
        chosen = self.settings.known_category(category)
        if priority not in set(Priority):
            raise ValidationError("priority", f"Unknown priority {priority}.")
        if language not in LANGUAGES:
            raise ValidationError("language", f"Unknown language '{language}'.")
        return CheckInDetails(
            category=chosen.id, prefix=chosen.prefix, priority=int(priority), language=language,
            description=clean_text(description, "description", MAX_DESCRIPTION),
            device=clean_line(device, "device", MAX_DEVICE),
            asset_tag=clean_line(asset_tag, "asset_tag", MAX_ASSET_TAG),
        )

    def add_visit(self, uow: UnitOfWork, requester: Requester, details: CheckInDetails, *,
                  actor: str, appointment_code: str = "", second_visit_reason: str = "",
                  remote: bool = False) -> Visit:
        """Insert a waiting visit inside the caller's transaction (check-in's one step).

        Raises:
            AlreadyInLine: unless ``second_visit_reason`` says why a second one is allowed.
        """
        if not second_visit_reason:
            check_not_in_line(uow, self.settings.site_id, requester)
        now = self.clock.now()
        day = service_day(now, self.settings.utc_offset)
        number = uow.visits.next_ticket_number(self.settings.site_id, day)
        row = VisitRow(
            id=str(uuid.uuid4()), site=self.settings.site_id, service_day=day,
            ticket_number=format_ticket(details.prefix, number), category=details.category,
            state=VisitState.WAITING.value, priority=details.priority,
            requester_name=requester.name, requester_email=requester.email,
            requester_employee_id=requester.employee_id, description=details.description,
            technician="", checked_in_at=now, queued_at=now, resolution_code="",
            resolution_notes="", version=1, device=details.device,
            asset_tag=details.asset_tag, appointment_code=appointment_code,
            language=details.language, remote=remote,
        )
        uow.visits.add(row)
        uow.session.flush()
        token = issue_link(uow, row, self.settings, now)
        record_check_in(uow, row)
        note = f"Second visit allowed: {second_visit_reason}" if second_visit_reason else ""
        self._record(uow, row, Action.CHECK_IN, None, _actor(actor), now, note)
        log.info("visit %s checked in as %s", row.id, row.ticket_number)
        return replace(to_visit(row), status_token=token)

    # ------------------------------------------------------------ technician actions

    def call_next(self, technician: str, categories: Sequence[str] | None = None, *,
                  counter: str = "", several: bool = False) -> Visit:
        """Call the head of the line; two callers never get the same visit.

        Visits transferred to another technician are left for them.

        Args:
            categories: the technician's skills; None takes every category.
            counter: where the visitor should go (shown on the display board).
            several: the technician works on several visitors at once; otherwise a call
                while another visitor is called or in service is refused.

        Raises:
            NothingWaiting: nobody is waiting in the given categories.
            StillServing: the technician is with someone and ``several`` is off.
        """
        who = _actor(technician)
        desk = _counter(counter)
        with UnitOfWork(self.db) as uow:
            if not several:
                check_free(uow, self.settings.site_id, who)
            row = uow.visits.next_waiting(self.settings.site_id, who, categories)
            if row is None:
                raise NothingWaiting("Nobody is waiting" + (" in your categories." if categories
                                                           else "."))
            visit = self._transition(uow, row, Action.CALL, who, "", _assign(who, desk))
            uow.commit()
            return visit

    def call(self, visit_id: str, technician: str, *, counter: str = "",
             several: bool = False) -> Visit:
        """Call a specific visit, out of order (``several`` as for :meth:`call_next`)."""
        who = _actor(technician)
        return self._act(visit_id, Action.CALL, who, mutate=_assign(who, _counter(counter)),
                         free=not several)

    def recall(self, visit_id: str, technician: str) -> Visit:
        who = _actor(technician)
        return self._act(visit_id, Action.RECALL, who, mutate=_stamp_called)

    def start(self, visit_id: str, technician: str) -> Visit:
        who = _actor(technician)
        return self._act(visit_id, Action.START, who, mutate=_stamp_started)

    def park(self, visit_id: str, technician: str, note: str = "") -> Visit:
        who = _actor(technician)
        return self._act(visit_id, Action.PARK, who, _note(note))

    def resume(self, visit_id: str, technician: str) -> Visit:
        who = _actor(technician)
        return self._act(visit_id, Action.RESUME, who, mutate=_assign_started(who))

    def return_to_queue(self, visit_id: str, actor: str, note: str = "") -> Visit:
        """Back in line at the original place (arrival time is kept)."""
        return self._act(visit_id, Action.RETURN_TO_QUEUE, _actor(actor), _note(note),
                         mutate=_unassign)

    def resolve(self, visit_id: str, technician: str, code: str, notes: str = "", *,
                time_spent_minutes: int | None = None) -> Visit:
        """End a visit in service with a resolution code, notes and the time spent.

        Args:
            time_spent_minutes: 0-1440; None counts the minutes since service started.
        """
        who = _actor(technician)
        resolution = clean_line(code, "resolution_code", MAX_RESOLUTION_CODE)
        if not resolution:
            raise ValidationError("resolution_code", "Choose a resolution code before resolving.")
        text = _note(notes)
        spent = _time_spent(time_spent_minutes)

        def record(row: VisitRow, now: datetime) -> None:
            row.resolution_code = resolution
            row.resolution_notes = text
            row.time_spent_minutes = spent if spent is not None else minutes_since(
                row.started_at, now)

        return self._act(visit_id, Action.RESOLVE, who, text, mutate=record)

    def escalate(self, visit_id: str, technician: str, group: str, notes: str = "", *,
                 code: str = "", time_spent_minutes: int | None = None) -> Visit:
        """Hand a visit in service to a backend group: its ticket stays open, assigned to it.

        Args:
            code: a resolution code; by default ``escalated:<group>``.
        """
        who = _actor(technician)
        target = clean_line(group, "group", MAX_GROUP, required=True)
        resolution = clean_line(code, "resolution_code", MAX_RESOLUTION_CODE)
        text = _note(notes)
        spent = _time_spent(time_spent_minutes)

        def record(row: VisitRow, now: datetime) -> None:
            row.escalation_group = target
            row.resolution_code = resolution or f"escalated:{target}"[:MAX_RESOLUTION_CODE]
            row.resolution_notes = text
            row.time_spent_minutes = spent if spent is not None else minutes_since(
                row.started_at, now)

        return self._act(visit_id, Action.ESCALATE, who, text, mutate=record)

    def transfer(self, visit_id: str, actor: str, *, category: str | None = None,
                 technician: str | None = None, note: str = "") -> Visit:
        """Send a visit back to the line for another technician or another category.

        It keeps its place unless the category changes (then it joins the end of the
        new category's line; its wait still counts from check-in). A visit
        transferred to a technician is left for them by everyone else's "call next".

        Raises:
            ValidationError: no target, an unknown category or technician, or nothing
                would change.
        """
        who = _actor(actor)
        text = _note(note)
        new_category = self._transfer_category(category)
        target = clean_line(technician or "", "technician", 120)
        if new_category is None and not target:
            raise ValidationError("transfer", "Choose a technician or a category to transfer to.")
        with UnitOfWork(self.db) as uow:
            row = uow.visits.get(visit_id, for_update=True)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            if target and not uow.technicians.has_name(self.settings.site_id, target):
                raise ValidationError("technician", f"There is no technician called {target}.")
            moved = new_category is not None and new_category != row.category
            if not moved and target in ("", row.technician) and row.state == VisitState.WAITING.value:
                raise ValidationError("transfer", f"{row.ticket_number} is already there.")
            label = ", ".join(x for x in (target, self._label(new_category) if moved else "") if x)
            record_moved(uow, row, new_category or row.category)
            visit = self._transition(uow, row, Action.TRANSFER, who,
                                     f"To {label}" + (f": {text}" if text else ""),
                                     _reassign(target, new_category if moved else None))
            uow.commit()
            return visit

    def add_note(self, visit_id: str, actor: str, note: str) -> Visit:
        """Add a note to the timeline of a visit ``actor`` holds, without changing its state.

        Who may add one is :func:`kiosk.domain.permissions.check_note`'s rule.

        Raises:
            ValidationError: an empty or over-long note, or a visit that has ended or is
                still waiting.
            LostRace: another technician holds the visit.
        """
        who = _actor(actor)
        text = _note(note)
        if not text:
            raise ValidationError("notes", "Type a note first.")
        with UnitOfWork(self.db) as uow:
            row = uow.visits.get(visit_id, for_update=True)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            check_note(row.ticket_number, VisitState(row.state), row.technician, who)
            now = self.clock.now()
            row.version += 1
            record_event(uow, row, NOTE_ACTION, row.state, who, now, text)
            uow.commit()
            return to_visit(row, uow.visits.events(row.id))

    def no_show(self, visit_id: str, actor: str, *, check_grace: bool = False) -> Visit:
        """Mark a called visitor who did not come.

        Args:
            check_grace: refuse before :attr:`no_show_grace` has passed since the call
                (the console sets it; the front desk may mark one at any time).
        """
        if not check_grace:
            return self._act(visit_id, Action.NO_SHOW, _actor(actor))
        grace = self.no_show_grace

        def check(row: VisitRow, now: datetime) -> None:
            due = (row.called_at or now) + grace
            if now < due:
                local = (due + self.settings.utc_offset).strftime("%H:%M")
                raise ValidationError("no_show", f"Give {row.ticket_number} until {local} "
                                                 "before marking a no-show.")

        return self._act(visit_id, Action.NO_SHOW, _actor(actor), mutate=check)

    def no_show_from(self, visit: Visit) -> datetime | None:
        """When the console may offer "no-show" for this visit (None when not called)."""
        if visit.state is not VisitState.CALLED or visit.called_at is None:
            return None
        return visit.called_at + self.no_show_grace

    def cancel(self, visit_id: str, actor: str, reason: str = "") -> Visit:
        return self._act(visit_id, Action.CANCEL, _actor(actor), _note(reason))

    # ------------------------------------------------------------ internals

    def _transfer_category(self, category: str | None) -> str | None:
        return self.settings.known_category(category).id if category else None

    def _label(self, category: str | None) -> str:
        chosen = self.settings.category(category or "")
        return chosen.label if chosen else (category or "")

    def _act(self, visit_id: str, action: Action, actor: str, note: str = "", *,
             mutate: _Mutation | None = None, free: bool = False) -> Visit:
        with UnitOfWork(self.db) as uow:
            row = uow.visits.get(visit_id, for_update=True)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            check_actor(row.ticket_number, VisitState(row.state), row.technician, actor, action)
            if free:
                check_free(uow, self.settings.site_id, actor)
            visit = self._transition(uow, row, action, actor, note, mutate)
            uow.commit()
            return visit

    def _transition(self, uow: UnitOfWork, row: VisitRow, action: Action, actor: str,
                    note: str, mutate: _Mutation | None) -> Visit:
        before = VisitState(row.state)
        after = transition(row.ticket_number, before, action)
        now = self.clock.now()
        held_by = row.technician
        if mutate is not None:
            mutate(row, now)
        row.state = after.value
        row.version += 1
        if after.is_final:
            row.ended_at = now
            record_ended(uow, row, self.settings)
            uow.notifications.unsubscribe(row.id)
            if self.send_to_ticketing:
                uow.outbox.add(row.id, now)
        self._record(uow, row, action, before, actor, now, note)
        for technician in {held_by, row.technician}:
            follow_the_work(uow, row.site, technician, now)
        log.info("visit %s: %s -> %s", row.id, before.value, after.value)
        return to_visit(row)

    @staticmethod
    def _record(uow: UnitOfWork, row: VisitRow, action: Action, before: VisitState | None,
                actor: str, now: datetime, note: str = "") -> None:
        record_event(uow, row, action.value, before.value if before else None, actor, now, note)


def record_event(uow: UnitOfWork, row: VisitRow, action: str, before: str | None, actor: str,
                 now: datetime, note: str = "") -> None:
    """Append the visit's timeline event and its change-feed entry (same transaction)."""
    uow.visits.add_event(VisitEventRow(
        visit_id=row.id, action=action, from_state=before, to_state=row.state, at=now,
        actor=actor, note=note))
    uow.changes.append("visit", row.id, now)
    queue_notifications(uow, row, now, line_moved=line_moved(uow, row, before))


def _actor(name: str) -> str:
    return clean_line(name, "technician", 120, required=True)


def _note(text: str) -> str:
    return clean_text(text, "notes", MAX_NOTES)


def _counter(text: str) -> str:
    return clean_line(text, "counter", 32)


def _time_spent(minutes: int | None) -> int | None:
    if minutes is None:
        return None
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not (
            0 <= minutes <= MAX_TIME_SPENT_MINUTES):
        raise ValidationError("time_spent_minutes",
                              f"Time spent must be a whole number of minutes from 0 to "
                              f"{MAX_TIME_SPENT_MINUTES:,}.")
    return minutes


def minutes_since(start: datetime | None, now: datetime) -> int:
    """Whole minutes from ``start`` to ``now``, rounded up, at most a day (0 without start)."""
    if start is None:
        return 0
    seconds = max((now - start).total_seconds(), 0.0)
    return min(math.ceil(seconds / 60), MAX_TIME_SPENT_MINUTES)


def _assign(technician: str, counter: str = "") -> _Mutation:
    def mutate(row: VisitRow, now: datetime) -> None:
        row.technician = technician
        row.called_at = now
        row.counter = counter

    return mutate


def _reassign(technician: str, category: str | None) -> _Mutation:
    def mutate(row: VisitRow, now: datetime) -> None:
        row.technician = technician
        row.counter = ""
        if category is not None:
            row.category = category
            row.queued_at = now

    return mutate


def _assign_started(technician: str) -> _Mutation:
    def mutate(row: VisitRow, now: datetime) -> None:
        row.technician = technician
        row.started_at = row.started_at or now

    return mutate


def _stamp_called(row: VisitRow, now: datetime) -> None:
    row.called_at = now


def _stamp_started(row: VisitRow, now: datetime) -> None:
    row.started_at = now


def _unassign(row: VisitRow, _now: datetime) -> None:
    row.technician = ""
    row.counter = ""
