"""The health of the sync to the ticketing system: counts, failures with reasons, retry."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.notify import NotifyHealth, NotifyService
from kiosk.app.sync_health import DeliveryProblem, SyncHealth, SyncHealthService
from ui.common.tasks import TaskRunner
from ui.common.theme import set_property
from ui.common.widgets import ListWithEmptyText, MessageArea, button, card, open_link, plain_label
from ui.liaison.outcome import Outcome

_COUNTS = {"pending": "Pending", "failed": "Failed", "sent": "Sent", "last": "Last success"}
_EMPTY = {"problems": "No failed or retrying deliveries: everything sent went through.",
          "delivered": "Nothing has been delivered yet."}
#: Failed messages named on the notifications line (the newest first).
NOTIFY_FAILURES_SHOWN = 3
#: Without a ticketing system only the visits kept are counted, on a card this wide.
_KEPT_WIDTH = 420
_ANY_WIDTH = 16_777_215  # QWIDGETSIZE_MAX


def _when(moment: datetime | None, offset: timedelta) -> str:
    return "never" if moment is None else (moment + offset).strftime("%Y-%m-%d %H:%M")


def notify_text(health: NotifyHealth, offset: timedelta) -> str:
    """The notifications line: what is pending, sent and failed, and the newest failures."""
    if not health.channels:
        return ("Notifications: no channel is set up, so visitors follow their status page "
                "only (see [notify] in docs/deployment.md).")
    text = (f"Notifications by {', '.join(health.channels)}: {health.pending} pending, "
            f"{health.sent} sent, {health.failed} failed.")
    for ticket, reason, queued in health.failures[:NOTIFY_FAILURES_SHOWN]:
        text += f"\n{ticket} \u00b7 queued {_when(queued, offset)} \u00b7 {reason or 'no reason given'}"
    return text


def status_text(health: SyncHealth) -> tuple[str, str]:
    """What the banner says about the sync, and its tone (info, error or success)."""
    if health.backend == "none":
        return ("No ticketing system is set up: visits are kept here and sent once one "
                "is configured."), "info"
    if health.failed:
        return (f"{health.failed} visit(s) could not be sent and need a look. "
                "Fix the cause, then retry."), "error"
    if health.retrying:
        return f"{len(health.retrying)} visit(s) are being retried.", "info"
    return f"Sync to {health.backend} is healthy.", "success"


class SyncPanel(QWidget):
    """Pending, failed (with the reason) and the last success; retry one or all.

    Signals:
        retry_requested(object): a visit id to retry, or None for every failed one.
        refresh_requested(): the "Refresh" button.
    """

    retry_requested = Signal(object)
    refresh_requested = Signal()

    def __init__(self, utc_offset: timedelta, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.utc_offset = utc_offset
        self.health: SyncHealth | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(14)
        self.status_label = MessageArea(self)
        self.status_label.setAccessibleName("Sync status")
        self.status_label.show_info("Checking the sync\u2026")
        layout.addWidget(self.status_label)
        layout.addLayout(self._build_counts())
        self.notify_label = plain_label("", "field", wrap=True)
        self.notify_label.setAccessibleName("Notifications")
        self.notify_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notify_label.hide()
        layout.addWidget(self.notify_label)
        self.problems_card = self._build_problems()
        self.delivered_card = self._build_delivered()
        layout.addWidget(self.problems_card, 1)
        layout.addWidget(self.delivered_card, 1)
        layout.addStretch(0)  # takes the room when the lists are hidden (no ticketing system)
        self.delivered.itemActivated.connect(self.on_delivered_activated)
        self.retry_button.clicked.connect(self.on_retry_clicked)
        self.retry_all_button.clicked.connect(lambda: self.retry_requested.emit(None))
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.problems.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def _build_counts(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(14)
        self.values: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}
        self.cards: dict[str, QFrame] = {}
        self.kept_hint = plain_label("Sent once a ticketing system is configured.", "stat-hint",
                                     wrap=True)
        self.kept_hint.hide()
        for key, title in _COUNTS.items():
            frame, box = card(self)
            box.setContentsMargins(18, 12, 18, 12)
            box.setSpacing(2)
            self.titles[key] = plain_label(title.upper(), "stat-label")
            box.addWidget(self.titles[key])
            value = plain_label("\u2013", "stat-value" if key != "last" else "kpi-value")
            value.setAccessibleName(title)
            box.addWidget(value)
            if key == "pending":
                box.addWidget(self.kept_hint)
            self.values[key] = value
            self.cards[key] = frame
            row.addWidget(frame, 1)
        row.addStretch(0)  # takes the room of the cards hidden without a ticketing system
        return row

    def _build_problems(self) -> QFrame:
        frame, box = card(self)
        box.addWidget(plain_label("FAILED AND RETRYING DELIVERIES", "section"))
        self.problems = ListWithEmptyText(_EMPTY["problems"], frame)
        self.problems.setAccessibleName("Failed deliveries")
        self.problems.setMinimumHeight(120)
        box.addWidget(self.problems, 1)
        buttons = QHBoxLayout()
        self.retry_button = button("Retry selected", "primary")
        self.retry_all_button = button("Retry all failed")
        self.refresh_button = button("Refresh")
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.retry_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        box.addLayout(buttons)
        return frame

    def _build_delivered(self) -> QFrame:
        frame, box = card(self)
        box.addWidget(plain_label("DELIVERED (TICKET IN THE TICKETING SYSTEM)", "section"))
        self.delivered = ListWithEmptyText(_EMPTY["delivered"], frame)
        self.delivered.setAccessibleName("Delivered visits and their tickets")
        self.delivered.setMinimumHeight(120)
        self.delivered.setToolTip("Double-click to open the ticket")
        box.addWidget(self.delivered, 1)
        return frame

    def set_health(self, health: SyncHealth) -> None:
        self.health = health
        for key, value in (("pending", health.pending), ("failed", health.failed),
                           ("sent", health.sent)):
            self.values[key].setText(str(value))
        self.values["last"].setText(_when(health.last_success_at, self.utc_offset))
        self._show_backend(health.backend != "none")
        text, tone = status_text(health)
        {"error": self.status_label.show_error, "success": self.status_label.show_success,
         "info": self.status_label.show_info}[tone](text)
        selected = self.selected_visit()
        self.problems.clear()
        for problem in health.failures:
            self._add(problem, failed=True, selected=selected)
        for problem in health.retrying:
            self._add(problem, failed=False, selected=selected)
        self.delivered.clear()
        for sent in health.delivered:
            ticket = f"ticket {sent.external_id}" if sent.external_id else "no ticket id returned"
            item = QListWidgetItem(f"{sent.ticket_number} \u00b7 {ticket} \u00b7 sent "
                                   f"{_when(sent.sent_at, self.utc_offset)}"
                                   + (f"\n{sent.external_url}" if sent.external_url else ""))
            item.setData(Qt.ItemDataRole.UserRole, sent.external_url)
            self.delivered.addItem(item)
        self._update_buttons()

    def set_notify_health(self, health: NotifyHealth) -> None:
        """The "tell me when I'm close" messages: counts, and the newest failures."""
        self.notify_label.setText(notify_text(health, self.utc_offset))
        set_property(self.notify_label, "attention", bool(health.failed))
        self.notify_label.show()

    def _show_backend(self, configured: bool) -> None:
        """Without a ticketing system nothing is late: what waits is kept, not a backlog."""
        self.titles["pending"].setText("PENDING" if configured else "KEPT HERE")
        self.kept_hint.setVisible(not configured)
        self.cards["pending"].setMaximumWidth(_ANY_WIDTH if configured else _KEPT_WIDTH)
        for widget in (self.cards["failed"], self.cards["sent"], self.cards["last"],
                       self.problems_card, self.delivered_card):
            widget.setVisible(configured)

    def on_delivered_activated(self, item: QListWidgetItem) -> None:
        open_link(str(item.data(Qt.ItemDataRole.UserRole) or ""))

    def selected_visit(self) -> str | None:
        item = self.problems.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole + 1) != "failed":
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def on_retry_clicked(self) -> None:
        visit_id = self.selected_visit()
        if visit_id is not None:
            self.retry_requested.emit(visit_id)

    def _add(self, problem: DeliveryProblem, *, failed: bool, selected: str | None) -> None:
        state = ("failed for good" if failed
                 else f"retry at {_when(problem.next_attempt_at, self.utc_offset)}")
        item = QListWidgetItem(f"{problem.ticket_number} \u00b7 {state} \u00b7 "
                               f"{problem.attempts} attempt(s)\n{problem.reason or 'no reason given'}")
        item.setData(Qt.ItemDataRole.UserRole, problem.visit_id)
        item.setData(Qt.ItemDataRole.UserRole + 1, "failed" if failed else "retrying")
        self.problems.addItem(item)
        if problem.visit_id == selected:
            self.problems.setCurrentItem(item)

    def _update_buttons(self) -> None:
        failed = bool(self.health and self.health.failed)
        self.retry_button.setEnabled(self.selected_visit() is not None)
        self.retry_all_button.setEnabled(failed)
        set_property(self.retry_all_button, "attention", failed)


class SyncReader(QObject):
    """Reads the sync's health into a :class:`SyncPanel` and puts failed visits back in line.

    Signals:
        read(SyncHealth): a fresh reading arrived (after the panel shows it).
    """

    read = Signal(object)

    def __init__(self, panel: SyncPanel, sync: SyncHealthService, runner: TaskRunner,
                 outcome: Outcome, *, notify: NotifyService | None = None) -> None:
        super().__init__(panel)
        self.panel = panel
        self.sync = sync
        self.notify = notify
        self.runner = runner
        self.outcome = outcome
        panel.retry_requested.connect(self.on_retry_requested)
        panel.refresh_requested.connect(self.refresh)

    def refresh(self) -> None:
        self.runner.run(self.sync.health, self._on_health, self.outcome.error,
                        name="liaison.sync", context=self)
        if self.notify is not None:
            self.runner.run(self.notify.health, self.panel.set_notify_health,
                            self.outcome.error, name="liaison.notify_health", context=self)

    def on_retry_requested(self, visit_id: str | None) -> None:
        sync = self.sync

        def done(count: int) -> None:
            self.outcome.success(f"{count} visit(s) put back in line for sending.")
            self.refresh()

        self.runner.run(lambda: sync.retry(visit_id), done, self.outcome.error,
                        name="liaison.retry", context=self)

    def _on_health(self, health: SyncHealth) -> None:
        self.panel.set_health(health)
        self.read.emit(health)
