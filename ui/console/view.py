"""The technician console: sign in, the live queue, the current visit and what to do with it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.feedback import FeedbackService
from kiosk.app.technicians import Technician, TechnicianService
from kiosk.app.visit_queries import EarlierVisit
from kiosk.app.visits import VisitService
from kiosk.domain.visit import Visit, VisitState
from ui.common.dialogs import (
    ConfirmDialog,
    EscalateDialog,
    NoteDialog,
    ResolveAnswer,
    ResolveDialog,
    TransferDialog,
)
from ui.common.feed import DEFAULT_POLL_MS, ChangeFeedPoller
from ui.common.models import VISIT_ROLE, QueueFilterProxy, QueueTableModel
from ui.common.queue_table import queue_table as queue_table  # re-exported for the liaison view
from ui.common.tasks import TaskRunner, describe_error
from ui.common.theme import set_kind
from ui.common.widgets import MessageArea, button, card, plain_label, top_bar
from ui.console.actions import ACTIONS, RATEABLE, enabled_actions, next_step
from ui.console.feedback import FeedbackPage
from ui.console.signin import SignInPage
from ui.console.style import console_stylesheet
from ui.console.team import StatusSwitcher, TeamStrip
from ui.console.visit_card import VisitCard

_Work = Callable[[VisitService, str, Technician], Visit]
_Done = Callable[[Visit], str]


class ConsoleView(QWidget):
    """The technician's window: a sign-in page, then the queue, the visit card and actions.

    Every action runs on the task runner; its outcome (or the core's error: a lost
    race, nobody waiting, an illegal transition, a validation error) is shown in the
    message area.
    """

    def __init__(self, service: VisitService, runner: TaskRunner, *,
                 technicians: TechnicianService | None = None,
                 feedback: FeedbackService | None = None,
                 poll_ms: int = DEFAULT_POLL_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConsoleView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{service.settings.site_name} \u2014 Technician console")
        self.setStyleSheet(console_stylesheet())
        self.service = service
        self.runner = runner
        self.technicians = technicians or TechnicianService(service.db, service.settings,
                                                            service.clock)
        self.feedback = feedback or FeedbackService(service.db, service.settings, service.clock)
        self.technician: Technician | None = None
        self.finished: Visit | None = None
        self.feedback_page: FeedbackPage | None = None
        self._busy = False
        self._wanted: str | None = None
        self.model = QueueTableModel(service.clock, service.settings.categories, self)
        self.proxy = QueueFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.feed = ChangeFeedPoller(service, runner, interval_ms=poll_ms, parent=self)
        self.buttons: dict[str, QPushButton] = {}
        self.message = MessageArea(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        self.pages = QStackedWidget(self)
        self.sign_in_page = SignInPage(self.technicians, runner, self)
        self.pages.addWidget(self.sign_in_page)
        self.pages.addWidget(self._build_work_page())
        layout.addWidget(self.pages, 1)
        self._connect()
        self._show_signed_out()
        self.feed.start()

    @property
    def current(self) -> Visit | None:
        """The visit on the card: the one the buttons act on."""
        return self.card.visit

    # ------------------------------------------------------------ signing in and out

    def sign_in_as(self, technician: Technician) -> None:
        """Open the work page for a technician whose PIN was checked."""
        self.technician = technician
        self.finished = None
        self.who_label.setText(technician.name + (f" \u00b7 {technician.counter}"
                                                  if technician.counter else ""))
        self.status_switch.set_status(technician.status)
        self.skills_check.setEnabled(bool(technician.skills))
        self.skills_check.setChecked(bool(technician.skills))
        self.proxy.set_skills(technician.skills if technician.skills else None)
        self.proxy.set_technician(technician.name)
        self.signed_in_bar.show()
        self.pages.setCurrentIndex(1)
        self.team.update_one(technician)
        self.team.refresh()
        self.show_visit(None)
        self.message.show_info(f"Signed in as {technician.name}.")

    def on_sign_out_clicked(self) -> None:
        tech = self.technician
        if tech is None:
            return
        service = self.technicians
        self.runner.run(lambda: service.sign_out(tech.id), self.team.update_one,
                        self.on_runner_failed, name="console.sign_out", context=self)
        self._show_signed_out()

    def _show_signed_out(self) -> None:
        self.technician = None
        self.finished = None
        self.card.show_visit(None)
        self.signed_in_bar.hide()
        self.message.clear_message()
        self.pages.setCurrentIndex(0)
        self.sign_in_page.reload()

    def on_status_chosen(self, status: str) -> None:
        tech = self.technician
        if tech is None:
            return
        service = self.technicians
        self.runner.run(lambda: service.set_status(tech.id, status), self._on_status_set,
                        self.on_runner_failed, name="console.status", context=self)

    def _on_status_set(self, tech: Technician) -> None:
        self.technician = tech
        self.team.update_one(tech)
        self.message.show_info(f"You are {tech.status.value}.")

    # ------------------------------------------------------------ wiring

    def _connect(self) -> None:
        self.sign_in_page.signed_in.connect(self.sign_in_as)
        self.status_switch.chosen.connect(self.on_status_chosen)
        self.sign_out_button.clicked.connect(self.on_sign_out_clicked)
        self.feed.loaded.connect(self.model.load)
        self.feed.changed.connect(self.model.apply)
        self.feed.changed.connect(self.on_feed_changed)
        self.feed.ticked.connect(self.on_feed_ticked)
        self.runner.failed.connect(self.on_runner_failed)
        self.table.selectionModel().selectionChanged.connect(self.on_queue_selection_changed)
        self.category_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.skills_check.toggled.connect(self.on_filter_changed)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.layoutChanged, self.model.dataChanged):
            signal.connect(self._update_count)
        handlers: dict[str, Callable[[], None]] = {
            "call_next": self.on_call_next_clicked, "call": self.on_call_clicked,
            "recall": self.on_recall_clicked, "start": self.on_start_clicked,
            "resolve": self.on_resolve_clicked, "park": self.on_park_clicked,
            "note": self.on_note_clicked, "transfer": self.on_transfer_clicked,
            "escalate": self.on_escalate_clicked, "return": self.on_return_clicked,
            "no_show": self.on_no_show_clicked, "cancel": self.on_cancel_clicked,
            "feedback": self.on_feedback_clicked,
        }
        for key, handler in handlers.items():
            self.buttons[key].clicked.connect(handler)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.feed.stop()
        if self.feedback_page is not None:
            self.feedback_page.close()
        super().closeEvent(event)

    # ------------------------------------------------------------ actions

    def on_call_next_clicked(self) -> None:
        tech = self.technician
        if tech is None:
            return
        service = self.service
        self._perform("call_next", lambda: service.call_next(tech.name, tech.categories,
                                                             counter=tech.counter),
                      lambda v: f"Called {v.ticket_number}: {v.requester.name}.")

    def on_call_clicked(self) -> None:
        self._act("call", lambda s, vid, t: s.call(vid, t.name, counter=t.counter),
                  lambda v: f"Called {v.ticket_number}: {v.requester.name}.")

    def on_recall_clicked(self) -> None:
        self._act("recall", lambda s, vid, t: s.recall(vid, t.name),
                  lambda v: f"Called {v.ticket_number} again.")

    def on_start_clicked(self) -> None:
        self._act("start", lambda s, vid, t: s.start(vid, t.name),
                  lambda v: f"Started {v.ticket_number}.")

    def on_resolve_clicked(self) -> None:
        visit = self.current
        if visit is None or self.technician is None:
            return
        answer = ResolveDialog.ask(self, visit)
        if answer is None:
            return
        code, notes, minutes = ResolveAnswer(*answer)
        self._act("resolve", lambda s, vid, t: s.resolve(vid, t.name, code, notes,
                                                         time_spent_minutes=minutes),
                  lambda v: f"Resolved {v.ticket_number}.")

    def on_escalate_clicked(self) -> None:
        visit = self.current
        if visit is None or self.technician is None:
            return
        answer = EscalateDialog.ask(self, visit)
        if answer is None:
            return
        self._act("escalate", lambda s, vid, t: s.escalate(
            vid, t.name, answer.group, answer.notes, time_spent_minutes=answer.time_spent_minutes),
            lambda v: f"Escalated {v.ticket_number} to {v.escalation_group}.")

    def on_transfer_clicked(self) -> None:
        visit, tech = self.current, self.technician
        if visit is None or tech is None:
            return
        answer = TransferDialog.ask(self, visit, self.team.available_names(exclude=tech.name),
                                    self.service.settings.categories)
        if answer is None:
            return
        self._act("transfer", lambda s, vid, t: s.transfer(
            vid, t.name, technician=answer.technician or None, category=answer.category or None,
            note=answer.note), lambda v: f"Transferred {v.ticket_number}"
                                         f"{' to ' + v.technician if v.technician else ''}.")

    def on_note_clicked(self) -> None:
        visit = self.current
        if visit is None or self.technician is None:
            return
        note = NoteDialog.ask(self, visit)
        if note is not None:
            self._act("note", lambda s, vid, t: s.add_note(vid, t.name, note),
                      lambda v: f"Note added to {v.ticket_number}.")

    def on_park_clicked(self) -> None:
        if self.current is not None and self.current.state is VisitState.PARKED:
            self._act("resume", lambda s, vid, t: s.resume(vid, t.name),
                      lambda v: f"Resumed {v.ticket_number}.")
        else:
            self._act("park", lambda s, vid, t: s.park(vid, t.name),
                      lambda v: f"Parked {v.ticket_number}; they keep their place.")

    def on_return_clicked(self) -> None:
        self._act("return", lambda s, vid, t: s.return_to_queue(vid, t.name),
                  lambda v: f"{v.ticket_number} is back in the queue.")

    def on_no_show_clicked(self) -> None:
        self._act("no_show", lambda s, vid, t: s.no_show(vid, t.name, check_grace=True),
                  lambda v: f"{v.ticket_number} marked as a no-show.")

    def on_cancel_clicked(self) -> None:
        visit = self.current
        if visit is None or self.technician is None:
            return
        question = f"Cancel {visit.ticket_number} for {visit.requester.name}? They leave the queue."
        if ConfirmDialog.ask(self, f"Cancel {visit.ticket_number}", question):
            self._act("cancel", lambda s, vid, t: s.cancel(vid, t.name),
                      lambda v: f"Cancelled {v.ticket_number}.")

    def on_feedback_clicked(self) -> None:
        """Open the three-faces page for the visit just finished (or the ended one shown)."""
        visit = self._rateable()
        if visit is None:
            return
        page = FeedbackPage(self.feedback, self.runner, visit.id, visit.ticket_number, self)
        page.answered.connect(lambda score: self.message.show_success(
            f"{visit.ticket_number} rated {score} of 3. Thank you!"))
        page.destroyed.connect(self._on_feedback_closed)
        self.feedback_page = page
        page.showFullScreen()
        page.activateWindow()

    def _on_feedback_closed(self) -> None:
        self.feedback_page = None
        self.finished = None
        self._update_buttons()

    def _rateable(self) -> Visit | None:
        current = self.current
        if current is not None and current.state in RATEABLE:
            return current
        return self.finished

    def _act(self, name: str, call: _Work, success: _Done) -> None:
        visit, tech = self.current, self.technician
        if visit is None or tech is None:
            return
        service, visit_id = self.service, visit.id
        self._perform(name, lambda: call(service, visit_id, tech), success)

    def _perform(self, name: str, work: Callable[[], Visit], success: _Done) -> None:
        if self._busy:
            return
        self._busy = True
        self._update_buttons()
        self.runner.run(work, lambda visit: self._on_action_done(visit, success),
                        self._on_action_failed, name=f"console.{name}", context=self)

    def _on_action_done(self, visit: Visit, success: _Done) -> None:
        self._busy = False
        self.message.show_success(success(visit))
        if visit.state.is_final:
            self.finished = visit if visit.state in RATEABLE else None
            self.show_visit(None)
        elif visit.state is VisitState.WAITING and visit.technician != self._name():
            self.show_visit(None)
        else:
            self.show_visit(visit)
            self._load_card(visit.id)
        self.feed.poll_now()

    def _on_action_failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.show_error(describe_error(error))
        current = self.current
        if current is not None:
            self._load_card(current.id)
        self._update_buttons()

    def _name(self) -> str:
        return self.technician.name if self.technician else ""

    # ------------------------------------------------------------ the card

    def show_visit(self, visit: Visit | None) -> None:
        """Put a visit on the card (and fetch its timeline), or clear the card."""
        previous = self.current
        self.card.show_visit(visit)
        self._update_buttons()
        if visit is None:
            return
        if not visit.events:
            self._load_card(visit.id)
        if previous is None or previous.id != visit.id:
            self._load_earlier(visit.id)

    def _load_card(self, visit_id: str) -> None:
        self._wanted = visit_id
        service = self.service
        self.runner.run(lambda: service.get(visit_id), self._on_card_loaded,
                        self._on_card_failed, name="console.get", context=self)

    def _load_earlier(self, visit_id: str) -> None:
        service = self.service
        self.runner.run(lambda: (visit_id, service.earlier_visits(visit_id)),
                        self._on_earlier_loaded, self._on_card_failed, name="console.earlier",
                        context=self)

    def _on_card_loaded(self, visit: Visit) -> None:
        if self.current is not None and visit.id == self._wanted == self.current.id:
            self.card.show_visit(visit)
            self._update_buttons()

    def _on_earlier_loaded(self, result: tuple[str, tuple[EarlierVisit, ...]]) -> None:
        visit_id, earlier = result
        if self.current is not None and self.current.id == visit_id:
            self.card.show_earlier(earlier)

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

    def on_feed_ticked(self) -> None:
        self.model.refresh_waits()
        self._update_buttons()
        if self.technician is not None:
            self.team.refresh()

    def on_filter_changed(self, *_args: object) -> None:
        data = self.category_combo.currentData()
        self.proxy.set_category(str(data) if data else None)
        tech = self.technician
        mine = self.skills_check.isChecked() and tech is not None and bool(tech.skills)
        self.proxy.set_skills(tech.skills if mine and tech else None)
        self._update_count()

    def on_runner_failed(self, error: BaseException) -> None:
        self.message.show_error(describe_error(error))

    # ------------------------------------------------------------ state of the controls

    def _update_buttons(self) -> None:
        visit = self.current
        no_show_from = self.service.no_show_from(visit) if visit is not None else None
        keys = enabled_actions(visit, me=self._name(), now=self.service.clock.now(),
                               no_show_from=no_show_from, can_rate=self._rateable() is not None)
        for key, widget in self.buttons.items():
            widget.setEnabled(key in keys and not self._busy and self.technician is not None)
        parked = visit is not None and visit.state is VisitState.PARKED
        self.buttons["park"].setText("Resume" if parked else "Park")
        self.next_label.setText(next_step(visit))

    def _update_count(self, *_args: object) -> None:
        visits = self.model.visits()
        waiting = sum(v.state is VisitState.WAITING for v in visits)
        shown = self.proxy.rowCount()
        extra = f" \u00b7 {shown} shown" if shown != len(visits) else ""
        self.count_label.setText(f"{waiting} waiting \u00b7 {len(visits)} active{extra}")

    # ------------------------------------------------------------ layout

    def _build_top_bar(self) -> QFrame:
        bar, row = top_bar(self, self.service.settings.site_name, "Technician console")
        self.signed_in_bar = QWidget(bar)
        inner = QHBoxLayout(self.signed_in_bar)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(12)
        self.status_switch = StatusSwitcher(self.signed_in_bar)
        inner.addWidget(self.status_switch)
        self.who_label = plain_label("", "who")
        self.who_label.setAccessibleName("Signed in as")
        inner.addWidget(self.who_label)
        self.sign_out_button = button("Sign out", "ghost", accessible="Sign out")
        inner.addWidget(self.sign_out_button)
        row.addWidget(self.signed_in_bar)
        return bar

    def _build_work_page(self) -> QWidget:
        page = QWidget(self)
        body = QVBoxLayout(page)
        body.setContentsMargins(24, 14, 24, 20)
        body.setSpacing(10)
        self.team = TeamStrip(self.technicians, self.runner, page)
        body.addWidget(self.team)
        body.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(16)
        splitter.addWidget(self._build_queue())
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([740, 580])
        body.addWidget(splitter, 1)
        return page

    def _build_queue(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(plain_label("QUEUE", "section"))
        header.addStretch(1)
        self.count_label = plain_label("", "muted")
        header.addWidget(self.count_label)
        self.category_combo = QComboBox(panel)
        self.category_combo.setAccessibleName("Show category")
        self.category_combo.addItem("All categories", "")
        for category in self.service.settings.categories:
            self.category_combo.addItem(category.label, category.id)
        header.addWidget(self.category_combo)
        self.skills_check = QCheckBox("My skills", panel)
        self.skills_check.setAccessibleName("Only my skills")
        self.skills_check.setToolTip("Only the categories you take")
        header.addWidget(self.skills_check)
        layout.addLayout(header)
        self.table = queue_table(self.proxy, panel)
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
        actions.setContentsMargins(16, 12, 16, 14)
        actions.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(plain_label("ACTIONS", "section"))
        self.next_label = plain_label("", "hint")
        head.addWidget(self.next_label, 1)
        actions.addLayout(head)
        grid = QGridLayout()
        grid.setSpacing(8)
        for spec in ACTIONS:
            label = spec.text.rstrip("\u2026")
            widget = button(spec.text, spec.kind, accessible=label)
            widget.setShortcut(QKeySequence(spec.shortcut))
            widget.setToolTip(f"{label} ({spec.shortcut}): {spec.hint}")
            self.buttons[spec.key] = widget
            if spec.key == "feedback":
                set_kind(widget, "ghost")
                head.addWidget(widget)
            else:
                grid.addWidget(widget, grid.count() // 4, grid.count() % 4)
        actions.addLayout(grid)
        layout.addWidget(frame)
        return panel

