"""What the kiosk asks of the core, as plain functions run on the task runner's threads.

Nothing here touches a widget: each function takes services and values and returns
immutable results (or raises the core's errors) for the GUI thread.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from kiosk.app.appointments import Appointment, AppointmentCheckIn, AppointmentService
from kiosk.app.directory import DirectoryService
from kiosk.app.feedback import FeedbackService, FeedbackTarget
from kiosk.app.notices import NoticeService
from kiosk.app.visits import VisitService
from kiosk.domain.estimate import WaitEstimate, estimate_wait
from kiosk.domain.visit import Visit
from kiosk.errors import KioskError, NotFound, ValidationError

log = logging.getLogger(__name__)
TICKET = re.compile(r"^[A-Za-z]{1,4}-?\d{1,4}$")


@dataclass(frozen=True)
class KioskServices:
    """The core services the kiosk uses besides :class:`VisitService`."""

    directory: DirectoryService
    appointments: AppointmentService
    notices: NoticeService
    feedback: FeedbackService

    @classmethod
    def from_visits(cls, service: VisitService) -> KioskServices:
        """All of them on the visit service's database, settings and clock."""
        return cls(DirectoryService(service.db, service.clock, service.settings.site_id),
                   AppointmentService(service, service.clock),
                   NoticeService(service.db, service.settings, service.clock),
                   FeedbackService(service.db, service.settings, service.clock))


@dataclass(frozen=True)
class Ticket:
    """A visitor's new ticket: the visit, the place in line and the wait estimate.

    ``position`` is 0 and ``estimate`` None when they could not be read.
    """

    visit: Visit
    position: int
    estimate: WaitEstimate | None
    appointment: AppointmentCheckIn | None = None


class UnknownBadge(NotFound):
    """A scanned badge that is not in the directory."""


class AppointmentRefused(KioskError):
    """An appointment check-in the core refused, with the appointment when it exists."""

    def __init__(self, error: KioskError, appointment: Appointment | None) -> None:
        self.error = error
        self.appointment = appointment
        super().__init__(str(error))


def looks_like_lookup(text: str) -> bool:
    """Whether typed text is an employee id or an email (not a person's name)."""
    key = text.strip()
    return bool(key) and not any(c.isspace() for c in key) and (
        "@" in key or any(c.isdigit() for c in key))


def check_in(service: VisitService, fields: dict[str, str]) -> Ticket:
    """Check a walk-in in, then read the place in line and the estimate (best effort)."""
    visit = service.check_in(name=fields["name"], email=fields["email"],
                             employee_id=fields.get("employee_id", ""),
                             category=fields["category"], description=fields["description"],
                             device=fields.get("device", ""),
                             asset_tag=fields.get("asset_tag", ""),
                             language=fields.get("language", "en"))
    return _placed(service, visit)


def check_in_appointment(service: VisitService, appointments: AppointmentService, code: str,
                         language: str) -> Ticket:
    """Check in with an appointment code.

    Raises:
        AppointmentRefused: a malformed, unknown, used or too early code.
    """
    try:
        checked = appointments.check_in(code, language=language)
    except (ValidationError, NotFound) as error:
        raise AppointmentRefused(error, _find_quietly(appointments, code)) from error
    ticket = _placed(service, checked.visit)
    return Ticket(ticket.visit, ticket.position, ticket.estimate, checked)


def find_feedback(directory: DirectoryService, feedback: FeedbackService, text: str, *,
                  scanned: bool) -> FeedbackTarget:
    """The visit to rate for a typed ticket number, or for a scanned badge (or ticket).

    Raises:
        UnknownBadge: a scan that is neither a ticket number nor a known badge.
        NotFound: nothing to rate.
    """
    key = text.strip()
    if not scanned or TICKET.match(key):
        return feedback.find(ticket_number=_ticket(key))
    found = directory.identify(key)
    if found is None:
        raise UnknownBadge("This badge is not in the directory.")
    return feedback.find(employee_id=found.person.employee_id)


def _ticket(text: str) -> str:
    """``l42`` -> ``L-42``: people often leave out the dash; the core pads nothing."""
    match = re.match(r"^([A-Za-z]{1,4})-?(\d{1,4})$", text.strip())
    if not match:
        return text
    return f"{match.group(1).upper()}-{int(match.group(2)):03d}"


def _placed(service: VisitService, visit: Visit) -> Ticket:
    try:
        position = service.position(visit.id)
    except Exception:
        log.warning("visit %s: place in line unavailable", visit.id, exc_info=True)
        return Ticket(visit, 0, None)
    return Ticket(visit, position, _estimate(service, visit, position) if position else None)


def _estimate(service: VisitService, visit: Visit, position: int) -> WaitEstimate | None:
    """The core's estimate; from the category's targets alone when it cannot be read."""
    try:
        return service.estimate_wait(visit.id)
    except Exception:
        log.warning("visit %s: wait estimate unavailable", visit.id, exc_info=True)
    category = service.settings.category(visit.category)
    if category is None:
        return None
    return estimate_wait(position - 1, 1, (), category.resolution_target)


def _find_quietly(appointments: AppointmentService, code: str) -> Appointment | None:
    try:
        return appointments.find(code)
    except KioskError:
        return None
