"""The dialogs: no stock icons, the first field takes the keys, and an error goes away as soon
as the input is valid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from ui.common.dialogs import ConfirmDialog, NoteDialog, ResolveDialog, TransferDialog
from ui.liaison.dialogs import ChoiceDialog, ReasonDialog

pytestmark = pytest.mark.gui


def _shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_resolve_error_clears_once_a_code_is_chosen(service: VisitService,
                                                        qtbot: QtBot) -> None:
    dialog = _shown(qtbot, ResolveDialog(service.check_in(name="Ana", category="laptop")))
    assert isinstance(dialog, ResolveDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    dialog.notes_edit.setPlainText("Still no code")
    assert dialog.error.text() == "Choose a resolution code before resolving.", "still wrong"
    dialog.code_combo.setCurrentIndex(dialog.code_combo.findData("fixed"))
    assert not dialog.error.isVisible()
    assert dialog.error.text() == ""


def test_the_transfer_and_note_errors_follow_the_input(service: VisitService,
                                                       qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    transfer = _shown(qtbot, TransferDialog(visit, ["Luis"], service.settings.categories))
    note = _shown(qtbot, NoteDialog(visit))
    assert isinstance(transfer, TransferDialog)
    assert isinstance(note, NoteDialog)
    for dialog in (transfer, note):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.error.isVisible()
    transfer.category_combo.setCurrentIndex(transfer.category_combo.findData("account"))
    assert not transfer.error.isVisible()
    note.note_edit.setPlainText("   ")
    assert note.error.isVisible(), "blank is still no note"
    note.note_edit.setPlainText("Called the visitor back")
    assert not note.error.isVisible()


def test_no_dialog_button_wears_a_stock_icon(service: VisitService, qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    dialogs = [ResolveDialog(visit), NoteDialog(visit),
               ConfirmDialog(None, "Cancel L-001", "Cancel L-001?"),
               ChoiceDialog(None, "Move", "To", [("a", "A")], None, "Move"),
               ReasonDialog(None, "Remove", "Why?", "Remove")]
    for dialog in dialogs:
        _shown(qtbot, dialog)
        buttons = dialog.findChildren(QPushButton)
        assert len(buttons) == 2
        assert all(button.icon().isNull() for button in buttons), type(dialog).__name__


def test_the_first_field_takes_the_keys_and_a_confirmation_defaults_to_no(
        service: VisitService, qtbot: QtBot) -> None:
    resolve = ResolveDialog(service.check_in(name="Ana", category="laptop"))
    assert resolve.focusWidget() is resolve.code_combo
    confirm = ConfirmDialog(None, "Cancel L-001", "Cancel L-001?")
    qtbot.addWidget(confirm)
    no = [b for b in confirm.findChildren(QPushButton) if b.text() == "No"]
    assert len(no) == 1
    assert no[0].isDefault()
    assert not confirm.ok_button.isDefault()
