"""The liaison's Floor tab: SLA alerts, the queue and what to do with a visitor, technicians.

Acting for a visitor (check in, reprioritise, move, remove) goes through
:class:`~kiosk.app.floor.FloorService` on the task runner; the outcome goes to the
window's message bar. The queue's rows come from the process's feed (the view wires it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.directory import DirectoryService
from kiosk.app.floor import PRIORITY_CHOICES, FloorService, SlaAlert, TechnicianOnFloor
from kiosk.config import Category
from kiosk.domain.priority import priority_mark
from kiosk.domain.visit import Visit
from ui.common.models import VISIT_ROLE, QueueTableModel, format_wait
from ui.common.queue_table import queue_table
from ui.common.tasks import TaskRunner
from ui.common.theme import set_kind, set_property
from ui.common.widgets import button, card, plain_label, scrolled
from ui.liaison.checkin_form import CheckInForm, CheckInRequest
from ui.liaison.dialogs import ChoiceDialog, ReasonDialog
from ui.liaison.outcome import Outcome

_STATUS_TONES = {"available": "success", "busy": "info", "away": "muted"}


def alert_text(alert: SlaAlert, categories: dict[str, Category]) -> str:
    category = categories.get(alert.category)
    what = "waiting" if alert.kind == "wait" else "in service"
    label = category.label if category else alert.category
    target = int(alert.target.total_seconds() // 60)
    state = "over target" if alert.breached else "close to target"
    return (f"{alert.ticket_number}  \u00b7  {label}  \u00b7  {what} {format_wait(alert.elapsed)}"
            f" of {target} min  \u2014  {state}")


class AlertList(QListWidget):
    """SLA alerts: breached ones in the error tone, those at risk in the alert tone."""

    def __init__(self, categories: Sequence[Category], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "alerts")
        self.setAccessibleName("SLA alerts")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self._categories = {c.id: c for c in categories}
        self.alerts: tuple[SlaAlert, ...] = ()

    def set_alerts(self, alerts: tuple[SlaAlert, ...]) -> None:
        self.alerts = alerts
        self.clear()
        if not alerts:
            item = QListWidgetItem("All visitors are within their targets.")
            item.setData(Qt.ItemDataRole.UserRole, "ok")
            self.addItem(item)
        for alert in alerts:
            item = QListWidgetItem(("\u26a0  " if alert.breached else "\u25cf  ")
                                   + alert_text(alert, self._categories))
            item.setData(Qt.ItemDataRole.UserRole, alert.level)
            item.setData(Qt.ItemDataRole.UserRole + 1, alert.visit_id)
            self.addItem(item)
        set_property(self, "tone", "breached" if any(a.breached for a in alerts)
                     else "at_risk" if alerts else "ok")


class TechnicianList(QFrame):
    """One line per technician: name, counter, status pill and current visitor."""

    def __init__(self, utc_offset: timedelta = timedelta(0), parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.utc_offset = utc_offset
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(6)
        self.technicians: tuple[TechnicianOnFloor, ...] = ()
        self.empty = plain_label("No technicians are set up yet.", "muted")
        self.rows.addWidget(self.empty)

    def set_technicians(self, technicians: tuple[TechnicianOnFloor, ...]) -> None:
        if technicians == self.technicians and self.rows.count() > 1:
            return
        self.technicians = technicians
        while self.rows.count() > 1:
            item = self.rows.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.empty.setVisible(not technicians)
        for technician in technicians:
            self.rows.addWidget(self._row(technician))

    def _row(self, technician: TechnicianOnFloor) -> QFrame:
        frame = QFrame(self)
        set_kind(frame, "tech-row")
        layout = QFormLayout(frame)
        layout.setContentsMargins(12, 8, 12, 8)
        name = technician.name + (f"  \u00b7  {technician.counter}" if technician.counter else "")
        pill = plain_label(technician.status.capitalize(), "status-pill")
        set_property(pill, "tone", _STATUS_TONES.get(technician.status, "muted"))
        with_visit = (f"{technician.ticket_number} ({technician.visit_state.replace('_', ' ')})"
                      if technician.ticket_number else "No visitor")
        layout.addRow(plain_label(name, "tech-name"), pill)
        layout.addRow(plain_label(with_visit, "muted"))
        if technician.locked_until is not None:
            until = (technician.locked_until + self.utc_offset).strftime("%H:%M")
            locked = plain_label(f"Locked out after wrong PINs until {until}", "tech-locked")
            layout.addRow(locked)
        return frame


class FloorTab(QWidget):
    """The Floor tab: alerts, the queue with its actions, the check-in form and technicians.

    Args:
        floor: the front desk's service (every action here is one of its calls).
        directory: where the check-in form looks people up.
        outcome: the window's message bar and how to catch up after a change.
    """

    def __init__(self, floor: FloorService, directory: DirectoryService, runner: TaskRunner,
                 outcome: Outcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.floor = floor
        self.runner = runner
        self.outcome = outcome
        self.categories = floor.settings.categories
        self.model = QueueTableModel(floor.clock, self.categories, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 12, 0, 0)
        row.setSpacing(16)
        row.addLayout(self._build_queue(), 3)
        row.addWidget(self._build_side(directory))
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.rowsRemoved.connect(self._update_actions)
        self.checkin_form.submitted.connect(self.on_checkin_submitted)
        self.reprioritise_button.clicked.connect(self.on_reprioritise_clicked)
        self.move_button.clicked.connect(self.on_move_clicked)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self._update_actions()

    @property
    def selected(self) -> Visit | None:
        rows = self.table.selectionModel().selectedRows()
        visit = rows[0].data(VISIT_ROLE) if rows else None
        return visit if isinstance(visit, Visit) else None

    def show_alerts(self, alerts: tuple[SlaAlert, ...]) -> None:
        self.alert_list.set_alerts(alerts)
        self.alerts_title.setText(f"SLA ALERTS ({len(alerts)})" if alerts else "SLA ALERTS")

    def focus_checkin(self) -> None:
        self.checkin_form.name_edit.setFocus()
        self.checkin_form.name_edit.selectAll()

    # ------------------------------------------------------------ acting for visitors

    def on_checkin_submitted(self, request: CheckInRequest) -> None:
        floor, form = self.floor, self.checkin_form

        def checked_in(visit: Visit) -> str:
            form.clear_form()
            return f"Checked in {visit.requester.name} as {visit.ticket_number}."

        self._act("check_in", lambda: floor.check_in(
            name=request.name, category=request.category, description=request.description,
            priority=request.priority, email=request.email, employee_id=request.employee_id),
            checked_in)

    def on_reprioritise_clicked(self) -> None:
        visit = self.selected
        if visit is None:
            return
        options = [(int(p), label) for p, label in PRIORITY_CHOICES]
        chosen = ChoiceDialog.ask(self, f"Reprioritise {visit.ticket_number}", "New priority",
                                  options, visit.priority, "Change priority")
        if chosen is None:
            return
        priority, floor = int(str(chosen)), self.floor
        self._act("reprioritise", lambda: floor.reprioritise(visit.id, priority),
                  lambda v: f"{v.ticket_number} is now {priority_mark(priority).label}.")

    def on_move_clicked(self) -> None:
        visit = self.selected
        if visit is None:
            return
        options = [(c.id, c.label) for c in self.categories if c.id != visit.category]
        chosen = ChoiceDialog.ask(self, f"Move {visit.ticket_number}", "Move to the line for",
                                  options, None, "Move")
        if chosen is None:
            return
        category, floor = str(chosen), self.floor
        label = next((c.label for c in self.categories if c.id == category), category)
        self._act("move", lambda: floor.move(visit.id, category),
                  lambda v: f"{v.ticket_number} moved to {label}.")

    def on_remove_clicked(self) -> None:
        visit = self.selected
        if visit is None:
            return
        reason = ReasonDialog.ask(self, f"Remove {visit.ticket_number}",
                                  "Why is this visit removed? The reason is kept on its timeline.",
                                  "Remove visit")
        if reason is None:
            return
        floor = self.floor
        self._act("remove", lambda: floor.remove(visit.id, reason),
                  lambda v: f"{v.ticket_number} was removed from the line.")

    def _act(self, name: str, work: Callable[[], Visit], success: Callable[[Visit], str]) -> None:
        self.runner.run(work, lambda visit: self._on_done(visit, success), self.outcome.error,
                        name=f"liaison.{name}", context=self)

    def _on_done(self, visit: Visit, success: Callable[[Visit], str]) -> None:
        self.model.apply([visit])
        self.outcome.changed(success(visit))

    def _update_actions(self, *_args: object) -> None:
        chosen = self.selected is not None
        for widget in (self.reprioritise_button, self.move_button, self.remove_button):
            widget.setEnabled(chosen)

    # ------------------------------------------------------------ layout

    def _build_queue(self) -> QVBoxLayout:
        left = QVBoxLayout()
        left.setSpacing(10)
        self.alerts_title = plain_label("SLA ALERTS", "section")
        left.addWidget(self.alerts_title)
        self.alert_list = AlertList(self.categories, self)
        self.alert_list.setFixedHeight(104)
        left.addWidget(self.alert_list)
        left.addWidget(plain_label("QUEUE", "section"))
        self.table = queue_table(self.model, self)
        left.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.reprioritise_button = button("Reprioritise\u2026  (Ctrl+P)")
        self.move_button = button("Move\u2026  (Ctrl+M)")
        self.remove_button = button("Remove\u2026  (Del)", "danger")
        for widget in (self.reprioritise_button, self.move_button, self.remove_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        left.addLayout(actions)
        return left

    def _build_side(self, directory: DirectoryService) -> QWidget:
        right = QVBoxLayout()
        right.setSpacing(14)
        self.checkin_form = CheckInForm(self.categories, self.runner, directory, self)
        right.addWidget(self.checkin_form)
        frame, box = card(self)
        box.addWidget(plain_label("TECHNICIANS", "section"))
        self.technician_list = TechnicianList(self.floor.settings.utc_offset, frame)
        box.addWidget(scrolled(self.technician_list), 1)
        right.addWidget(frame, 1)
        holder = QWidget(self)
        holder.setLayout(right)
        holder.setFixedWidth(400)
        side = scrolled(holder)  # short screens scroll the side column, never clip it
        side.setFixedWidth(400 + side.verticalScrollBar().sizeHint().width())
        return side
