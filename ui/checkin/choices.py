"""The kiosk's one-of-several choices (the faces, "same device?", the languages).

Qt's ``QButtonGroup`` keeps only one of its checkable buttons in the Tab chain, as for
radio buttons, where the arrow keys move within the group. At a kiosk that strands a
visitor who has only Tab and Space (a switch-access device, or someone who does not
know the convention) on a single choice. So each of the kiosk's choices is a Tab stop
of its own, and :class:`Choices` keeps one of them checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QButtonGroup


class Choices(QObject):
    """Checkable buttons of which at most one is checked; a tap on it keeps it checked.

    Args:
        buttons: the choices, each a Tab stop.
    """

    def __init__(self, buttons: Sequence[QAbstractButton], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buttons = list(buttons)
        for choice in self.buttons:
            choice.setCheckable(True)
            choice.setFocusPolicy(choice.focusPolicy() | Qt.FocusPolicy.TabFocus)
            choice.toggled.connect(lambda checked, c=choice: self._on_toggled(c, checked))
            choice.clicked.connect(lambda _checked=False, c=choice: c.setChecked(True))

    @classmethod
    def from_group(cls, group: QButtonGroup) -> Choices:
        """Take ``group``'s buttons out of it (back into the Tab chain), one still checked."""
        buttons = group.buttons()
        for choice in buttons:
            group.removeButton(choice)
        return cls(buttons, group.parent())

    @property
    def checked(self) -> QAbstractButton | None:
        return next((choice for choice in self.buttons if choice.isChecked()), None)

    def clear(self) -> None:
        """No choice made."""
        for choice in self.buttons:
            choice.setChecked(False)

    def _on_toggled(self, choice: QAbstractButton, checked: bool) -> None:
        if checked:
            for other in self.buttons:
                if other is not choice:
                    other.setChecked(False)
