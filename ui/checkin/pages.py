"""What every kiosk page is made of: the page itself (title, subtitle, message), a page
for one code to type or scan, and the top bar with the steps.

Each page is a plain widget with signals; :class:`ui.checkin.view.CheckInView` and the
flows (identify, appointments, feedback) call the core and move between pages. Every
text is plain text and retranslates itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from ui.checkin.fields import KioskLineEdit
from ui.common.i18n import TextBinder
from ui.common.theme import set_kind
from ui.common.widgets import IconBadge, MessageArea, StepDots, button, footer, plain_label


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
        self.entry_edit = KioskLineEdit(limit)
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
