"""The front-desk liaison view: run the floor, post notices, read the metrics, watch the sync.

Four tabs under one header of live counts: **Floor** (SLA alerts, the queue with
reprioritise / move / remove, technicians, and a keyboard-first check-in form),
**Notices & delays**, **Metrics** (charts and CSV export) and **Sync**. Every service
call runs on the task runner; results and the core's errors come back to the message
area. Nothing here decides a business rule: :class:`~kiosk.app.floor.FloorService` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.directory import DirectoryService
from kiosk.app.export import export_to_file
from kiosk.app.floor import PRIORITY_CHOICES, FloorService, FloorSnapshot, priority_name
from kiosk.app.metrics import MetricsReport, MetricsService, Period
from kiosk.app.notices import Notice, NoticeService
from kiosk.app.sync_health import SyncHealth, retry_failed, sync_health
from kiosk.app.visits import VisitService
from kiosk.domain.visit import Visit
from ui.board.view import window_stylesheet
from ui.common.feed import DEFAULT_POLL_MS, ChangeFeedPoller
from ui.common.models import VISIT_ROLE, QueueTableModel, format_wait
from ui.common.queue_table import queue_table
from ui.common.tasks import TaskRunner, describe_error
from ui.common.widgets import MessageArea, button, card, plain_label, top_bar
from ui.liaison.dialogs import ChoiceDialog, ExportFileDialog, ReasonDialog
from ui.liaison.floor import AlertList, CheckInForm, CheckInRequest, TechnicianList
from ui.liaison.metrics import MetricsPanel
from ui.liaison.notices import BroadcastBox, NoticeDraft, NoticeEditor
from ui.liaison.sync import SyncPanel

_COUNTS = (("waiting", "Waiting", "in line"), ("called", "Called", "on their way"),
           ("in_service", "In service", "with a technician"), ("parked", "Parked", "on hold"))
#: The floor snapshot (technicians, alerts) is refreshed at least every this many ticks.
FLOOR_EVERY_TICKS = 5
TABS = ("floor", "notices", "metrics", "sync")


@dataclass(frozen=True)
class LiaisonServices:
    """The core services the liaison view uses (built from the visit service by default)."""

    floor: FloorService
    notices: NoticeService
    metrics: MetricsService
    directory: DirectoryService | None
    health: Callable[[], SyncHealth]
    retry: Callable[[str | None], int]

    @classmethod
    def from_visits(cls, service: VisitService) -> LiaisonServices:
        db, settings, clock = service.db, service.settings, service.clock
        notices = NoticeService(db, settings, clock)
        return cls(
            floor=FloorService(service, notices), notices=notices,
            metrics=MetricsService(db, settings, clock),
            directory=DirectoryService(db, clock, settings.site_id),
            health=lambda: sync_health(db, settings.backend),
            retry=lambda visit_id: retry_failed(db, clock, visit_id))


class LiaisonView(QWidget):
    """The liaison's window (see the module docstring)."""

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 poll_ms: int = DEFAULT_POLL_MS, services: LiaisonServices | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LiaisonView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{service.settings.site_name} \u2014 Floor")
        self.setStyleSheet(window_stylesheet("liaison.qss"))
        self.service = service
        self.runner = runner
        self.services = services or LiaisonServices.from_visits(service)
        self.settings = service.settings
        self.floor: FloorSnapshot | None = None
        self.notices: list[Notice] = []
        self.report: MetricsReport | None = None
        self.health: SyncHealth | None = None
        self._floor_at: datetime | None = None
        self._floor_busy = False
        self._floor_stale = False
        self._ticks = 0
        self.model = QueueTableModel(service.clock, service.settings.categories, self)
        self.feed = ChangeFeedPoller(service, runner, interval_ms=poll_ms, parent=self)
        self.count_labels: dict[str, QLabel] = {}
        self.message = MessageArea(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        body = QVBoxLayout()
        body.setContentsMargins(24, 16, 24, 20)
        body.setSpacing(14)
        body.addWidget(self.message)
        body.addLayout(self._build_stats())
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_floor_tab(), "Floor")
        self.tabs.addTab(_scrolled(self._build_notices_tab()), "Notices && delays")
        today = (service.clock.now() + self.settings.utc_offset).date()
        self.metrics_panel = MetricsPanel(self.settings.categories, today, self)
        self.tabs.addTab(_scrolled(self.metrics_panel), "Metrics")
        self.sync_panel = SyncPanel(self.settings.utc_offset, self)
        self.tabs.addTab(self.sync_panel, "Sync")
        body.addWidget(self.tabs, 1)
        layout.addLayout(body, 1)
        self._connect()
        self._update_actions()
        self.feed.start()

    # ------------------------------------------------------------ wiring

    def _connect(self) -> None:
        self.feed.loaded.connect(self.model.load)
        self.feed.changed.connect(self.model.apply)
        self.feed.loaded.connect(self.refresh_floor)
        self.feed.changed.connect(self.refresh_floor)
        self.feed.ticked.connect(self.on_feed_ticked)
        self.runner.failed.connect(self.on_runner_failed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.rowsRemoved.connect(lambda *_: self._update_actions())
        self.checkin_form.submitted.connect(self.on_checkin_submitted)
        self.reprioritise_button.clicked.connect(self.on_reprioritise_clicked)
        self.move_button.clicked.connect(self.on_move_clicked)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self.notice_editor.save_requested.connect(self.on_notice_save_requested)
        self.notice_editor.end_requested.connect(self.on_notice_end_requested)
        self.broadcast_box.send_requested.connect(self.on_broadcast_requested)
        self.broadcast_box.end_requested.connect(self.on_broadcast_end_requested)
        self.metrics_panel.refresh_button.clicked.connect(self.refresh_metrics)
        self.metrics_panel.period_combo.currentIndexChanged.connect(self.refresh_metrics)
        self.metrics_panel.export_button.clicked.connect(self.on_export_clicked)
        self.sync_panel.retry_requested.connect(self.on_retry_requested)
        self.sync_panel.refresh_requested.connect(self.refresh_sync)
        self.tabs.currentChanged.connect(self.on_tab_changed)
        for keys, slot in (("Ctrl+N", self.focus_checkin), ("Ctrl+P", self.on_reprioritise_clicked),
                           ("Ctrl+M", self.on_move_clicked), ("Del", self.on_remove_clicked),
                           ("F5", self.on_refresh_shortcut)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------ the floor

    @property
    def selected(self) -> Visit | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        visit = rows[0].data(VISIT_ROLE)
        return visit if isinstance(visit, Visit) else None

    def refresh_floor(self, *_args: object) -> None:
        """Ask for the floor snapshot again (once at a time; a request made meanwhile waits)."""
        if self._floor_busy:
            self._floor_stale = True
            return
        self._floor_busy = True
        self.runner.run(self.services.floor.snapshot, self._on_floor, self._on_floor_failed,
                        name="liaison.floor")

    def on_feed_ticked(self) -> None:
        self.model.refresh_waits()
        self._show_longest_wait()
        self._ticks += 1
        if self._ticks % FLOOR_EVERY_TICKS == 0:
            self.refresh_floor()
            if self.tabs.currentIndex() == TABS.index("sync"):
                self.refresh_sync()

    def on_runner_failed(self, error: BaseException) -> None:
        self.message.show_error(describe_error(error))

    def focus_checkin(self) -> None:
        self.tabs.setCurrentIndex(TABS.index("floor"))
        self.checkin_form.name_edit.setFocus()
        self.checkin_form.name_edit.selectAll()

    def on_checkin_submitted(self, request: CheckInRequest) -> None:
        floor = self.services.floor

        def done(visit: Visit) -> None:
            self.checkin_form.clear_form()
            self._changed(f"Checked in {visit.requester.name} as {visit.ticket_number}.")

        self.runner.run(lambda: floor.check_in(
            name=request.name, category=request.category, description=request.description,
            priority=request.priority, email=request.email, employee_id=request.employee_id),
            done, self._on_action_failed, name="liaison.check_in")

    def on_reprioritise_clicked(self) -> None:
        visit = self.selected
        if visit is None:
            return
        options = [(int(p), label) for p, label in PRIORITY_CHOICES]
        chosen = ChoiceDialog.ask(self, f"Reprioritise {visit.ticket_number}", "New priority",
                                  options, visit.priority, "Change priority")
        if chosen is None:
            return
        priority = int(str(chosen))
        floor = self.services.floor
        self._act(lambda: floor.reprioritise(visit.id, priority),
                  f"{visit.ticket_number} is now {priority_name(priority)}.", "reprioritise")

    def on_move_clicked(self) -> None:
        visit = self.selected
        if visit is None:
            return
        options = [(c.id, c.label) for c in self.settings.categories if c.id != visit.category]
        chosen = ChoiceDialog.ask(self, f"Move {visit.ticket_number}", "Move to the line for",
                                  options, None, "Move")
        if chosen is None:
            return
        category = str(chosen)
        label = next((c.label for c in self.settings.categories if c.id == category), category)
        floor = self.services.floor
        self._act(lambda: floor.move(visit.id, category),
                  f"{visit.ticket_number} moved to {label}.", "move")

    def on_remove_clicked(self) -> None:
        visit = self.selected
        if visit is None:
            return
        reason = ReasonDialog.ask(self, f"Remove {visit.ticket_number}",
                                  "Why is this visit removed? The reason is kept on its timeline.",
                                  "Remove visit")
        if reason is None:
            return
        floor = self.services.floor
        self._act(lambda: floor.remove(visit.id, reason),
                  f"{visit.ticket_number} was removed from the line.", "remove")

    # ------------------------------------------------------------ notices and delays

    def refresh_notices(self) -> None:
        notices = self.services.notices
        self.runner.run(notices.history, self._on_notices, name="liaison.notices")

    def on_notice_save_requested(self, draft: NoticeDraft) -> None:
        notices = self.services.notices
        if draft.notice_id is None:
            def work() -> Notice:
                return notices.post(title=draft.title, message=draft.message,
                                    severity=draft.severity, categories=draft.categories,
                                    starts_at=draft.starts_at, ends_at=draft.ends_at)
            text = "Notice posted: it shows on the kiosk and the display board."
        else:
            notice_id = draft.notice_id

            def work() -> Notice:
                return notices.edit(notice_id, title=draft.title, message=draft.message,
                                    severity=draft.severity, categories=draft.categories,
                                    starts_at=draft.starts_at, ends_at=draft.ends_at)
            text = "Notice saved."

        def done(notice: Notice) -> None:
            self.notice_editor.edit(notice)
            self.message.show_success(text)
            self.refresh_notices()

        self.runner.run(work, done, self._on_action_failed, name="liaison.notice")

    def on_notice_end_requested(self, notice_id: int) -> None:
        notices = self.services.notices

        def done(notice: Notice) -> None:
            self.notice_editor.edit(notice)
            self.message.show_success(f"Notice \u201c{notice.title}\u201d ended.")
            self.refresh_notices()

        self.runner.run(lambda: notices.end(notice_id), done, self._on_action_failed,
                        name="liaison.notice_end")

    def on_broadcast_requested(self, message: str, length: timedelta | None) -> None:
        floor, clock = self.services.floor, self.service.clock

        def work() -> object:
            return floor.broadcast(message, clock.now() + length if length else None)

        def done(_result: object) -> None:
            self.broadcast_box.message_edit.clear()
            self._changed("Delay message shown to everyone waiting.")

        self.runner.run(work, done, self._on_action_failed, name="liaison.broadcast")

    def on_broadcast_end_requested(self) -> None:
        floor = self.services.floor
        self._act(floor.end_broadcast, "Delay message ended.", "broadcast_end")

    # ------------------------------------------------------------ metrics

    def period(self) -> Period:
        metrics, panel = self.services.metrics, self.metrics_panel
        key = panel.period_key()
        if key == "today":
            return metrics.today()
        if key == "week":
            return metrics.this_week()
        first, last = panel.chosen_days()
        return metrics.days(first, last)

    def refresh_metrics(self, *_args: object) -> None:
        try:
            period = self.period()
        except Exception as exc:  # noqa: BLE001 - a reversed range is shown, not raised
            self.message.show_error(describe_error(exc))
            return
        metrics = self.services.metrics
        self.runner.run(lambda: metrics.report(period), self._on_report, self._on_action_failed,
                        name="liaison.metrics")

    def on_export_clicked(self) -> None:
        try:
            period = self.period()
        except Exception as exc:  # noqa: BLE001 - shown to the person
            self.message.show_error(describe_error(exc))
            return
        first, last = self._period_days(period)
        path = ExportFileDialog.ask(self, f"visits-{first}-{last}.csv")
        if path is None:
            return
        db, settings = self.service.db, self.settings

        def work() -> int:
            return export_to_file(db, settings, first=first.isoformat(), last=last.isoformat(),
                                  out=path)

        self.runner.run(work, lambda count: self.message.show_success(
            f"Exported {count} visit(s) to {path}."), self._on_action_failed,
            name="liaison.export")

    # ------------------------------------------------------------ sync

    def refresh_sync(self) -> None:
        self.runner.run(self.services.health, self._on_health, self._on_action_failed,
                        name="liaison.sync")

    def on_retry_requested(self, visit_id: str | None) -> None:
        retry = self.services.retry

        def done(count: int) -> None:
            self.message.show_success(f"{count} visit(s) put back in line for sending.")
            self.refresh_sync()

        self.runner.run(lambda: retry(visit_id), done, self._on_action_failed,
                        name="liaison.retry")

    # ------------------------------------------------------------ tabs

    def on_tab_changed(self, index: int) -> None:
        name = TABS[index] if 0 <= index < len(TABS) else ""
        if name == "notices":
            self.notice_editor.set_start(self.service.clock.now())
            self.refresh_notices()
        elif name == "metrics":
            self.refresh_metrics()
        elif name == "sync":
            self.refresh_sync()

    def on_refresh_shortcut(self) -> None:
        self.feed.poll_now()
        self.refresh_floor()
        self.on_tab_changed(self.tabs.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.feed.stop()
        super().closeEvent(event)

    # ------------------------------------------------------------ results

    def _act(self, work: Callable[[], Any], success: str, name: str) -> None:
        self.runner.run(work, lambda _result: self._changed(success), self._on_action_failed,
                        name=f"liaison.{name}")

    def _changed(self, text: str) -> None:
        self.message.show_success(text)
        self.feed.poll_now()
        self.refresh_floor()

    def _on_action_failed(self, error: BaseException) -> None:
        self.message.show_error(describe_error(error))

    def _on_floor(self, floor: FloorSnapshot) -> None:
        self._floor_busy = False
        self.floor = floor
        self._floor_at = self.service.clock.now()
        for key, _title, _hint in _COUNTS:
            self.count_labels[key].setText(str(getattr(floor, key)))
        self._show_longest_wait()
        self.alert_list.set_alerts(floor.alerts)
        self.alerts_title.setText(f"SLA ALERTS ({len(floor.alerts)})" if floor.alerts
                                  else "SLA ALERTS")
        self.technician_list.set_technicians(floor.technicians)
        self.broadcast_box.set_broadcast(floor.broadcast, self.settings.utc_offset)
        self.broadcast_pill.setVisible(floor.broadcast is not None)
        if self._floor_stale:
            self._floor_stale = False
            self.refresh_floor()

    def _on_floor_failed(self, error: BaseException) -> None:
        self._floor_busy = False
        self.message.show_error(describe_error(error))

    def _on_notices(self, notices: list[Notice]) -> None:
        self.notices = notices
        self.notice_editor.set_notices(notices, self.service.clock.now())

    def _on_report(self, report: MetricsReport) -> None:
        self.report = report
        self.metrics_panel.set_report(report)

    def _on_health(self, health: SyncHealth) -> None:
        self.health = health
        self.sync_panel.set_health(health)
        self.tabs.setTabText(TABS.index("sync"), f"Sync ({health.failed} failed)"
                             if health.failed else "Sync")

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

    def _update_actions(self) -> None:
        visit = self.selected
        for widget in (self.reprioritise_button, self.move_button, self.remove_button):
            widget.setEnabled(visit is not None)

    def _period_days(self, period: Period) -> tuple[date, date]:
        offset = self.settings.utc_offset
        return ((period.start + offset).date(),
                (period.end + offset - timedelta(seconds=1)).date())

    # ------------------------------------------------------------ layout

    def _build_top_bar(self) -> QFrame:
        bar, row = top_bar(self, self.settings.site_name, "Floor overview")
        self.broadcast_pill = plain_label("Delay message on", "pill")
        self.broadcast_pill.hide()
        row.addWidget(self.broadcast_pill)
        row.addWidget(plain_label("Ctrl+N check in \u00b7 F5 refresh", "muted"))
        return bar

    def _build_stats(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(14)
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
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(2)
        layout.addWidget(plain_label(title.upper(), "stat-label"))
        value = plain_label("\u2013", "stat-value")
        value.setAccessibleName(title)
        layout.addWidget(value)
        note = plain_label(hint, "stat-hint")
        layout.addWidget(note)
        return frame, value, note

    def _build_floor_tab(self) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 12, 0, 0)
        row.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(10)
        self.alerts_title = plain_label("SLA ALERTS", "section")
        left.addWidget(self.alerts_title)
        self.alert_list = AlertList(self.settings.categories, page)
        self.alert_list.setFixedHeight(104)
        left.addWidget(self.alert_list)
        left.addWidget(plain_label("QUEUE", "section"))
        self.table = queue_table(self.model, page)
        left.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.reprioritise_button = button("Reprioritise\u2026  (Ctrl+P)")
        self.move_button = button("Move\u2026  (Ctrl+M)")
        self.remove_button = button("Remove\u2026  (Del)", "danger")
        for widget in (self.reprioritise_button, self.move_button, self.remove_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        left.addLayout(actions)
        row.addLayout(left, 3)
        right = QVBoxLayout()
        right.setSpacing(14)
        self.checkin_form = CheckInForm(self.settings.categories, self.runner,
                                        self.services.directory, page)
        right.addWidget(self.checkin_form)
        frame, box = card(page)
        box.addWidget(plain_label("TECHNICIANS", "section"))
        self.technician_list = TechnicianList(frame)
        box.addWidget(_scrolled(self.technician_list), 1)
        right.addWidget(frame, 1)
        holder = QWidget(page)
        holder.setLayout(right)
        holder.setFixedWidth(400)
        row.addWidget(holder)
        return page

    def _build_notices_tab(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 12, 0, 0)
        column.setSpacing(14)
        self.broadcast_box = BroadcastBox(page)
        column.addWidget(self.broadcast_box)
        self.notice_editor = NoticeEditor(self.settings.categories, self.settings.utc_offset, page)
        column.addWidget(self.notice_editor, 1)
        return page


def _scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless vertical scroll area, so the window never outgrows the screen."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setProperty("kind", "page")
    return area
