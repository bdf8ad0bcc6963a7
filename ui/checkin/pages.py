"""Kiosk pages beyond the walk-in form: known incidents and appointments, plus the pieces
of the identify step (the badge prompt, "same device as last time?").

Each page is a plain widget with signals; :class:`ui.checkin.view.CheckInView` calls the
core and moves between pages. Every text is plain text and retranslates itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.notices import Notice
from ui.common.i18n import TextBinder
from ui.common.theme import set_kind
from ui.common.widgets import IconBadge, MessageArea, StepDots, button, footer, plain_label

MAX_NOTICES = 3
MAX_CODE = 200


class KioskPage(QWidget):
    """A kiosk page: a title, a subtitle, a message area and room in between.

    The message keeps how it was made, so a language switch rewrites it too.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(64, 28, 64, 28)
        self.body.setSpacing(10)
        self.title_label = plain_label("", "title", wrap=True)
        self.subtitle_label = plain_label("", "subtitle", wrap=True)
        self.message = MessageArea(self)
        self._message: tuple[str, Callable[[], str]] | None = None
        self.texts.bind(self.message.setAccessibleName,
                        lambda: QCoreApplication.translate("KioskPage", "Message"))

    def set_compact(self, compact: bool) -> None:
        """Make room for the on-screen keyboard: tighter margins, no subtitle."""
        self.body.setContentsMargins(64, 12 if compact else 28, 64, 12 if compact else 28)
        self.body.setSpacing(4 if compact else 10)
        self.subtitle_label.setVisible(not compact and bool(self.subtitle_label.text()))

    def show_message(self, source: Callable[[], str], tone: str = "error") -> None:
        self._message = (tone, source)
        {"error": self.message.show_error, "info": self.message.show_info,
         "success": self.message.show_success}[tone](source())

    def clear_message(self) -> None:
        self._message = None
        self.message.clear_message()

    def retranslate(self) -> None:
        self.texts.retranslate()
        if self._message is not None:
            self.show_message(self._message[1], self._message[0])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def line_edit(limit: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(limit)
    edit.setClearButtonEnabled(True)
    return edit


def centered_row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(16)
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class TopBar(QFrame):
    """The kiosk's header: the site's name, the step dots and where the visitor is."""

    def __init__(self, site_name: str, steps: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "topbar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(40, 16, 40, 16)
        layout.setSpacing(14)
        layout.addWidget(plain_label(site_name, "brand"))
        layout.addStretch(1)
        self.step_dots = StepDots(steps, self)
        layout.addWidget(self.step_dots)
        self.step_label = plain_label("", "step")
        layout.addWidget(self.step_label)


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
        self.group = QButtonGroup(self)
        self.same_button = button("", "language")
        self.other_button = button("", "language")
        for choice in (self.same_button, self.other_button):
            choice.setCheckable(True)
            self.group.addButton(choice)
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


class NoticePage(KioskPage):
    """Known incidents for the chosen reason, before the visitor joins the line.

    Signals:
        still_need_help(): go on to the details.
        never_mind(): leave; nothing is stored.
    """

    still_need_help = Signal()
    never_mind = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.subtitle_label)
        self.body.addSpacing(8)
        self.cards = QVBoxLayout()
        self.cards.setSpacing(12)
        self.body.addLayout(self.cards)
        self.body.addStretch(1)
        self.never_mind_button = button("")
        self.never_mind_button.clicked.connect(self.never_mind)
        self.still_button = button("", "primary")
        self.still_button.clicked.connect(self.still_need_help)
        self.body.addLayout(footer(self.never_mind_button, self.still_button, 420))
        self.notice_labels: list[QLabel] = []
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("We already know about this"))
        bind(self.subtitle_label.setText, lambda: self.tr(
            "If this is your problem, there is no need to wait: we are working on it."))
        bind(self.never_mind_button.setText, lambda: self.tr("Never mind"))
        bind(self.never_mind_button.setAccessibleName,
             lambda: self.tr("Never mind: back to the start"))
        bind(self.still_button.setText, lambda: self.tr("I still need help"))
        bind(self.still_button.setAccessibleName, lambda: self.tr("I still need help"))

    def show_notices(self, notices: Sequence[Notice]) -> None:
        self.clear()
        for notice in notices[:MAX_NOTICES]:
            self.cards.addWidget(self._card(notice))

    def clear(self) -> None:
        self.notice_labels = []
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _card(self, notice: Notice) -> QFrame:
        frame = QFrame(self)
        set_kind(frame, "card", "alert" if notice.severity != "info" else None)
        row = QHBoxLayout(frame)
        row.setContentsMargins(22, 16, 22, 16)
        row.setSpacing(20)
        icon = "notice" if notice.severity != "info" else "generic"
        row.addWidget(IconBadge(icon, 64, frame), 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(4)
        title = plain_label(notice.title, "tile-title", wrap=True)
        text.addWidget(title)
        self.notice_labels.append(title)
        if notice.message:
            message = plain_label(notice.message, "tile-hint", wrap=True)
            text.addWidget(message)
            self.notice_labels.append(message)
        row.addLayout(text, 1)
        return frame


class CodeEntryPage(KioskPage):
    """A page with an icon, one code to type or scan, and Back / forward buttons.

    Signals:
        submitted(str): the text entered.
        back(): back to the start.
    """

    submitted = Signal(str)
    back = Signal()

    def __init__(self, icon: str, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        head = QHBoxLayout()
        head.setSpacing(20)
        head.addWidget(IconBadge(icon, 64, self), 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        head.addLayout(titles, 1)
        self.body.addLayout(head)
        self.body.addSpacing(12)
        self.entry_label = plain_label("", "field")
        self.entry_edit = line_edit(limit)
        self.entry_label.setBuddy(self.entry_edit)
        self.entry_edit.returnPressed.connect(self.on_submit)
        self.body.addWidget(self.entry_label)
        self.body.addWidget(self.entry_edit)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.back_button = button("", "ghost")
        self.back_button.clicked.connect(self.back)
        self.forward_button = button("", "primary")
        self.forward_button.clicked.connect(self.on_submit)
        self.body.addLayout(footer(self.back_button, self.forward_button))
        self.busy = False

    def on_submit(self) -> None:
        if not self.busy:
            self.submitted.emit(self.entry_edit.text())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.forward_button.setEnabled(not busy)

    def clear(self) -> None:
        self.entry_edit.clear()
        self.clear_message()
        self.set_busy(False)


class AppointmentPage(CodeEntryPage):
    """Check in with an appointment code, typed or scanned from its QR code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("calendar", MAX_CODE, parent)
        self.code_label, self.code_edit = self.entry_label, self.entry_edit
        self.submit_button = self.forward_button
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("Check in for your appointment"))
        bind(self.subtitle_label.setText, lambda: self.tr(
            "Type the code from your confirmation, or scan its QR code at the reader."))
        bind(self.code_label.setText, lambda: self.tr("Appointment code"))
        bind(self.code_edit.setAccessibleName, lambda: self.tr("Appointment code"))
        bind(self.code_edit.setPlaceholderText, lambda: self.tr("e.g. TB-7K3Q9M"))
        bind(self.back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.back_button.setAccessibleName, lambda: self.tr("Back to the start"))
        bind(self.submit_button.setAccessibleName, lambda: self.tr("Check in"))
        self._update_submit()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self._update_submit()

    def retranslate(self) -> None:
        super().retranslate()
        self._update_submit()

    def _update_submit(self) -> None:
        self.submit_button.setText(self.tr("One moment\u2026") if self.busy
                                   else self.tr("Check in"))
