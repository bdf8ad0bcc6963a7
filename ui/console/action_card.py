"""The actions card under the visit card: one button per action, with shortcuts and a hint."""

from __future__ import annotations

from collections.abc import Set

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.common.theme import set_kind
from ui.common.widgets import button, plain_label
from ui.console.actions import ACTIONS, ActionSpec

_COLUMNS = 4


class ActionCard(QFrame):
    """The action buttons (see :data:`~ui.console.actions.ACTIONS`) and the next-step hint.

    Signals:
        triggered(str): a button was clicked (or its shortcut pressed); carries its key.
    """

    triggered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        actions = QVBoxLayout(self)
        actions.setContentsMargins(16, 12, 16, 14)
        actions.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(plain_label("ACTIONS", "section"))
        self.next_label = plain_label("", "hint", wrap=True)  # a long hint never widens the card
        head.addWidget(self.next_label, 1)
        actions.addLayout(head)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        # The head's button first: Tab goes through the card top to bottom, left to right.
        for spec in sorted(ACTIONS, key=lambda spec: spec.key != "feedback"):
            widget = self._button(spec)
            if spec.key == "feedback":
                set_kind(widget, "ghost")
                head.addWidget(widget)
            else:
                grid.addWidget(widget, grid.count() // _COLUMNS, grid.count() % _COLUMNS)
        actions.addLayout(grid)

    def show_state(self, enabled: Set[str], *, parked: bool, hint: str) -> None:
        """Enable the buttons in ``enabled``; "Park" reads "Resume" on a parked visit."""
        for key, widget in self.buttons.items():
            widget.setEnabled(key in enabled)
        self.buttons["park"].setText("Resume" if parked else "Park")
        self.next_label.setText(hint)

    def _button(self, spec: ActionSpec) -> QPushButton:
        label = spec.text.rstrip("\u2026")
        widget = button(spec.text, spec.kind, accessible=label)
        widget.setShortcut(QKeySequence(spec.shortcut))
        widget.setToolTip(f"{label} ({spec.shortcut}): {spec.hint}")
        widget.clicked.connect(lambda _=False, key=spec.key: self.triggered.emit(key))
        self.buttons[spec.key] = widget
        return widget
