"""Badge and QR scans from a keyboard-wedge reader, told apart from human typing.

A reader "types" what it reads: a fast burst of key presses ending in Enter. The
:class:`ScanDetector` watches the application's key presses (while its owner says
so) and lets them reach the focused widget as usual; when Enter ends a burst of at
least ``min_chars`` characters, each within ``max_gap_ms`` of the one before, it
puts the focused text field back as it was before the burst, swallows the Enter and
emits ``scanned``. Slow keys are a person typing and are left alone. The clock is
injectable, so tests decide how fast "fast" is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

MIN_SCAN_CHARS = 4
MAX_GAP_MS = 50.0
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORDS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
           | Qt.KeyboardModifier.MetaModifier)


class ScanDetector(QObject):
    """Turns a burst of key presses ending in Enter into one ``scanned`` text.

    Args:
        accepting: whether scans are wanted now (e.g. only on the welcome page).
        monotonic: seconds from a monotonic clock (tests inject their own).

    Signals:
        scanned(str): what the reader typed, without the Enter.
    """

    scanned = Signal(str)

    def __init__(self, accepting: Callable[[], bool], *, min_chars: int = MIN_SCAN_CHARS,
                 max_gap_ms: float = MAX_GAP_MS,
                 monotonic: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.accepting = accepting
        self.min_chars = min_chars
        self.max_gap_ms = max_gap_ms
        self.monotonic = monotonic
        self._chars: list[str] = []
        self._last: float | None = None
        self._before: tuple[QLineEdit, str, int] | None = None
        self._active = False

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._active:
            app.installEventFilter(self)
            self._active = True

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._active:
            app.removeEventFilter(self)
        self._active = False
        self.forget()

    def forget(self) -> None:
        """Drop a half-seen burst."""
        self._chars.clear()
        self._last = None
        self._before = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent)
                or not isinstance(watched, QWidget) or not self.accepting()):
            return False
        window = watched.window()
        if watched is not (window.focusWidget() or window):
            return False  # the same press on its way up to the parents
        return self.on_key(event, watched)

    def on_key(self, event: QKeyEvent, target: QWidget) -> bool:
        """Record one key press for ``target``; True when it ended a scan (and is eaten)."""
        now = self.monotonic()
        quick = self._last is not None and (now - self._last) * 1000 <= self.max_gap_ms
        if event.key() in _ENTER:
            text = "".join(self._chars).strip()
            is_scan = quick and len(self._chars) >= self.min_chars and bool(text)
            if is_scan:
                self._undo()
            self.forget()
            if is_scan:
                self.scanned.emit(text)
            return is_scan
        typed = event.text()
        if not typed or not typed.isprintable() or event.modifiers() & _CHORDS:
            self.forget()
            return False
        if not quick:
            self.forget()
            if isinstance(target, QLineEdit):
                self._before = (target, target.text(), target.cursorPosition())
        self._chars.append(typed)
        self._last = now
        return False

    def _undo(self) -> None:
        """Put the text field the burst went into back as it was."""
        if self._before is None:
            return
        edit, text, cursor = self._before
        if shiboken6.isValid(edit):
            edit.setText(text)
            edit.setCursorPosition(cursor)
