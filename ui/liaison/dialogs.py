"""The liaison's small questions, behind seams: views call ``X.ask(...)``; tests replace it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QPlainTextEdit, QWidget

from ui.common.dialogs import FormDialog
from ui.common.widgets import plain_label


class _Question(FormDialog):
    """A titled question with its prompt; the answer's field goes under it."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, action: str) -> None:
        super().__init__(title, action, parent)
        self.setMinimumWidth(480)
        self.form.addWidget(plain_label(prompt, "field", wrap=True))


class ChoiceDialog(_Question):
    """Pick one of a few options (a new priority, another category)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str,
                 options: Sequence[tuple[object, str]], current: object, action: str) -> None:
        super().__init__(parent, title, prompt, action)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(prompt)
        for value, label in options:
            self.combo.addItem(label, value)
            if value == current:
                self.combo.setCurrentIndex(self.combo.count() - 1)
        self.form.addWidget(self.combo)
        self.finish_layout()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str,
            options: Sequence[tuple[object, str]], current: object = None,
            action: str = "OK") -> object | None:
        """The value chosen, or None when cancelled."""
        dialog = cls(parent, title, prompt, options, current, action)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.combo.currentData() if accepted else None
        finally:
            dialog.deleteLater()


class ReasonDialog(_Question):
    """Ask why (removing a visit): the reason is kept on the visit's timeline."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, action: str) -> None:
        super().__init__(parent, title, prompt, action)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setAccessibleName("Reason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(112)
        self.form.addWidget(self.reason_edit, 1)
        self.finish_layout()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str,
            action: str = "OK") -> str | None:
        """The reason typed, or None when cancelled."""
        dialog = cls(parent, title, prompt, action)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.reason_edit.toPlainText() if accepted else None
        finally:
            dialog.deleteLater()


class ExportFileDialog:
    """Where to save the CSV export."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(parent, "Export visits", suggested,
                                                    "CSV files (*.csv)")
        return Path(name) if name else None
