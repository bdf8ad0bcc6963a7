"""The walk-up check-in kiosk: name, reason, details, ticket; one question per page."""

from __future__ import annotations

import logging
from enum import IntEnum

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Category
from kiosk.domain import MAX_DESCRIPTION, MAX_EMAIL, MAX_NAME, Requester, Visit
from kiosk.errors import ValidationError
from kiosk.services import VisitService
from ui.tasks import TaskRunner, describe_error
from ui.theme import set_kind, set_property
from ui.widgets import MessageArea, button, plain_label

log = logging.getLogger(__name__)
RESET_AFTER_MS = 10_000
_IDENTITY_FIELDS = frozenset({"name", "email", "employee_id"})


class Page(IntEnum):
    WELCOME = 0
    CATEGORY = 1
    DETAILS = 2
    CONFIRMATION = 3


class CategoryTile(QPushButton):
    """A big touch tile for one category: a letter badge, the label and the wait target."""

    def __init__(self, category: Category, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category_id = category.id
        minutes = int(category.wait_target.total_seconds() // 60)
        hint = f"We aim to see you within {minutes} min"
        set_kind(self, "tile")
        self.setAccessibleName(category.label)
        self.setAccessibleDescription(hint)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        badge = plain_label(category.prefix, "badge")
        badge.setFixedSize(56, 56)
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = plain_label(category.label, "tile-title", wrap=True)
        note = plain_label(hint, "tile-hint", wrap=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(20)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addStretch(1)
        text.addWidget(title)
        text.addWidget(note)
        text.addStretch(1)
        layout.addLayout(text, 1)
        for child in (badge, title, note):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


class CheckInView(QWidget):
    """The kiosk window. Nothing typed here outlives a visitor: every reset forgets it.

    Signals:
        checked_in(Visit): a visitor got a ticket.
    """

    checked_in = Signal(object)

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 reset_after_ms: int = RESET_AFTER_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckInView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{service.settings.site_name} \u2014 Check in")
        self.setAccessibleName("Check-in kiosk")
        self.service = service
        self.runner = runner
        self._category: Category | None = None
        self._busy = False
        self.reset_timer = QTimer(self)
        self.reset_timer.setSingleShot(True)
        self.reset_timer.setInterval(reset_after_ms)
        self.reset_timer.timeout.connect(self.reset)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_welcome())
        self.pages.addWidget(self._build_category())
        self.pages.addWidget(self._build_details())
        self.pages.addWidget(self._build_confirmation())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_top_bar())
        outer.addWidget(self.pages, 1)
        self.reset()

    # ------------------------------------------------------------ navigation

    @property
    def page(self) -> Page:
        return Page(self.pages.currentIndex())

    def go_to(self, page: Page) -> None:
        self.pages.setCurrentIndex(page)
        self.step_label.setText(_STEP_TEXT[page])
        focus = {Page.WELCOME: self.name_edit, Page.DETAILS: self.description_edit,
                 Page.CONFIRMATION: self.done_button}.get(page)
        if focus is not None:
            focus.setFocus()

    def reset(self) -> None:
        """Forget the visitor and show the welcome page."""
        self.reset_timer.stop()
        self._category = None
        self._set_busy(False)
        for edit in (self.name_edit, self.email_edit):
            edit.clear()
            set_property(edit, "invalid", False)
        self.description_edit.clear()
        for area in (self.welcome_message, self.category_message, self.details_message):
            area.clear_message()
        self.go_to(Page.WELCOME)

    def show_confirmation(self, visit: Visit, position: int) -> None:
        """The ticket page; goes back to the welcome page by itself after a while."""
        self.greeting_label.setText(f"You're checked in, {visit.requester.name}.")
        self.ticket_label.setText(visit.ticket_number)
        self.ticket_label.setAccessibleName(f"Your ticket number is {visit.ticket_number}")
        self.position_label.setText(_position_text(position))
        self.go_to(Page.CONFIRMATION)
        self.reset_timer.start()

    # ------------------------------------------------------------ slots

    def on_next_clicked(self) -> None:
        try:
            Requester.create(self.name_edit.text(), self.email_edit.text())
        except ValidationError as error:
            self._show_identity_error(error)
            return
        self.welcome_message.clear_message()
        self.go_to(Page.CATEGORY)

    def on_category_chosen(self, category_id: str) -> None:
        self._category = self.service.settings.category(category_id)
        chosen = self._category.label if self._category else category_id
        self.details_title.setText(f"{chosen}: anything we should know?")
        self.category_message.clear_message()
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

    def _on_checked_in(self, result: tuple[Visit, int]) -> None:
        visit, position = result
        self._set_busy(False)
        self.show_confirmation(visit, position)
        self.checked_in.emit(visit)

    def _on_check_in_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        field = error.field if isinstance(error, ValidationError) else ""
        if field in _IDENTITY_FIELDS:
            assert isinstance(error, ValidationError)
            self._show_identity_error(error)
        elif field == "category":
            self.go_to(Page.CATEGORY)
            self.category_message.show_error(describe_error(error))
        else:
            self.details_message.show_error(describe_error(error))

    def _show_identity_error(self, error: ValidationError) -> None:
        edit = self.email_edit if error.field == "email" else self.name_edit
        set_property(edit, "invalid", True)
        self.go_to(Page.WELCOME)
        edit.setFocus()
        self.welcome_message.show_error(error.problem)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
        self.submit_button.setText("One moment\u2026" if busy else "Get my ticket")

    # ------------------------------------------------------------ pages

    def _build_top_bar(self) -> QFrame:
        bar = QFrame(self)
        set_kind(bar, "topbar")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(40, 18, 40, 18)
        layout.addWidget(plain_label(self.service.settings.site_name, "brand"))
        layout.addStretch(1)
        self.step_label = plain_label("", "subtitle")
        layout.addWidget(self.step_label)
        return bar

    def _build_welcome(self) -> QWidget:
        page, body = _page()
        body.addWidget(plain_label("Welcome! Who are you?", "title", wrap=True))
        body.addWidget(plain_label(
            "Check in for walk-up IT help. We'll call you by your ticket number.",
            "subtitle", wrap=True))
        body.addSpacing(16)
        self.name_edit = _line_edit("Your name or employee ID", "e.g. Ana García or E1234",
                                    MAX_NAME)
        self.email_edit = _line_edit("Email (optional)", "For updates about your visit",
                                     MAX_EMAIL)
        for label, edit in (("Your name or employee ID", self.name_edit),
                            ("Email (optional)", self.email_edit)):
            body.addWidget(plain_label(label, "field"))
            body.addWidget(edit)
            body.addSpacing(8)
        self.name_edit.returnPressed.connect(self.on_next_clicked)
        self.email_edit.returnPressed.connect(self.on_next_clicked)
        self.welcome_message = MessageArea(page)
        body.addWidget(self.welcome_message)
        body.addStretch(1)
        self.next_button = button("Next", "primary", accessible="Next: choose a reason")
        self.next_button.clicked.connect(self.on_next_clicked)
        body.addLayout(_footer(None, self.next_button))
        return page

    def _build_category(self) -> QWidget:
        page, body = _page()
        body.addWidget(plain_label("What do you need help with?", "title", wrap=True))
        body.addWidget(plain_label("Tap the closest match.", "subtitle"))
        body.addSpacing(12)
        grid = QGridLayout()
        grid.setSpacing(18)
        self.category_tiles: dict[str, CategoryTile] = {}
        for index, category in enumerate(self.service.settings.categories):
            tile = CategoryTile(category, page)
            tile.clicked.connect(lambda _=False, cid=category.id: self.on_category_chosen(cid))
            grid.addWidget(tile, index // 2, index % 2)
            self.category_tiles[category.id] = tile
        body.addLayout(grid)
        self.category_message = MessageArea(page)
        body.addWidget(self.category_message)
        body.addStretch(1)
        back = button("\u2190 Back", "ghost", accessible="Back to your name")
        back.clicked.connect(lambda: self.go_to(Page.WELCOME))
        body.addLayout(_footer(back, None))
        return page

    def _build_details(self) -> QWidget:
        page, body = _page()
        self.details_title = plain_label("Anything we should know?", "title", wrap=True)
        body.addWidget(self.details_title)
        body.addWidget(plain_label(
            "Optional. A few words help the technician get ready for you.", "subtitle", wrap=True))
        body.addSpacing(12)
        self.description_edit = QPlainTextEdit(page)
        self.description_edit.setAccessibleName("Describe the problem (optional)")
        self.description_edit.setPlaceholderText("e.g. My laptop won't connect to the Wi-Fi")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(170)
        self.description_edit.setMaximumHeight(240)
        body.addWidget(self.description_edit)
        body.addWidget(plain_label(f"Up to {MAX_DESCRIPTION:,} characters.", "muted"))
        self.details_message = MessageArea(page)
        body.addWidget(self.details_message)
        body.addStretch(1)
        back = button("\u2190 Back", "ghost", accessible="Back to the reasons")
        back.clicked.connect(lambda: self.go_to(Page.CATEGORY))
        self.submit_button = button("Get my ticket", "primary", accessible="Get my ticket")
        self.submit_button.clicked.connect(self.on_submit_clicked)
        body.addLayout(_footer(back, self.submit_button))
        return page

    def _build_confirmation(self) -> QWidget:
        page, body = _page()
        body.addStretch(1)
        self.greeting_label = plain_label("", "title", wrap=True)
        self.greeting_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.greeting_label)
        body.addSpacing(12)
        ticket = QFrame(page)
        set_kind(ticket, "ticket-card")
        inner = QVBoxLayout(ticket)
        inner.setContentsMargins(48, 24, 48, 28)
        inner.setSpacing(4)
        inner.addWidget(_centered(plain_label("Your ticket number", "subtitle")))
        self.ticket_label = _centered(plain_label("", "ticket"))
        inner.addWidget(self.ticket_label)
        self.position_label = _centered(plain_label("", "position"))
        inner.addWidget(self.position_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(ticket, 2)
        row.addStretch(1)
        body.addLayout(row)
        body.addSpacing(12)
        body.addWidget(_centered(plain_label(
            "Please take a seat. We'll call your ticket number on the screen.", "subtitle",
            wrap=True)))
        body.addStretch(1)
        self.done_button = button("Done", "primary", accessible="Done: back to the start")
        self.done_button.setMinimumWidth(260)
        self.done_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        body.addLayout(buttons)
        return page


_STEP_TEXT = {
    Page.WELCOME: "Step 1 of 3",
    Page.CATEGORY: "Step 2 of 3",
    Page.DETAILS: "Step 3 of 3",
    Page.CONFIRMATION: "All done",
}


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


def _position_text(position: int) -> str:
    if position == 1:
        return "You're next in line."
    if position > 1:
        return f"You are number {position} in line."
    return "We'll call your number shortly."


def _page() -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    body = QVBoxLayout(page)
    body.setContentsMargins(64, 32, 64, 32)
    body.setSpacing(10)
    return page, body


def _footer(back: QPushButton | None, forward: QPushButton | None) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(16)
    if back is not None:
        row.addWidget(back)
    row.addStretch(1)
    if forward is not None:
        forward.setMinimumWidth(260)
        row.addWidget(forward)
    return row


def _line_edit(accessible: str, placeholder: str, limit: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(limit)
    edit.setClearButtonEnabled(True)
    return edit


def _centered(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
