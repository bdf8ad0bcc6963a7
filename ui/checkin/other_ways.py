"""The other ways in at the kiosk: an appointment code, and the survey after a visit.

Kept apart from :class:`ui.checkin.view.CheckInView`, which delegates to it, so the view
stays readable; the texts come from :class:`ui.checkin.messages.FlowMessages`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.app.appointments import normalise_code
from kiosk.app.feedback import FeedbackTarget
from kiosk.errors import ValidationError
from ui.checkin.options import Page
from ui.checkin.ticket import category_label
from ui.checkin.work import Ticket, check_in_appointment, find_feedback

if TYPE_CHECKING:
    from ui.checkin.view import CheckInView


def is_appointment_code(text: str) -> bool:
    """Whether a scan holds an appointment code (a bare code or a URL with one)."""
    try:
        normalise_code(text)
    except ValidationError:
        return False
    return True


class OtherWaysIn:
    """Appointment check-in and feedback for one kiosk view (which delegates to it)."""

    def __init__(self, view: CheckInView) -> None:
        self.view = view

    def on_appointment_submitted(self, code: str) -> None:
        if self.view._busy:
            return
        if not code.strip():
            self.view.appointment.show_message(self.view.messages.code_missing)
            return
        service, appointments = self.view.service, self.view.services.appointments
        language = self.view.language.language
        self.view._run(lambda: check_in_appointment(service, appointments, code, language),
                  self._on_appointment_checked_in,
                  lambda error: self.view.appointment.show_message(self.view.messages.refused(error)),
                  "kiosk.appointment")

    def _on_appointment_checked_in(self, ticket: Ticket) -> None:
        checked = ticket.appointment
        note = self.view.messages.appointment_note(checked.on_time, checked.scheduled_at) if (
            checked is not None) else None
        self.view._on_checked_in(ticket, note)

    # ------------------------------------------------------------ feedback

    def find_feedback(self, text: str, *, scanned: bool) -> None:
        if self.view._busy:
            return
        if not text.strip():
            self.view.feedback_find.show_message(self.view.messages.ticket_missing)
            return
        directory, feedback = self.view.services.directory, self.view.services.feedback
        self.view._run(lambda: find_feedback(directory, feedback, text, scanned=scanned),
                  self._on_feedback_found,
                  lambda error: self.view.feedback_find.show_message(
                      self.view.messages.nothing_to_rate(error)), "kiosk.app.feedback.find")

    def _on_feedback_found(self, target: FeedbackTarget) -> None:
        self.view._target = target
        self.view.rate.ask(target.ticket_number, self.category_text(target))
        self.view.go_to(Page.RATE)

    def category_text(self, target: FeedbackTarget) -> str:
        """The label of the rated visit's category in the current language."""
        category = self.view.service.settings.category(target.category)
        return category_label(category, self.view.language.language) if category else ""

    def on_rate_submitted(self, score: int, comment: str) -> None:
        target = self.view._target
        if self.view._busy or target is None:
            return
        feedback = self.view.services.feedback
        self.view._run(lambda: feedback.rate(target.visit_id, score, comment),
                  lambda _none: self._on_rated(target),
                  lambda error: self.view.rate.show_message(self.view.messages.not_rated(error)),
                  "kiosk.app.feedback.rate")

    def _on_rated(self, target: FeedbackTarget) -> None:
        self.view.go_to(Page.THANKS)
        self.view.reset_timer.start()
        self.view.rated.emit(target.visit_id)
