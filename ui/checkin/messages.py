"""What the kiosk tells a visitor when identifying, checking in with an appointment or
rating a visit: each message is made on demand, so it follows a language switch.

The core's errors carry English messages for staff and logs; the kiosk says the same
things in the visitor's language, using the core's own rules (e.g. the appointment
window) and never more than the visitor may see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QLocale, QObject

from kiosk.app.checkin import AppointmentRefused, Refusal, UnknownBadge
from kiosk.domain.text import MAX_DESCRIPTION, MAX_EMAIL, MAX_NAME
from kiosk.errors import KioskError, NotFound, ValidationError
from ui.common.offline import is_outage

Source = Callable[[], str]
_LIMITS = {"name": MAX_NAME, "email": MAX_EMAIL, "description": MAX_DESCRIPTION}


class FlowMessages(QObject):
    """Makes the kiosk's messages in the visitor's language.

    Args:
        utc_offset: the site's offset from UTC (times are the site's clock).
        language: tells the current language code (numbers are written its way).
        typed: what the visitor typed into a field ("name", "email", "description").
    """

    def __init__(self, utc_offset: timedelta, language: Callable[[], str],
                 typed: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.utc_offset = utc_offset
        self.language = language
        self.typed = typed

    def local_time(self, moment: datetime) -> str:
        """``moment`` on the site's clock, as ``HH:MM``."""
        return f"{moment + self.utc_offset:%H:%M}"

    # ------------------------------------------------------------ the database is away

    def offline(self) -> str:
        """Checking in cannot work now: where to go instead."""
        return self.tr("We can't reach our system right now, so we can't check you in "
                       "here. Please see the front desk: they will help you.")

    def offline_rating(self) -> str:
        return self.tr("We can't reach our system right now. Please try again later, or "
                       "tell the front desk.")

    def is_offline_text(self, text: str) -> bool:
        """Whether a message shown says the database is away (cleared once it is back)."""
        return bool(text) and text in (self.offline(), self.offline_rating())

    # ------------------------------------------------------------ identify

    def explain(self, error: BaseException) -> str:
        """A visitor-facing message in the current language."""
        if is_outage(error):
            return self.offline()
        if not isinstance(error, ValidationError):
            if isinstance(error, KioskError):
                return self.tr("We could not check you in just now. "
                               "Please try again or ask at the counter.")
            return self.tr("Something went wrong. Please try again or ask at the counter.")
        locale = QLocale(self.language())
        value = self.typed(error.field)
        limit = _LIMITS.get(error.field)
        if limit is not None and len(value.strip()) > limit:
            return self.tr("That is %1 characters long; at most %2 are allowed.").replace(
                "%1", locale.toString(len(value.strip()))).replace("%2", locale.toString(limit))
        if error.field == "name":
            return self.tr("Please enter your name.")
        if error.field == "email":
            return self.tr("'%1' does not look like an email address.").replace(
                "%1", value.strip().lower())
        return error.problem

    def unknown(self, key: str, scanned: bool) -> Source:
        if scanned:
            return lambda: self.tr("We don't know this badge. Please type your name to check "
                                   "in as a guest, or ask at the counter.")
        return lambda: self.tr("We couldn't find \u201c%1\u201d in the directory. Please check "
                               "it, or type your full name to check in as a guest.").replace(
            "%1", key)

    # ------------------------------------------------------------ appointments

    def code_missing(self) -> str:
        return self.tr("Please type the code from your confirmation, e.g. TB-7K3Q9M.")

    def refused(self, error: BaseException) -> Source:
        """Why an appointment code was not accepted."""
        if is_outage(error):
            return self.offline
        if not isinstance(error, AppointmentRefused):
            return lambda: self.tr("We could not check you in just now. "
                                   "Please try again or ask at the counter.")
        if error.reason is Refusal.EARLY and error.appointment and error.opens_at:
            at = self.local_time(error.appointment.scheduled_at)
            opens = self.local_time(error.opens_at)
            return lambda: self.tr("Your appointment is at %1. Please check in from %2.").replace(
                "%1", at).replace("%2", opens)
        problem = str(error.error)
        return {
            Refusal.UNKNOWN: lambda: self.tr("We found no appointment with that code. Please "
                                             "check it, or ask at the counter."),
            Refusal.NOT_A_CODE: lambda: self.tr("That is not an appointment code. It looks "
                                                "like TB-7K3Q9M and is printed on your "
                                                "confirmation."),
            Refusal.USED: lambda: self.tr("You have already checked in with this appointment. "
                                          "Please take a seat; we'll call your ticket number."),
            Refusal.CANCELLED: lambda: self.tr("This appointment was cancelled. Please ask at "
                                               "the counter."),
        }.get(error.reason, lambda: problem)

    def appointment_note(self, on_time: bool, scheduled_at: datetime) -> Source:
        at = self.local_time(scheduled_at)
        if on_time:
            return lambda: self.tr("Your appointment is at %1: you go ahead of walk-ins.").replace(
                "%1", at)
        return lambda: self.tr("Your appointment was at %1, so you have joined the line as a "
                               "walk-in.").replace("%1", at)

    # ------------------------------------------------------------ feedback

    def ticket_missing(self) -> str:
        return self.tr("Please type your ticket number, e.g. L-042, or scan your badge.")

    def nothing_to_rate(self, error: BaseException) -> Source:
        if is_outage(error):
            return self.offline_rating
        if isinstance(error, UnknownBadge):
            return lambda: self.tr("We don't know this badge. Please type your ticket number "
                                   "instead.")
        if isinstance(error, (NotFound, ValidationError)):
            return lambda: self.tr("We found no finished visit to rate. A visit can be rated "
                                   "once, after it has ended, for up to 7 days.")
        return lambda: self.tr("Something went wrong. Please try again or ask at the counter.")

    def not_rated(self, error: BaseException) -> Source:
        if is_outage(error):
            return self.offline_rating
        if isinstance(error, ValidationError) and "already" in error.problem:
            return lambda: self.tr("Thanks, this visit has already been rated.")
        if isinstance(error, ValidationError) and error.field == "comment":
            return lambda: self.tr("Your comment is too long; please shorten it.")
        return lambda: self.tr("Something went wrong. Please try again or ask at the counter.")
