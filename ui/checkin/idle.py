"""Idle reset: "Still there?" after a quiet while, then forget everything.

:class:`IdleWatcher` filters the application's input events (touch, mouse buttons,
keys, wheel); any of them counts as activity. After ``idle_seconds`` without one it
asks (``idle_started``), counts down at least :data:`MIN_COUNTDOWN_SECONDS` and
then gives up (``expired``). A "second" lasts ``second_ms`` milliseconds, so tests
run the whole cycle in a few dozen milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.common.i18n import TextBinder
from ui.common.theme import current_colours, set_kind
from ui.common.widgets import button, plain_label

MIN_COUNTDOWN_SECONDS = 20
"""WCAG 2.2.1: warn, and give at least 20 seconds to ask for more time."""

ACTIVITY_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd, QEvent.Type.KeyPress, QEvent.Type.Wheel,
    QEvent.Type.TabletPress,
})


class IdleWatcher(QObject):
    """Watches the whole application for input and runs the idle countdown.

    ``should_watch`` says whether there is anything to protect (e.g. the welcome
    page, untouched, needs no countdown); when it says no, the idle time restarts.

    Signals:
        idle_started(int): the countdown began, seconds left.
        countdown(int): seconds left, once a second.
        resumed(): someone touched the screen during the countdown.
        expired(): the countdown ran out.
    """

    idle_started = Signal(int)
    countdown = Signal(int)
    resumed = Signal()
    expired = Signal()

    def __init__(self, idle_seconds: float = 45, countdown_seconds: int = MIN_COUNTDOWN_SECONDS,
                 *, second_ms: int = 1000, should_watch: Callable[[], bool] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.countdown_seconds = max(MIN_COUNTDOWN_SECONDS, int(countdown_seconds))
        self.should_watch = should_watch or (lambda: True)
        self.second_ms = second_ms
        self.remaining = 0
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(max(1, round(idle_seconds * second_ms)))
        self.idle_timer.timeout.connect(self.on_idle_timer_timeout)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(max(1, second_ms))
        self.tick_timer.timeout.connect(self.on_tick_timer_timeout)
        self._active = False

    @property
    def counting(self) -> bool:
        """Whether the "Still there?" countdown is running."""
        return self.tick_timer.isActive()

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        """Install the filter on the application and start the idle time."""
        app = QCoreApplication.instance()
        if app is not None and not self._active:
            app.installEventFilter(self)
        self._active = True
        self.restart()

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._active:
            app.removeEventFilter(self)
        self._active = False
        self.idle_timer.stop()
        self.tick_timer.stop()

    def restart(self) -> None:
        """Activity: forget the quiet time so far (and end a countdown)."""
        was_counting = self.counting
        self.tick_timer.stop()
        if self._active:
            self.idle_timer.start()
        if was_counting:
            self.resumed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._active and event.type() in ACTIVITY_EVENTS:
            self.restart()
        return False

    def on_idle_timer_timeout(self) -> None:
        if not self.should_watch():
            self.idle_timer.start()
            return
        self.remaining = self.countdown_seconds
        self.tick_timer.start()
        self.idle_started.emit(self.remaining)

    def on_tick_timer_timeout(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self.countdown.emit(self.remaining)
            return
        self.tick_timer.stop()
        self.expired.emit()
        if self._active:
            self.idle_timer.start()


class IdleOverlay(QWidget):
    """The "Still there?" question over the whole kiosk, with the seconds left.

    Signals:
        still_here(): the visitor pressed "I'm still here".
    """

    still_here = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("IdleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.texts = TextBinder()
        self.seconds = MIN_COUNTDOWN_SECONDS
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self._card(), 0)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(1)
        self.texts.bind(self.title_label.setText, lambda: self.tr("Still there?"))
        self.texts.bind(self.hint_label.setText, lambda: self.tr(
            "For your privacy, this screen will start over and forget what you typed in"))
        self.texts.bind(self.still_here_button.setText, lambda: self.tr("I'm still here"))
        self.texts.bind(self.still_here_button.setAccessibleName,
                        lambda: self.tr("I'm still here"))
        self.texts.bind(self.count_label.setAccessibleName,
                        lambda: self.tr("Seconds left before the screen starts over"))
        self.hide()

    def _card(self) -> QFrame:
        """The question, the seconds left and the button, on a card in the middle."""
        card = QFrame(self)
        set_kind(card, "overlay-card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(56, 40, 56, 40)
        inner.setSpacing(10)
        self.title_label = plain_label("", "title", wrap=True)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label = plain_label("", "subtitle", wrap=True)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_label = plain_label("", "countdown")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unit_label = plain_label("", "subtitle")
        self.unit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still_here_button = button("", "primary")
        self.still_here_button.setMinimumWidth(360)
        self.still_here_button.clicked.connect(self.still_here.emit)
        for widget in (self.title_label, self.hint_label, self.count_label, self.unit_label):
            inner.addWidget(widget)
        inner.addSpacing(16)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.still_here_button)
        row.addStretch(1)
        inner.addLayout(row)
        return card

    def show_countdown(self, seconds: int) -> None:
        """Cover the parent and show ``seconds``; the button gets the focus."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.set_seconds(seconds)
        self.show()
        self.raise_()
        self.still_here_button.setFocus()

    def set_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.count_label.setText(str(seconds))
        self.unit_label.setText(self.tr("%n second(s)", "", seconds))

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.set_seconds(self.seconds)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        scrim = QColor(current_colours().scrim)
        scrim.setAlpha(170)
        painter.fillRect(self.rect(), scrim)
        painter.end()
