"""Checking in with an appointment code, typed or scanned: the page and what it asks the core.

On time, the visitor goes ahead of walk-ins; a refused code is explained in the
visitor's language (:meth:`ui.checkin.messages.FlowMessages.refused`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.app.checkin import CheckInService, Ticket
from ui.checkin.calls import VisitorCalls
from ui.checkin.messages import FlowMessages
from ui.checkin.pages import CodeEntryPage

MAX_CODE = 200


class AppointmentPage(CodeEntryPage):
    """Check in with an appointment code, typed or scanned from its QR code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("calendar", MAX_CODE, parent)
        self.code_label, self.code_edit = self.entry_label, self.entry_edit
        self.submit_button = self.forward_button
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("Check in for your appointment"))
        bind(self.subtitle_label.setText, lambda: self.tr(
            "Type the code from your confirmation, or scan its QR code at the reader."))
        bind(self.code_label.setText, lambda: self.tr("Appointment code"))
        bind(self.code_edit.set_name, lambda: self.tr("Appointment code"))
        bind(self.code_edit.setPlaceholderText, lambda: self.tr("e.g. TB-7K3Q9M"))
        bind(self.back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.back_button.setAccessibleName, lambda: self.tr("Back to the start"))
        bind(self.submit_button.setAccessibleName, lambda: self.tr("Check in"))
        self._update_submit()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self._update_submit()

    def retranslate(self) -> None:
        super().retranslate()
        self._update_submit()

    def _update_submit(self) -> None:
        self.submit_button.setText(self.tr("One moment\u2026") if self.busy
                                   else self.tr("Check in"))


class AppointmentFlow(QObject):
    """Checks a code in for the visitor at the screen and explains a refusal on the page.

    Args:
        checkin: the core's check-in use cases.
        calls: runs them for the visitor at the screen.
        page: where the code is typed and refusals are shown.
        messages: the kiosk's messages.
        language: tells the visitor's language code.

    Signals:
        checked_in(Ticket): the appointment's visit is in line.
    """

    checked_in = Signal(object)

    def __init__(self, checkin: CheckInService, calls: VisitorCalls, page: AppointmentPage,
                 messages: FlowMessages, language: Callable[[], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checkin = checkin
        self.calls = calls
        self.page = page
        self.messages = messages
        self.language = language
        page.submitted.connect(self.submit)

    def submit(self, code: str) -> None:
        """Check in with ``code`` (nothing happens while another call runs)."""
        if self.calls.busy:
            return
        if not code.strip():
            self.page.show_message(self.messages.code_missing)
            return
        checkin, language = self.checkin, self.language()
        self.calls.run(lambda: checkin.check_in_appointment(code, language),
                       self.on_checked_in, self.on_refused, "kiosk.appointment")

    def on_checked_in(self, ticket: Ticket) -> None:
        self.checked_in.emit(ticket)

    def on_refused(self, error: BaseException) -> None:
        self.page.show_message(self.messages.refused(error))
