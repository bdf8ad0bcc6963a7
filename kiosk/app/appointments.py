"""Appointments: booked visits that check in with a code and, when on time, go first."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.app.visits import VisitService
from kiosk.clock import Clock
from kiosk.domain.priority import Priority
from kiosk.domain.text import clean_text
from kiosk.domain.visit import Requester, Visit
from kiosk.errors import NotFound, ValidationError
from kiosk.store import UnitOfWork
from kiosk.store.tables import AppointmentRow

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_PREFIX = "TB-"
_CODE = re.compile(r"TB-?([A-Z2-9]{6})")


@dataclass(frozen=True)
class Appointment:
    code: str
    name: str
    email: str
    employee_id: str
    category: str
    scheduled_at: datetime
    status: str
    note: str
    visit_id: str | None


@dataclass(frozen=True)
class AppointmentCheckIn:
    visit: Visit
    on_time: bool
    scheduled_at: datetime


@dataclass(frozen=True)
class Window:
    """How early and how late an appointment may check in and still go first."""

    early: timedelta = timedelta(minutes=15)
    late: timedelta = timedelta(minutes=10)

    def judge(self, scheduled_at: datetime, now: datetime) -> str:
        """``early`` (too early to check in), ``on_time`` or ``late`` (a walk-in now)."""
        if now < scheduled_at - self.early:
            return "early"
        return "on_time" if now <= scheduled_at + self.late else "late"


def new_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def normalise_code(text: str) -> str:
    """The code in what a person typed or a scanner read (a bare code or a URL holding it).

    Raises:
        ValidationError: nothing that looks like an appointment code.
    """
    match = _CODE.search((text or "").strip().upper().replace(" ", ""))
    if not match:
        raise ValidationError("code", "That is not an appointment code. It looks like TB-7K3Q9M "
                                      "and is printed on your confirmation.")
    return CODE_PREFIX + match.group(1)


class AppointmentService:
    def __init__(self, visits: VisitService, clock: Clock, window: Window | None = None) -> None:
        self.visits = visits
        self.db = visits.db
        self.settings = visits.settings
        self.clock = clock
        kiosk = self.settings.kiosk
        self.window = window or Window(timedelta(minutes=kiosk.appointment_early_minutes),
                                       timedelta(minutes=kiosk.appointment_late_minutes))

    def book(self, *, name: str, category: str, scheduled_at: datetime, email: str = "",
             employee_id: str = "", note: str = "") -> Appointment:
        person = Requester.create(name, email, employee_id)
        self.settings.known_category(category)
        if scheduled_at.tzinfo is None:
            raise ValidationError("scheduled_at", "The appointment time needs a time zone.")
        now = self.clock.now()
        if scheduled_at < now - self.window.late:
            local = (scheduled_at + self.settings.utc_offset).strftime("%Y-%m-%d %H:%M")
            raise ValidationError("scheduled_at", f"{local} has passed; book a time from now on.")
        with UnitOfWork(self.db) as uow:
            code = new_code()
            while uow.appointments.get(code) is not None:
                code = new_code()
            row = AppointmentRow(code=code, site=self.settings.site_id, name=person.name,
                                 email=person.email, employee_id=person.employee_id,
                                 category=category, scheduled_at=scheduled_at, status="booked",
                                 note=clean_text(note, "note", 1000), visit_id=None,
                                 created_at=now)
            uow.appointments.add(row)
            uow.commit()
            return _to_appointment(row)

    def find(self, text: str) -> Appointment:
        code = normalise_code(text)
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.appointments.get(code)
            if row is None or row.site != self.settings.site_id:
                raise NotFound(f"No appointment {code} here. Please check the code or ask at "
                               "the desk.")
            return _to_appointment(row)

    def upcoming(self, hours: int = 12) -> list[Appointment]:
        now = self.clock.now()
        with UnitOfWork(self.db, readonly=True) as uow:
            rows = uow.appointments.between(self.settings.site_id, now - timedelta(hours=1),
                                            now + timedelta(hours=hours))
            return [_to_appointment(r) for r in rows]

    def check_in(self, text: str, *, language: str = "en", description: str = "",
                 device: str = "", asset_tag: str = "") -> AppointmentCheckIn:
        """Check in with an appointment code; on time goes ahead of walk-ins.

        Raises:
            ValidationError: a malformed code, a used or cancelled appointment, or too early.
            NotFound: no such appointment at this site.
        """
        code = normalise_code(text)
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            row = uow.appointments.get(code, for_update=True)
            if row is None or row.site != self.settings.site_id:
                raise NotFound(f"No appointment {code} here. Please check the code or ask at "
                               "the desk.")
            if row.status != "booked":
                status = row.status.replace("_", " ")
                raise ValidationError("code", f"Appointment {code} is already {status}.")
            verdict = self.window.judge(row.scheduled_at, now)
            if verdict == "early":
                opens = row.scheduled_at - self.window.early + self.settings.utc_offset
                raise ValidationError("code", f"Your appointment is at "
                                              f"{(row.scheduled_at + self.settings.utc_offset):%H:%M}. "
                                              f"Please check in from {opens:%H:%M}.")
            priority = Priority.APPOINTMENT if verdict == "on_time" else Priority.NORMAL
            details = self.visits.check_in_details(row.category, description or row.note, device,
                                                   asset_tag, language, priority)
            requester = Requester.create(row.name, row.email, row.employee_id)
            visit = self.visits.add_visit(uow, requester, details, actor="kiosk (appointment)",
                                          appointment_code=code)
            row.status = "checked_in"
            row.visit_id = visit.id
            uow.commit()
            return AppointmentCheckIn(visit, verdict == "on_time", row.scheduled_at)


def _to_appointment(row: AppointmentRow) -> Appointment:
    return Appointment(row.code, row.name, row.email, row.employee_id, row.category,
                       row.scheduled_at, row.status, row.note, row.visit_id)
