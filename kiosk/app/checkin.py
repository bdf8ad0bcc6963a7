"""Checking in at the kiosk: walk-ins, appointment codes, and finding a visit to rate.

The kiosk's use cases in one place, built once by :func:`kiosk.bootstrap.assemble` as
``Core.checkin``. The kiosk runs them on its task runner's threads: each takes plain
values and returns immutable results, or raises the core's errors, and knows nothing
of the window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.app.appointments import Appointment, AppointmentCheckIn, AppointmentService, normalise_code
from kiosk.app.directory import DirectoryService, Identified
from kiosk.app.feedback import FeedbackService, FeedbackTarget
from kiosk.app.notices import Notice, NoticeService
from kiosk.app.visits import VisitService
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.tickets import is_ticket_number, normalise_ticket
from kiosk.domain.visit import Visit
from kiosk.errors import KioskError, NotFound, ValidationError

__all__ = ["AppointmentRefused", "CheckInService", "Refusal", "Ticket", "UnknownBadge", "WalkIn",
           "is_appointment_code", "looks_like_lookup"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WalkIn:
    """What a walk-in told the kiosk; a visitor found in the directory brings the first three."""

    name: str
    email: str
    employee_id: str
    category: str
    description: str = ""
    device: str = ""
    asset_tag: str = ""
    language: str = "en"


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


class Refusal(StrEnum):
    """Why an appointment code did not check anyone in, in the visitor's terms."""

    NOT_A_CODE = "not_a_code"
    UNKNOWN = "unknown"
    USED = "used"
    CANCELLED = "cancelled"
    EARLY = "early"
    OTHER = "other"


class AppointmentRefused(KioskError):
    """An appointment check-in the core refused.

    Attributes:
        error: the core's own error (its text is English, for staff and logs).
        appointment: the appointment with that code, when there is one.
        reason: why, as the kiosk explains it.
        opens_at: when checking in opens, for :attr:`Refusal.EARLY`.
    """

    def __init__(self, error: KioskError, appointment: Appointment | None, reason: Refusal,
                 opens_at: datetime | None = None) -> None:
        self.error = error
        self.appointment = appointment
        self.reason = reason
        self.opens_at = opens_at
        super().__init__(str(error))


def looks_like_lookup(text: str) -> bool:
    """Whether typed text is an employee id or an email (not a person's name)."""
    key = text.strip()
    return bool(key) and not any(c.isspace() for c in key) and (
        "@" in key or any(c.isdigit() for c in key))


def is_appointment_code(text: str) -> bool:
    """Whether a scan holds an appointment code (a bare code or a URL with one)."""
    try:
        normalise_code(text)
    except ValidationError:
        return False
    return True


KIOSK = "kiosk"


class CheckInService:
    """The kiosk's use cases on the core's services (which it never builds itself)."""

    def __init__(self, visits: VisitService, appointments: AppointmentService,
                 directory: DirectoryService, notices: NoticeService,
                 feedback: FeedbackService) -> None:
        self.visits = visits
        self.appointments = appointments
        self.directory = directory
        self.notices = notices
        self.feedback = feedback

    def identify(self, key: str) -> Identified | None:
        """The person with this badge, employee id or email, with their last device."""
        return self.directory.identify(key)

    def active_notices(self) -> list[Notice]:
        """The incident notices in force, for every category."""
        return self.notices.active()

    def check_in(self, walk_in: WalkIn) -> Ticket:
        """Put a walk-in in line; the place in line and the estimate are best effort.

        Raises:
            ValidationError: an empty name, unknown category, over-long text...
        """
        visit = self.visits.check_in(
            name=walk_in.name, email=walk_in.email, employee_id=walk_in.employee_id,
            category=walk_in.category, description=walk_in.description,
            device=walk_in.device, asset_tag=walk_in.asset_tag, language=walk_in.language)
        return self._placed(visit)

    def check_in_appointment(self, code: str, language: str) -> Ticket:
        """Check in with an appointment code (on time: ahead of walk-ins).

        Raises:
            AppointmentRefused: a malformed, unknown, used, cancelled or too early code.
        """
        try:
            checked = self.appointments.check_in(code, language=language)
        except (ValidationError, NotFound) as error:
            raise self._refused(error, code) from error
        ticket = self._placed(checked.visit)
        return Ticket(ticket.visit, ticket.position, ticket.estimate, checked)

    def find_feedback(self, text: str, *, scanned: bool) -> FeedbackTarget:
        """The visit to rate for a typed ticket number, or for a scanned badge (or ticket).

        Raises:
            UnknownBadge: a scan that is neither a ticket number nor a known badge.
            NotFound: nothing to rate.
        """
        if not scanned or is_ticket_number(text):
            return self.feedback.find(ticket_number=normalise_ticket(text))
        found = self.directory.identify(text.strip())
        if found is None:
            raise UnknownBadge("This badge is not in the directory.")
        return self.feedback.find(employee_id=found.person.employee_id)

    def rate(self, visit_id: str, score: int, comment: str = "") -> None:
        """Store the visitor's answer (1-3) about a finished visit."""
        self.feedback.rate(visit_id, score, comment)

    def category_waits(self) -> dict[str, WaitEstimate]:
        """The wait a visitor checking in now would be told, per category (the tiles)."""
        return self.visits.category_waits()

    def change_reason(self, visit_id: str, category: str) -> Ticket:
        """Someone already in line changes what they came for (their place follows the
        new category's line; their wait still counts from their check-in).

        Raises:
            ValidationError: an unknown category, or the visit is already in it.
            IllegalTransition: the visit is no longer waiting or with a technician.
        """
        visit = self.visits.transfer(visit_id, KIOSK, category=category,
                                     note="Changed the reason at the kiosk.")
        return self._placed(visit)

    def leave_line(self, visit_id: str) -> Visit:
        """Someone already in line no longer needs help."""
        return self.visits.cancel(visit_id, KIOSK, "Left the line at the kiosk.")

    def _placed(self, visit: Visit) -> Ticket:
        """The ticket with the place in line and the core's estimate, when they can be read."""
        try:
            position = self.visits.position(visit.id)
        except Exception:
            log.warning("visit %s: place in line unavailable", visit.id, exc_info=True)
            return Ticket(visit, 0, None)
        return Ticket(visit, position, self._estimate(visit) if position else None)

    def _estimate(self, visit: Visit) -> WaitEstimate | None:
        try:
            return self.visits.estimate_wait(visit.id)
        except Exception:
            log.warning("visit %s: wait estimate unavailable", visit.id, exc_info=True)
            return None

    def _refused(self, error: KioskError, code: str) -> AppointmentRefused:
        appointment = self._find_quietly(code)
        if appointment is None:
            reason = Refusal.UNKNOWN if isinstance(error, NotFound) else Refusal.NOT_A_CODE
            return AppointmentRefused(error, None, reason)
        if appointment.status == "checked_in":
            return AppointmentRefused(error, appointment, Refusal.USED)
        if appointment.status != "booked":
            return AppointmentRefused(error, appointment, Refusal.CANCELLED)
        window = self.appointments.window
        if window.judge(appointment.scheduled_at, self.appointments.clock.now()) == "early":
            return AppointmentRefused(error, appointment, Refusal.EARLY,
                                      appointment.scheduled_at - window.early)
        return AppointmentRefused(error, appointment, Refusal.OTHER)

    def _find_quietly(self, code: str) -> Appointment | None:
        try:
            return self.appointments.find(code)
        except KioskError:
            return None
