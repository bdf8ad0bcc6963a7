"""The technician console: the live queue, the current visit and what to do with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import TRANSITIONS, Action, Visit, VisitState
from kiosk.services import VisitService
from ui.dialogs import ConfirmDialog, ResolveDialog
from ui.feed import DEFAULT_POLL_MS, ChangeFeedPoller
from ui.models import VISIT_ROLE, Column, QueueTableModel
from ui.tasks import TaskRunner, describe_error
from ui.visit_card import VisitCard
from ui.widgets import MessageArea, button, card, plain_label, top_bar


@dataclass(frozen=True)
class _Button:
    key: str
    text: str
    shortcut: str
    kind: str | None = None


_BUTTONS = (
    _Button("call_next", "Call next", "F2", "primary"),
    _Button("call", "Call this visitor", "F3"),
    _Button("start", "Start", "F4", "primary"),
    _Button("resolve", "Resolve\u2026", "F5", "primary"),
    _Button("park", "Park", "F6"),
    _Button("return", "Return to queue", "F7"),
    _Button("no_show", "No-show", "F8"),
    _Button("cancel", "Cancel visit", "F9", "danger"),
)
# The action each button performs (the park button resumes a parked visit).
_BUTTON_ACTIONS = {
    "call": Action.CALL, "start": Action.START, "resolve": Action.RESOLVE,
    "park": Action.PARK, "return": Action.RETURN_TO_QUEUE, "no_show": Action.NO_SHOW,
    "cancel": Action.CANCEL,
}


def _allowed(visit: Visit | None, action: Action) -> bool:
    return visit is not None and visit.state in TRANSITIONS[action][0]


class ConsoleView(QWidget):
    """The technician's window.

    Every action runs on the task runner; its outcome (or the core's error: a lost
    race, nobody waiting, an illegal transition, a validation error) is shown in the
    message area.
    """

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 poll_ms: int = DEFAULT_POLL_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConsoleView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{service.settings.site_name} \u2014 Technician console")
        self.service = service
        self.runner = runner
        self._busy = False
        self._wanted: str | None = None
        self.model = QueueTableModel(service.clock, service.settings.categories, self)
        self.feed = ChangeFeedPoller(service, runner, interval_ms=poll_ms, parent=self)
        self.buttons: dict[str, QPushButton] = {}
        self.message = MessageArea(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        body = QVBoxLayout()
        body.setContentsMargins(24, 16, 24, 24)
        body.setSpacing(12)
        body.addWidget(self.message)
        body.addWidget(self._build_body(), 1)
        layout.addLayout(body, 1)
        self._connect()
        self._update_buttons()
        self.feed.start()

    @property
    def current(self) -> Visit | None:
        """The visit on the card: the one the buttons act on."""
        return self.card.visit

    # ------------------------------------------------------------ wiring

    def _connect(self) -> None:
        self.feed.loaded.connect(self.model.load)
        self.feed.changed.connect(self.model.apply)
        self.feed.changed.connect(self.on_feed_changed)
        self.feed.ticked.connect(self.model.refresh_waits)
        self.runner.failed.connect(self.on_runner_failed)
        self.table.selectionModel().selectionChanged.connect(self.on_queue_selection_changed)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.dataChanged):
            signal.connect(self._update_count)
        handlers: dict[str, Callable[[], None]] = {
            "call_next": self.on_call_next_clicked, "call": self.on_call_clicked,
            "start": self.on_start_clicked, "resolve": self.on_resolve_clicked,
            "park": self.on_park_clicked, "return": self.on_return_clicked,
            "no_show": self.on_no_show_clicked, "cancel": self.on_cancel_clicked,
        }
        for key, handler in handlers.items():
            self.buttons[key].clicked.connect(handler)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.feed.stop()
        super().closeEvent(event)

    # ------------------------------------------------------------ actions

    def on_call_next_clicked(self) -> None:
        tech = self._technician()
        if tech:
            service = self.service
            self._perform("call_next", lambda: service.call_next(tech),
                          lambda v: f"Called {v.ticket_number}: {v.requester.name}.")

    def on_call_clicked(self) -> None:
        self._act_on_current(Action.CALL, lambda s, vid, tech: s.call(vid, tech),
                             lambda v: f"Called {v.ticket_number}: {v.requester.name}.")

    def on_start_clicked(self) -> None:
        self._act_on_current(Action.START, lambda s, vid, tech: s.start(vid, tech),
                             lambda v: f"Started {v.ticket_number}.")

    def on_resolve_clicked(self) -> None:
        visit = self.current
        if visit is None or not self._technician():
            return
        answer = ResolveDialog.ask(self, visit)
        if answer is None:
            return
        code, notes = answer
        self._act_on_current(Action.RESOLVE, lambda s, vid, tech: s.resolve(vid, tech, code, notes),
                             lambda v: f"Resolved {v.ticket_number}.")

    def on_park_clicked(self) -> None:
        if self.current is not None and self.current.state is VisitState.PARKED:
            self._act_on_current(Action.RESUME, lambda s, vid, tech: s.resume(vid, tech),
                                 lambda v: f"Resumed {v.ticket_number}.")
        else:
            self._act_on_current(Action.PARK, lambda s, vid, tech: s.park(vid, tech),
                                 lambda v: f"Parked {v.ticket_number}.")

    def on_return_clicked(self) -> None:
        self._act_on_current(Action.RETURN_TO_QUEUE,
                             lambda s, vid, tech: s.return_to_queue(vid, tech),
                             lambda v: f"{v.ticket_number} is back in the queue.")

    def on_no_show_clicked(self) -> None:
        self._act_on_current(Action.NO_SHOW, lambda s, vid, tech: s.no_show(vid, tech),
                             lambda v: f"{v.ticket_number} marked as a no-show.")

    def on_cancel_clicked(self) -> None:
        visit = self.current
        if visit is None or not self._technician():
            return
        question = f"Cancel {visit.ticket_number} for {visit.requester.name}? They leave the queue."
        if ConfirmDialog.ask(self, f"Cancel {visit.ticket_number}", question):
            self._act_on_current(Action.CANCEL, lambda s, vid, tech: s.cancel(vid, tech),
                                 lambda v: f"Cancelled {v.ticket_number}.")

    def _act_on_current(self, action: Action,
                        call: Callable[[VisitService, str, str], Visit],
                        success: Callable[[Visit], str]) -> None:
        visit = self.current
        tech = self._technician()
        if visit is None or not tech:
            return
        service, visit_id = self.service, visit.id
        self._perform(action.value, lambda: call(service, visit_id, tech), success)

    def _perform(self, name: str, work: Callable[[], Visit],
                 success: Callable[[Visit], str]) -> None:
        if self._busy:
            return
        self._busy = True
        self._update_buttons()
        self.runner.run(work, lambda visit: self._on_action_done(visit, success),
                        self._on_action_failed, name=f"console.{name}", context=self)

    def _on_action_done(self, visit: Visit, success: Callable[[Visit], str]) -> None:
        self._busy = False
        self.message.show_success(success(visit))
        self.show_visit(None if visit.state.is_final else visit)
        self.feed.poll_now()

    def _on_action_failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.show_error(describe_error(error))
        current = self.current
        if current is not None:
            self._load_card(current.id)
        self._update_buttons()

    def _technician(self) -> str:
        name = self.technician_edit.text().strip()
        if not name:
            self.message.show_error("Enter your name in the Technician field first.")
            self.technician_edit.setFocus()
        return name

    # ------------------------------------------------------------ the card

    def show_visit(self, visit: Visit | None) -> None:
        """Put a visit on the card (and fetch its timeline), or clear the card."""
        self.card.show_visit(visit)
        self._update_buttons()
        if visit is not None and not visit.events:
            self._load_card(visit.id)

    def _load_card(self, visit_id: str) -> None:
        self._wanted = visit_id
        service = self.service
        self.runner.run(lambda: service.get(visit_id), self._on_card_loaded,
                        self._on_card_failed, name="console.get")

    def _on_card_loaded(self, visit: Visit) -> None:
        if self.current is not None and visit.id == self._wanted == self.current.id:
            self.card.show_visit(visit)
            self._update_buttons()

    def _on_card_failed(self, error: BaseException) -> None:
        self.message.show_error(describe_error(error))

    def on_queue_selection_changed(self, _selected: QItemSelection,
                                   _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if len(rows) != 1:
            return
        visit = rows[0].data(VISIT_ROLE)
        if isinstance(visit, Visit) and (self.current is None or self.current.id != visit.id):
            self.show_visit(visit)

    def on_feed_changed(self, visits: tuple[Visit, ...]) -> None:
        current = self.current
        if current is not None and any(v.id == current.id for v in visits):
            self._load_card(current.id)

    def on_runner_failed(self, error: BaseException) -> None:
        self.message.show_error(describe_error(error))

    # ------------------------------------------------------------ state of the controls

    def _update_buttons(self) -> None:
        visit = self.current
        self.buttons["call_next"].setEnabled(not self._busy)
        for key, action in _BUTTON_ACTIONS.items():
            enabled = _allowed(visit, action)
            if key == "park":
                enabled = enabled or _allowed(visit, Action.RESUME)
            self.buttons[key].setEnabled(enabled and not self._busy)
        parked = visit is not None and visit.state is VisitState.PARKED
        self.buttons["park"].setText("Resume" if parked else "Park")

    def _update_count(self) -> None:
        visits = self.model.visits()
        waiting = sum(v.state is VisitState.WAITING for v in visits)
        self.count_label.setText(f"{waiting} waiting \u00b7 {len(visits)} active")

    # ------------------------------------------------------------ layout

    def _build_top_bar(self) -> QFrame:
        bar, row = top_bar(self, self.service.settings.site_name, "Technician console")
        row.addWidget(plain_label("Technician", "field"))
        self.technician_edit = QLineEdit(bar)
        self.technician_edit.setAccessibleName("Technician name")
        self.technician_edit.setPlaceholderText("Your name")
        self.technician_edit.setMaxLength(120)
        self.technician_edit.setMinimumWidth(220)
        row.addWidget(self.technician_edit)
        return bar

    def _build_body(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(16)
        splitter.addWidget(self._build_queue())
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 520])
        return splitter

    def _build_queue(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(plain_label("QUEUE", "section"))
        header.addStretch(1)
        self.count_label = plain_label("", "muted")
        header.addWidget(self.count_label)
        layout.addLayout(header)
        self.table = queue_table(self.model, panel)
        layout.addWidget(self.table, 1)
        return panel

    def _build_side(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.card = VisitCard(self.service.settings, panel)
        layout.addWidget(self.card, 1)
        frame, actions = card(panel)
        grid = QGridLayout()
        grid.setSpacing(10)
        for index, spec in enumerate(_BUTTONS):
            widget = button(spec.text, spec.kind, accessible=spec.text.rstrip("\u2026"))
            widget.setShortcut(QKeySequence(spec.shortcut))
            widget.setToolTip(f"{spec.text.rstrip(chr(0x2026))} ({spec.shortcut})")
            self.buttons[spec.key] = widget
            grid.addWidget(widget, index // 2, index % 2)
        actions.addWidget(plain_label("ACTIONS", "section"))
        actions.addLayout(grid)
        layout.addWidget(frame)
        return panel


def queue_table(model: QueueTableModel, parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting table for a :class:`QueueTableModel`."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName("Queue")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(44)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(70)
    for column, width in _COLUMN_WIDTHS.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
    return table


# Fixed widths (no resize-to-contents: the wait column ticks every second).
_COLUMN_WIDTHS = {Column.TICKET: 84, Column.CATEGORY: 180, Column.STATE: 104, Column.WAIT: 84,
                  Column.TECHNICIAN: 110}
