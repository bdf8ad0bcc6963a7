"""Lock-down: a full-screen, frameless kiosk window that only an admin with a PIN leaves.

Closing, Alt+F4, Escape, Ctrl+Q, Ctrl+W and the like do nothing. The way out is a
hidden gesture (:data:`CORNER_TAPS` taps in the top-left corner within
:data:`TAP_WINDOW_S` seconds) followed by the PIN pad (:meth:`PinPadDialog.ask`, the
seam tests replace). The operating system's own kiosk mode (no task switcher, no
other sessions) is the deployer's job.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.security import PinGate, PinOutcome, PinResult
from ui.common.i18n import TextBinder
from ui.common.tasks import TaskRunner
from ui.common.widgets import MessageArea, button, plain_label

CORNER_PX = 96
CORNER_TAPS = 5
TAP_WINDOW_S = 3.0
_MAX_PIN_DIGITS = 12
_QUIT_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Q, Qt.Key.Key_W,
              Qt.Key.Key_Close, Qt.Key.Key_Exit, Qt.Key.Key_Back, Qt.Key.Key_Cancel}
_BLOCKED_SEQUENCES = (QKeySequence.StandardKey.Quit, QKeySequence.StandardKey.Close,
                      QKeySequence.StandardKey.Cancel)


class CornerTapGesture:
    """Counts taps in a corner; True once ``taps`` of them fall within ``window_s`` seconds."""

    def __init__(self, taps: int = CORNER_TAPS, window_s: float = TAP_WINDOW_S,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.taps = taps
        self.window_s = window_s
        self.monotonic = monotonic
        self._times: list[float] = []

    def tap(self) -> bool:
        now = self.monotonic()
        self._times = [t for t in self._times if now - t <= self.window_s] + [now]
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False

    def miss(self) -> None:
        """A tap elsewhere breaks the sequence."""
        self._times.clear()


def is_quit_key(event: QKeyEvent) -> bool:
    """Whether a key press is one of the ways people try to close or leave a window."""
    key = Qt.Key(event.key())
    modifiers = event.modifiers()
    if key == Qt.Key.Key_Escape or key in {Qt.Key.Key_Close, Qt.Key.Key_Exit}:
        return True
    if any(event.matches(sequence) for sequence in _BLOCKED_SEQUENCES):
        return True
    held = modifiers & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
                        | Qt.KeyboardModifier.MetaModifier)
    return bool(held) and key in _QUIT_KEYS


class KioskWindow(QWidget):
    """Holds the kiosk view; locked, it is full screen, frameless and cannot be closed.

    Signals:
        admin_exit(): an admin entered the right PIN; the window is unlocked and closes.
        unlock_refused(): the gesture was made but the PIN pad was cancelled or refused.
    """

    admin_exit = Signal()
    unlock_refused = Signal()

    def __init__(self, content: QWidget, gate: PinGate, runner: TaskRunner, *,
                 locked: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(content.windowTitle())
        self.setAccessibleName(content.accessibleName())
        self.content = content
        self.gate = gate
        self.runner = runner
        self.gesture = CornerTapGesture()
        self.locked = locked
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(content)
        if locked:
            self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                                | Qt.WindowType.WindowStaysOnTopHint)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def show_kiosk(self) -> None:
        """Show full screen when locked, normally otherwise."""
        if self.locked:
            self.showFullScreen()
        else:
            self.show()

    def unlock(self) -> None:
        """Leave lock-down (after the PIN): the window may close again."""
        self.locked = False
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def request_admin_exit(self) -> bool:
        """Ask for the PIN; on the right one unlock, close and emit ``admin_exit``."""
        if not PinPadDialog.ask(self, self.gate, self.runner):
            self.unlock_refused.emit()
            return False
        self.unlock()
        self.admin_exit.emit()
        self.close()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked:
            event.ignore()
            return
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked:
            return False
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
                event, QKeyEvent) and is_quit_key(event):
            event.accept()
            return True
        if kind == QEvent.Type.Close and watched is self:
            event.ignore()
            return True
        if not (event.spontaneous() and isinstance(watched, QWidget)
                and watched.window() is self):
            return False  # a press reaches one widget spontaneously, then its parents
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._on_press(event.globalPosition().toPoint())
        elif kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent) and event.points():
            self._on_press(event.points()[0].globalPosition().toPoint())
        return False

    def _on_press(self, global_pos: QPoint) -> None:
        if not self.isVisible():
            return
        local = self.mapFromGlobal(global_pos)
        if 0 <= local.x() < CORNER_PX and 0 <= local.y() < CORNER_PX:
            if self.gesture.tap():
                self.request_admin_exit()
        else:
            self.gesture.miss()


class PinPadDialog(QDialog):
    """A big-digit PIN pad checked against a :class:`PinGate` (lock-out included).

    A check costs tens of milliseconds of scrypt by design, so it runs on the task
    runner's threads; the keys wait meanwhile (:attr:`checking`). Tests replace
    :meth:`ask`, the only way views open it.
    """

    def __init__(self, gate: PinGate, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinPadDialog")
        self.setModal(True)
        self.gate = gate
        self.runner = runner
        self.checking = False
        self.texts = TextBinder()
        self.pin = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(14)
        self.title_label = plain_label("", "title")
        self.dots_label = plain_label(" ", "pin-dots")
        self.dots_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = MessageArea(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.dots_label)
        layout.addWidget(self.message)
        layout.addLayout(self._build_keys())
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Staff only"))
        self.texts.bind(self.title_label.setText, lambda: self.tr("Staff only: enter the PIN"))
        self.texts.bind(self.dots_label.setAccessibleName, lambda: self.tr("Digits entered"))
        self._refresh()

    @classmethod
    def ask(cls, parent: QWidget | None, gate: PinGate, runner: TaskRunner) -> bool:
        """Whether the right PIN was entered (the seam tests replace)."""
        dialog = cls(gate, runner, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def press_digit(self, digit: str) -> None:
        if len(self.pin) < _MAX_PIN_DIGITS and not self.checking:
            self.pin += digit
        self._refresh()

    def press_backspace(self) -> None:
        self.pin = self.pin[:-1]
        self._refresh()

    def press_enter(self) -> None:
        """Check the PIN off the GUI thread; accept on the right one, else say why."""
        if self.checking or not self.pin:
            return
        pin, gate = self.pin, self.gate
        self.pin = ""
        self.checking = self.runner.run(lambda: gate.attempt(pin), self._on_checked,
                                        self._on_check_failed, name="kiosk.admin_pin",
                                        context=self)
        self._refresh()

    def _on_check_failed(self, _error: BaseException) -> None:
        self.checking = False
        self._refresh()
        self.message.show_error(self.tr("The PIN could not be checked. Try again."))

    def _on_checked(self, result: PinResult) -> None:
        self.checking = False
        self._refresh()
        if result.outcome is PinOutcome.OK:
            self.accept()
        elif result.outcome is PinOutcome.LOCKED and result.locked_until is not None:
            seconds = (result.locked_until - self.gate.clock.now()).total_seconds()
            minutes = max(1, math.ceil(seconds / 60))
            self.message.show_error(
                self.tr("Too many wrong tries. Try again in %n minute(s).", "", minutes))
        else:
            self.message.show_error(
                self.tr("Wrong PIN. %n try(ies) left.", "", result.tries_left))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and text.isascii():
            self.press_digit(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press_backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press_enter()
        else:
            super().keyPressEvent(event)

    def _build_keys(self) -> QVBoxLayout:
        grid = QGridLayout()
        grid.setSpacing(10)
        self.digit_buttons: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            key = button(digit, accessible=digit)
            key.clicked.connect(lambda _=False, d=digit: self.press_digit(d))
            grid.addWidget(key, index // 3, index % 3)
            self.digit_buttons[digit] = key
        self.back_button = button("\u232b", "ghost")
        self.back_button.clicked.connect(self.press_backspace)
        zero = button("0", accessible="0")
        zero.clicked.connect(lambda: self.press_digit("0"))
        self.digit_buttons["0"] = zero
        self.enter_button = button("OK", "primary")
        self.enter_button.clicked.connect(self.press_enter)
        grid.addWidget(self.back_button, 3, 0)
        grid.addWidget(zero, 3, 1)
        grid.addWidget(self.enter_button, 3, 2)
        self.cancel_button = button("", "ghost")
        self.cancel_button.clicked.connect(self.reject)
        self.texts.bind(self.back_button.setAccessibleName, lambda: self.tr("Delete a digit"))
        self.texts.bind(self.enter_button.setAccessibleName, lambda: self.tr("Check the PIN"))
        self.texts.bind(self.cancel_button.setText, lambda: self.tr("Cancel"))
        self.texts.bind(self.cancel_button.setAccessibleName, lambda: self.tr("Cancel"))
        column = QVBoxLayout()
        column.setSpacing(14)
        column.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        column.addLayout(row)
        return column

    def _refresh(self) -> None:
        self.dots_label.setText("\u25cf " * len(self.pin) or "\u2013")
        self.enter_button.setEnabled(bool(self.pin) and not self.checking)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.retranslate()
        super().changeEvent(event)
