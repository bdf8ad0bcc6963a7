"""The walk-up check-in kiosk: name, reason, details, ticket; one question per page.

Touch first (big tiles and buttons, a way back on every page, step dots), in the
visitor's language (switchable on the welcome page, retranslated live), and private:
after a quiet while a "Still there?" countdown, then everything typed is forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Category
from kiosk.domain import MAX_DESCRIPTION, MAX_EMAIL, MAX_NAME, Requester, Visit
from kiosk.errors import KioskError, ValidationError
from kiosk.services import VisitService
from ui.i18n import LanguageManager, TextBinder
from ui.idle import MIN_COUNTDOWN_SECONDS, IdleOverlay, IdleWatcher
from ui.kiosk_parts import CategoryGrid, ConfirmationPanel, category_label
from ui.tasks import TaskRunner
from ui.theme import set_kind, set_property
from ui.touch_keyboard import TouchKeyboard, wants_touch_keyboard
from ui.widgets import (
    LanguageSwitcher,
    MessageArea,
    StepDots,
    button,
    footer,
    kiosk_page,
    plain_label,
)

log = logging.getLogger(__name__)
RESET_AFTER_MS = 10_000
_IDENTITY_FIELDS = frozenset({"name", "email", "employee_id"})
_LIMITS = {"name": MAX_NAME, "email": MAX_EMAIL, "description": MAX_DESCRIPTION}


class Page(IntEnum):
    WELCOME = 0
    CATEGORY = 1
    DETAILS = 2
    CONFIRMATION = 3


STEPS = 3
"""Pages before the ticket; each shows "Step n of 3" and the dots."""


@dataclass(frozen=True)
class KioskOptions:
    """How the kiosk behaves; :meth:`from_settings` reads ``settings.kiosk`` when present.

    Attributes:
        second_ms: how long a "second" of the idle countdown lasts (tests shorten it).
    """

    idle_seconds: float = 45
    countdown_seconds: int = MIN_COUNTDOWN_SECONDS
    confirmation_seconds: float = 10
    languages: tuple[str, ...] = ("en", "es", "de")
    default_language: str = "en"
    status_url_template: str = ""
    touch_keyboard: str = "auto"
    second_ms: int = 1000

    @classmethod
    def from_settings(cls, settings: object, **overrides: Any) -> KioskOptions:
        kiosk = getattr(settings, "kiosk", None)
        values: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if kiosk is not None and hasattr(kiosk, name):
                values[name] = getattr(kiosk, name)
        values.update(overrides)
        if "languages" in values:
            values["languages"] = tuple(values["languages"])
        return cls(**values)


def status_url(template: str, visit: Visit) -> str:
    """The template with ``{visit_id}`` and ``{ticket_number}`` filled in ("" when empty)."""
    if not template.strip():
        return ""
    return template.replace("{visit_id}", str(visit.id)).replace(
        "{ticket_number}", visit.ticket_number)


class CheckInView(QWidget):
    """The kiosk window. Nothing typed here outlives a visitor: every reset forgets it.

    Signals:
        checked_in(Visit): a visitor got a ticket.
    """

    checked_in = Signal(object)

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 options: KioskOptions | None = None, language: LanguageManager | None = None,
                 reset_after_ms: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckInView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.service = service
        self.runner = runner
        self.options = options or KioskOptions.from_settings(service.settings)
        self.language = language or LanguageManager(
            self.options.languages, self.options.default_language, parent=self)
        self.texts = TextBinder()
        self._category: Category | None = None
        self._messages: dict[MessageArea, Callable[[], str]] = {}
        self._busy = False
        confirm_ms = reset_after_ms if reset_after_ms is not None else round(
            self.options.confirmation_seconds * 1000)
        self.reset_timer = QTimer(self)
        self.reset_timer.setSingleShot(True)
        self.reset_timer.setInterval(confirm_ms)
        self.reset_timer.timeout.connect(self.reset)
        self.pages = QStackedWidget(self)
        for build in (self._build_welcome, self._build_category, self._build_details,
                      self._build_confirmation):
            self.pages.addWidget(build())
        self.keyboard = TouchKeyboard(self)
        self.keyboard_enabled = wants_touch_keyboard(self.options.touch_keyboard)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_top_bar())
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.keyboard)
        self._build_idle()
        self.texts.bind(self.setWindowTitle, lambda: self.tr("%1 \u2014 Check in").replace(
            "%1", service.settings.site_name))
        self.texts.bind(self.setAccessibleName, lambda: self.tr("Check-in kiosk"))
        self.language.language_changed.connect(self.on_language_changed)
        for control in self.findChildren(QPushButton):
            control.setAutoDefault(True)  # Enter presses the focused button, as Space does
        self.reset()

    # ------------------------------------------------------------ navigation

    @property
    def page(self) -> Page:
        return Page(self.pages.currentIndex())

    def go_to(self, page: Page) -> None:
        for index in range(self.pages.count()):  # only the page shown claims room
            policy = (QSizePolicy.Policy.Preferred if index == page
                      else QSizePolicy.Policy.Ignored)
            widget = self.pages.widget(index)
            if widget is not None:
                widget.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(page)
        self._update_step()
        typing = self.keyboard_enabled and page in (Page.WELCOME, Page.DETAILS)
        self.keyboard.setVisible(typing)
        for hint in (self.welcome_subtitle, self.details_subtitle):  # room for the keys
            hint.setVisible(not typing)
        self.description_edit.setMinimumHeight(88 if typing else 120)
        focus: QWidget | None = {
            Page.WELCOME: self.name_edit, Page.DETAILS: self.description_edit,
            Page.CONFIRMATION: self.done_button}.get(page)
        if page is Page.CATEGORY:
            focus = self.category_grid.first_tile()
        if focus is not None:
            focus.setFocus()

    def set_keyboard_enabled(self, enabled: bool) -> None:
        """Show the on-screen keyboard on pages with text fields (or never)."""
        self.keyboard_enabled = enabled
        self.go_to(self.page)

    def has_visitor_input(self) -> bool:
        """Whether anything on screen belongs to a visitor (the idle countdown protects it)."""
        typed = (self.name_edit.text() or self.email_edit.text()
                 or self.description_edit.toPlainText())
        return bool(typed) or self.page is not Page.WELCOME or (
            self.language.language != self.language.default)

    def reset(self) -> None:
        """Forget the visitor, go back to the default language and the welcome page."""
        self.reset_timer.stop()
        self.idle_overlay.hide()
        self._category = None
        self._set_busy(False)
        for edit in (self.name_edit, self.email_edit):
            edit.clear()
            set_property(edit, "invalid", False)
        self.description_edit.clear()
        for area in (self.welcome_message, self.category_message, self.details_message):
            self._clear_message(area)
        self.confirmation.clear()
        self.keyboard.set_shifted(False)
        self.language.reset()
        self.go_to(Page.WELCOME)
        if self.idle.active:
            self.idle.restart()

    def show_confirmation(self, visit: Visit, position: int) -> None:
        """The ticket page; goes back to the welcome page by itself after a while."""
        self.confirmation.show_ticket(visit, position,
                                      status_url(self.options.status_url_template, visit))
        self.go_to(Page.CONFIRMATION)
        self.reset_timer.start()

    # ------------------------------------------------------------ slots

    def on_next_clicked(self) -> None:
        try:
            Requester.create(self.name_edit.text(), self.email_edit.text())
        except ValidationError as error:
            self._show_identity_error(error)
            return
        self._clear_message(self.welcome_message)
        self.go_to(Page.CATEGORY)

    def on_category_chosen(self, category_id: str) -> None:
        self._category = self.service.settings.category(category_id)
        self._update_details_title()
        self._clear_message(self.category_message)
        self.go_to(Page.DETAILS)

    def on_submit_clicked(self) -> None:
        if self._busy:
            return
        service = self.service
        fields = {
            "name": self.name_edit.text(),
            "email": self.email_edit.text(),
            "category": self._category.id if self._category else "",
            "description": self.description_edit.toPlainText(),
        }
        self._set_busy(True)
        self.runner.run(lambda: _check_in_and_place(service, fields), self._on_checked_in,
                        self._on_check_in_failed, name="kiosk.check_in")

    def on_language_chosen(self, code: str) -> None:
        if not self.language.set_language(code):
            self.language_switcher.set_current(self.language.language)

    def on_language_changed(self, code: str) -> None:
        self.language_switcher.set_current(code)
        self.retranslate()  # at once; Qt's LanguageChange events follow on the next turn

    def _on_checked_in(self, result: tuple[Visit, int]) -> None:
        visit, position = result
        self._set_busy(False)
        self.show_confirmation(visit, position)
        self.checked_in.emit(visit)

    def _on_check_in_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        field = error.field if isinstance(error, ValidationError) else ""
        if isinstance(error, ValidationError) and field in _IDENTITY_FIELDS:
            self._show_identity_error(error)
        elif field == "category":
            self.go_to(Page.CATEGORY)
            self._show_error(self.category_message, lambda: self.tr("Please choose a reason."))
        else:
            self._show_error(self.details_message, lambda: self._explain(error))

    def _show_identity_error(self, error: ValidationError) -> None:
        edit = self.email_edit if error.field == "email" else self.name_edit
        set_property(edit, "invalid", True)
        self.go_to(Page.WELCOME)
        edit.setFocus()
        self._show_error(self.welcome_message, lambda: self._explain(error))

    def _explain(self, error: BaseException) -> str:
        """A visitor-facing message in the current language."""
        if not isinstance(error, ValidationError):
            if isinstance(error, KioskError):
                return self.tr("We could not check you in just now. "
                               "Please try again or ask at the counter.")
            return self.tr("Something went wrong. Please try again or ask at the counter.")
        locale = QLocale(self.language.language)
        value = {"name": self.name_edit.text(), "email": self.email_edit.text(),
                 "description": self.description_edit.toPlainText()}.get(error.field, "")
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

    def _show_error(self, area: MessageArea, source: Callable[[], str]) -> None:
        self._messages[area] = source
        area.show_error(source())

    def _clear_message(self, area: MessageArea) -> None:
        self._messages.pop(area, None)
        area.clear_message()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
        self._update_submit_text()

    def _update_submit_text(self) -> None:
        self.submit_button.setText(self.tr("One moment\u2026") if self._busy
                                   else self.tr("Get my ticket"))

    def _update_step(self) -> None:
        page = self.page
        if page is Page.CONFIRMATION:
            self.step_label.setText(self.tr("All done"))
            self.step_dots.set_current(STEPS)
        else:
            self.step_label.setText(self.tr("Step %1 of %2").replace(
                "%1", str(page + 1)).replace("%2", str(STEPS)))
            self.step_dots.set_current(int(page))

    def _update_details_title(self) -> None:
        if self._category is None:
            self.details_title.setText(self.tr("Anything we should know?"))
            return
        label = category_label(self._category, self.language.language)
        self.details_title.setText(self.tr("%1: anything we should know?").replace("%1", label))

    # ------------------------------------------------------------ language, keys, idle

    def retranslate(self) -> None:
        """Make every text again in the current language (nothing typed is touched)."""
        self.texts.retranslate()
        self.idle_overlay.retranslate()
        self.keyboard.texts.retranslate()
        self.confirmation.retranslate()
        self.category_grid.retranslate(self.language.language)
        self._update_step()
        self._update_submit_text()
        self._update_details_title()
        for area, source in self._messages.items():
            area.show_error(source())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.idle.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.idle.stop()
        self.idle_overlay.hide()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.idle_overlay.setGeometry(self.rect())

    def _build_idle(self) -> None:
        self.idle = IdleWatcher(self.options.idle_seconds, self.options.countdown_seconds,
                                second_ms=self.options.second_ms,
                                should_watch=self.has_visitor_input, parent=self)
        self.idle_overlay = IdleOverlay(self)
        self.idle.idle_started.connect(self.idle_overlay.show_countdown)
        self.idle.countdown.connect(self.idle_overlay.set_seconds)
        self.idle.resumed.connect(self.idle_overlay.hide)
        self.idle.expired.connect(self.reset)
        self.idle_overlay.still_here.connect(self.idle.restart)

    # ------------------------------------------------------------ pages

    def _build_top_bar(self) -> QFrame:
        bar = QFrame(self)
        set_kind(bar, "topbar")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(40, 16, 40, 16)
        layout.setSpacing(14)
        layout.addWidget(plain_label(self.service.settings.site_name, "brand"))
        layout.addStretch(1)
        self.step_dots = StepDots(STEPS, bar)
        layout.addWidget(self.step_dots)
        self.step_label = plain_label("", "step")
        layout.addWidget(self.step_label)
        return bar

    def _build_welcome(self) -> QWidget:
        page, body = kiosk_page()
        self.language_switcher = LanguageSwitcher(self.language.names(),
                                                  self.language.language, page)
        self.language_switcher.chosen.connect(self.on_language_chosen)
        body.addWidget(self.language_switcher)
        body.addSpacing(12)
        title = plain_label("", "title", wrap=True)
        self.welcome_subtitle = subtitle = plain_label("", "subtitle", wrap=True)
        body.addWidget(title)
        body.addWidget(subtitle)
        body.addSpacing(12)
        self.name_edit = _line_edit(MAX_NAME)
        self.email_edit = _line_edit(MAX_EMAIL)
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
            edit.returnPressed.connect(self.on_next_clicked)
        body.addLayout(fields)
        self.welcome_message = MessageArea(page)
        body.addWidget(self.welcome_message)
        body.addStretch(1)
        self.next_button = button("", "primary")
        self.next_button.clicked.connect(self.on_next_clicked)
        body.addLayout(footer(None, self.next_button))
        bind = self.texts.bind
        bind(title.setText, lambda: self.tr("Welcome! Who are you?"))
        bind(subtitle.setText, lambda: self.tr(
            "Check in for walk-up IT help. We'll call you by your ticket number."))
        bind(name_label.setText, lambda: self.tr("Your name or employee ID"))
        bind(self.name_edit.setAccessibleName, lambda: self.tr("Your name or employee ID"))
        bind(self.name_edit.setPlaceholderText, lambda: self.tr("e.g. Ana García or E1234"))
        bind(email_label.setText, lambda: self.tr("Email (optional)"))
        bind(self.email_edit.setAccessibleName, lambda: self.tr("Email (optional)"))
        bind(self.email_edit.setPlaceholderText, lambda: self.tr("For updates about your visit"))
        bind(self.next_button.setText, lambda: self.tr("Next"))
        bind(self.next_button.setAccessibleName, lambda: self.tr("Next: choose a reason"))
        bind(self.language_switcher.setAccessibleName, lambda: self.tr("Language"))
        bind(self.welcome_message.setAccessibleName, lambda: self.tr("Message"))
        return page

    def _build_category(self) -> QWidget:
        page, body = kiosk_page()
        title = plain_label("", "title", wrap=True)
        subtitle = plain_label("", "subtitle", wrap=True)
        body.addWidget(title)
        body.addWidget(subtitle)
        body.addSpacing(8)
        self.category_grid = CategoryGrid(self.service.settings.categories,
                                          self.language.language, page)
        self.category_grid.chosen.connect(self.on_category_chosen)
        self.category_tiles = self.category_grid.tiles
        body.addWidget(self.category_grid)
        self.category_message = MessageArea(page)
        body.addWidget(self.category_message)
        body.addStretch(1)
        self.category_back_button = button("", "ghost")
        self.category_back_button.clicked.connect(lambda: self.go_to(Page.WELCOME))
        body.addLayout(footer(self.category_back_button, None))
        bind = self.texts.bind
        bind(title.setText, lambda: self.tr("What do you need help with?"))
        bind(subtitle.setText, lambda: self.tr("Tap the closest match."))
        bind(self.category_back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.category_back_button.setAccessibleName,
             lambda: self.tr("Back to your name"))
        bind(self.category_message.setAccessibleName, lambda: self.tr("Message"))
        return page

    def _build_details(self) -> QWidget:
        page, body = kiosk_page()
        self.details_title = plain_label("", "title", wrap=True)
        self.details_subtitle = subtitle = plain_label("", "subtitle", wrap=True)
        body.addWidget(self.details_title)
        body.addWidget(subtitle)
        body.addSpacing(8)
        self.description_edit = QPlainTextEdit(page)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(120)
        self.description_edit.setMaximumHeight(220)
        body.addWidget(self.description_edit)
        limit_label = plain_label("", "muted")
        body.addWidget(limit_label)
        self.details_message = MessageArea(page)
        body.addWidget(self.details_message)
        body.addStretch(1)
        self.details_back_button = button("", "ghost")
        self.details_back_button.clicked.connect(lambda: self.go_to(Page.CATEGORY))
        self.submit_button = button("", "primary")
        self.submit_button.clicked.connect(self.on_submit_clicked)
        body.addLayout(footer(self.details_back_button, self.submit_button))
        bind = self.texts.bind
        bind(subtitle.setText, lambda: self.tr(
            "Optional. A few words help the technician get ready for you."))
        bind(self.description_edit.setAccessibleName,
             lambda: self.tr("Describe the problem (optional)"))
        bind(self.description_edit.setPlaceholderText,
             lambda: self.tr("e.g. My laptop won't connect to the Wi-Fi"))
        bind(limit_label.setText, lambda: self.tr("Up to %1 characters.").replace(
            "%1", QLocale(self.language.language).toString(MAX_DESCRIPTION)))
        bind(self.details_back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.details_back_button.setAccessibleName, lambda: self.tr("Back to the reasons"))
        bind(self.submit_button.setAccessibleName, lambda: self.tr("Get my ticket"))
        bind(self.details_message.setAccessibleName, lambda: self.tr("Message"))
        return page

    def _build_confirmation(self) -> QWidget:
        page, body = kiosk_page()
        self.confirmation = ConfirmationPanel(lambda: self.language.language, page)
        self.greeting_label = self.confirmation.greeting_label
        self.ticket_label = self.confirmation.ticket_label
        self.position_label = self.confirmation.position_label
        self.qr_widget = self.confirmation.qr_widget
        body.addWidget(self.confirmation, 1)
        self.done_button = button("", "primary")
        self.done_button.setMinimumWidth(260)
        self.done_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        body.addLayout(buttons)
        self.texts.bind(self.done_button.setText, lambda: self.tr("Done"))
        self.texts.bind(self.done_button.setAccessibleName,
                        lambda: self.tr("Done: back to the start"))
        return page


def _check_in_and_place(service: VisitService, fields: dict[str, str]) -> tuple[Visit, int]:
    """Runs in the pool: check in, then look up the place in line (best effort)."""
    visit = service.check_in(name=fields["name"], email=fields["email"],
                             category=fields["category"], description=fields["description"])
    try:
        position = service.position(visit.id)
    except Exception:  # noqa: BLE001 - the visitor has a ticket; the place is a nicety
        log.warning("visit %s: place in line unavailable", visit.id, exc_info=True)
        position = 0
    return visit, position


def _line_edit(limit: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(limit)
    edit.setClearButtonEnabled(True)
    return edit

