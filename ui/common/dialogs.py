"""Dialogs behind seams: views call ``Dialog.ask(...)``; tests replace that one classmethod."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.visits import MAX_TIME_SPENT_MINUTES
from kiosk.config import Category
from kiosk.domain.text import MAX_NOTES
from kiosk.domain.visit import Visit
from ui.common.theme import set_kind
from ui.common.widgets import MessageArea, plain_label

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


#: Backend groups offered for escalation (the technician may type another).
ESCALATION_GROUPS = ("Service desk (L2)", "Desktop engineering", "Network team",
                     "Identity & access", "Procurement")


class ResolveAnswer(NamedTuple):
    code: str
    notes: str
    time_spent_minutes: int | None = None


class TransferAnswer(NamedTuple):
    technician: str
    category: str
    note: str


class EscalateAnswer(NamedTuple):
    group: str
    notes: str
    time_spent_minutes: int | None = None


class _FormDialog(QDialog):
    """A titled form with an inline error line and a primary and a cancel button."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = QVBoxLayout(self)
        self.form.setContentsMargins(24, 20, 24, 20)
        self.form.setSpacing(8)
        self.form.addWidget(plain_label(title, "title"))
        self.error = MessageArea(self)
        self.form.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        set_kind(self.ok_button, "primary")
        self.buttons.accepted.connect(self.on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addWidget(self.buttons)

    def problem(self) -> str:
        """Why the form cannot be accepted yet ("" when it can)."""
        return ""

    def on_ok_clicked(self) -> None:
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
            return
        self.accept()

    def notes_field(self, label: str, placeholder: str) -> QPlainTextEdit:
        self.form.addWidget(plain_label(label, "field"))
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(140)
        self.form.addWidget(edit, 1)
        self.form.addWidget(plain_label(f"Up to {MAX_NOTES:,} characters.", "muted"))
        return edit

    def minutes_field(self) -> QSpinBox:
        """Minutes spent; the lowest value means "count from the start of service"."""
        row = QHBoxLayout()
        row.addWidget(plain_label("Time spent", "field"))
        spin = QSpinBox(self)
        spin.setAccessibleName("Time spent in minutes")
        spin.setRange(-1, MAX_TIME_SPENT_MINUTES)
        spin.setSpecialValueText("Counted from the start")
        spin.setSuffix(" min")
        spin.setValue(-1)
        spin.setMinimumWidth(220)
        row.addWidget(spin)
        row.addStretch(1)
        self.form.addLayout(row)
        return spin

    @staticmethod
    def minutes(spin: QSpinBox) -> int | None:
        return None if spin.value() < 0 else spin.value()


class ResolveDialog(_FormDialog):
    """Asks for a resolution code, notes and the time spent before a visit is resolved."""

    def __init__(self, visit: Visit, parent: QWidget | None = None) -> None:
        super().__init__(f"Resolve {visit.ticket_number}", "Resolve", parent)
        self.form.addWidget(plain_label("How was it resolved?", "field"))
        self.code_combo = QComboBox(self)
        self.code_combo.setAccessibleName("Resolution code")
        self.code_combo.addItem("Choose a resolution code…", "")
        for code, label in RESOLUTION_CODES:
            self.code_combo.addItem(label, code)
        self.form.addWidget(self.code_combo)
        self.notes_edit = self.notes_field(
            "Notes for the ticket", "What was wrong, what you did, anything to follow up")
        self.minutes_spin = self.minutes_field()
        self.finish_layout()

    def problem(self) -> str:
        if not self.code_combo.currentData():
            return "Choose a resolution code before resolving."
        if len(self.notes_edit.toPlainText()) > MAX_NOTES:
            return f"The notes are longer than {MAX_NOTES:,} characters."
        return ""

    def answer(self) -> ResolveAnswer:
        return ResolveAnswer(str(self.code_combo.currentData()), self.notes_edit.toPlainText(),
                             self.minutes(self.minutes_spin))

    @classmethod
    def ask(cls, parent: QWidget | None, visit: Visit) -> ResolveAnswer | None:
        """Show the dialog; the chosen code, notes and minutes, or None when cancelled."""
        dialog = cls(visit, parent)
        try:
            return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class TransferDialog(_FormDialog):
    """Asks where a visit goes: to another technician, another category, or both."""

    def __init__(self, visit: Visit, technicians: Sequence[str], categories: Sequence[Category],
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Transfer {visit.ticket_number}", "Transfer", parent)
        self.form.addWidget(plain_label(
            "The visitor goes back to the waiting line and keeps their place, unless the "
            "category changes.", "muted", wrap=True))
        self.form.addWidget(plain_label("To a technician", "field"))
        self.technician_combo = QComboBox(self)
        self.technician_combo.setAccessibleName("Technician")
        self.technician_combo.addItem("Anyone", "")
        for name in technicians:
            self.technician_combo.addItem(name, name)
        self.form.addWidget(self.technician_combo)
        self.form.addWidget(plain_label("In the category", "field"))
        self.category_combo = QComboBox(self)
        self.category_combo.setAccessibleName("Category")
        for category in categories:
            self.category_combo.addItem(category.label, category.id)
        self.category_combo.setCurrentIndex(max(self.category_combo.findData(visit.category), 0))
        self.form.addWidget(self.category_combo)
        self.note_edit = self.notes_field("Note for the next technician",
                                          "What you found so far, what is left to do")
        self._visit = visit
        self.finish_layout()

    def problem(self) -> str:
        answer = self.answer()
        if not answer.technician and answer.category == self._visit.category:
            return "Choose another technician or another category."
        return ""

    def answer(self) -> TransferAnswer:
        return TransferAnswer(str(self.technician_combo.currentData()),
                              str(self.category_combo.currentData()),
                              self.note_edit.toPlainText())

    @classmethod
    def ask(cls, parent: QWidget | None, visit: Visit, technicians: Sequence[str],
            categories: Sequence[Category]) -> TransferAnswer | None:
        dialog = cls(visit, technicians, categories, parent)
        try:
            return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class EscalateDialog(_FormDialog):
    """Asks for the backend group that takes the ticket over, notes and time spent."""

    def __init__(self, visit: Visit, parent: QWidget | None = None) -> None:
        super().__init__(f"Escalate {visit.ticket_number}", "Escalate", parent)
        self.form.addWidget(plain_label(
            "The visit ends here; its ticket stays open, assigned to the group.", "muted",
            wrap=True))
        self.form.addWidget(plain_label("Backend group", "field"))
        self.group_combo = QComboBox(self)
        self.group_combo.setEditable(True)
        self.group_combo.setAccessibleName("Backend group")
        self.group_combo.addItems(ESCALATION_GROUPS)
        self.group_combo.setCurrentIndex(-1)
        self.group_combo.setPlaceholderText("Choose or type a group")
        self.form.addWidget(self.group_combo)
        self.notes_edit = self.notes_field("Notes for the group",
                                           "What is wrong, what was tried, how to reach them")
        self.minutes_spin = self.minutes_field()
        self.finish_layout()

    def problem(self) -> str:
        return "" if self.group_combo.currentText().strip() else "Choose the group to escalate to."

    def answer(self) -> EscalateAnswer:
        return EscalateAnswer(self.group_combo.currentText().strip(),
                              self.notes_edit.toPlainText(), self.minutes(self.minutes_spin))

    @classmethod
    def ask(cls, parent: QWidget | None, visit: Visit) -> EscalateAnswer | None:
        dialog = cls(visit, parent)
        try:
            return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class NoteDialog(_FormDialog):
    """Asks for a note to add to the visit's timeline."""

    def __init__(self, visit: Visit, parent: QWidget | None = None) -> None:
        super().__init__(f"Note on {visit.ticket_number}", "Add note", parent)
        self.note_edit = self.notes_field("Note", "What you checked, found or promised")
        self.finish_layout()

    def problem(self) -> str:
        text = self.note_edit.toPlainText()
        if not text.strip():
            return "Type a note first."
        return f"The note is longer than {MAX_NOTES:,} characters." if len(text) > MAX_NOTES else ""

    @classmethod
    def ask(cls, parent: QWidget | None, visit: Visit) -> str | None:
        dialog = cls(visit, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.note_edit.toPlainText() if accepted else None
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
