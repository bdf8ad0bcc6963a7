"""Who is at the kiosk: the welcome page, and the look-up of a badge, an id or an email.

A badge scan or a typed employee id or email is looked up in the directory (a returning
visitor is greeted and offered their last device); anyone else checks in as a guest
with a valid name (and email).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import QLocale, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.checkin import CheckInService, looks_like_lookup
from kiosk.app.directory import Identified
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.text import MAX_EMAIL, MAX_NAME
from kiosk.domain.visit import Requester
from kiosk.errors import ValidationError
from ui.checkin.calls import VisitorCalls
from ui.checkin.choices import Choices
from ui.checkin.fields import KioskLineEdit
from ui.checkin.messages import FlowMessages
from ui.checkin.pages import KioskPage
from ui.checkin.waits import wait_text
from ui.common.i18n import TextBinder
from ui.common.theme import current_colours, set_kind, set_property
from ui.common.widgets import IconBadge, LanguageSwitcher, button, icon_pixmap, plain_label


def first_name(name: str) -> str:
    """How the kiosk's public screen addresses a visitor: the first name only.

    "Ana García" gives "Ana", and a directory's "García, Ana" too; "" for a blank name.
    """
    family, comma, given = name.partition(",")
    words = (given if comma and given.strip() else family).split()
    return words[0] if words else ""


def icon_button(text: str, icon: str, kind: str | None = None) -> QPushButton:
    """A button with a line icon in the theme's accent colour."""
    widget = button(text, kind)
    widget.setIcon(QIcon(icon_pixmap(icon, 28, current_colours().accent_text)))
    widget.setIconSize(QSize(28, 28))
    return widget


class BadgePrompt(QFrame):
    """"Have a badge? Scan it": the fast way in, shown on the welcome page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        self.texts = TextBinder()
        self.row = row = QHBoxLayout(self)
        row.setContentsMargins(22, 14, 22, 14)
        row.setSpacing(20)
        self.icon = IconBadge("badge", 64, self)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title_label = plain_label("", "tile-title", wrap=True)
        self.hint_label = plain_label("", "tile-hint", wrap=True)
        text.addWidget(self.title_label)
        text.addWidget(self.hint_label)
        row.addLayout(text, 1)
        self.texts.bind(self.title_label.setText,
                        lambda: self.tr("Have a badge? Just scan it at the reader."))
        self.texts.bind(self.hint_label.setText, lambda: self.tr(
            "No badge? Type your employee ID or email below, or your name to check in as "
            "a guest."))

    def set_compact(self, compact: bool) -> None:
        """Only the first line, without the card (when the on-screen keyboard needs room)."""
        self.hint_label.setVisible(not compact)
        self.icon.setVisible(not compact)
        set_kind(self, "" if compact else "card")
        margin = 0 if compact else 22
        self.row.setContentsMargins(margin, 0 if compact else 14, margin, 0 if compact else 14)


class WelcomePage(KioskPage):
    """Scan a badge, type an id, an email or a name; or another way in.

    Signals:
        next_requested(): "Next" (or Enter in a field).
        appointment_requested(): "I have an appointment".
        feedback_requested(): "Rate your visit".
    """

    next_requested = Signal()
    appointment_requested = Signal()
    feedback_requested = Signal()

    def __init__(self, languages: list[tuple[str, str]], current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language_switcher = LanguageSwitcher(languages, current, self)
        self.language_choices = Choices.from_group(self.language_switcher.group)
        self.body.addWidget(self.language_switcher)
        self.body.addSpacing(8)
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.subtitle_label)
        self.wait_label = plain_label("", "tile-hint")
        self.wait_label.hide()
        self.body.addWidget(self.wait_label)
        self._waits: WaitEstimate | None = None
        self.body.addSpacing(6)
        self.badge_prompt = BadgePrompt(self)
        self.body.addWidget(self.badge_prompt)
        self.body.addSpacing(6)
        labels = self._add_fields()
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self._add_buttons()
        chain = (self.name_edit, self.email_edit, self.next_button, self.appointment_button,
                 self.feedback_button)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._bind_texts(*labels)

    def set_waits(self, waits: Mapping[str, WaitEstimate], language: str) -> None:
        """The wait now, from the shortest to the longest of the reasons' (as the tiles and
        the ticket word it); hidden when there is none to give."""
        if not waits:
            self._waits = None
            self.wait_label.hide()
            return
        values = list(waits.values())
        self._waits = replace(values[0], low=min(w.low for w in values),
                              high=max(w.high for w in values))
        self.show_wait(language)

    def show_wait(self, language: str) -> None:
        if self._waits is not None:
            self.wait_label.setText(wait_text(self._waits, QLocale(language)))
            self.wait_label.show()

    def _add_fields(self) -> tuple[QLabel, QLabel]:
        """The name (or id) and the email side by side; Enter in either is "Next"."""
        self.name_edit = KioskLineEdit(MAX_NAME)
        self.email_edit = KioskLineEdit(MAX_EMAIL)
        name_label = plain_label("", "field")
        email_label = plain_label("", "field")
        fields = QGridLayout()
        fields.setHorizontalSpacing(24)
        fields.setVerticalSpacing(8)
        for column, (label, edit) in enumerate(((name_label, self.name_edit),
                                                (email_label, self.email_edit))):
            label.setBuddy(edit)
            fields.addWidget(label, 0, column)
            fields.addWidget(edit, 1, column)
            fields.setColumnStretch(column, 1)
            edit.returnPressed.connect(self.next_requested)
        self.body.addLayout(fields)
        return name_label, email_label

    def _add_buttons(self) -> None:
        self.next_button = button("", "primary")
        self.next_button.setMinimumWidth(220)
        self.next_button.clicked.connect(self.next_requested)
        self.appointment_button = icon_button("", "calendar")
        self.appointment_button.clicked.connect(self.appointment_requested)
        self.feedback_button = icon_button("", "feedback")
        self.feedback_button.clicked.connect(self.feedback_requested)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.appointment_button)
        row.addWidget(self.feedback_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        self.body.addLayout(row)

    def _bind_texts(self, name_label: QLabel, email_label: QLabel) -> None:
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("Welcome! Who are you?"))
        bind(self.subtitle_label.setText, lambda: self.tr(
            "Check in for walk-up IT help. We'll call you by your ticket number."))
        bind(name_label.setText, lambda: self.tr("Your name or employee ID"))
        bind(self.name_edit.set_name, lambda: self.tr("Your name or employee ID"))
        bind(self.name_edit.setPlaceholderText, lambda: self.tr("e.g. Ana García or E1234"))
        bind(email_label.setText, lambda: self.tr("Email (optional)"))
        bind(self.email_edit.set_name, lambda: self.tr("Email (optional)"))
        bind(self.email_edit.setPlaceholderText, lambda: self.tr("For updates about your visit"))
        bind(self.next_button.setText, lambda: self.tr("Next"))
        bind(self.next_button.setAccessibleName, lambda: self.tr("Next: choose a reason"))
        bind(self.appointment_button.setText, lambda: " " + self.tr("I have an appointment"))
        bind(self.appointment_button.setAccessibleName,
             lambda: self.tr("I have an appointment"))
        bind(self.feedback_button.setText, lambda: " " + self.tr("Rate your visit"))
        bind(self.feedback_button.setAccessibleName, lambda: self.tr("Rate your visit"))
        bind(self.language_switcher.setAccessibleName, lambda: self.tr("Language"))

    def set_compact(self, compact: bool) -> None:
        """Make room for the on-screen keyboard: the badge prompt says what to do."""
        super().set_compact(compact)
        self.title_label.setVisible(not compact)
        self.badge_prompt.set_compact(compact)

    def clear(self) -> None:
        self.name_edit.clear()
        self.email_edit.clear()
        self.clear_message()


class IdentifyFlow(QObject):
    """Finds out who the visitor is, from the welcome page or a badge scan.

    Args:
        checkin: the core's check-in use cases.
        calls: runs them for the visitor at the screen.
        page: the welcome page, with the name or id and the email.
        messages: the kiosk's messages.

    Signals:
        identified(): on to the reasons; :attr:`person` is who it is (None: a guest).
        correction_needed(): a field of the welcome page must be put right (show the page).
    """

    identified = Signal()
    correction_needed = Signal()

    def __init__(self, checkin: CheckInService, calls: VisitorCalls, page: WelcomePage,
                 messages: FlowMessages, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checkin = checkin
        self.calls = calls
        self.page = page
        self.messages = messages
        self.person: Identified | None = None
        page.next_requested.connect(self.on_next)

    def on_next(self) -> None:
        """Look a typed id or email up; accept anything else as a guest's name and email."""
        if self.calls.busy:
            return
        name, email = self.page.name_edit.text().strip(), self.page.email_edit.text().strip()
        key = name if looks_like_lookup(name) and not email else ""
        if not name and email:
            key = email
        if key:
            self.identify(key, scanned=False)
            return
        try:
            Requester.create(name, email)
        except ValidationError as error:
            self.show_error(error)
            return
        self.person = None
        self.identified.emit()

    def identify(self, key: str, *, scanned: bool) -> None:
        """Look ``key`` (badge, employee id or email) up in the directory."""
        checkin = self.checkin
        self.calls.run(lambda: checkin.identify(key),
                       lambda found: self.on_looked_up(found, key, scanned),
                       lambda error: self.page.show_message(lambda: self.messages.explain(error)),
                       "kiosk.identify")

    def show_error(self, error: ValidationError) -> None:
        """Mark the name or email the core refused, and say why."""
        edit = self.page.email_edit if error.field == "email" else self.page.name_edit
        set_property(edit, "invalid", True)
        self.correction_needed.emit()
        edit.setFocus()
        self.page.show_message(lambda: self.messages.explain(error))

    def forget(self) -> None:
        self.person = None

    def requester(self) -> tuple[str, str, str]:
        """The visitor's name, email and employee id: from the directory, else as typed."""
        if self.person is not None:
            person = self.person.person
            return person.name, person.email, person.employee_id
        return self.page.name_edit.text(), self.page.email_edit.text(), ""

    def on_looked_up(self, found: Identified | None, key: str, scanned: bool) -> None:
        page = self.page
        if found is None:
            edit = page.email_edit if key == page.email_edit.text().strip() else page.name_edit
            set_property(edit, "invalid", not scanned)
            page.show_message(self.messages.unknown(key, scanned))
            edit.setFocus()
            edit.selectAll()
            return
        self.person = found
        page.clear()
        set_property(page.name_edit, "invalid", False)
        self.identified.emit()
