"""The liaison's Floor tab: SLA alerts, the queue and what to do with a visitor, technicians.

Acting for a visitor (check in, reprioritise, move, remove) goes through
:class:`~kiosk.app.floor.FloorService` on the task runner; the outcome goes to the
window's message bar. The queue's rows come from the process's feed (the view wires it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.app.directory import DirectoryService
from kiosk.app.floor import PRIORITY_CHOICES, FloorService, SlaAlert
from kiosk.app.remote_join import RemoteJoinService
from kiosk.domain.priority import priority_mark
from kiosk.domain.visit import Visit
from kiosk.errors import AlreadyInLine
from ui.common.arrivals import ArrivalHighlighter
from ui.common.models import VISIT_ROLE, QueueTableModel
from ui.common.queue_table import queue_table
from ui.common.tasks import TaskRunner
from ui.common.widgets import button, card, plain_label, scrolled
from ui.liaison.alerts import ROW_HEIGHT as ALERT_ROW
from ui.liaison.alerts import AlertList
from ui.liaison.checkin_form import CheckInForm, CheckInRequest
from ui.liaison.dialogs import ChoiceDialog, ReasonDialog
from ui.liaison.links import StatusLinkDialog, StatusLinks
from ui.liaison.outcome import Outcome
from ui.liaison.remote import RemoteJoinSwitch
from ui.liaison.technicians import TechnicianList

#: The side column (check-in form and technicians) takes this share of the width, within
#: these bounds (past the upper one only when its content needs more: large text); the
#: SLA alerts at most this share of the height.
SIDE_SHARE, SIDE_MIN, SIDE_MAX = 0.3, 380, 540
ALERTS_SHARE = 0.25
#: Visitors named in the "expected to pass their wait target" line (the rest are counted).
PREDICTED_NAMED = 6
#: Queue rows of a desk window (the console's are touch-sized).
ROW_HEIGHT = 36


class FloorTab(QWidget):
    """The Floor tab: alerts, the queue with its actions, the check-in form and technicians.

    Args:
        floor: the front desk's service (every action here is one of its calls).
        directory: where the check-in form looks people up.
        outcome: the window's message bar and how to catch up after a change.
    """

    def __init__(self, floor: FloorService, directory: DirectoryService, runner: TaskRunner,
                 outcome: Outcome, parent: QWidget | None = None, *,
                 links: StatusLinks | None = None,
                 remote: RemoteJoinService | None = None) -> None:
        super().__init__(parent)
        self.floor = floor
        self.links = links
        self.remote = remote
        self.link_dialog: StatusLinkDialog | None = None
        self.runner = runner
        self.outcome = outcome
        self.categories = floor.settings.categories
        self.model = QueueTableModel(floor.clock, self.categories, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 10, 0, 0)
        row.setSpacing(16)
        row.addLayout(self._build_queue(), 1)
        self.side = self._build_side(directory)
        row.addWidget(self.side)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.rowsRemoved.connect(self._update_actions)
        self.checkin_form.submitted.connect(self.on_checkin_submitted)
        self.reprioritise_button.clicked.connect(self.on_reprioritise_clicked)
        self.move_button.clicked.connect(self.on_move_clicked)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        self.link_button.clicked.connect(self.on_status_link_clicked)
        self.link_button.setVisible(links is not None)
        self._update_actions()

    @property
    def selected(self) -> Visit | None:
        rows = self.table.selectionModel().selectedRows()
        visit = rows[0].data(VISIT_ROLE) if rows else None
        return visit if isinstance(visit, Visit) else None

    def show_alerts(self, alerts: tuple[SlaAlert, ...], total: int | None = None) -> None:
        """The first alerts and how many there are in all (the title counts them all)."""
        total = len(alerts) if total is None else total
        self.alert_list.set_alerts(alerts, total)
        self.alerts_title.setText(f"SLA ALERTS ({total})" if total else "SLA ALERTS")

    def show_predicted(self, visits: Sequence[Visit]) -> None:
        """The waiting visitors expected to be called after their wait target (from the
        forecast): named above the queue, so the desk can act before the breach."""
        if not visits:
            self.predicted_label.hide()
            return
        tickets = ", ".join(v.ticket_number for v in visits[:PREDICTED_NAMED])
        more = len(visits) - PREDICTED_NAMED
        self.predicted_label.setText(f"Expected to pass their wait target: {tickets}"
                                     + (f" and {more} more" if more > 0 else ""))
        self.predicted_label.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A wider window widens the side column; a taller one shows more alerts at once."""
        super().resizeEvent(event)
        self._fit_side()
        self.alert_list.set_max_rows(
            max(2, int(event.size().height() * ALERTS_SHARE) // ALERT_ROW))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.side_column and event.type() == QEvent.Type.LayoutRequest:
            self._fit_side()  # its content changed (technicians, matches): it may need more
        return super().eventFilter(watched, event)

    def _fit_side(self) -> None:
        """The side column's share of the width, and never less than its content needs."""
        share = round(min(max(self.width() * SIDE_SHARE, SIDE_MIN), SIDE_MAX))
        side = max(share, self.side_column.minimumSizeHint().width())
        self.side_column.setFixedWidth(side)  # (the same width again changes nothing)
        self.side.setFixedWidth(side + self.side.verticalScrollBar().sizeHint().width())

    def focus_checkin(self) -> None:
        self.checkin_form.name_edit.setFocus()
        self.checkin_form.name_edit.selectAll()

    # ------------------------------------------------------------ acting for visitors

    def on_checkin_submitted(self, request: CheckInRequest, second_visit_reason: str = "") -> None:
        floor, form = self.floor, self.checkin_form

        def checked_in(visit: Visit) -> str:
            form.clear_form()
            return f"Checked in {visit.requester.name} as {visit.ticket_number}."

        def refused(error: BaseException) -> None:
            if isinstance(error, AlreadyInLine) and not second_visit_reason:
                self._offer_second_visit(request, error)
            else:
                self.outcome.error(error)

        self._act("check_in", lambda: floor.check_in(
            name=request.name, category=request.category, description=request.description,
            priority=request.priority, email=request.email, employee_id=request.employee_id,
            second_visit_reason=second_visit_reason), checked_in, refused)

    def _offer_second_visit(self, request: CheckInRequest, error: AlreadyInLine) -> None:
        """One visit per person, unless the front desk gives a reason for a second one."""
        reason = ReasonDialog.ask(
            self, f"{request.name} is already in line as {error.ticket_number}",
            "They already have a visit in progress. Check them in a second time only if it "
            "is about something else; say why (it goes on the visit's timeline).",
            "Check in a second time")
        if reason and reason.strip():
            self.on_checkin_submitted(request, reason.strip())
        else:
            self.outcome.error(error)

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

    def on_status_link_clicked(self) -> None:
        """The selected visit's status page address, in a dialog with "Send again"."""
        visit, links = self.selected, self.links
        if visit is None or links is None:
            return

        def show(url: str) -> None:
            if self.link_dialog is not None:
                self.link_dialog.close()
            self.link_dialog = StatusLinkDialog(visit.ticket_number, visit.id, url, links,
                                                self.runner, self)
            self.link_dialog.open()

        self.runner.run(lambda: links.link(visit.id), show, self.outcome.error,
                        name="liaison.status_link", context=self)

    def _act(self, name: str, work: Callable[[], Visit], success: Callable[[Visit], str],
             failed: Callable[[BaseException], None] | None = None) -> None:
        self.runner.run(work, lambda visit: self._on_done(visit, success),
                        failed or self.outcome.error, name=f"liaison.{name}", context=self)

    def _on_done(self, visit: Visit, success: Callable[[Visit], str]) -> None:
        self.model.apply([visit])
        self.outcome.changed(success(visit))

    def _update_actions(self, *_args: object) -> None:
        chosen = self.selected is not None
        for widget in (self.reprioritise_button, self.move_button, self.remove_button,
                       self.link_button):
            widget.setEnabled(chosen)

    # ------------------------------------------------------------ layout

    def _build_queue(self) -> QVBoxLayout:
        left = QVBoxLayout()
        left.setSpacing(6)
        self.alerts_title = plain_label("SLA ALERTS", "section")
        left.addWidget(self.alerts_title)
        self.alert_list = AlertList(self.categories, self)
        left.addWidget(self.alert_list)
        left.addSpacing(8)
        heading = QHBoxLayout()  # the switch or the keys beside the heading: the actions'
        heading.addWidget(plain_label("QUEUE", "section"))  # row keeps to the buttons
        heading.addStretch(1)
        if self.remote is not None and self.floor.settings.web.remote_join:
            self.remote_switch: RemoteJoinSwitch | None = RemoteJoinSwitch(
                self.remote, self.runner, self.outcome, self)
            heading.addWidget(self.remote_switch)
        else:
            self.remote_switch = None
            heading.addWidget(plain_label("Ctrl+N check in \u00b7 F5 refresh", "muted"))
        left.addLayout(heading)
        self.predicted_label = plain_label("", "predicted", wrap=True)
        self.predicted_label.setAccessibleName("Expected to pass their wait target")
        self.predicted_label.hide()
        left.addWidget(self.predicted_label)
        self.table = queue_table(self.model, self, row_height=ROW_HEIGHT)
        self.table.setMinimumHeight(4 * ROW_HEIGHT + 40)
        self.arrivals = ArrivalHighlighter(self.table, self.model)
        left.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 4, 0, 0)
        self.reprioritise_button = button("Reprioritise\u2026  (Ctrl+P)")
        self.move_button = button("Move\u2026  (Ctrl+M)")
        self.remove_button = button("Remove\u2026  (Del)", "danger")
        self.link_button = button("Status link\u2026")
        for widget in (self.reprioritise_button, self.move_button, self.link_button,
                       self.remove_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        left.addLayout(actions)
        return left

    def _build_side(self, directory: DirectoryService) -> QScrollArea:
        """The check-in form over the technicians; short screens scroll it, never clip it."""
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(12)
        self.checkin_form = CheckInForm(self.categories, self.runner, directory, self)
        right.addWidget(self.checkin_form)
        frame, box = card(self)
        box.setContentsMargins(16, 14, 16, 14)
        box.addWidget(plain_label("TECHNICIANS", "section"))
        self.technician_list = TechnicianList(self.floor.settings.utc_offset, frame)
        box.addWidget(self.technician_list)
        box.addStretch(1)
        right.addWidget(frame, 1)
        self.side_column = QWidget(self)
        self.side_column.setLayout(right)
        self.side_column.setFixedWidth(SIDE_MIN)
        self.side_column.installEventFilter(self)
        return scrolled(self.side_column, sideways=False)  # its width is set to fit
