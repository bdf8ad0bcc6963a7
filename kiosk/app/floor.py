"""Running the floor: what the front desk sees and does, and what the display board shows.

:class:`FloorService` gives the liaison one snapshot of the floor (counts, the longest
wait, SLA alerts, each technician's status and current visitor, the delay message),
lets them act on a visitor's behalf (check in, reprioritise, move, remove) and
broadcast a delay message; :meth:`FloorService.board` gives the waiting-room display
only what may be shown in public: ticket numbers and, when allowed, a first name and
an initial, never a full name, an email or a description.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from kiosk.app.notices import Notice, NoticeService
from kiosk.app.visit_queries import summarise_floor
from kiosk.app.visits import VisitService, record_event
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.priority import Priority, priority_mark
from kiosk.domain.sla import SlaLevel, sla_level
from kiosk.domain.text import clean_line, clean_text
from kiosk.domain.visit import Visit, VisitState
from kiosk.errors import IllegalTransition, NotFound, ValidationError
from kiosk.store import UnitOfWork
from kiosk.store.repositories.visits import to_visit
from kiosk.store.tables import BroadcastRow, TechnicianRow

log = logging.getLogger(__name__)

FRONT_DESK = "front desk"
MAX_BROADCAST = 500
BROADCAST_TOPIC = "broadcast"
REPRIORITISE = "reprioritise"
#: The priorities the front desk may give (appointments get theirs at check-in).
PRIORITY_CHOICES: tuple[tuple[Priority, str], ...] = tuple(
    (p, p.label) for p in (Priority.NORMAL, Priority.URGENT, Priority.VIP))


@dataclass(frozen=True)
class SlaAlert:
    """A visit close to (``level == "at_risk"``) or past (``"breached"``) its target.

    Attributes:
        kind: ``"wait"`` for a visitor still waiting, ``"service"`` for one in service.
        elapsed: time waited (or in service) so far.
        target: the category's wait (or resolution) target.
    """

    visit_id: str
    ticket_number: str
    category: str
    kind: str
    level: str
    elapsed: timedelta
    target: timedelta

    @property
    def breached(self) -> bool:
        return self.level == "breached"


@dataclass(frozen=True)
class TechnicianOnFloor:
    """A technician's status and the visit they are with (ticket empty when none)."""

    id: str
    name: str
    status: str
    counter: str
    visit_id: str = ""
    ticket_number: str = ""
    visit_state: str = ""
    #: When too many wrong PINs locked the name out of the console (None: not locked).
    locked_until: datetime | None = None


@dataclass(frozen=True)
class Broadcast:
    id: int
    message: str
    created_by: str
    created_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class FloorTeam:
    """The technicians on the floor with their visitors, and the delay message in force."""

    at: datetime
    technicians: tuple[TechnicianOnFloor, ...]
    broadcast: Broadcast | None


HELD = (VisitState.CALLED, VisitState.IN_SERVICE, VisitState.PARKED)


@dataclass(frozen=True)
class FloorSnapshot:
    """Everything the liaison's floor panel shows, taken in one read transaction."""

    at: datetime
    waiting: int
    called: int
    in_service: int
    parked: int
    longest_wait: timedelta
    longest_wait_ticket: str
    alerts: tuple[SlaAlert, ...]
    technicians: tuple[TechnicianOnFloor, ...]
    broadcast: Broadcast | None


@dataclass(frozen=True)
class BoardEntry:
    """One ticket on the display board: nothing about the visitor but what may be public.

    Attributes:
        name: "" unless names are allowed; then a first name and an initial ("Ana G.").
        place: where to go (the counter, else the technician's name); "" for those waiting.
    """

    visit_id: str
    ticket_number: str
    name: str
    place: str
    called_at: datetime | None


@dataclass(frozen=True)
class BoardState:
    now_serving: tuple[BoardEntry, ...]
    next_up: tuple[BoardEntry, ...]
    waiting: int
    notices: tuple[Notice, ...]
    broadcast: Broadcast | None


def short_name(name: str) -> str:
    """A first name and the initial of the last one: ``"Ana García"`` gives ``"Ana G."``."""
    parts = name.split()
    if not parts:
        return ""
    first = parts[0]
    return f"{first} {parts[-1][0]}." if len(parts) > 1 else first


def sla_alerts(visits: Sequence[Visit], now: datetime, settings: Settings) -> tuple[SlaAlert, ...]:
    """Visits at 80 % of their target or beyond, breached first, then the longest.

    Pure: the liaison view recomputes them from the visits it holds as time passes.
    """
    found = [alert for v in visits if (alert := sla_alert(v, now, settings)) is not None]
    return tuple(sorted(found, key=lambda a: (not a.breached, -(a.elapsed / a.target))))


def sla_alert(visit: Visit, now: datetime, settings: Settings) -> SlaAlert | None:
    """The visit's alert at ``now``, None while it is within its target (or has none)."""
    category = settings.category(visit.category)
    if category is None:
        return None
    if visit.state is VisitState.WAITING:
        kind, elapsed, target = "wait", visit.wait(now), category.wait_target
    elif visit.state is VisitState.IN_SERVICE and visit.started_at is not None:
        kind, elapsed, target = "service", now - visit.started_at, category.resolution_target
    else:
        return None
    level = sla_level(elapsed, target)
    if target <= timedelta(0) or level is SlaLevel.WITHIN:
        return None
    return SlaAlert(visit.id, visit.ticket_number, visit.category, kind, level.value, elapsed,
                    target)


class FloorService:
    """The front desk's view of the floor and its actions; one transaction each."""

    def __init__(self, visits: VisitService, notices: NoticeService | None = None) -> None:
        self.visits = visits
        self.db = visits.db
        self.settings: Settings = visits.settings
        self.clock: Clock = visits.clock
        self.notices = notices or NoticeService(self.db, self.settings, self.clock)

    # ------------------------------------------------------------ reading

    def team(self) -> FloorTeam:
        """The technicians with their visitors, and the delay message: what the liaison reads.

        Only the visits someone holds are read (called, in service, parked), never the
        line: the liaison has the line from the feed, and its cost must not grow with it.
        """
        now = self.clock.now()
        site = self.settings.site_id
        with UnitOfWork(self.db, readonly=True) as uow:
            held = [to_visit(r) for state in HELD for r in uow.visits.in_state(site, state)]
            technicians = tuple(_on_floor(t, held, now) for t in uow.technicians.all(site))
            broadcast = uow.broadcasts.current(site, now)
            current = _to_broadcast(broadcast) if broadcast else None
        return FloorTeam(at=now, technicians=technicians, broadcast=current)

    def snapshot(self) -> FloorSnapshot:
        now = self.clock.now()
        site = self.settings.site_id
        with UnitOfWork(self.db, readonly=True) as uow:
            active = [to_visit(r) for r in uow.visits.active(site)]
            technicians = tuple(_on_floor(t, active, now) for t in uow.technicians.all(site))
            broadcast = uow.broadcasts.current(site, now)
            current = _to_broadcast(broadcast) if broadcast else None
        counts = summarise_floor(active, now)
        return FloorSnapshot(
            at=now, waiting=counts.waiting, called=counts.called, in_service=counts.in_service,
            parked=counts.parked, longest_wait=counts.longest_wait,
            longest_wait_ticket=counts.longest_wait_ticket,
            alerts=sla_alerts(active, now, self.settings),
            technicians=technicians,
            broadcast=current,
        )

    def alerts(self, visits: Sequence[Visit], now: datetime) -> tuple[SlaAlert, ...]:
        """:func:`sla_alerts` with this site's categories."""
        return sla_alerts(visits, now, self.settings)

    def board(self, *, show_names: bool = False, next_count: int = 6) -> BoardState:
        """What the waiting-room display shows (see :class:`BoardEntry` for what is public).

        A call not started within ``display.stale_call_minutes`` is no longer shown: the
        visitor did not come, and the board must not announce them all day.
        """
        now = self.clock.now()
        site = self.settings.site_id
        with UnitOfWork(self.db, readonly=True) as uow:
            # The calls and the head of the line only: the board's cost does not grow
            # with the line (``ix_visits_line`` holds both in order).
            shown = [*uow.visits.in_state(site, VisitState.CALLED),
                     *uow.visits.in_state(site, VisitState.WAITING, limit=next_count)]
            waiting_count = uow.visits.count_waiting(site)
            names = {t.name: t.counter for t in uow.technicians.all(site)}
            broadcast = uow.broadcasts.current(site, now)
            current = _to_broadcast(broadcast) if broadcast else None
            rows = [(r.id, r.ticket_number, r.requester_name, r.state, r.counter, r.technician,
                     r.called_at) for r in shown]
        fresh = now - timedelta(minutes=self.settings.display.stale_call_minutes)
        called = sorted((r for r in rows if r[3] == VisitState.CALLED.value
                         and (r[6] is None or r[6] >= fresh)),
                        key=lambda r: r[6] or now, reverse=True)
        waiting = [r for r in rows if r[3] == VisitState.WAITING.value]

        def entry(row: tuple[str, str, str, str, str, str, datetime | None]) -> BoardEntry:
            visit_id, ticket, name, _state, counter, technician, called_at = row
            place = counter or names.get(technician, "") or technician
            return BoardEntry(visit_id, ticket, short_name(name) if show_names else "", place,
                              called_at)

        return BoardState(
            now_serving=tuple(entry(r) for r in called),
            next_up=tuple(replace(entry(r), place="") for r in waiting[:next_count]),
            waiting=waiting_count, notices=tuple(self.notices.active()), broadcast=current)

    def current_broadcast(self) -> Broadcast | None:
        """The delay message in force, for the board and a visit's status."""
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.broadcasts.current(self.settings.site_id, self.clock.now())
            return _to_broadcast(row) if row else None

    # ------------------------------------------------------------ acting for visitors

    def check_in(self, *, name: str, category: str, description: str = "",
                 priority: int = Priority.NORMAL, email: str = "",
                 employee_id: str = "", second_visit_reason: str = "") -> Visit:
        """Check a visitor in on their behalf (the event's actor is "front desk").

        Args:
            second_visit_reason: lets someone already in line have a second visit.

        Raises:
            AlreadyInLine: the person is in line and no reason was given.
        """
        return self.visits.check_in(name=name, category=category, description=description,
                                    priority=priority, email=email, employee_id=employee_id,
                                    actor=FRONT_DESK, second_visit_reason=second_visit_reason)

    def reprioritise(self, visit_id: str, priority: int, actor: str = FRONT_DESK) -> Visit:
        """Give an active visit another priority; recorded as a "reprioritise" event.

        Raises:
            ValidationError: an unknown priority, or the visit already has it.
            IllegalTransition: the visit has ended.
        """
        if priority not in {int(p) for p in Priority}:
            raise ValidationError("priority", f"Unknown priority {priority}.")
        who = clean_line(actor, "actor", 120, required=True)
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            row = uow.visits.get(visit_id, for_update=True)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            if VisitState(row.state).is_final:
                raise IllegalTransition(row.ticket_number, row.state, REPRIORITISE)
            if row.priority == priority:
                raise ValidationError("priority", f"{row.ticket_number} is already "
                                                  f"{priority_mark(priority).label}.")
            note = f"{priority_mark(row.priority).label} \u2192 {priority_mark(priority).label}"
            row.priority = int(priority)
            row.version += 1
            record_event(uow, row, REPRIORITISE, row.state, who, now, note)
            uow.commit()
            log.info("visit %s reprioritised to %s", row.id, priority)
            return to_visit(row)

    def move(self, visit_id: str, category: str, actor: str = FRONT_DESK,
             note: str = "") -> Visit:
        """Move a visit to another category's line (a transfer; its wait keeps counting)."""
        return self.visits.transfer(visit_id, actor, category=category, note=note)

    def remove(self, visit_id: str, reason: str, actor: str = FRONT_DESK) -> Visit:
        """Take a visit off the line; the reason is required and kept as the event's note."""
        text = clean_text(reason, "reason", 500)
        if not text:
            raise ValidationError("reason", "Say why the visit is removed.")
        return self.visits.cancel(visit_id, actor, text)

    # ------------------------------------------------------------ delay message

    def broadcast(self, message: str, ends_at: datetime | None = None,
                  actor: str = FRONT_DESK) -> Broadcast:
        """Tell everyone waiting about a delay; replaces the message in force.

        Raises:
            ValidationError: an empty or over-long message, or an end in the past.
        """
        text = clean_text(message, "message", MAX_BROADCAST)
        if not text:
            raise ValidationError("message", "Type the message to show everyone waiting.")
        now = self.clock.now()
        if ends_at is not None and ends_at <= now:
            raise ValidationError("ends_at", "The message must end in the future.")
        with UnitOfWork(self.db) as uow:
            previous = uow.broadcasts.current(self.settings.site_id, now)
            if previous is not None:
                previous.ends_at = now
            row = BroadcastRow(site=self.settings.site_id, message=text,
                               created_by=clean_line(actor, "actor", 120), created_at=now,
                               ends_at=ends_at)
            uow.broadcasts.add(row)
            uow.session.flush()
            uow.changes.append(BROADCAST_TOPIC, str(row.id), now)
            uow.commit()
            return _to_broadcast(row)

    def end_broadcast(self) -> Broadcast | None:
        """End the delay message in force now; the one ended, or None when there was none."""
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            row = uow.broadcasts.current(self.settings.site_id, now)
            if row is None:
                return None
            row.ends_at = now
            uow.changes.append(BROADCAST_TOPIC, str(row.id), now)
            uow.commit()
            return _to_broadcast(row)


def _to_broadcast(row: BroadcastRow) -> Broadcast:
    return Broadcast(row.id, row.message, row.created_by, row.created_at, row.ends_at)


def _on_floor(row: TechnicianRow, active: list[Visit], now: datetime) -> TechnicianOnFloor:
    mine = [v for v in active if v.technician in (row.name, row.id)
            and v.state is not VisitState.WAITING]
    # With several visits at once, the one being served is the "current" one.
    mine.sort(key=lambda v: (v.state is not VisitState.IN_SERVICE,
                             v.state is not VisitState.CALLED))
    visit = mine[0] if mine else None
    return TechnicianOnFloor(
        id=row.id, name=row.name, status=row.status, counter=row.counter,
        visit_id=visit.id if visit else "", ticket_number=visit.ticket_number if visit else "",
        visit_state=visit.state.value if visit else "",
        locked_until=row.locked_until if row.locked_until and row.locked_until > now else None)
