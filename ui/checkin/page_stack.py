"""The kiosk's pages, one shown at a time, in the order of :class:`ui.checkin.options.Page`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget

from kiosk.config import Category
from ui.checkin.appointments import AppointmentPage
from ui.checkin.confirmation import ConfirmationPage
from ui.checkin.feedback import FeedbackFindPage, RatePage, ThanksPage
from ui.checkin.identify import WelcomePage
from ui.checkin.notices import NoticePage
from ui.checkin.options import Page
from ui.checkin.walkin import CategoryPage, DetailsPage
from ui.common.theme import set_property


class PageStack(QStackedWidget):
    """Every page of the kiosk; only the page shown claims room (the others may be taller).

    Args:
        languages: the languages offered, as (code, name).
        language: tells the current language code.
        categories: the reasons for a visit, shown as tiles.
    """

    def __init__(self, languages: list[tuple[str, str]], language: Callable[[], str],
                 categories: Sequence[Category], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.welcome = WelcomePage(languages, language())
        self.category_page = CategoryPage(categories, language())
        self.details = DetailsPage()
        self.notice = NoticePage(language)
        self.appointment = AppointmentPage()
        self.feedback_find = FeedbackFindPage()
        self.rate = RatePage()
        self.thanks = ThanksPage()
        self.confirmation_page = ConfirmationPage(language)
        for page in (self.welcome, self.category_page, self.details, self.confirmation_page,
                     self.notice, self.appointment, self.feedback_find, self.rate, self.thanks):
            self.addWidget(page)

    @property
    def page(self) -> Page:
        return Page(self.currentIndex())

    def show_page(self, page: Page, *, compact: bool) -> None:
        """Show ``page`` and focus its first control; ``compact`` leaves room for the keys."""
        for index in range(self.count()):
            policy = (QSizePolicy.Policy.Preferred if index == page
                      else QSizePolicy.Policy.Ignored)
            widget = self.widget(index)
            if widget is not None:
                widget.setSizePolicy(policy, policy)
        self.setCurrentIndex(page)
        for typing in (self.welcome, self.details, self.appointment, self.feedback_find,
                       self.rate):
            typing.set_compact(compact)
        focus = self.first_control(page)
        if focus is not None:
            focus.setFocus()

    def first_control(self, page: Page) -> QWidget | None:
        """The control that gets the focus when ``page`` is shown."""
        if page is Page.CATEGORY:
            return self.category_page.grid.first_tile()
        return {Page.WELCOME: self.welcome.name_edit, Page.DETAILS: self.details.description_edit,
                Page.CONFIRMATION: self.confirmation_page.done_button,
                Page.NOTICE: self.notice.still_button,
                Page.APPOINTMENT: self.appointment.code_edit,
                Page.FEEDBACK: self.feedback_find.ticket_edit,
                Page.RATE: self.rate.faces[3], Page.THANKS: self.thanks.done_button}.get(page)

    def set_busy(self, busy: bool) -> None:
        """While the core answers, the buttons that would ask it again wait."""
        for control in (self.details.submit_button, self.welcome.next_button):
            control.setEnabled(not busy)
        self.appointment.set_busy(busy)
        self.feedback_find.set_busy(busy)
        self.rate.set_busy(busy)

    def clear(self) -> None:
        """Forget everything typed or shown for the last visitor."""
        for page in (self.welcome, self.details, self.appointment, self.feedback_find,
                     self.rate, self.notice):
            page.clear()
        self.category_page.clear_message()
        self.category_page.greet("")
        set_property(self.welcome.name_edit, "invalid", False)
        set_property(self.welcome.email_edit, "invalid", False)
        self.confirmation_page.panel.clear()

    def retranslate(self, language: str) -> None:
        """Every page's texts in ``language`` (nothing typed is touched)."""
        self.confirmation_page.retranslate()
        self.category_page.grid.retranslate(language)
        for page in (self.welcome, self.category_page, self.details, self.notice,
                     self.appointment, self.feedback_find, self.rate, self.thanks):
            page.retranslate()
        self.details.same_device.texts.retranslate()
        self.welcome.badge_prompt.texts.retranslate()
