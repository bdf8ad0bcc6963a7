"""The walk-up check-in kiosk: who, what for, details, ticket; one question per page.

Touch first (big tiles and buttons, a way back on every page, step dots), in the
visitor's language (switchable on the welcome page, retranslated live), and private:
after a quiet while a "Still there?" countdown, then everything typed is forgotten.
A badge scan (a keyboard-wedge reader's fast burst of keys) is the fast way in;
appointments check in with their code, and finished visits can be rated.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.directory import Identified
from kiosk.app.feedback import FeedbackTarget
from kiosk.app.notices import Notice
from kiosk.app.visits import VisitService
from kiosk.config import Category
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.visit import Requester, Visit
from kiosk.errors import ValidationError
from ui.checkin.feedback import FeedbackFindPage, RatePage, ThanksPage
from ui.checkin.idle import IdleOverlay, IdleWatcher
from ui.checkin.messages import FlowMessages
from ui.checkin.options import KioskOptions, Page, status_url
from ui.checkin.other_ways import OtherWaysIn, is_appointment_code
from ui.checkin.pages import AppointmentPage, KioskPage, NoticePage, TopBar
from ui.checkin.scan import ScanDetector
from ui.checkin.ticket import ConfirmationPage, Note
from ui.checkin.touch_keyboard import TouchKeyboard, wants_touch_keyboard
from ui.checkin.walkin import CategoryPage, DetailsPage, WelcomePage
from ui.checkin.work import (
    KioskServices,
    Ticket,
    check_in,
    looks_like_lookup,
)
from ui.common.i18n import LanguageManager, TextBinder
from ui.common.tasks import TaskRunner
from ui.common.theme import set_property

__all__ = ["STEPS", "CheckInView", "KioskOptions", "Page", "status_url"]
log = logging.getLogger(__name__)
_IDENTITY_FIELDS = frozenset({"name", "email", "employee_id"})


STEPS = 3
"""Pages before the ticket; each shows "Step n of 3" and the dots."""
_STEP_OF = {Page.WELCOME: 0, Page.CATEGORY: 1, Page.NOTICE: 1, Page.DETAILS: 2}
_SCAN_PAGES = frozenset({Page.WELCOME, Page.APPOINTMENT, Page.FEEDBACK})
_TYPING_PAGES = frozenset({Page.WELCOME, Page.DETAILS, Page.APPOINTMENT, Page.FEEDBACK,
                           Page.RATE})


class CheckInView(QWidget):
    """The kiosk window. Nothing typed here outlives a visitor: every reset forgets it.

    Signals:
        checked_in(Visit): a visitor got a ticket (walk-in or appointment).
        rated(str): a visitor rated the visit with this id.
    """

    checked_in = Signal(object)
    rated = Signal(str)

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 options: KioskOptions | None = None, language: LanguageManager | None = None,
                 reset_after_ms: int | None = None, services: KioskServices | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckInView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.service = service
        self.services = services or KioskServices.from_visits(service)
        self.runner = runner
        self.options = options or KioskOptions.from_settings(service.settings)
        self._owns_language = language is None
        self.language = language or LanguageManager(
            self.options.languages, self.options.default_language, parent=self)
        self.texts = TextBinder()
        self.messages = FlowMessages(self)
        self._category: Category | None = None
        self._person: Identified | None = None
        self._target: FeedbackTarget | None = None
        self._notices: list[Notice] = []
        self._notice_seen = False
        self._busy = False
        self._visitor = object()  # replaced on every reset: late answers are dropped
        confirm_ms = reset_after_ms if reset_after_ms is not None else round(
            self.options.confirmation_seconds * 1000)
        self.reset_timer = QTimer(self)
        self.reset_timer.setSingleShot(True)
        self.reset_timer.setInterval(confirm_ms)
        self.reset_timer.timeout.connect(self.reset)
        self.pages = QStackedWidget(self)
        self.other_ways = OtherWaysIn(self)
        self.on_appointment_submitted = self.other_ways.on_appointment_submitted
        self.find_feedback = self.other_ways.find_feedback
        self.on_rate_submitted = self.other_ways.on_rate_submitted
        self._build_pages()
        self.keyboard = TouchKeyboard(self)
        self.keyboard_enabled = wants_touch_keyboard(self.options.touch_keyboard)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.top_bar = TopBar(service.settings.site_name, STEPS, self)
        self.step_dots = self.top_bar.step_dots
        self.step_label = self.top_bar.step_label
        outer.addWidget(self.top_bar)
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.keyboard)
        self._build_idle()
        self.scanner = ScanDetector(self._accepts_scans, max_gap_ms=self.options.scan_gap_ms,
                                    monotonic=monotonic, parent=self)
        self.scanner.scanned.connect(self.on_scanned)
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

    @property
    def person(self) -> Identified | None:
        """The visitor found in the directory (badge, id or email), if any."""
        return self._person

    def go_to(self, page: Page) -> None:
        for index in range(self.pages.count()):  # only the page shown claims room
            policy = (QSizePolicy.Policy.Preferred if index == page
                      else QSizePolicy.Policy.Ignored)
            widget = self.pages.widget(index)
            if widget is not None:
                widget.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(page)
        self._update_step()
        typing = self.keyboard_enabled and page in _TYPING_PAGES
        self.keyboard.setVisible(typing)
        for shown in (self.welcome, self.details, self.appointment, self.feedback_find,
                      self.rate):
            shown.set_compact(typing)
        focus: QWidget | None = {
            Page.WELCOME: self.name_edit, Page.DETAILS: self.description_edit,
            Page.CONFIRMATION: self.done_button, Page.NOTICE: self.notice.still_button,
            Page.APPOINTMENT: self.appointment.code_edit,
            Page.FEEDBACK: self.feedback_find.ticket_edit,
            Page.RATE: self.rate.faces[3], Page.THANKS: self.thanks.done_button}.get(page)
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
        typed = self.name_edit.text() or self.email_edit.text()
        return bool(typed) or self.page is not Page.WELCOME or (
            self.language.language != self.language.default)

    def reset(self) -> None:
        """Forget the visitor, go back to the default language and the welcome page."""
        self._visitor = object()
        self.reset_timer.stop()
        self.idle_overlay.hide()
        self.scanner.forget()
        self._category = self._person = self._target = None
        self._notice_seen = False
        self._set_busy(False)
        for page in (self.welcome, self.details, self.appointment, self.feedback_find,
                     self.rate, self.category_page):
            page.clear_message()
        self.welcome.clear()
        self.details.clear()
        self.appointment.clear()
        self.feedback_find.clear()
        self.rate.clear()
        self.notice.clear()
        self.category_page.greet("")
        set_property(self.name_edit, "invalid", False)
        set_property(self.email_edit, "invalid", False)
        self.confirmation.clear()
        self.keyboard.set_shifted(False)
        self.language.reset()
        self.go_to(Page.WELCOME)
        self.load_notices()
        if self.idle.active:
            self.idle.restart()

    def show_confirmation(self, visit: Visit, position: int,
                          estimate: WaitEstimate | None = None, note: Note | None = None) -> None:
        """The ticket page; goes back to the welcome page by itself after a while."""
        self.confirmation.show_ticket(visit, position,
                                      status_url(self.options.status_url_template, visit),
                                      estimate, note)
        self.go_to(Page.CONFIRMATION)
        self.reset_timer.start()

    # ------------------------------------------------------------ identify

    def on_next_clicked(self) -> None:
        if self._busy:
            return
        name, email = self.name_edit.text().strip(), self.email_edit.text().strip()
        key = name if looks_like_lookup(name) and not email else ""
        if not name and email:
            key = email
        if key:
            self.identify(key, scanned=False)
            return
        try:
            Requester.create(name, email)
        except ValidationError as error:
            self._show_identity_error(error)
            return
        self._person = None
        self.details.offer_device("", "")
        self.category_page.greet("")
        self._enter_reasons()

    def identify(self, key: str, *, scanned: bool) -> None:
        """Look ``key`` (badge, employee id or email) up in the directory."""
        directory = self.services.directory
        self._run(lambda: directory.identify(key),
                  lambda found: self._on_identified(found, key, scanned),
                  lambda error: self._fail(self.welcome, error), "kiosk.identify")

    def on_scanned(self, text: str) -> None:
        """A badge or QR code was read: what it means depends on the page."""
        if self._busy:
            return
        if self.page is Page.FEEDBACK:
            self.find_feedback(text, scanned=True)
        elif self.page is Page.APPOINTMENT or is_appointment_code(text):
            self.go_to(Page.APPOINTMENT)
            self.appointment.code_edit.setText(text)
            self.on_appointment_submitted(text)
        else:
            self.identify(text, scanned=True)

    def _on_identified(self, found: Identified | None, key: str, scanned: bool) -> None:
        if found is None:
            edit = self.email_edit if key == self.email_edit.text().strip() else self.name_edit
            set_property(edit, "invalid", not scanned)
            self.welcome.show_message(self.messages.unknown(key, scanned))
            edit.setFocus()
            edit.selectAll()
            return
        self._person = found
        self.welcome.clear()
        set_property(self.name_edit, "invalid", False)
        self.details.offer_device(found.last_device, found.last_asset_tag)
        self.category_page.greet(found.person.name.split()[0])
        self._enter_reasons()

    def _enter_reasons(self) -> None:
        self.welcome.clear_message()
        self.go_to(Page.CATEGORY)
        self.load_notices()

    def load_notices(self) -> None:
        """Read the notices in force (on every reset and on the way to the reasons)."""
        notices = self.services.notices
        self.runner.run(lambda: notices.active(), self._guard(self._on_notices_loaded),
                        self._guard(self._on_notices_failed), name="kiosk.app.notices",
                        context=self)

    def _on_notices_failed(self, error: BaseException) -> None:
        log.warning("notices unavailable: %s", type(error).__name__)

    # ------------------------------------------------------------ reason, notices, details

    def on_category_chosen(self, category_id: str) -> None:
        self._category = self.service.settings.category(category_id)
        self.details.set_category(self._category, self.language.language)
        self.category_page.clear_message()
        self._notice_seen = False
        if not self._show_notices():
            self.go_to(Page.DETAILS)

    def _on_notices_loaded(self, notices: list[Notice]) -> None:
        self._notices = notices
        typed = self.description_edit.toPlainText() or self.details.device_edit.hasFocus()
        if self.page is Page.DETAILS and not typed and not self._busy:
            self._show_notices()

    def _show_notices(self) -> bool:
        """The notices for the chosen reason, once; whether there were any."""
        category = self._category
        if self._notice_seen or category is None:
            return False
        relevant = [n for n in self._notices if n.applies_to(category.id)]
        if not relevant:
            return False
        self._notice_seen = True
        self.notice.show_notices(relevant)
        self.go_to(Page.NOTICE)
        return True

    def on_submit_clicked(self) -> None:
        if self._busy:
            return
        person = self._person.person if self._person else None
        fields = {
            "name": person.name if person else self.name_edit.text(),
            "email": person.email if person else self.email_edit.text(),
            "employee_id": person.employee_id if person else "",
            "category": self._category.id if self._category else "",
            "description": self.description_edit.toPlainText(),
            "device": self.details.device_edit.text(),
            "asset_tag": self.details.asset_edit.text(),
            "language": self.language.language,
        }
        service = self.service
        self._run(lambda: check_in(service, fields), self._on_checked_in,
                  self._on_check_in_failed, "kiosk.check_in")

    def _on_checked_in(self, ticket: Ticket, note: Note | None = None) -> None:
        self.show_confirmation(ticket.visit, ticket.position, ticket.estimate, note)
        self.checked_in.emit(ticket.visit)

    def _on_check_in_failed(self, error: BaseException) -> None:
        field = error.field if isinstance(error, ValidationError) else ""
        if isinstance(error, ValidationError) and field in _IDENTITY_FIELDS:
            self._show_identity_error(error)
        elif field == "category":
            self.go_to(Page.CATEGORY)
            self.category_page.show_message(lambda: self.tr("Please choose a reason."))
        else:
            self.details.show_message(lambda: self.messages.explain(error))

    # ------------------------------------------------------------ running core calls

    def _run(self, work: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None], name: str) -> None:
        """Run a core call on the pool; its answer counts only for the same visitor."""
        self._set_busy(True)
        visitor = self._visitor

        def boxed() -> tuple[Any]:
            # None never travels through a queued signal on its own: PySide6 on Python
            # 3.11 loses a reference to it each time ("none_dealloc" crash, much later).
            return (work(),)

        def done(result: tuple[Any]) -> None:
            if visitor is self._visitor:
                self._set_busy(False)
                on_done(result[0])

        def failed(error: BaseException) -> None:
            if visitor is self._visitor:
                self._set_busy(False)
                on_error(error)

        self.runner.run(boxed, done, failed, name=name, context=self)

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        visitor = self._visitor
        return lambda result: callback(result) if visitor is self._visitor else None

    def _fail(self, page: KioskPage, error: BaseException) -> None:
        page.show_message(lambda: self.messages.explain(error))

    def _show_identity_error(self, error: ValidationError) -> None:
        edit = self.email_edit if error.field == "email" else self.name_edit
        set_property(edit, "invalid", True)
        self.go_to(Page.WELCOME)
        edit.setFocus()
        self.welcome.show_message(lambda: self.messages.explain(error))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for control in (self.submit_button, self.next_button):
            control.setEnabled(not busy)
        self.appointment.set_busy(busy)
        self.feedback_find.set_busy(busy)
        self.rate.set_busy(busy)
        self._update_submit_text()

    def _update_submit_text(self) -> None:
        self.submit_button.setText(self.tr("One moment\u2026") if self._busy
                                   else self.tr("Get my ticket"))

    def _update_step(self) -> None:
        page = self.page
        step = _STEP_OF.get(page)
        self.step_dots.set_current(STEPS if step is None else step)
        if step is not None:
            self.step_label.setText(self.tr("Step %1 of %2").replace(
                "%1", str(step + 1)).replace("%2", str(STEPS)))
        elif page is Page.APPOINTMENT:
            self.step_label.setText(self.tr("Appointment"))
        elif page in (Page.FEEDBACK, Page.RATE):
            self.step_label.setText(self.tr("Your feedback"))
        else:
            self.step_label.setText(self.tr("All done"))

    def _accepts_scans(self) -> bool:
        return (self.isVisible() and self.page in _SCAN_PAGES and not self._busy
                and not self.idle_overlay.isVisible())

    # ------------------------------------------------------------ language, keys, idle

    def on_language_chosen(self, code: str) -> None:
        if not self.language.set_language(code):
            self.language_switcher.set_current(self.language.language)

    def on_language_changed(self, code: str) -> None:
        self.language_switcher.set_current(code)
        self.retranslate()  # at once; Qt's LanguageChange events follow on the next turn

    def retranslate(self) -> None:
        """Make every text again in the current language (nothing typed is touched)."""
        self.texts.retranslate()
        self.idle_overlay.retranslate()
        self.keyboard.texts.retranslate()
        self.confirmation_page.retranslate()
        self.category_grid.retranslate(self.language.language)
        for page in (self.welcome, self.category_page, self.details, self.notice,
                     self.appointment, self.feedback_find, self.rate, self.thanks):
            page.retranslate()
        self.same_device.texts.retranslate()
        self.welcome.badge_prompt.texts.retranslate()
        if self._target is not None:
            self.rate.set_target(self._target.ticket_number, self.other_ways.category_text(self._target))
        self.details.set_category(self._category, self.language.language)
        self._update_step()
        self._update_submit_text()

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

    def _build_pages(self) -> None:
        settings = self.service.settings
        self.welcome = WelcomePage(self.language.names(), self.language.language)
        self.category_page = CategoryPage(settings.categories, self.language.language)
        self.details = DetailsPage()
        self.notice = NoticePage()
        self.appointment = AppointmentPage()
        self.feedback_find = FeedbackFindPage()
        self.rate = RatePage()
        self.thanks = ThanksPage()
        self.confirmation_page = ConfirmationPage(lambda: self.language.language)
        for page in (self.welcome, self.category_page, self.details,
                     self.confirmation_page, self.notice, self.appointment,
                     self.feedback_find, self.rate, self.thanks):
            self.pages.addWidget(page)
        self._connect_pages()
        self._alias_controls()

    def _connect_pages(self) -> None:
        self.welcome.next_requested.connect(self.on_next_clicked)
        self.welcome.appointment_requested.connect(lambda: self.go_to(Page.APPOINTMENT))
        self.welcome.feedback_requested.connect(lambda: self.go_to(Page.FEEDBACK))
        self.welcome.language_switcher.chosen.connect(self.on_language_chosen)
        self.category_page.chosen.connect(self.on_category_chosen)
        self.category_page.back.connect(self._back_to_welcome)
        self.notice.still_need_help.connect(lambda: self.go_to(Page.DETAILS))
        self.notice.never_mind.connect(self.reset)
        self.details.submitted.connect(self.on_submit_clicked)
        self.details.back.connect(lambda: self.go_to(Page.CATEGORY))
        self.appointment.submitted.connect(self.on_appointment_submitted)
        self.appointment.back.connect(self.reset)
        self.feedback_find.submitted.connect(lambda text: self.find_feedback(
            text, scanned=False))
        self.feedback_find.back.connect(self.reset)
        self.rate.submitted.connect(self.on_rate_submitted)
        self.rate.cancelled.connect(self.reset)
        self.thanks.done.connect(self.reset)
        self.confirmation_page.done.connect(self.reset)

    def _alias_controls(self) -> None:
        """Short names for the controls tests and screenshots reach for."""
        self.language_switcher = self.welcome.language_switcher
        self.name_edit = self.welcome.name_edit
        self.email_edit = self.welcome.email_edit
        self.next_button = self.welcome.next_button
        self.welcome_message = self.welcome.message
        self.welcome_subtitle = self.welcome.subtitle_label
        self.category_grid = self.category_page.grid
        self.category_tiles = self.category_grid.tiles
        self.category_message = self.category_page.message
        self.category_back_button = self.category_page.back_button
        self.details_title = self.details.title_label
        self.details_subtitle = self.details.subtitle_label
        self.description_edit = self.details.description_edit
        self.details_message = self.details.message
        self.details_back_button = self.details.back_button
        self.submit_button = self.details.submit_button
        self.same_device = self.details.same_device
        self.confirmation = self.confirmation_page.panel
        self.greeting_label = self.confirmation.greeting_label
        self.ticket_label = self.confirmation.ticket_label
        self.position_label = self.confirmation.position_label
        self.estimate_label = self.confirmation.estimate_label
        self.qr_widget = self.confirmation.qr_widget
        self.done_button = self.confirmation_page.done_button

    def _back_to_welcome(self) -> None:
        """"Back" from the reasons: a visitor found in the directory is forgotten."""
        if self._person is not None:
            self._person = None
            self.details.offer_device("", "")
            self.category_page.greet("")
        self.go_to(Page.WELCOME)

