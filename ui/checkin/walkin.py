"""A walk-in's reason, the known incidents for it, the details, and the check-in itself.

The pages are plain widgets with signals; :class:`WalkInFlow` asks the core (on the
task runner) and tells the kiosk which page to show.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.checkin import CheckInService, WalkIn
from kiosk.app.notices import Notice
from kiosk.config import Category, Settings
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.text import MAX_ASSET_TAG, MAX_DESCRIPTION, MAX_DEVICE
from kiosk.errors import AlreadyInLine
from ui.checkin.already import AlreadyInLineCard
from ui.checkin.calls import VisitorCalls
from ui.checkin.categories import CategoryGrid, category_label, description_hint
from ui.checkin.choices import Choices
from ui.checkin.fields import KioskLineEdit
from ui.checkin.identify import IdentifyFlow, first_name
from ui.checkin.notices import KnownIncidents, NoticePage
from ui.checkin.options import Page
from ui.checkin.pages import KioskPage
from ui.common.i18n import LanguageManager, TextBinder
from ui.common.offline import is_outage
from ui.common.theme import set_kind
from ui.common.widgets import IconBadge, button, plain_label

log = logging.getLogger(__name__)


class SameDeviceCard(QFrame):
    """"Same device as last time?" with one tap to keep it or to name another one.

    Signals:
        changed(bool): True for the same device, False for another one.
    """

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        self.texts = TextBinder()
        row = QHBoxLayout(self)
        row.setContentsMargins(22, 12, 22, 12)
        row.setSpacing(16)
        row.addWidget(IconBadge("laptop", 64, self), 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.question_label = plain_label("", "tile-hint", wrap=True)
        self.device_label = plain_label("", "tile-title", wrap=True)
        text.addWidget(self.question_label)
        text.addWidget(self.device_label)
        row.addLayout(text, 1)
        self.same_button = button("", "language")
        self.other_button = button("", "language")
        self.choices = Choices((self.same_button, self.other_button), self)
        for choice in self.choices.buttons:
            row.addWidget(choice, 0, Qt.AlignmentFlag.AlignVCenter)
        self.same_button.clicked.connect(lambda: self.changed.emit(True))
        self.other_button.clicked.connect(lambda: self.changed.emit(False))
        bind = self.texts.bind
        bind(self.question_label.setText, lambda: self.tr("Same device as last time?"))
        bind(self.same_button.setText, lambda: self.tr("Yes, same one"))
        bind(self.same_button.setAccessibleName, lambda: self.tr("Yes, the same device"))
        bind(self.other_button.setText, lambda: self.tr("Another one"))
        bind(self.other_button.setAccessibleName, lambda: self.tr("No, another device"))

    def offer(self, device: str, asset_tag: str) -> None:
        """Offer ``device`` / ``asset_tag`` (kept unless the visitor says otherwise)."""
        self.device_label.setText(" / ".join(t for t in (device, asset_tag) if t))
        self.same_button.setChecked(True)

    @property
    def same(self) -> bool:
        return self.same_button.isChecked()


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
        labels = self._add_device_fields()
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
        self.already = AlreadyInLineCard(self)
        self.body.addWidget(self.already)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self._add_buttons()
        self._offered = ("", "")
        self._form_shown: dict[QWidget, bool] = {}
        self._bind_texts(*labels)
        self.set_category(None, "")

    def show_already(self, visit_id: str, ticket_number: str) -> None:
        """Someone already in line: their ticket and choices take the form's place."""
        if not self.already.isVisibleTo(self):
            self._form_shown = {w: w.isVisibleTo(self) for w in self._form_widgets()}
        for widget in self._form_widgets():
            widget.hide()
        self.already.offer(visit_id, ticket_number)

    def hide_already(self) -> None:
        """Back to the form as it was."""
        if self.already.isVisibleTo(self):
            for widget, shown in self._form_shown.items():
                widget.setVisible(shown)
        self.already.withdraw()

    def _form_widgets(self) -> tuple[QWidget, ...]:
        return (self.subtitle_label, self.same_device, self.device_fields,
                self.description_label, self.description_edit, self.limit_label,
                self.submit_button)

    def _add_device_fields(self) -> tuple[QLabel, QLabel]:
        """The device and its asset tag side by side (hidden while the last one is offered)."""
        self.device_edit = KioskLineEdit(MAX_DEVICE)
        self.asset_edit = KioskLineEdit(MAX_ASSET_TAG)
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
        return device_label, asset_label

    def _add_buttons(self) -> None:
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

    def _bind_texts(self, device_label: QLabel, asset_label: QLabel) -> None:
        bind = self.texts.bind
        bind(self.subtitle_label.setText, lambda: self.tr(
            "Optional. A few words help the technician get ready for you."))
        bind(device_label.setText, lambda: self.tr("Device (optional)"))
        bind(self.device_edit.set_name, lambda: self.tr("Device (optional)"))
        bind(self.device_edit.setPlaceholderText, lambda: self.tr("e.g. ThinkPad X1"))
        bind(asset_label.setText, lambda: self.tr("Asset tag (optional)"))
        bind(self.asset_edit.set_name, lambda: self.tr("Asset tag (optional)"))
        bind(self.asset_edit.setPlaceholderText, lambda: self.tr("On a sticker, e.g. TB-20931"))
        bind(self.description_label.setText, lambda: self.tr("What is wrong? (optional)"))
        bind(self.description_edit.setAccessibleName,
             lambda: self.tr("Describe the problem (optional)"))
        bind(self.limit_label.setText, lambda: self.tr("Up to %1 characters.").replace(
            "%1", QLocale().toString(MAX_DESCRIPTION)))
        bind(self.back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.back_button.setAccessibleName, lambda: self.tr("Back to the reasons"))
        bind(self.submit_button.setAccessibleName, lambda: self.tr("Get my ticket"))

    def set_category(self, category: Category | None, language: str) -> None:
        """Ask about ``category`` (None: any reason) in ``language``, with an example."""
        self.description_edit.setPlaceholderText(
            description_hint(category.id if category else None))
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


class Screen(Protocol):
    """What the walk-in flow asks of the kiosk around it."""

    settings: Settings
    language: LanguageManager

    @property
    def page(self) -> Page: ...

    def go_to(self, page: Page) -> None: ...


class WalkInFlow(QObject):
    """A walk-in's reason, the notices for it (shown once), the details and the check-in.

    Args:
        checkin: the core's check-in use cases.
        calls: runs them for the visitor at the screen.
        screen: the kiosk: its settings and language, the page shown.
        visitor: who the visitor is.
        pages: the reasons, the notices and the details.

    Signals:
        checked_in(Ticket): the visitor is in line.
        refused(BaseException): the core did not check the visitor in (someone already
            in line is offered to change their reason or leave instead).
        left(): someone already in line left it.
        waits_loaded(dict): the wait per category, as the tiles now show it.
    """

    checked_in = Signal(object)
    refused = Signal(object)
    left = Signal()
    waits_loaded = Signal(object)

    def __init__(self, checkin: CheckInService, calls: VisitorCalls, screen: Screen,
                 visitor: IdentifyFlow, pages: tuple[CategoryPage, NoticePage, DetailsPage],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checkin = checkin
        self.calls = calls
        self.screen = screen
        self.visitor = visitor
        self.category_page, notice, self.details = pages
        self.incidents = KnownIncidents(notice)
        self.category: Category | None = None
        self.category_page.chosen.connect(self.choose)
        self.details.submitted.connect(self.submit)
        self.details.already.change_reason.connect(self.change_reason)
        self.details.already.leave.connect(self.leave_line)

    def begin(self) -> None:
        """Greet a visitor found in the directory (their device is offered by category)."""
        found = self.visitor.person
        self.details.offer_device("", "")
        self.category_page.greet(first_name(found.person.name) if found else "")

    def load_waits(self) -> None:
        """The live wait on each reason's tile (the same estimate the ticket will give)."""
        self.calls.run_quietly(self.checkin.category_waits, self.on_waits_loaded,
                               self.on_waits_failed, "kiosk.category_waits")

    def on_waits_loaded(self, waits: dict[str, WaitEstimate]) -> None:
        self.category_page.grid.set_waits(waits)
        self.waits_loaded.emit(waits)

    def on_waits_failed(self, error: BaseException) -> None:
        if not is_outage(error):  # an outage is logged once, and shown, by the connectivity
            log.warning("waits unavailable: %s", type(error).__name__)  # tiles keep targets

    def load_notices(self) -> None:
        """Read the notices in force (on every reset and on the way to the reasons)."""
        self.calls.run_quietly(self.checkin.active_notices, self.on_notices_loaded,
                               self.on_notices_failed, "kiosk.app.notices")

    def choose(self, category_id: str) -> None:
        """The reason for the visit: its notices first (once), else the details."""
        self.category = self.screen.settings.category(category_id)
        self.details.hide_already()
        self.details.set_category(self.category, self.screen.language.language)
        found = self.visitor.person
        self.details.offer_device(*(found.device_for(category_id) if found else ("", "")))
        self.category_page.clear_message()
        self.incidents.seen = False
        if not self.show_notices():
            self.screen.go_to(Page.DETAILS)

    def submit(self) -> None:
        """Check the visitor in with what they told the kiosk."""
        if self.calls.busy:
            return
        walk_in, checkin = self.walk_in(), self.checkin
        self.details.hide_already()
        self.calls.run(lambda: checkin.check_in(walk_in), self.checked_in.emit,
                       self._on_refused, "kiosk.check_in")

    def _on_refused(self, error: BaseException) -> None:
        if isinstance(error, AlreadyInLine):
            self.details.clear_message()
            self.details.show_already(error.visit_id, error.ticket_number)
            return
        self.refused.emit(error)

    def change_reason(self, visit_id: str) -> None:
        """The visit already in line moves to the reason chosen now."""
        if self.category is None or self.calls.busy:
            return
        checkin, category = self.checkin, self.category.id
        self.calls.run(lambda: checkin.change_reason(visit_id, category), self.checked_in.emit,
                       self.refused.emit, "kiosk.change_reason")

    def leave_line(self, visit_id: str) -> None:
        """The visitor already in line no longer needs help."""
        if self.calls.busy:
            return
        checkin = self.checkin
        self.calls.run(lambda: checkin.leave_line(visit_id), lambda _visit: self.left.emit(),
                       self.refused.emit, "kiosk.leave_line")

    def walk_in(self) -> WalkIn:
        """What the visitor told the kiosk; a person found in the directory is who they are."""
        name, email, employee_id = self.visitor.requester()
        details = self.details
        return WalkIn(
            name=name, email=email, employee_id=employee_id,
            category=self.category.id if self.category else "",
            description=details.description_edit.toPlainText(),
            device=details.device_edit.text(), asset_tag=details.asset_edit.text(),
            language=self.screen.language.language)

    def forget(self) -> None:
        self.category = None
        self.incidents.seen = False
        self.details.hide_already()

    def retranslate(self) -> None:
        self.details.set_category(self.category, self.screen.language.language)
        self.details.already.texts.retranslate()

    def show_notices(self) -> bool:
        """The notices for the chosen reason, once; whether there were any."""
        if not self.incidents.offer(self.category.id if self.category else None):
            return False
        self.screen.go_to(Page.NOTICE)
        return True

    def on_notices_loaded(self, notices: list[Notice]) -> None:
        self.incidents.notices = notices
        typed = self.details.description_edit.toPlainText() or self.details.device_edit.hasFocus()
        if self.screen.page is Page.DETAILS and not typed and not self.calls.busy:
            self.show_notices()

    def on_notices_failed(self, error: BaseException) -> None:
        if not is_outage(error):
            log.warning("notices unavailable: %s", type(error).__name__)
