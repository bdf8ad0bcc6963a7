"""The console's sign-in page: pick your name, type your PIN (keys or the on-screen pad)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.technicians import Technician, TechnicianService
from kiosk.domain.pins import MAX_PIN
from ui.common.tasks import TaskRunner, describe_error
from ui.common.theme import set_kind
from ui.common.widgets import MessageArea, button, plain_label

_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "\u232b", "0", "OK")


class SignInPage(QWidget):
    """Names as big buttons, then a PIN field with a number pad.

    Typing works everywhere: digits go to the PIN field, Enter signs in, Backspace
    deletes, and the names can be reached with Tab and arrow keys.

    Signals:
        signed_in(Technician): the PIN was right; the technician is now available.
    """

    signed_in = Signal(object)

    def __init__(self, technicians: TechnicianService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInPage")
        self.technicians = technicians
        self.runner = runner
        self.chosen: Technician | None = None
        self.name_buttons: dict[str, QPushButton] = {}
        self._people: dict[str, Technician] = {}
        self._busy = False
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        frame = QFrame(self)
        set_kind(frame, "card")
        frame.setMinimumWidth(760)
        frame.setMaximumWidth(920)
        body = QVBoxLayout(frame)
        body.setContentsMargins(40, 32, 40, 32)
        body.setSpacing(14)
        body.addWidget(plain_label("Sign in", "title"))
        body.addWidget(plain_label("Pick your name, then type your PIN.", "subtitle"))
        self.message = MessageArea(frame)
        body.addWidget(self.message)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(self._build_names(), 1)
        columns.addLayout(self._build_pad())
        body.addLayout(columns)
        outer.addWidget(frame, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)
        self._update_pad()

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        """Fetch the technicians (off the GUI thread) and show their names."""
        service = self.technicians
        self.runner.run(service.list, self._on_loaded, self._on_failed, name="signin.list")

    def _on_loaded(self, people: list[Technician]) -> None:
        self._people = {t.id: t for t in people}
        for old in self.name_buttons.values():
            old.hide()
            old.deleteLater()
        self.name_buttons = {}
        for index, tech in enumerate(people):
            choice = button(tech.name, "person", accessible=f"Sign in as {tech.name}")
            choice.setCheckable(True)
            choice.setToolTip(tech.counter or "")
            choice.clicked.connect(lambda _=False, tid=tech.id: self.choose(tid))
            self.names_grid.addWidget(choice, index // 2, index % 2)
            self.name_buttons[tech.id] = choice
        chain = [*self.name_buttons.values(), self.pin_edit]
        for before, after in zip(chain, chain[1:], strict=False):  # Tab: names, then the PIN
            QWidget.setTabOrder(before, after)
        self.empty_label.setVisible(not people)
        if self.chosen is not None and self.chosen.id in self._people:
            self.choose(self.chosen.id)
        else:
            self.chosen = None
            self._update_pad()

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        self._update_pad()
        self.message.show_error(describe_error(error))

    # ------------------------------------------------------------ actions

    def choose(self, technician_id: str) -> None:
        """Pick a name; the PIN field takes the focus."""
        self.chosen = self._people.get(technician_id)
        for key, name in self.name_buttons.items():  # one checked; each name its own Tab stop
            name.setChecked(key == technician_id)
        self.pin_edit.clear()
        self.message.clear_message()
        self._update_pad()
        self.pin_edit.setFocus()

    def press_key(self, key: str) -> None:
        """A key of the on-screen pad: a digit, backspace or OK."""
        if key == "OK":
            self.submit()
        elif key == "\u232b":
            self.pin_edit.backspace()
        elif len(self.pin_edit.text()) < MAX_PIN:
            self.pin_edit.insert(key)
        self.pin_edit.setFocus()

    def submit(self) -> None:
        """Check the PIN of the chosen technician."""
        tech, pin = self.chosen, self.pin_edit.text()
        if tech is None:
            self.message.show_error("Pick your name first.")
            return
        if not pin:
            self.message.show_error("Type your PIN.")
            return
        if self._busy:
            return
        self._busy = True
        self._update_pad()
        service = self.technicians
        self.runner.run(lambda: service.sign_in(tech.id, pin), self._on_signed_in,
                        self._on_refused, name="signin.check", context=self)

    def _on_signed_in(self, tech: Technician) -> None:
        self._busy = False
        self.pin_edit.clear()
        self.message.clear_message()
        self._update_pad()
        self.signed_in.emit(tech)

    def _on_refused(self, error: BaseException) -> None:
        self._busy = False
        self.pin_edit.clear()
        self._update_pad()
        self.message.show_error(describe_error(error))
        self.pin_edit.setFocus()

    def _update_pad(self) -> None:
        ready = self.chosen is not None and not self._busy
        self.pin_edit.setEnabled(ready)
        for key in self.keys.values():
            key.setEnabled(ready)
        self.pin_title.setText(f"PIN for {self.chosen.name}" if self.chosen else "PIN")

    # ------------------------------------------------------------ layout

    def _build_names(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(plain_label("WHO ARE YOU?", "section"))
        self.names_grid = QGridLayout()
        self.names_grid.setSpacing(10)
        column.addLayout(self.names_grid)
        self.empty_label = plain_label(
            "No technicians yet. Add one with: python main.py technician add --name NAME",
            "muted", wrap=True)
        self.empty_label.hide()
        column.addWidget(self.empty_label)
        column.addStretch(1)
        return column

    def _build_pad(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(10)
        self.pin_title = plain_label("PIN", "section")
        column.addWidget(self.pin_title)
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setAccessibleName("PIN")
        self.pin_edit.setPlaceholderText("4\u201312 digits")
        self.pin_edit.setMaxLength(MAX_PIN)
        self.pin_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), self))
        self.pin_edit.returnPressed.connect(self.submit)
        set_kind(self.pin_edit, "pin")
        column.addWidget(self.pin_edit)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate(_KEYS):
            name = {"\u232b": "Delete", "OK": "Sign in"}.get(key, key)
            widget = button(key if key != "OK" else "Sign in",
                            "primary" if key == "OK" else "key", accessible=name)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            widget.clicked.connect(lambda _=False, k=key: self.press_key(k))
            grid.addWidget(widget, index // 3, index % 3)
            self.keys[key] = widget
        self.keys["OK"].setShortcut(QKeySequence(Qt.Key.Key_Enter))
        column.addLayout(grid)
        column.addStretch(1)
        return column
