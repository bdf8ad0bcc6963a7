"""Someone already in line: their ticket, and one tap to change the reason or leave.

One person has one visit in progress; when they check in again the kiosk tells them
their ticket and offers to change what the visit is about (to the reason they just
chose) or to leave the line. Keeping their place needs no tap: the page resets.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.common.i18n import TextBinder
from ui.common.theme import set_kind
from ui.common.widgets import button, plain_label


class AlreadyInLineCard(QFrame):
    """ "You're already in line as M-015": change the reason, or leave the line.

    Signals:
        change_reason(str): the visit to move to the reason just chosen.
        leave(str): the visit whose visitor no longer needs help.
    """

    change_reason = Signal(str)
    leave = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        self.setObjectName("AlreadyInLine")
        self.visit_id = ""
        self.ticket_number = ""
        self.texts = TextBinder()
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        self.title_label = plain_label("", "tile-title", wrap=True)
        self.hint_label = plain_label("", "tile-hint", wrap=True)
        box.addWidget(self.title_label)
        box.addWidget(self.hint_label)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.change_button = button("", "primary")
        self.leave_button = button("", "ghost")
        self.change_button.clicked.connect(lambda: self.change_reason.emit(self.visit_id))
        self.leave_button.clicked.connect(lambda: self.leave.emit(self.visit_id))
        row.addWidget(self.change_button)
        row.addWidget(self.leave_button)
        row.addStretch(1)
        box.addLayout(row)
        self._bind()
        self.hide()

    def offer(self, visit_id: str, ticket_number: str) -> None:
        self.visit_id, self.ticket_number = visit_id, ticket_number
        self.texts.retranslate()
        self.show()

    def withdraw(self) -> None:
        self.visit_id = self.ticket_number = ""
        self.hide()

    def _bind(self) -> None:
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("You're already in line as %1.").replace(
            "%1", self.ticket_number))
        bind(self.hint_label.setText, lambda: self.tr(
            "You keep your place. Did you come about something else, or do you no longer "
            "need help?"))
        for target in (self.change_button.setText, self.change_button.setAccessibleName):
            bind(target, lambda: self.tr("Change my reason"))
        for target in (self.leave_button.setText, self.leave_button.setAccessibleName):
            bind(target, lambda: self.tr("Leave the line"))
