"""Lock-down: full screen, frameless, no way out but the corner gesture and the admin PIN."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.security import PinGate, PinResult
from kiosk.clock import ManualClock
from kiosk.domain.pins import hash_pin
from ui.checkin.lockdown import CornerTapGesture, KioskWindow, PinPadDialog, is_quit_key
from ui.common.i18n import LanguageManager
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
PIN = "482916"


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture(autouse=True)
def english() -> Iterator[LanguageManager]:
    """English with its plural forms ("1 try", "4 tries"), as on the kiosk."""
    manager = LanguageManager(("en",), "en")
    yield manager
    manager.deleteLater()


@pytest.fixture
def checks() -> Iterator[TaskRunner]:
    """The runner PINs are checked on (no database needed)."""
    runner = TaskRunner()
    yield runner
    assert runner.shutdown(10_000)
    runner.deleteLater()


@pytest.fixture
def window(qtbot: QtBot, pin_hash: str, clock: ManualClock, checks: TaskRunner) -> KioskWindow:
    content = QLabel("kiosk")
    content.setWindowTitle("HQ Tech Bar \u2014 Check in")
    locked = KioskWindow(content, PinGate(pin_hash, clock), checks)
    qtbot.addWidget(locked)
    locked.show_kiosk()
    qtbot.waitExposed(locked)
    return locked


def _key(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
         ) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, modifiers)


def test_window_is_full_screen_frameless_and_titled(window: KioskWindow) -> None:
    assert window.isFullScreen()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowTitle() == "HQ Tech Bar \u2014 Check in"


def test_close_does_nothing(window: KioskWindow, qtbot: QtBot) -> None:
    assert window.close() is False
    qtbot.wait(20)
    assert window.isVisible()


@pytest.mark.parametrize(("key", "modifiers"), [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.ControlModifier),
])
def test_quit_keys_do_nothing(window: KioskWindow, qtbot: QtBot, key: Qt.Key,
                              modifiers: Qt.KeyboardModifier) -> None:
    assert is_quit_key(_key(key, modifiers))
    qtbot.keyClick(window.content, key, modifiers)
    qtbot.keyClick(window, key, modifiers)
    assert window.isVisible()
    assert window.locked


def test_ordinary_keys_are_not_quit_keys() -> None:
    assert not is_quit_key(_key(Qt.Key.Key_Q))
    assert not is_quit_key(_key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier))
    assert not is_quit_key(_key(Qt.Key.Key_Return))


def test_five_taps_in_the_corner_and_the_pin_let_an_admin_out(
        window: KioskWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[QWidget | None] = []

    def ask(parent: QWidget | None, gate: PinGate, runner: TaskRunner) -> bool:
        asked.append(parent)
        return True

    monkeypatch.setattr(PinPadDialog, "ask", ask)
    for _ in range(4):
        qtbot.mouseClick(window.content, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert asked == []
    with qtbot.waitSignal(window.admin_exit, timeout=1_000):
        qtbot.mouseClick(window.content, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert asked == [window]
    assert not window.locked
    assert not window.isVisible(), "unlocked, the window closes"


def test_wrong_pin_or_cancel_keeps_the_lock(window: KioskWindow, qtbot: QtBot,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PinPadDialog, "ask", lambda parent, gate, runner: False)
    with qtbot.waitSignal(window.unlock_refused, timeout=1_000):
        for _ in range(5):
            qtbot.mouseClick(window.content, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.locked
    assert window.isVisible()


def test_a_tap_elsewhere_breaks_the_gesture(window: KioskWindow, qtbot: QtBot,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(PinPadDialog, "ask", lambda parent, gate, runner: asked.append(1) or False)
    middle = QPoint(window.width() // 2, window.height() // 2)
    for pos in [QPoint(5, 5)] * 3 + [middle] + [QPoint(5, 5)] * 4:
        qtbot.mouseClick(window.content, Qt.MouseButton.LeftButton, pos=pos)
    assert asked == []


def test_gesture_needs_five_taps_within_three_seconds() -> None:
    now = [0.0]
    gesture = CornerTapGesture(monotonic=lambda: now[0])
    results = []
    for step in (0.0, 1.0, 1.0, 1.0, 0.5):  # the fifth tap is 3.5 s after the first
        now[0] += step
        results.append(gesture.tap())
    assert results == [False] * 5
    now[0] += 0.1
    assert gesture.tap(), "taps 2-6 fall within 3 s"


def test_unlocked_window_closes_normally(qtbot: QtBot, pin_hash: str, clock: ManualClock,
                                         checks: TaskRunner) -> None:
    window = KioskWindow(QLabel("kiosk"), PinGate(pin_hash, clock), checks, locked=False)
    qtbot.addWidget(window)
    window.show_kiosk()
    assert not window.isFullScreen()
    assert window.close()


def _enter(pad: PinPadDialog, qtbot: QtBot, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.enter_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pad.checking, timeout=5_000)


def test_pin_pad_locks_out_after_five_wrong_pins(qtbot: QtBot, pin_hash: str,
                                                 clock: ManualClock, checks: TaskRunner) -> None:
    pad = PinPadDialog(PinGate(pin_hash, clock), checks)
    qtbot.addWidget(pad)
    pad.show()
    _enter(pad, qtbot, "1111")
    assert pad.message.text() == "Wrong PIN. 4 tries left."
    assert pad.pin == "", "a wrong PIN is cleared"
    for _ in range(3):
        _enter(pad, qtbot, "1111")
    assert pad.message.text() == "Wrong PIN. 1 try left."
    _enter(pad, qtbot, "1111")
    assert pad.message.text() == "Too many wrong tries. Try again in 5 minutes."
    _enter(pad, qtbot, PIN)
    assert pad.result() != QDialog.DialogCode.Accepted, "locked: even the right PIN fails"
    clock.advance(timedelta(minutes=4, seconds=30))
    _enter(pad, qtbot, PIN)
    assert pad.message.text() == "Too many wrong tries. Try again in 1 minute."
    clock.advance(timedelta(seconds=30))
    _enter(pad, qtbot, PIN)
    assert pad.result() == QDialog.DialogCode.Accepted


def test_pin_pad_takes_digits_from_the_keyboard(qtbot: QtBot, pin_hash: str,
                                                clock: ManualClock, checks: TaskRunner) -> None:
    pad = PinPadDialog(PinGate(pin_hash, clock), checks)
    qtbot.addWidget(pad)
    pad.show()
    qtbot.keyClicks(pad, "48x")
    assert pad.pin == "48"
    assert pad.dots_label.text().count("\u25cf") == 2
    assert PIN not in pad.dots_label.text()
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.pin == "4"
    qtbot.keyClicks(pad, PIN[1:])
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pad.result() == QDialog.DialogCode.Accepted, timeout=5_000)


def test_the_pin_is_checked_off_the_gui_thread(qtbot: QtBot, pin_hash: str,
                                               clock: ManualClock, checks: TaskRunner) -> None:
    checked_on: list[threading.Thread] = []

    class Watched(PinGate):
        def attempt(self, pin: str) -> PinResult:
            checked_on.append(threading.current_thread())
            return super().attempt(pin)

    pad = PinPadDialog(Watched(pin_hash, clock), checks)
    qtbot.addWidget(pad)
    pad.show()
    _enter(pad, qtbot, PIN)
    assert pad.result() == QDialog.DialogCode.Accepted
    assert checked_on
    assert checked_on[0] is not threading.main_thread()
