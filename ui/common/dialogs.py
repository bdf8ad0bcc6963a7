"""Dialogs behind seams: views call ``Dialog.ask(...)``; tests replace that one classmethod.

A form that saves something (a resolution, a transfer, an escalation, a note) is given a
:data:`Send`: its primary button sends the answer while the dialog stays open, and the
dialog closes only once the answer is saved. When sending fails (the database is
offline, say) the dialog stays open with everything typed and says why, and pressing
the button again sends it again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import shiboken6
from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
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
from ui.common.inputs import guard_inputs
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


#: Told how sending a dialog's answer went: "" once it is saved, else why it was not.
Reply = Callable[[str], None]
#: Sends a dialog's answer off the GUI thread, then replies (see :data:`Reply`).
Send = Callable[[Any, Reply], None]


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


class FormDialog(QDialog):
    """A titled form with an inline error line, a primary and a cancel button.

    Themed like the windows (no stock icons on the buttons); drop-downs and spin boxes
    ignore a passing mouse wheel. Once an error shows, it is checked again on every
    change to the form and cleared as soon as the input is valid. With :attr:`send` set,
    the primary button sends :meth:`answer` and the dialog closes once it is saved.
    """

    def __init__(self, title: str, ok_text: str, parent: QWidget | None, *,
                 cancel_text: str = "Cancel", send: Send | None = None) -> None:
        super().__init__(parent)
        self.send = send
        self.sending = False
        set_kind(self, "form-dialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = QVBoxLayout(self)
        self.form.setContentsMargins(32, 28, 32, 28)
        self.form.setSpacing(10)
        self.form.addWidget(plain_label(title, "title"))
        self.error = MessageArea(self)
        self.form.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        set_kind(self.ok_button, "primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
        for choice in self.buttons.buttons():
            choice.setIcon(QIcon())
            choice.setCursor(Qt.CursorShape.PointingHandCursor)
        self.buttons.accepted.connect(self.on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addSpacing(8)
        self.form.addWidget(self.buttons)
        guard_inputs(self)
        for signal in _change_signals(self):
            signal.connect(self.on_form_changed)
        first = _first_field(self)
        if first is not None:
            first.setFocus()  # the first field, not the primary button, takes the keys

    def problem(self) -> str:
        """Why the form cannot be accepted yet ("" when it can)."""
        return ""

    def answer(self) -> Any:
        """What the form sends (None for a yes/no question)."""
        return None

    def on_ok_clicked(self) -> None:
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
            return
        if self.send is None:
            self.accept()
            return
        if not self.sending:
            self._set_sending(True)
            self.send(self.answer(), self.on_sent)

    def on_sent(self, problem: str) -> None:
        """How sending went: closed once saved, else open with its contents and the reason."""
        if not shiboken6.isValid(self) or not self.isVisible():
            return  # cancelled meanwhile: the window says how it ended
        self._set_sending(False)
        if problem:
            self.error.show_error(problem)
        else:
            self.accept()

    def _set_sending(self, sending: bool) -> None:
        self.sending = sending
        self.ok_button.setEnabled(not sending)

    def exec_sending(self) -> bool:
        """Show the dialog until its answer is saved (True) or it is cancelled (False)."""
        try:
            return self.exec() == QDialog.DialogCode.Accepted
        finally:
            self.deleteLater()

    def on_form_changed(self, *_args: object) -> None:
        """An error shown is checked again: cleared once valid, else kept up to date."""
        if not self.error.text():
            return
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
        else:
            self.error.clear_message()

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
        row.setSpacing(12)
        row.addWidget(plain_label("Time spent", "field"))
        spin = QSpinBox(self)
        spin.setAccessibleName("Time spent in minutes")
        spin.setRange(-1, MAX_TIME_SPENT_MINUTES)
        spin.setSpecialValueText("Counted from the start")
        spin.setSuffix(" min")
        spin.setValue(-1)
        spin.setMinimumWidth(280)
        row.addWidget(spin)
        row.addStretch(1)
        self.form.addLayout(row)
        return spin

    @staticmethod
    def minutes(spin: QSpinBox) -> int | None:
        return None if spin.value() < 0 else spin.value()


def _change_signals(dialog: QDialog) -> list[SignalInstance]:
    """The "it changed" signal of every input of a dialog."""
    signals: list[SignalInstance] = []
    for combo in dialog.findChildren(QComboBox):
        signals += [combo.currentIndexChanged, combo.editTextChanged]
    signals += [edit.textChanged for edit in dialog.findChildren(QPlainTextEdit)]
    signals += [spin.valueChanged for spin in dialog.findChildren(QSpinBox)]
    return signals


def _first_field(dialog: QDialog) -> QWidget | None:
    """The first input in the dialog's focus chain (its fields are made in reading order)."""
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog:
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None
                and not isinstance(widget, QAbstractButton) and not widget.isHidden()):
            return widget
        widget = widget.nextInFocusChain()
    return None


class ResolveDialog(FormDialog):
    """Asks for a resolution code, notes and the time spent before a visit is resolved."""

    def __init__(self, visit: Visit, parent: QWidget | None = None, *,
                 send: Send | None = None) -> None:
        super().__init__(f"Resolve {visit.ticket_number}", "Resolve", parent, send=send)
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
    def ask(cls, parent: QWidget | None, visit: Visit, send: Send) -> bool:
        """Show the dialog until the code, notes and minutes are sent (True) or it is
        cancelled (False)."""
        return cls(visit, parent, send=send).exec_sending()


class TransferDialog(FormDialog):
    """Asks where a visit goes: to another technician, another category, or both."""

    def __init__(self, visit: Visit, technicians: Sequence[str], categories: Sequence[Category],
                 parent: QWidget | None = None, *, send: Send | None = None) -> None:
        super().__init__(f"Transfer {visit.ticket_number}", "Transfer", parent, send=send)
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
            categories: Sequence[Category], send: Send) -> bool:
        """Show the dialog until the transfer is sent (True) or it is cancelled (False)."""
        return cls(visit, technicians, categories, parent, send=send).exec_sending()


class EscalateDialog(FormDialog):
    """Asks for the backend group that takes the ticket over, notes and time spent."""

    def __init__(self, visit: Visit, parent: QWidget | None = None, *,
                 send: Send | None = None) -> None:
        super().__init__(f"Escalate {visit.ticket_number}", "Escalate", parent, send=send)
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
        edit = self.group_combo.lineEdit()
        if edit is not None:
            edit.setPlaceholderText("Choose or type a group")
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
    def ask(cls, parent: QWidget | None, visit: Visit, send: Send) -> bool:
        """Show the dialog until the escalation is sent (True) or it is cancelled (False)."""
        return cls(visit, parent, send=send).exec_sending()


class NoteDialog(FormDialog):
    """Asks for a note to add to the visit's timeline."""

    def __init__(self, visit: Visit, parent: QWidget | None = None, *,
                 send: Send | None = None) -> None:
        super().__init__(f"Note on {visit.ticket_number}", "Add note", parent, send=send)
        self.note_edit = self.notes_field("Note", "What you checked, found or promised")
        self.finish_layout()

    def problem(self) -> str:
        text = self.note_edit.toPlainText()
        if not text.strip():
            return "Type a note first."
        return f"The note is longer than {MAX_NOTES:,} characters." if len(text) > MAX_NOTES else ""

    def answer(self) -> str:
        return self.note_edit.toPlainText()

    @classmethod
    def ask(cls, parent: QWidget | None, visit: Visit, send: Send) -> bool:
        """Show the dialog until the note is sent (True) or it is cancelled (False)."""
        return cls(visit, parent, send=send).exec_sending()


class ConfirmDialog(FormDialog):
    """A yes/no question, for actions that cannot be undone; "No" is the default."""

    def __init__(self, parent: QWidget | None, title: str, question: str) -> None:
        super().__init__(title, "Yes", parent, cancel_text="No")
        self.setMinimumWidth(480)
        self.form.addWidget(plain_label(question, "field", wrap=True))
        self.finish_layout()
        self.ok_button.setAutoDefault(False)
        no = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        no.setDefault(True)
        no.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, question: str) -> bool:
        dialog = cls(parent, title, question)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
