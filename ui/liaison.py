"""The front-desk liaison view: the floor at a glance and the live queue."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.services import FloorSummary, VisitService
from ui.console import queue_table
from ui.feed import DEFAULT_POLL_MS, ChangeFeedPoller
from ui.models import QueueTableModel, format_wait
from ui.tasks import TaskRunner, describe_error
from ui.widgets import MessageArea, card, plain_label, top_bar

_COUNTS = (("waiting", "Waiting", "in line"), ("called", "Called", "on their way"),
           ("in_service", "In service", "with a technician"), ("parked", "Parked", "on hold"))


class LiaisonView(QWidget):
    """Counts by state and the longest wait (ticking), refreshed from the change feed."""

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 poll_ms: int = DEFAULT_POLL_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LiaisonView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{service.settings.site_name} \u2014 Floor")
        self.service = service
        self.runner = runner
        self.floor: FloorSummary | None = None
        self._floor_at: datetime | None = None
        self._floor_busy = False
        self._floor_stale = False
        self.model = QueueTableModel(service.clock, service.settings.categories, self)
        self.feed = ChangeFeedPoller(service, runner, interval_ms=poll_ms, parent=self)
        self.count_labels: dict[str, QLabel] = {}
        self.message = MessageArea(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        body = QVBoxLayout()
        body.setContentsMargins(24, 20, 24, 24)
        body.setSpacing(16)
        body.addWidget(self.message)
        body.addLayout(self._build_stats())
        body.addWidget(plain_label("QUEUE", "section"))
        self.table = queue_table(self.model, self)
        body.addWidget(self.table, 1)
        layout.addLayout(body, 1)
        self.feed.loaded.connect(self.model.load)
        self.feed.changed.connect(self.model.apply)
        self.feed.loaded.connect(self.refresh_floor)
        self.feed.changed.connect(self.refresh_floor)
        self.feed.ticked.connect(self.on_feed_ticked)
        self.runner.failed.connect(self.on_runner_failed)
        self.feed.start()

    def refresh_floor(self, *_args: object) -> None:
        """Ask for the floor summary again (once at a time; a request made meanwhile waits)."""
        if self._floor_busy:
            self._floor_stale = True
            return
        self._floor_busy = True
        service = self.service
        self.runner.run(service.floor, self._on_floor, self._on_floor_failed, name="liaison.floor")

    def on_feed_ticked(self) -> None:
        self.model.refresh_waits()
        self._show_longest_wait()

    def on_runner_failed(self, error: BaseException) -> None:
        self.message.show_error(describe_error(error))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.feed.stop()
        super().closeEvent(event)

    def _on_floor(self, floor: FloorSummary) -> None:
        self._floor_busy = False
        self.floor = floor
        self._floor_at = self.service.clock.now()
        for key, _title, _hint in _COUNTS:
            self.count_labels[key].setText(str(getattr(floor, key)))
        self._show_longest_wait()
        if self._floor_stale:
            self._floor_stale = False
            self.refresh_floor()

    def _on_floor_failed(self, error: BaseException) -> None:
        self._floor_busy = False
        self.message.show_error(describe_error(error))

    def _show_longest_wait(self) -> None:
        floor, since = self.floor, self._floor_at
        if floor is None or since is None:
            return
        if not floor.waiting:
            self.longest_label.setText("\u2014")
            self.longest_hint.setText("Nobody is waiting")
            return
        # The longest waiter keeps waiting until a change arrives, so the wait ticks on.
        wait = floor.longest_wait + (self.service.clock.now() - since)
        self.longest_label.setText(format_wait(wait))
        self.longest_hint.setText(f"Ticket {floor.longest_wait_ticket}")

    # ------------------------------------------------------------ layout

    def _build_top_bar(self) -> QFrame:
        bar, _row = top_bar(self, self.service.settings.site_name, "Floor overview")
        return bar

    def _build_stats(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(16)
        for key, title, hint in _COUNTS:
            frame, value, _ = self._stat(title, hint)
            self.count_labels[key] = value
            row.addWidget(frame, 1)
        frame, self.longest_label, self.longest_hint = self._stat("Longest wait", "")
        row.addWidget(frame, 2)
        return row

    def _stat(self, title: str, hint: str) -> tuple[QFrame, QLabel, QLabel]:
        frame, layout = card(self)
        frame.setAccessibleName(title)
        layout.addWidget(plain_label(title.upper(), "stat-label"))
        value = plain_label("\u2013", "stat-value")
        value.setAccessibleName(title)
        layout.addWidget(value)
        note = plain_label(hint, "stat-hint")
        layout.addWidget(note)
        return frame, value, note
