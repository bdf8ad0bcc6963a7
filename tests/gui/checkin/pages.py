"""The check-in kiosk as its tests drive it: a page object over :class:`CheckInView`.

Tests name the controls a visitor sees (``kiosk.name_edit``, ``kiosk.submit_button``)
and the steps a visitor takes (``kiosk.on_next_clicked()``); this module maps them to
the view's public pages and flows, so the view keeps no names for tests alone. What
is not named here is the view's own (``page``, ``go_to``, ``reset``, ``checked_in``...);
where Qt needs the widget itself, use ``kiosk.view``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.directory import Identified
from ui.checkin.appointments import AppointmentPage
from ui.checkin.categories import CategoryTile
from ui.checkin.confirmation import ConfirmationPage, ConfirmationPanel
from ui.checkin.feedback import FeedbackFindPage, RatePage, ThanksPage
from ui.checkin.identify import WelcomePage
from ui.checkin.notices import NoticePage
from ui.checkin.qr import QrCodeWidget
from ui.checkin.view import CheckInView
from ui.checkin.walkin import CategoryPage, DetailsPage, SameDeviceCard
from ui.common.widgets import LanguageSwitcher, MessageArea, StepDots


class CheckInPage:
    """The kiosk's pages and controls by what they are; the visitor's steps by what they do."""

    def __init__(self, view: CheckInView) -> None:
        self.view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self.view, name)

    @property
    def person(self) -> Identified | None:
        """The visitor found in the directory (badge, id or email), if any."""
        return self.view.identify_flow.person

    # ------------------------------------------------------------ the visitor's steps

    def on_next_clicked(self) -> None:
        self.view.identify_flow.on_next()

    def on_category_chosen(self, category_id: str) -> None:
        self.view.walk_in_flow.choose(category_id)

    def on_submit_clicked(self) -> None:
        self.view.walk_in_flow.submit()

    def find_feedback(self, text: str, *, scanned: bool) -> None:
        self.view.feedback_flow.find(text, scanned=scanned)

    # ------------------------------------------------------------ pages

    @property
    def welcome(self) -> WelcomePage:
        return self.view.pages.welcome

    @property
    def category_page(self) -> CategoryPage:
        return self.view.pages.category_page

    @property
    def details(self) -> DetailsPage:
        return self.view.pages.details

    @property
    def notice(self) -> NoticePage:
        return self.view.pages.notice

    @property
    def appointment(self) -> AppointmentPage:
        return self.view.pages.appointment

    @property
    def feedback_find(self) -> FeedbackFindPage:
        return self.view.pages.feedback_find

    @property
    def rate(self) -> RatePage:
        return self.view.pages.rate

    @property
    def thanks(self) -> ThanksPage:
        return self.view.pages.thanks

    @property
    def confirmation_page(self) -> ConfirmationPage:
        return self.view.pages.confirmation_page

    # ------------------------------------------------------------ the top bar and the welcome page

    @property
    def step_label(self) -> QLabel:
        return self.view.top_bar.step_label

    @property
    def step_dots(self) -> StepDots:
        return self.view.top_bar.step_dots

    @property
    def language_switcher(self) -> LanguageSwitcher:
        return self.welcome.language_switcher

    @property
    def name_edit(self) -> QLineEdit:
        return self.welcome.name_edit

    @property
    def email_edit(self) -> QLineEdit:
        return self.welcome.email_edit

    @property
    def next_button(self) -> QPushButton:
        return self.welcome.next_button

    @property
    def welcome_message(self) -> MessageArea:
        return self.welcome.message

    # ------------------------------------------------------------ reasons and details

    @property
    def category_tiles(self) -> dict[str, CategoryTile]:
        return self.category_page.grid.tiles

    @property
    def category_back_button(self) -> QPushButton:
        return self.category_page.back_button

    @property
    def description_edit(self) -> QPlainTextEdit:
        return self.details.description_edit

    @property
    def details_message(self) -> MessageArea:
        return self.details.message

    @property
    def details_back_button(self) -> QPushButton:
        return self.details.back_button

    @property
    def submit_button(self) -> QPushButton:
        return self.details.submit_button

    @property
    def same_device(self) -> SameDeviceCard:
        return self.details.same_device

    # ------------------------------------------------------------ the ticket

    @property
    def confirmation(self) -> ConfirmationPanel:
        return self.confirmation_page.panel

    @property
    def greeting_label(self) -> QLabel:
        return self.confirmation.greeting_label

    @property
    def ticket_label(self) -> QLabel:
        return self.confirmation.ticket_label

    @property
    def position_label(self) -> QLabel:
        return self.confirmation.position_label

    @property
    def estimate_label(self) -> QLabel:
        return self.confirmation.estimate_label

    @property
    def qr_widget(self) -> QrCodeWidget:
        return self.confirmation.qr_widget

    @property
    def done_button(self) -> QPushButton:
        return self.confirmation_page.done_button


class FakeTime:
    """A monotonic clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def focus_target(kiosk: CheckInPage) -> QWidget:
    return kiosk.view.window().focusWidget() or kiosk.view


def type_keys(qtbot: QtBot, kiosk: CheckInPage, time: FakeTime, text: str, *, gap_s: float,
              enter: bool = True) -> None:
    """Type ``text`` into whatever has the focus, one key every ``gap_s`` seconds."""
    for character in text:
        time.now += gap_s
        qtbot.keyClick(focus_target(kiosk), character)
    if enter:
        time.now += gap_s
        qtbot.keyClick(focus_target(kiosk), Qt.Key.Key_Return)


def scan(qtbot: QtBot, kiosk: CheckInPage, time: FakeTime, text: str) -> None:
    """What a keyboard-wedge reader does: a burst of keys 10 ms apart, then Enter."""
    time.now += 5.0
    type_keys(qtbot, kiosk, time, text, gap_s=0.010)
