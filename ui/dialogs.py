"""Dialogs behind seams: views call ``Dialog.ask(...)``; tests replace that one classmethod."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import MAX_NOTES, Visit
from ui.theme import set_kind
from ui.widgets import plain_label

# Resolution codes offered to technicians: (code stored on the visit, label shown).
RESOLUTION_CODES: tuple[tuple[str, str], ...] = (
    ("fixed", "Fixed"),
    ("workaround", "Workaround given"),
    ("replaced", "Hardware replaced or swapped"),
    ("advice", "Advice or how-to"),
    ("account_unlocked", "Account unlocked or reset"),
    ("referred", "Referred to another team"),
    ("not_reproducible", "Could not reproduce"),
)


class ResolveDialog(QDialog):
    """Asks for a resolution code and notes before a visit is resolved."""

    def __init__(self, visit: Visit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Resolve {visit.ticket_number}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(plain_label(f"Resolve {visit.ticket_number}", "title"))
        layout.addWidget(plain_label("How was it resolved?", "field"))
        self.code_combo = QComboBox(self)
        self.code_combo.setAccessibleName("Resolution code")
        for code, label in RESOLUTION_CODES:
            self.code_combo.addItem(label, code)
        layout.addWidget(self.code_combo)
        layout.addWidget(plain_label("Notes for the ticket", "field"))
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setAccessibleName("Resolution notes")
        self.notes_edit.setPlaceholderText("What was wrong, what you did, anything to follow up")
        self.notes_edit.setTabChangesFocus(True)
        layout.addWidget(self.notes_edit, 1)
        layout.addWidget(plain_label(f"Up to {MAX_NOTES:,} characters.", "muted"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Resolve")
        set_kind(ok, "primary")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def answer(self) -> tuple[str, str]:
        return str(self.code_combo.currentData()), self.notes_edit.toPlainText()

    @classmethod
    def ask(cls, parent: QWidget | None, visit: Visit) -> tuple[str, str] | None:
        """Show the dialog; the chosen (code, notes), or None when cancelled."""
        dialog = cls(visit, parent)
        try:
            return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class ConfirmDialog:
    """A yes/no question, for actions that cannot be undone."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()
