"""An on-screen keyboard for kiosks without a hardware keyboard.

Its keys never take the focus: each one types into the text field that has it
(a QLineEdit or QPlainTextEdit). :func:`wants_touch_keyboard` decides from the
``touch_keyboard`` setting ("auto", "on", "off") whether to show it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QInputDevice
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.i18n import TextBinder
from ui.common.theme import set_kind
from ui.common.widgets import button

MODES = ("auto", "on", "off")
LETTER_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
SYMBOLS = ("@", ".", "-", "_")


def has_touch_screen() -> bool:
    """Whether Qt reports a touch screen among the input devices."""
    return any(device.type() == QInputDevice.DeviceType.TouchScreen
               for device in QInputDevice.devices())


def wants_touch_keyboard(mode: str) -> bool:
    """``on``: always; ``off``: never; ``auto``: when there is a touch screen."""
    if mode == "on":
        return True
    if mode == "off":
        return False
    return has_touch_screen()


class TouchKeyboard(QFrame):
    """Letters, digits, ``@ . - _``, space, backspace and shift.

    Signals:
        typed(str): a key's text was sent to the focused field ("\\b" for backspace).
    """

    typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TouchKeyboard")
        set_kind(self, "keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.texts = TextBinder()
        self.shifted = False
        self.keys: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 10, 24, 10)
        layout.setSpacing(8)
        for index, row in enumerate(LETTER_ROWS):
            layout.addLayout(self._row(row, index))
        layout.addLayout(self._bottom_row())
        self.texts.bind(self.setAccessibleName, lambda: self.tr("On-screen keyboard"))

    def target(self) -> QLineEdit | QPlainTextEdit | None:
        """The text field keys type into: the one with the focus."""
        focused = QApplication.focusWidget()
        return focused if isinstance(focused, (QLineEdit, QPlainTextEdit)) else None

    def press(self, text: str) -> None:
        """Type ``text`` (shifted letters in upper case) into the focused field."""
        field = self.target()
        if field is None or field.isReadOnly():
            return
        if self.shifted and text.isalpha():
            text = text.upper()
            self.set_shifted(False)
        if isinstance(field, QLineEdit):
            field.insert(text)
        else:
            field.insertPlainText(text)
        self.typed.emit(text)

    def backspace(self) -> None:
        field = self.target()
        if field is None or field.isReadOnly():
            return
        if isinstance(field, QLineEdit):
            field.backspace()
        else:
            field.textCursor().deletePreviousChar()
        self.typed.emit("\b")

    def set_shifted(self, shifted: bool) -> None:
        self.shifted = shifted
        self.shift_key.setChecked(shifted)
        for name, key in self.keys.items():
            if name.isalpha() and len(name) == 1:
                key.setText(name.upper() if shifted else name)

    def _key(self, label: str, name: str, kind: str | None = None) -> QPushButton:
        key = button(label, kind, accessible=label)
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setAutoRepeat(name == "backspace")
        self.keys[name] = key
        return key

    def _row(self, characters: str, index: int) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addStretch(1)
        if index == 3:
            self.shift_key = self._key("\u21e7", "shift", "wide-key")
            self.shift_key.setCheckable(True)
            self.shift_key.clicked.connect(lambda: self.set_shifted(not self.shifted))
            self.texts.bind(self.shift_key.setAccessibleName, lambda: self.tr("Shift"))
            row.addWidget(self.shift_key)
        for character in characters:
            key = self._key(character, character)
            key.clicked.connect(lambda _=False, c=character: self.press(c))
            row.addWidget(key)
        if index == 3:
            back = self._key("\u232b", "backspace", "wide-key")
            back.clicked.connect(self.backspace)
            self.texts.bind(back.setAccessibleName, lambda: self.tr("Backspace"))
            row.addWidget(back)
        row.addStretch(1)
        return row

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addStretch(1)
        for symbol in SYMBOLS:
            key = self._key(symbol, symbol)
            key.clicked.connect(lambda _=False, c=symbol: self.press(c))
            row.addWidget(key)
        space = self._key("", "space", "space-key")
        space.clicked.connect(lambda: self.press(" "))
        self.texts.bind(space.setText, lambda: self.tr("space"))
        self.texts.bind(space.setAccessibleName, lambda: self.tr("Space"))
        row.addWidget(space)
        row.addStretch(1)
        return row

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.retranslate()
        super().changeEvent(event)
