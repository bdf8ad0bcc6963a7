"""The visitor's ticket: the number, the place in line, the wait and a QR code to follow it.

Each piece retranslates itself (numbers are written the current language's way).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.visit import Visit
from ui.checkin.identify import first_name
from ui.checkin.nearby import NearbyChoice
from ui.checkin.qr import QrCodeWidget
from ui.checkin.waits import wait_text
from ui.common.i18n import TextBinder
from ui.common.theme import set_kind
from ui.common.widgets import plain_label

Note = Callable[[], str]
"""Makes a line of text in the current language (called again on a language switch)."""


class ConfirmationPanel(QWidget):
    """The ticket: a greeting, the number, the place in line and (when set) a QR code.

    ``language`` tells the current language code (numbers are written its way).
    """

    def __init__(self, language: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        self.language = language
        self._shown: tuple[Visit, int, str, WaitEstimate | None, Note | None] | None = None
        body = QVBoxLayout(self)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addStretch(1)
        self.greeting_label = _centered(plain_label("", "title", wrap=True))
        body.addWidget(self.greeting_label)
        body.addSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addStretch(1)
        row.addWidget(self._ticket_card(), 0)
        row.addWidget(self._qr_card(), 0)
        row.addStretch(1)
        body.addLayout(row)
        body.addSpacing(8)
        self.note_label = _centered(plain_label("", "position", wrap=True))
        self.note_label.hide()
        body.addWidget(self.note_label)
        self.seat_label = _centered(plain_label("", "subtitle", wrap=True))
        body.addWidget(self.seat_label)
        body.addStretch(1)
        self.texts.bind(self.seat_label.setText, lambda: self.tr(
            "Please take a seat. We'll call your ticket number on the screen."))

    def show_ticket(self, visit: Visit, position: int, url: str,
                    estimate: WaitEstimate | None = None, note: Note | None = None) -> None:
        """Show ``visit``'s ticket; a QR code of ``url`` unless it is empty.

        Args:
            estimate: the wait range, shown when given.
            note: makes a line to show under the ticket (e.g. about an appointment).
        """
        self._shown = (visit, position, url, estimate, note)
        locale = QLocale(self.language())
        self.greeting_label.setText(self._greeting(first_name(visit.requester.name)))
        self.ticket_label.setText(visit.ticket_number)
        self.ticket_label.setAccessibleName(self.tr("Your ticket number is %1").replace(
            "%1", visit.ticket_number))
        self.position_label.setText(self._position_text(position, locale))
        wait = self._wait_text(estimate, locale) if estimate is not None else ""
        self.estimate_label.setText(wait)
        self.estimate_label.setVisible(bool(wait))
        self.note_label.setText(note() if note is not None else "")
        self.note_label.setVisible(note is not None)
        self.qr_widget.set_text(url)
        self.qr_card.setVisible(bool(url))

    def clear(self) -> None:
        self._shown = None
        for label in (self.greeting_label, self.ticket_label, self.position_label,
                      self.estimate_label, self.note_label):
            label.clear()
        self.estimate_label.hide()
        self.note_label.hide()
        self.qr_widget.set_text("")
        self.qr_card.hide()

    def _greeting(self, name: str) -> str:
        """By the first name only: the screen is public."""
        if not name:
            return self.tr("You're checked in.")
        return self.tr("You're checked in, %1.").replace("%1", name)

    def _wait_text(self, estimate: WaitEstimate, locale: QLocale) -> str:
        return wait_text(estimate, locale)

    def _position_text(self, position: int, locale: QLocale) -> str:
        if position == 1:
            return self.tr("You're next in line.")
        if position > 1:
            return self.tr("You are number %1 in line.").replace(
                "%1", locale.toString(position))
        return self.tr("We'll call your number shortly.")

    def _ticket_card(self) -> QFrame:
        card = QFrame(self)
        set_kind(card, "ticket-card")
        card.setMinimumWidth(540)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 24, 32, 28)
        inner.setSpacing(4)
        caption = _centered(plain_label("", "subtitle"))
        self.ticket_label = _centered(plain_label("", "ticket"))
        self.position_label = _centered(plain_label("", "position", wrap=True))
        self.estimate_label = _centered(plain_label("", "subtitle", wrap=True))
        self.estimate_label.hide()
        for widget in (caption, self.ticket_label, self.position_label, self.estimate_label):
            inner.addWidget(widget)
        self.texts.bind(caption.setText, lambda: self.tr("Your ticket number"))
        return card

    def _qr_card(self) -> QFrame:
        self.qr_card = QFrame(self)
        set_kind(self.qr_card, "ticket-card")
        inner = QVBoxLayout(self.qr_card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(8)
        self.qr_widget = QrCodeWidget("", self.qr_card)
        self.qr_widget.setFixedSize(200, 200)
        caption = _centered(plain_label("", "qr-caption", wrap=True))
        caption.setFixedWidth(200)
        inner.addWidget(self.qr_widget, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(caption)
        self.texts.bind(caption.setText, lambda: self.tr("Scan to follow your place in line"))
        self.texts.bind(self.qr_widget.setAccessibleName, lambda: self.tr(
            "QR code: follow your place in line on your phone"))
        self.qr_card.hide()
        return self.qr_card

    def retranslate(self) -> None:
        self.texts.retranslate()
        if self._shown is not None:
            self.show_ticket(*self._shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ConfirmationPage(QWidget):
    """The ticket page: the :class:`ConfirmationPanel`, "Tell me when I'm close"
    (:class:`~ui.checkin.nearby.NearbyChoice`, when the site offers it) and a "Done" button.

    Signals:
        done(): the visitor tapped "Done".
    """

    done = Signal()

    def __init__(self, language: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        body = QVBoxLayout(self)
        body.setContentsMargins(64, 28, 64, 28)
        self.panel = ConfirmationPanel(language, self)
        body.addWidget(self.panel, 1)
        self.nearby = NearbyChoice(self)
        self.nearby.hide()
        body.addWidget(self.nearby, 0, Qt.AlignmentFlag.AlignHCenter)
        body.addSpacing(8)
        self.done_button = QPushButton(self)
        set_kind(self.done_button, "primary")
        self.done_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.done_button.setMinimumWidth(260)
        self.done_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        body.addLayout(buttons)
        self.texts.bind(self.done_button.setText, lambda: self.tr("Done"))
        self.texts.bind(self.done_button.setAccessibleName,
                        lambda: self.tr("Done: back to the start"))

    def set_compact(self, compact: bool) -> None:
        """Make room for the on-screen keyboard while a phone number is typed (the ticket
        comes back once the number is saved or the choice changes)."""
        self.panel.setVisible(not compact)

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.panel.retranslate()
        self.nearby.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.retranslate()
        super().changeEvent(event)


def _centered(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
