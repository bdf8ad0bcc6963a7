"""When the database cannot be reached: one view of it per process, and the banner.

:class:`Connectivity` is the process's one answer to "can we reach the database?". It
follows every task of the process's :class:`~ui.common.tasks.TaskRunner` and the floor
feeds it is given: an outage (:class:`~kiosk.errors.DatabaseOffline`, or the store
unavailable) takes it offline; while offline it tries a cheap read every
:data:`PROBE_MS` through the runner, and the first good read (its own, or a feed's)
brings it back, when the feeds it follows are asked to catch up at once. It logs one
warning per outage and one line when the database is back, never a traceback.

Every window shows an :class:`OfflineBanner` driven by it, and clears the outage
messages it showed (:class:`OutageNotice`) when the database is back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.errors import SchemaTooNew, StoreUnavailable
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner, describe_error
from ui.common.theme import current_colours
from ui.common.widgets import MessageArea, plain_label

log = logging.getLogger(__name__)
PROBE_MS = 2000
"""How often an offline process tries to reach the database again."""
PROBE_TASK = "connectivity.probe"
AUDIENCES = ("staff", "board", "kiosk")


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached (worth waiting out)."""
    return isinstance(error, StoreUnavailable) and not isinstance(error, SchemaTooNew)


class Connectivity(QObject):
    """Whether the process can reach the database (see the module docstring).

    One per process: :meth:`of` returns the runner's own, made on first use.

    Args:
        runner: the process's task runner (every database call goes through it).
        probe: a cheap read of the database, run off the GUI thread while offline.

    Signals:
        went_offline(str): the database cannot be reached; why, in a few words.
        came_back(): the database answered again.
    """

    went_offline = Signal(str)
    came_back = Signal()

    def __init__(self, runner: TaskRunner, probe: Callable[[], Any], *,
                 probe_ms: int = PROBE_MS) -> None:
        super().__init__(runner)
        self.setObjectName("connectivity")
        self._runner = runner
        self._probe = probe
        self._offline = False
        self._since = 0.0
        self._probing = False
        self._feeds: list[FloorFeed] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(probe_ms)
        self._timer.timeout.connect(self.probe_now)
        runner.errored.connect(self.on_runner_errored)
        runner.succeeded.connect(self.on_runner_succeeded)

    @classmethod
    def of(cls, runner: TaskRunner, probe: Callable[[], Any]) -> Connectivity:
        """The process's connectivity: the runner's own (``probe`` is used when it is made)."""
        found = runner.findChild(cls, "connectivity", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, cls) else cls(runner, probe)

    @property
    def offline(self) -> bool:
        return self._offline

    def follow(self, feed: FloorFeed) -> None:
        """Take a feed's failures and recoveries into account (once per feed)."""
        if any(known is feed for known in self._feeds):
            return
        self._feeds.append(feed)
        feed.failed.connect(self.report)
        feed.recovered.connect(self.on_feed_recovered)

    def report(self, error: BaseException) -> bool:
        """Take an error into account; whether it was an outage."""
        if not is_outage(error):
            return False
        if not self._offline:
            self._offline = True
            self._since = time.monotonic()
            reason = str(getattr(error, "reason", "") or type(error).__name__)
            log.warning("database unreachable (%s): windows show it and retry every %g s",
                        reason, self._timer.interval() / 1000)
            self.went_offline.emit(reason)
            self._timer.start()
        return True

    def probe_now(self) -> None:
        """While offline, try a read now (unless one is under way)."""
        if not self._offline or self._probing or self._runner.is_closed:
            return
        self._probing = self._runner.run(self._probe, self._on_probe_done, self._on_probe_failed,
                                         name=PROBE_TASK, context=self)

    def on_runner_errored(self, name: str, error: BaseException) -> None:
        if name != PROBE_TASK:
            self.report(error)

    def on_runner_succeeded(self, name: str) -> None:
        """A task reached the database while offline: check at once that it is back."""
        if name != PROBE_TASK:
            self.probe_now()

    def on_feed_recovered(self) -> None:
        self._back()

    def _on_probe_done(self, _result: object) -> None:
        self._probing = False
        self._back()

    def _on_probe_failed(self, _error: BaseException) -> None:
        self._probing = False
        if self._offline:
            self._timer.start()

    def _back(self) -> None:
        if not self._offline:
            return
        self._offline = False
        self._timer.stop()
        log.info("database reachable again after %.0f s", time.monotonic() - self._since)
        self.came_back.emit()
        for feed in self._feeds:
            if shiboken6.isValid(feed):
                feed.poll_now()  # catch up now, not at the feed's next tick


class OfflineBanner(QFrame):
    """A strip across a window while the database cannot be reached, hidden otherwise.

    Announced to assistive technology (an alert) when it appears; themed from the
    current theme's error colours; its text follows the language.

    Args:
        audience: what it says: ``"staff"`` (console, liaison), ``"board"`` (the waiting
            room) or ``"kiosk"`` (a visitor: please see the front desk).
        large: kiosk-sized text.
    """

    def __init__(self, connectivity: Connectivity, audience: str = "staff", *,
                 large: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience '{audience}': use one of {', '.join(AUDIENCES)}")
        self.audience = audience
        self.setObjectName("OfflineBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 10 if not large else 16, 24, 10 if not large else 16)
        layout.setSpacing(2)
        self.title_label = plain_label("", parent=self, wrap=True)
        self.detail_label = plain_label("", parent=self, wrap=True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.detail_label)
        self._style(large)
        self.retranslate()
        connectivity.went_offline.connect(self.on_offline)
        connectivity.came_back.connect(self.hide)
        self.setVisible(connectivity.offline)

    def texts(self) -> tuple[str, str]:
        """The title and the line under it, in the current language."""
        if self.audience == "kiosk":
            return (self.tr("Check-in is not available right now."),
                    self.tr("Please see the front desk: they will help you."))
        if self.audience == "board":
            return (self.tr("Reconnecting\u2026"),
                    self.tr("The board will update again in a moment."))
        return (self.tr("Offline: the database cannot be reached."),
                self.tr("Nothing you typed is lost. Tech Bar reconnects by itself; "
                        "try again once this bar is gone."))

    def retranslate(self) -> None:
        title, detail = self.texts()
        self.title_label.setText(title)
        self.detail_label.setText(detail)
        self.setAccessibleName(self.tr("Offline"))
        self.setAccessibleDescription(f"{title} {detail}")

    def on_offline(self, _reason: str = "") -> None:
        self.show()
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _style(self, large: bool) -> None:
        colours = current_colours()
        title_px, detail_px = (24, 19) if large else (16, 14)
        self.setStyleSheet(
            f"QFrame#OfflineBanner {{ background: {colours.error_bg};"
            f" border: none; border-bottom: 2px solid {colours.error_border}; }}"
            f" QFrame#OfflineBanner QLabel {{ color: {colours.error_text}; }}")
        self.title_label.setStyleSheet(f"font-size: {title_px}px; font-weight: 700;")
        self.detail_label.setStyleSheet(f"font-size: {detail_px}px;")


class OutageNotice(QObject):
    """A window's message bar showing an outage error, cleared when the database is back
    (unless another message took its place meanwhile)."""

    def __init__(self, connectivity: Connectivity, message: MessageArea,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._message = message
        self._shown = ""
        connectivity.came_back.connect(self.on_back)

    def show(self, error: BaseException) -> bool:
        """Show an outage error; False (nothing shown) for any other error."""
        if not is_outage(error):
            return False
        self._shown = describe_error(error)
        self._message.show_error(self._shown)
        return True

    def on_back(self) -> None:
        if self._shown and self._message.text() == self._shown:
            self._message.clear_message()
        self._shown = ""
