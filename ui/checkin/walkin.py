"""The walk-in pages of the kiosk: who are you, what for, anything we should know.

Plain widgets with signals; :class:`ui.checkin.view.CheckInView` does the talking to the
core and the moving between pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLocale, QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from kiosk.config import Category
from kiosk.domain.text import MAX_ASSET_TAG, MAX_DESCRIPTION, MAX_DEVICE, MAX_EMAIL, MAX_NAME
from ui.checkin.pages import BadgePrompt, KioskPage, SameDeviceCard, line_edit
from ui.checkin.ticket import CategoryGrid, category_label
from ui.common.theme import current_colours
from ui.common.widgets import LanguageSwitcher, button, icon_pixmap, plain_label


def icon_button(text: str, icon: str, kind: str | None = None) -> QPushButton:
    """A button with a line icon in the theme's accent colour."""
    widget = button(text, kind)
    widget.setIcon(QIcon(icon_pixmap(icon, 28, current_colours().accent_text)))
    widget.setIconSize(QSize(28, 28))
    return widget


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
        self.body.addWidget(self.language_switcher)
        self.body.addSpacing(8)
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.subtitle_label)
        self.body.addSpacing(6)
        self.badge_prompt = BadgePrompt(self)
        self.body.addWidget(self.badge_prompt)
        self.body.addSpacing(6)
        self.name_edit = line_edit(MAX_NAME)
        self.email_edit = line_edit(MAX_EMAIL)
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
        self.body.addWidget(self.message)
        self.body.addStretch(1)
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
        chain = (self.name_edit, self.email_edit, self.next_button, self.appointment_button,
                 self.feedback_button)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("Welcome! Who are you?"))
        bind(self.subtitle_label.setText, lambda: self.tr(
            "Check in for walk-up IT help. We'll call you by your ticket number."))
        bind(name_label.setText, lambda: self.tr("Your name or employee ID"))
        bind(self.name_edit.setAccessibleName, lambda: self.tr("Your name or employee ID"))
        bind(self.name_edit.setPlaceholderText, lambda: self.tr("e.g. Ana García or E1234"))
        bind(email_label.setText, lambda: self.tr("Email (optional)"))
        bind(self.email_edit.setAccessibleName, lambda: self.tr("Email (optional)"))
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


class CategoryPage(KioskPage):
    """The reason for the visit, as big tiles; a returning visitor is greeted by name.

    Signals:
        chosen(str): the category id tapped.
        back(): back to the welcome page.
    """

    chosen = Signal(str)
    back = Signal()

    def __init__(self, categories: Sequence[Category], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.greeting_label = plain_label("", "brand", wrap=True)
        self.greeting_label.hide()
        self.body.addWidget(self.greeting_label)
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.subtitle_label)
        self.body.addSpacing(8)
        self.grid = CategoryGrid(categories, language, self)
        self.grid.chosen.connect(self.chosen)
        self.body.addWidget(self.grid)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.back_button = button("", "ghost")
        self.back_button.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self._name = ""
        bind = self.texts.bind
        bind(self.greeting_label.setText, self._greeting)
        bind(self.title_label.setText, lambda: self.tr("What do you need help with?"))
        bind(self.subtitle_label.setText, lambda: self.tr("Tap the closest match."))
        bind(self.back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.back_button.setAccessibleName, lambda: self.tr("Back to your name"))

    def greet(self, first_name: str) -> None:
        """Greet a returning visitor ("" for nobody)."""
        self._name = first_name
        self.greeting_label.setText(self._greeting())
        self.greeting_label.setVisible(bool(first_name))

    def _greeting(self) -> str:
        return self.tr("Welcome back, %1!").replace("%1", self._name) if self._name else ""


class DetailsPage(KioskPage):
    """Optional details: the device (offered from the last visit) and a description.

    Signals:
        submitted(): "Get my ticket".
        back(): back to the reasons.
    """

    submitted = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.subtitle_label)
        self.body.addSpacing(6)
        self.same_device = SameDeviceCard(self)
        self.same_device.changed.connect(self.on_same_device_changed)
        self.same_device.hide()
        self.body.addWidget(self.same_device)
        self.device_edit = line_edit(MAX_DEVICE)
        self.asset_edit = line_edit(MAX_ASSET_TAG)
        self.device_fields = QWidget(self)
        grid = QGridLayout(self.device_fields)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        device_label = plain_label("", "field")
        asset_label = plain_label("", "field")
        for column, (label, edit) in enumerate(((device_label, self.device_edit),
                                                (asset_label, self.asset_edit))):
            label.setBuddy(edit)
            grid.addWidget(label, 0, column)
            grid.addWidget(edit, 1, column)
            grid.setColumnStretch(column, 1)
        self.body.addWidget(self.device_fields)
        self.description_label = plain_label("", "field")
        self.body.addWidget(self.description_label)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(120)
        self.description_edit.setMaximumHeight(200)
        self.description_label.setBuddy(self.description_edit)
        self.body.addWidget(self.description_edit)
        self.limit_label = plain_label("", "muted")
        self.body.addWidget(self.limit_label)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.back_button = button("", "ghost")
        self.back_button.clicked.connect(self.back)
        self.submit_button = button("", "primary")
        self.submit_button.setMinimumWidth(260)
        self.submit_button.clicked.connect(self.submitted)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.submit_button)
        self.body.addLayout(row)
        self._offered = ("", "")
        self._bind_texts(device_label, asset_label)

    def _bind_texts(self, device_label: QLabel, asset_label: QLabel) -> None:
        bind = self.texts.bind
        bind(self.subtitle_label.setText, lambda: self.tr(
            "Optional. A few words help the technician get ready for you."))
        bind(device_label.setText, lambda: self.tr("Device (optional)"))
        bind(self.device_edit.setAccessibleName, lambda: self.tr("Device (optional)"))
        bind(self.device_edit.setPlaceholderText, lambda: self.tr("e.g. ThinkPad X1"))
        bind(asset_label.setText, lambda: self.tr("Asset tag (optional)"))
        bind(self.asset_edit.setAccessibleName, lambda: self.tr("Asset tag (optional)"))
        bind(self.asset_edit.setPlaceholderText, lambda: self.tr("On a sticker, e.g. TB-20931"))
        bind(self.description_label.setText, lambda: self.tr("What is wrong? (optional)"))
        bind(self.description_edit.setAccessibleName,
             lambda: self.tr("Describe the problem (optional)"))
        bind(self.description_edit.setPlaceholderText,
             lambda: self.tr("e.g. My laptop won't connect to the Wi-Fi"))
        bind(self.limit_label.setText, lambda: self.tr("Up to %1 characters.").replace(
            "%1", QLocale().toString(MAX_DESCRIPTION)))
        bind(self.back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.back_button.setAccessibleName, lambda: self.tr("Back to the reasons"))
        bind(self.submit_button.setAccessibleName, lambda: self.tr("Get my ticket"))

    def set_category(self, category: Category | None, language: str) -> None:
        if category is None:
            self.title_label.setText(self.tr("Anything we should know?"))
            return
        label = category_label(category, language)
        self.title_label.setText(self.tr("%1: anything we should know?").replace("%1", label))

    def offer_device(self, device: str, asset_tag: str) -> None:
        """Prefill the device of the last visit and ask "same one?" ("" for none)."""
        self._offered = (device, asset_tag)
        offered = bool(device or asset_tag)
        self.device_edit.setText(device)
        self.asset_edit.setText(asset_tag)
        self.same_device.setVisible(offered)
        self.device_fields.setVisible(not offered)
        if offered:
            self.same_device.offer(device, asset_tag)

    def on_same_device_changed(self, same: bool) -> None:
        device, asset_tag = self._offered if same else ("", "")
        self.device_edit.setText(device)
        self.asset_edit.setText(asset_tag)
        self.device_fields.setVisible(not same)
        if not same:
            self.device_edit.setFocus()

    def set_compact(self, compact: bool) -> None:
        """Make room for the on-screen keyboard."""
        super().set_compact(compact)
        self.limit_label.setVisible(not compact)
        self.description_label.setVisible(not compact)
        self.description_edit.setMinimumHeight(80 if compact else 120)

    def clear(self) -> None:
        self.offer_device("", "")
        self.description_edit.clear()
        self.clear_message()
