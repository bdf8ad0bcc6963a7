"""The walk-up check-in kiosk: who, what for, details, ticket; one question per page.

Touch first (big tiles and buttons, a way back on every page, step dots), in the
visitor's language (switchable on the welcome page, retranslated live), and private:
after a quiet while a "Still there?" countdown, then everything typed is forgotten.
A badge scan (a keyboard-wedge reader's fast burst of keys) is the fast way in;
appointments check in with their code, and finished visits can be rated.

The view holds the pages (:class:`~ui.checkin.page_stack.PageStack`) and moves between
them; its flows ask the core (``Core.checkin``, :class:`kiosk.app.checkin.CheckInService`)
on the task runner: who the visitor is (:mod:`~ui.checkin.identify`), a walk-in's reason
and details (:mod:`~ui.checkin.walkin`), an appointment code (:mod:`~ui.checkin.appointments`)
and the survey (:mod:`~ui.checkin.feedback`). Nothing waits for the database on the GUI
thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.app.checkin import Ticket, is_appointment_code
from kiosk.bootstrap import Core
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.visit import Visit
from kiosk.errors import ValidationError
from ui.checkin.appointments import AppointmentFlow
from ui.checkin.calls import VisitorCalls
from ui.checkin.categories import category_label
from ui.checkin.confirmation import Note
from ui.checkin.feedback import FeedbackFlow
from ui.checkin.identify import IdentifyFlow
from ui.checkin.idle import IdleOverlay, IdleWatcher
from ui.checkin.messages import FlowMessages
from ui.checkin.nearby import NearbyFlow
from ui.checkin.options import KioskOptions, Page, status_url
from ui.checkin.page_stack import PageStack
from ui.checkin.pages import TopBar
from ui.checkin.scan import ScanDetector
from ui.checkin.touch_keyboard import TouchKeyboard, wants_touch_keyboard
from ui.checkin.walkin import WalkInFlow
from ui.common.i18n import LanguageManager, TextBinder
from ui.common.offline import Connectivity, OfflineBanner
from ui.common.tasks import TaskRunner

__all__ = ["STEPS", "CheckInView", "KioskOptions", "Page", "status_url"]
_IDENTITY_FIELDS = frozenset({"name", "email", "employee_id"})

STEPS = 3
"""Pages before the ticket; each shows "Step n of 3" and the dots."""
_STEP_OF = {Page.WELCOME: 0, Page.CATEGORY: 1, Page.NOTICE: 1, Page.DETAILS: 2}
_SCAN_PAGES = frozenset({Page.WELCOME, Page.APPOINTMENT, Page.FEEDBACK})
_TYPING_PAGES = frozenset({Page.WELCOME, Page.DETAILS, Page.APPOINTMENT, Page.FEEDBACK,
                           Page.RATE})


class CheckInView(QWidget):
    """The kiosk window. Nothing typed here outlives a visitor: every reset forgets it.

    Args:
        core: the core's services; the view uses ``core.checkin`` and ``core.settings``.
        runner: runs every core call off the GUI thread.
        options: how the kiosk behaves (``settings.kiosk`` by default).
        language: the language manager to use (one of its own by default).
        reset_after_ms: how long the ticket and the thanks stay up.
        monotonic: the clock that tells a badge reader's keys from typing.

    Signals:
        checked_in(Visit): a visitor got a ticket (walk-in or appointment).
        rated(str): a visitor rated the visit with this id.
    """

    checked_in = Signal(object)
    rated = Signal(str)

    def __init__(self, core: Core, runner: TaskRunner, *, options: KioskOptions | None = None,
                 language: LanguageManager | None = None, reset_after_ms: int | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckInView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.settings, self.checkin, self.runner = core.settings, core.checkin, runner
        self.notify = core.notify
        self.options = options or KioskOptions.from_settings(core.settings)
        self._owns_language = language is None
        self.language = language or LanguageManager(
            self.options.languages, self.options.default_language, parent=self)
        self.texts = TextBinder()
        self.connectivity = Connectivity.of(runner, core.visits.latest_change)
        self.calls = VisitorCalls(runner, self, self._set_busy)
        self.messages = FlowMessages(self.settings.utc_offset, lambda: self.language.language,
                                     self._typed, self)
        self.reset_timer = QTimer(self)
        self.reset_timer.setSingleShot(True)
        self.reset_timer.setInterval(reset_after_ms if reset_after_ms is not None else round(
            self.options.confirmation_seconds * 1000))
        self.reset_timer.timeout.connect(self.reset)
        self.pages = PageStack(self.language.names(), lambda: self.language.language,
                               self.settings.categories, self)
        self._build_flows()
        self._build_layout()
        self._build_idle()
        self.scanner = ScanDetector(self._accepts_scans, max_gap_ms=self.options.scan_gap_ms,
                                    monotonic=monotonic, parent=self)
        self.scanner.scanned.connect(self.on_scanned)
        self.texts.bind(self.setWindowTitle, lambda: self.tr("%1 \u2014 Check in").replace(
            "%1", self.settings.site_name))
        self.texts.bind(self.setAccessibleName, lambda: self.tr("Check-in kiosk"))
        self._connect_pages()
        self.connectivity.came_back.connect(self.on_connectivity_came_back)
        for control in self.findChildren(QPushButton):
            control.setAutoDefault(True)  # Enter presses the focused button, as Space does
        self.reset()

    # ------------------------------------------------------------ navigation

    @property
    def page(self) -> Page:
        return self.pages.page

    def go_to(self, page: Page) -> None:
        typing = self.keyboard_enabled and page in _TYPING_PAGES
        self.keyboard.setVisible(typing)
        self.pages.show_page(page, compact=typing)
        self._update_step()

    def set_keyboard_enabled(self, enabled: bool) -> None:
        """Show the on-screen keyboard on pages with text fields (or never)."""
        self.keyboard_enabled = enabled
        self.go_to(self.page)

    def has_visitor_input(self) -> bool:
        """Whether anything on screen belongs to a visitor (the idle countdown protects it)."""
        welcome = self.pages.welcome
        return bool(welcome.name_edit.text() or welcome.email_edit.text()) or (
            self.page is not Page.WELCOME or self.language.language != self.language.default)

    def reset(self) -> None:
        """Forget the visitor, go back to the default language and the welcome page."""
        self.calls.forget()
        self.reset_timer.stop()
        self.idle_overlay.hide()
        self.scanner.forget()
        for flow in (self.identify_flow, self.walk_in_flow, self.feedback_flow, self.nearby_flow):
            flow.forget()
        self.pages.clear()
        self.keyboard.set_shifted(False)
        self.language.reset()
        self.go_to(Page.WELCOME)
        self.walk_in_flow.load_notices()
        self.walk_in_flow.load_waits()  # the welcome page says the wait now
        if self.idle.active:
            self.idle.restart()

    def show_confirmation(self, visit: Visit, position: int,
                          estimate: WaitEstimate | None = None, note: Note | None = None) -> None:
        """The ticket page; goes back to the welcome page by itself after a while."""
        self.pages.confirmation_page.panel.show_ticket(
            visit, position, status_url(self.options.status_url_template, visit), estimate, note)
        self.nearby_flow.begin(visit)
        self.go_to(Page.CONFIRMATION)
        self.reset_timer.start()

    def on_scanned(self, text: str) -> None:
        """A badge or QR code was read: what it means depends on the page."""
        if self.calls.busy:
            return
        if self.page is Page.FEEDBACK:
            self.feedback_flow.find(text, scanned=True)
        elif self.page is Page.APPOINTMENT or is_appointment_code(text):
            self.go_to(Page.APPOINTMENT)
            self.pages.appointment.code_edit.setText(text)
            self.appointment_flow.submit(text)
        else:
            self.identify_flow.identify(text, scanned=True)

    def on_connectivity_came_back(self) -> None:
        """The database is back: "please see the front desk" goes, the waits come back."""
        pages = self.pages
        for page in (pages.welcome, pages.details, pages.appointment, pages.feedback_find,
                     pages.rate):
            if self.messages.is_offline_text(page.message.text()):
                page.clear_message()
        self.walk_in_flow.load_waits()

    # ------------------------------------------------------------ what the flows tell

    def _on_identified(self) -> None:
        self.walk_in_flow.begin()
        self.pages.welcome.clear_message()
        self.go_to(Page.CATEGORY)
        self.walk_in_flow.load_notices()
        self.walk_in_flow.load_waits()

    def _back_to_welcome(self) -> None:
        """"Back" from the reasons: a visitor found in the directory is forgotten."""
        if self.identify_flow.person is not None:
            self.identify_flow.forget()
            self.walk_in_flow.begin()
        self.go_to(Page.WELCOME)

    def _on_checked_in(self, ticket: Ticket) -> None:
        booked = ticket.appointment
        note = None if booked is None else self.messages.appointment_note(
            booked.on_time, booked.scheduled_at)
        self.show_confirmation(ticket.visit, ticket.position, ticket.estimate, note)
        self.checked_in.emit(ticket.visit)

    def _on_check_in_failed(self, error: BaseException) -> None:
        field = error.field if isinstance(error, ValidationError) else ""
        if isinstance(error, ValidationError) and field in _IDENTITY_FIELDS:
            self.identify_flow.show_error(error)
        elif field == "category":
            self.go_to(Page.CATEGORY)
            self.pages.category_page.show_message(lambda: self.tr("Please choose a reason."))
        else:
            self.pages.details.show_message(lambda: self.messages.explain(error))

    def _on_rated(self, visit_id: str) -> None:
        self.go_to(Page.THANKS)
        self.reset_timer.start()
        self.rated.emit(visit_id)

    # ------------------------------------------------------------ what the screen says

    def _typed(self, field: str) -> str:
        """What the visitor typed into a field, for the messages about it."""
        welcome, details = self.pages.welcome, self.pages.details
        return {"name": welcome.name_edit.text(), "email": welcome.email_edit.text(),
                "description": details.description_edit.toPlainText()}.get(field, "")

    def _category_text(self, category_id: str) -> str:
        """The label of a category in the current language ("" for an unknown one)."""
        category = self.settings.category(category_id)
        return category_label(category, self.language.language) if category else ""

    def _set_busy(self, busy: bool) -> None:
        self.pages.set_busy(busy)
        self._update_submit_text()

    def _update_submit_text(self) -> None:
        self.pages.details.submit_button.setText(
            self.tr("One moment\u2026") if self.calls.busy else self.tr("Get my ticket"))

    def _update_step(self) -> None:
        step = _STEP_OF.get(self.page)
        self.top_bar.step_dots.set_current(STEPS if step is None else step)
        if step is not None:
            text = self.tr("Step %1 of %2").replace("%1", str(step + 1)).replace("%2", str(STEPS))
        elif self.page is Page.APPOINTMENT:
            text = self.tr("Appointment")
        elif self.page in (Page.FEEDBACK, Page.RATE):
            text = self.tr("Your feedback")
        else:
            text = self.tr("All done")
        self.top_bar.step_label.setText(text)

    def _accepts_scans(self) -> bool:
        return (self.isVisible() and self.page in _SCAN_PAGES and not self.calls.busy
                and not self.idle_overlay.isVisible())

    def on_language_chosen(self, code: str) -> None:
        if not self.language.set_language(code):
            self.pages.welcome.language_switcher.set_current(self.language.language)

    def on_language_changed(self, code: str) -> None:
        self.pages.welcome.language_switcher.set_current(code)
        self.retranslate()  # at once; Qt's LanguageChange events follow on the next turn

    def retranslate(self) -> None:
        """Make every text again in the current language (nothing typed is touched)."""
        self.texts.retranslate()
        self.offline_banner.retranslate()
        self.idle_overlay.retranslate()
        self.keyboard.texts.retranslate()
        self.pages.retranslate(self.language.language)
        self.feedback_flow.retranslate()
        self.walk_in_flow.retranslate()
        self.pages.welcome.show_wait(self.language.language)
        self._update_step()
        self._update_submit_text()

    # ------------------------------------------------------------ Qt events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.language.language:
            self.language.reset()
        self.idle.start()
        self.scanner.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._owns_language:  # a closed kiosk leaves no translator on the application
            self.language.release()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.idle.stop()
        self.scanner.stop()
        self.idle_overlay.hide()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.idle_overlay.setGeometry(self.rect())

    # ------------------------------------------------------------ building

    def _build_flows(self) -> None:
        pages, language = self.pages, (lambda: self.language.language)
        self.identify_flow = IdentifyFlow(self.checkin, self.calls, pages.welcome, self.messages,
                                          self)
        self.walk_in_flow = WalkInFlow(self.checkin, self.calls, self, self.identify_flow,
                                       (pages.category_page, pages.notice, pages.details), self)
        self.appointment_flow = AppointmentFlow(self.checkin, self.calls, pages.appointment,
                                                self.messages, language, self)
        self.nearby_flow = NearbyFlow(self.notify, self.calls, pages.confirmation_page.nearby, self)
        self.feedback_flow = FeedbackFlow(self.checkin, self.calls, (pages.feedback_find, pages.rate),
                                          self.messages, self._category_text, self)

    def _connect_pages(self) -> None:
        pages = self.pages
        self.identify_flow.identified.connect(self._on_identified)
        self.identify_flow.correction_needed.connect(lambda: self.go_to(Page.WELCOME))
        pages.welcome.appointment_requested.connect(lambda: self.go_to(Page.APPOINTMENT))
        pages.welcome.feedback_requested.connect(lambda: self.go_to(Page.FEEDBACK))
        pages.welcome.language_switcher.chosen.connect(self.on_language_chosen)
        pages.category_page.back.connect(self._back_to_welcome)
        pages.notice.still_need_help.connect(lambda: self.go_to(Page.DETAILS))
        pages.details.back.connect(lambda: self.go_to(Page.CATEGORY))
        for checked_in in (self.walk_in_flow.checked_in, self.appointment_flow.checked_in):
            checked_in.connect(self._on_checked_in)
        self.walk_in_flow.refused.connect(self._on_check_in_failed)
        self.walk_in_flow.left.connect(self.reset)
        self.walk_in_flow.waits_loaded.connect(
            lambda waits: self.pages.welcome.set_waits(waits, self.language.language))
        self.feedback_flow.found.connect(lambda: self.go_to(Page.RATE))
        self.feedback_flow.rated.connect(self._on_rated)
        for leave in (pages.notice.never_mind, pages.appointment.back, pages.feedback_find.back,
                      pages.rate.cancelled, pages.thanks.done, pages.confirmation_page.done):
            leave.connect(self.reset)
        self.language.language_changed.connect(self.on_language_changed)
        nearby = pages.confirmation_page.nearby
        nearby.touched.connect(self._keep_ticket)
        nearby.typing.connect(self.on_nearby_typing)
        self.nearby_flow.saved.connect(self.reset_timer.start)

    def on_nearby_typing(self, typing: bool) -> None:
        """A phone number is typed on the ticket page: the keys come up, the page waits."""
        keys = typing and self.keyboard_enabled
        self.keyboard.setVisible(keys)
        self.pages.confirmation_page.set_compact(keys)
        self._keep_ticket()

    def _keep_ticket(self) -> None:
        """The ticket stays up while the visitor chooses (while typing, until idle)."""
        if self.pages.confirmation_page.nearby.phone_edit.isVisibleTo(self):
            self.reset_timer.stop()
        else:
            self.reset_timer.start()

    def _build_layout(self) -> None:
        self.keyboard = TouchKeyboard(self)
        self.keyboard_enabled = wants_touch_keyboard(self.options.touch_keyboard)
        self.top_bar = TopBar(self.settings.site_name, STEPS, self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.top_bar)
        self.offline_banner = OfflineBanner(self.connectivity, "kiosk", large=True, parent=self)
        outer.addWidget(self.offline_banner)
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.keyboard)

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
