"""The technician console: sign in, the live queue, the current visit and what to do with it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from kiosk.app.technicians import Technician
from kiosk.app.visit_queries import EarlierVisit
from kiosk.bootstrap import Core
from kiosk.domain.visit import Visit, VisitState
from ui.common.dialogs import Reply
from ui.common.feed import FloorFeed
from ui.common.forecasts import follow_forecasts, on_screen
from ui.common.inputs import guard_inputs
from ui.common.offline import Connectivity, OfflineBanner, OutageNotice, is_outage
from ui.common.queue_table import LiveQueue
from ui.common.tasks import TaskRunner, describe_error
from ui.common.theme import window_stylesheet
from ui.common.widgets import MessageArea, top_bar
from ui.console.action_card import ActionCard
from ui.console.actions import RATEABLE, enabled_actions, next_step
from ui.console.commands import Command, VisitCommands
from ui.console.feedback import FeedbackPage
from ui.console.queue_panel import QueuePanel
from ui.console.signin import SignInPage
from ui.console.team import SignedInBar, TeamStrip
from ui.console.visit_card import VisitCard

#: The splitter's panes never shrink below these (the side may need more: its action
#: buttons in large text); only the person dragging the splitter moves it otherwise.
QUEUE_MIN_WIDTH = 440
SIDE_MIN_WIDTH = 530


class ConsoleView(QWidget):
    """The technician's window: a sign-in page, then the queue, the visit card and actions.

    Every action runs on the task runner; its outcome (or the core's error: a lost
    race, nobody waiting, an illegal transition, a validation error) is shown in the
    message area. The queue and the team follow the process's one floor feed. While the
    database cannot be reached, a banner says so; an action that fails for it leaves its
    dialog open with what was typed, to send again once the database is back.
    """

    def __init__(self, core: Core, runner: TaskRunner, feed: FloorFeed, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConsoleView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{core.settings.site_name} \u2014 Technician console")
        self.setStyleSheet(window_stylesheet("console.qss"))
        self.core = core
        self.runner = runner
        self.feed = feed
        self.technician: Technician | None = None
        self.finished: Visit | None = None
        self.feedback_page: FeedbackPage | None = None
        self._busy = False
        self._wanted: str | None = None
        self.message = MessageArea(self)
        self.connectivity = Connectivity.of(runner, core.visits.latest_change)
        self.connectivity.follow(feed)
        self.outage = OutageNotice(self.connectivity, self.message, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        self.offline_banner = OfflineBanner(self.connectivity, "staff", parent=self)
        layout.addWidget(self.offline_banner)
        self.pages = QStackedWidget(self)
        self.sign_in_page = SignInPage(core.technicians, runner, self)
        self.pages.addWidget(self.sign_in_page)
        self.pages.addWidget(self._build_work_page())
        layout.addWidget(self.pages, 1)
        self.commands = VisitCommands(core.visits, self, self.team.available_names,
                                      core.settings.categories, self._perform)
        LiveQueue(feed, self.queue.model, self.message, self)  # first: rows before the card
        self.forecasts = follow_forecasts(core, feed, self.queue.model, runner, self,
                                          shown=on_screen(self.queue.table))
        self.forecasts.updated.connect(self.on_forecast_updated)
        self._connect()
        guard_inputs(self)
        self._show_signed_out()

    @property
    def current(self) -> Visit | None:
        """The visit on the card: the one the buttons act on."""
        return self.card.visit

    # ------------------------------------------------------------ signing in and out

    def sign_in_as(self, technician: Technician) -> None:
        """Open the work page for a technician whose PIN was checked."""
        self.technician = technician
        self.finished = None
        self.signed_in_bar.show_technician(technician)
        self.queue.set_technician(technician)
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
        service = self.core.technicians
        self.runner.run(lambda: service.sign_out(tech.id), self._on_status_changed,
                        self.on_task_failed, name="console.sign_out", context=self)
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
        service = self.core.technicians
        self.runner.run(lambda: service.set_status(tech.id, status), self._on_status_set,
                        self.on_task_failed, name="console.status", context=self)

    def _on_status_set(self, tech: Technician) -> None:
        self.technician = tech
        self._on_status_changed(tech)
        self.message.show_info(f"You are {tech.status.value}.")

    def _on_status_changed(self, tech: Technician) -> None:
        self.team.update_one(tech)
        self.feed.poll_now()  # the other windows of this process see it on their next tick

    # ------------------------------------------------------------ wiring

    def _connect(self) -> None:
        self.sign_in_page.signed_in.connect(self.sign_in_as)
        self.signed_in_bar.status_switch.chosen.connect(self.on_status_chosen)
        self.signed_in_bar.sign_out_button.clicked.connect(self.on_sign_out_clicked)
        self.queue.picked.connect(self.on_queue_picked)
        self.action_card.triggered.connect(self.on_action_triggered)
        self.feed.changed.connect(self.on_feed_changed)
        self.feed.ticked.connect(self.on_feed_ticked)
        self.connectivity.came_back.connect(self.on_connectivity_came_back)

    def on_connectivity_came_back(self) -> None:
        """The database is back: read again what an outage may have left out of date."""
        if self.technician is None:
            self.sign_in_page.reload()
        elif self.current is not None:
            self._load_card(self.current.id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.feedback_page is not None:
            self.feedback_page.close()
        super().closeEvent(event)

    # ------------------------------------------------------------ actions

    def on_action_triggered(self, key: str) -> None:
        """Run the action of a button (after its dialog, if it has one)."""
        tech = self.technician
        if tech is None or self._busy:
            return
        if key == "feedback":
            self.ask_for_feedback()
            return
        command = self.commands.prepare(key, self.current, tech)
        if command is not None:
            self._perform(command)

    def ask_for_feedback(self) -> None:
        """Open the three-faces page for the visit just finished (or the ended one shown)."""
        visit = self._rateable()
        if visit is None:
            return
        page = FeedbackPage(self.core.feedback, self.runner, visit.id, visit.ticket_number, self)
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

    def _perform(self, command: Command, reply: Reply | None = None) -> None:
        """Run a command; ``reply`` tells its dialog how it went (it closes once saved)."""
        self._busy = True
        self._update_buttons()
        self.runner.run(command.work, lambda visit: self._on_action_done(visit, command, reply),
                        lambda error: self._on_action_failed(error, reply),
                        name=f"console.{command.name}", context=self)

    def _on_action_done(self, visit: Visit, command: Command, reply: Reply | None = None) -> None:
        if reply is not None:
            reply("")
        self._busy = False
        self.message.show_success(command.success(visit))
        self.queue.model.apply([visit])
        if visit.state.is_final:
            self.finished = visit if visit.state in RATEABLE else None
            self.show_visit(None)
        elif visit.state is VisitState.WAITING and visit.technician != self._name():
            self.show_visit(None)
        else:
            self.show_visit(visit)
            self._load_card(visit.id)
        self.feed.poll_now()

    def _on_action_failed(self, error: BaseException, reply: Reply | None = None) -> None:
        self._busy = False
        self.on_task_failed(error)
        current = self.current
        if current is not None:
            self._load_card(current.id)
        self._update_buttons()
        if reply is not None:
            reply(not_sent(error))

    def on_task_failed(self, error: BaseException) -> None:
        if not self.outage.show(error):
            self.message.show_error(describe_error(error))

    def _name(self) -> str:
        return self.technician.name if self.technician else ""

    # ------------------------------------------------------------ the card

    def show_visit(self, visit: Visit | None) -> None:
        """Put a visit on the card (and fetch its timeline), or clear the card."""
        previous = self.current
        self.card.show_visit(visit)
        self.card.show_expected(self.queue.model.expected_call(visit) if visit else None)
        self._update_buttons()
        if visit is None:
            return
        if not visit.events:
            self._load_card(visit.id)
        if previous is None or previous.id != visit.id:
            self._load_earlier(visit.id)

    def on_forecast_updated(self) -> None:
        """The card's visitor has a new expected call."""
        current = self.current
        self.card.show_expected(self.queue.model.expected_call(current) if current else None)

    def _load_card(self, visit_id: str) -> None:
        self._wanted = visit_id
        service = self.core.visits
        self.runner.run(lambda: service.get(visit_id), self._on_card_loaded,
                        self.on_task_failed, name="console.get", context=self)

    def _load_earlier(self, visit_id: str) -> None:
        service = self.core.visits
        self.runner.run(lambda: (visit_id, service.earlier_visits(visit_id)),
                        self._on_earlier_loaded, self.on_task_failed, name="console.earlier",
                        context=self)

    def _on_card_loaded(self, visit: Visit) -> None:
        if self.current is not None and visit.id == self._wanted == self.current.id:
            self.card.show_visit(visit)
            self._update_buttons()

    def _on_earlier_loaded(self, result: tuple[str, tuple[EarlierVisit, ...]]) -> None:
        visit_id, earlier = result
        if self.current is not None and self.current.id == visit_id:
            self.card.show_earlier(earlier)

    def on_queue_picked(self, visit: Visit) -> None:
        if self.current is None or self.current.id != visit.id:
            self.show_visit(visit)

    # ------------------------------------------------------------ following the feed

    def on_feed_changed(self, visits: tuple[Visit, ...]) -> None:
        current = self.current
        if current is not None and any(v.id == current.id for v in visits):
            self._load_card(current.id)

    def on_feed_ticked(self) -> None:
        self.queue.refresh_waits()
        self._update_buttons()

    def _update_buttons(self) -> None:
        visit = self.current
        visits = self.core.visits
        no_show_from = visits.no_show_from(visit) if visit is not None else None
        keys = enabled_actions(visit, me=self._name(), now=visits.clock.now(),
                               no_show_from=no_show_from, can_rate=self._rateable() is not None)
        ready = not self._busy and self.technician is not None
        self.action_card.show_state(keys if ready else set(), hint=next_step(visit),
                                parked=visit is not None and visit.state is VisitState.PARKED)

    # ------------------------------------------------------------ layout

    def _build_top_bar(self) -> QFrame:
        bar, row, _heading = top_bar(self, self.core.settings.site_name, "Technician console")
        self.signed_in_bar = SignedInBar(bar)
        row.addWidget(self.signed_in_bar)
        return bar

    def _build_work_page(self) -> QWidget:
        page = QWidget(self)
        body = QVBoxLayout(page)
        body.setContentsMargins(24, 14, 24, 20)
        body.setSpacing(10)
        self.team = TeamStrip(self.core.technicians, self.runner, self.feed, page)
        body.addWidget(self.team)
        body.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, page)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(16)
        self.queue = QueuePanel(self.core.clock, self.core.settings.categories, page)
        self.queue.several_check.toggled.connect(self.on_several_toggled)
        self.queue.setMinimumWidth(QUEUE_MIN_WIDTH)
        self.splitter.addWidget(self.queue)
        self.splitter.addWidget(self._build_side())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([740, 580])
        body.addWidget(self.splitter, 1)
        return page

    def on_several_toggled(self, several: bool) -> None:
        """One visitor at a time unless the technician chooses to work on several."""
        self.commands.several = several

    def _build_side(self) -> QWidget:
        """The visit card over the actions, at a width of its own: what the card shows never
        moves the splitter (only the person dragging it does). It is never narrower than
        :data:`SIDE_MIN_WIDTH`, nor than the action buttons' labels (large text)."""
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.addStrut(SIDE_MIN_WIDTH)  # a floor, not a cap: the buttons may need more
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.card = VisitCard(self.core.settings, panel)
        layout.addWidget(self.card, 1)
        self.action_card = ActionCard(panel)
        layout.addWidget(self.action_card)
        return panel


def not_sent(error: BaseException) -> str:
    """What a dialog says when its action failed (it stays open with what was typed)."""
    if is_outage(error):
        return ("Not sent: the database cannot be reached right now. Everything you typed "
                "is kept here; press the button again once it is back.")
    return describe_error(error)
