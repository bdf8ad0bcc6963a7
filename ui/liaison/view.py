"""The front-desk liaison view: run the floor, post notices, read the metrics, watch the sync.

Four tabs under one header of live counts: **Floor** (SLA alerts, the queue with
reprioritise / move / remove, technicians, and a keyboard-first check-in form),
**Notices & delays**, **Metrics** (charts and CSV export) and **Sync**. Every service
call runs on the task runner; results and the core's errors come back to this window's
message area. Nothing here decides a business rule: the core's services do.

The queue, the counts and the SLA alerts follow the process's one floor feed (the
alerts and the longest wait are recomputed from the visits held as time passes, while
the window is on screen: hidden or minimised, it catches up when shown again). The
technicians and the delay message are not in the feed's visit batches: they are read
again when the feed changes or has seen newer changes, and at least every
:data:`SAFETY_TICKS` ticks (a delay message ends by the clock, without a change).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QTabWidget, QVBoxLayout, QWidget

from kiosk.app.floor import FloorTeam
from kiosk.app.floor_watch import FloorWatch
from kiosk.app.sync_health import SyncHealth
from kiosk.bootstrap import Core
from ui.common.feed import FloorFeed
from ui.common.forecasts import follow_forecasts, on_screen
from ui.common.inputs import guard_inputs
from ui.common.offline import Connectivity, OfflineBanner, OutageNotice
from ui.common.queue_table import LiveQueue, tick_waits
from ui.common.tasks import TaskRunner
from ui.common.theme import window_stylesheet
from ui.common.widgets import MessageArea, is_on_screen, name_tab_bars, plain_label, scrolled, top_bar
from ui.liaison.counts import FloorCounts
from ui.liaison.floor import FloorTab
from ui.liaison.metrics import MetricsPanel, MetricsReader
from ui.liaison.notices import NoticesTab
from ui.liaison.outcome import Outcome
from ui.liaison.sync import SyncPanel, SyncReader

#: The technicians and the delay message are read again at least every this many ticks.
SAFETY_TICKS = 30
#: The alerts listed (the longest first); the title counts them all.
ALERTS_SHOWN = 60
TABS = ("floor", "notices", "metrics", "sync")
#: What the header says each tab shows.
TAB_TITLES = {"floor": "Floor", "notices": "Notices & delays", "metrics": "Metrics",
              "sync": "Sync to the ticketing system"}


class LiaisonView(QWidget):
    """The liaison's window (see the module docstring)."""

    def __init__(self, core: Core, runner: TaskRunner, feed: FloorFeed, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LiaisonView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{core.settings.site_name} \u2014 Floor")
        self.setStyleSheet(window_stylesheet("liaison.qss"))
        self.core = core
        self.runner = runner
        self.feed = feed
        self.floor: FloorTeam | None = None
        self._floor_busy = False
        self._floor_stale = False
        self._floor_seq: int | None = None
        self._ticks = 0
        self._missed = False  # ticks passed while hidden or minimised
        self.message = MessageArea(self)
        self.connectivity = Connectivity.of(runner, core.visits.latest_change)
        self.connectivity.follow(feed)
        self.outcome = Outcome(self.message, self.refresh_floor,
                               OutageNotice(self.connectivity, self.message, self))
        self._build_layout()
        LiveQueue(feed, self.floor_tab.model, self.message, self)  # first: rows before counts
        self.forecasts = follow_forecasts(core, feed, self.floor_tab.model, runner, self,
                                          shown=on_screen(self.floor_tab.table))
        self.forecasts.updated.connect(self.on_forecast_updated)
        self._connect()
        guard_inputs(self)
        name_tab_bars(self)
        self._watch = FloorWatch(self.floor_tab.model.visits(), core.settings)
        self.show_floor()
        if feed.is_loaded:  # opened after the feed's first load: read the floor now
            self._read_floor()

    def _build_layout(self) -> None:
        """The top bar, the offline banner, then the message bar over the tabs."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar())
        self.offline_banner = OfflineBanner(self.connectivity, "staff", parent=self)
        layout.addWidget(self.offline_banner)
        body = QVBoxLayout()
        body.setContentsMargins(20, 8, 20, 14)
        body.setSpacing(8)
        body.addWidget(self.message)
        body.addWidget(self._build_tabs(), 1)
        layout.addLayout(body, 1)

    # ------------------------------------------------------------ wiring

    def _connect(self) -> None:
        self.feed.loaded.connect(self.on_feed_changed)
        self.feed.changed.connect(self.on_feed_changed)
        self.feed.ticked.connect(self.on_feed_ticked)
        self.sync_reader.read.connect(self._on_sync_read)
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.connectivity.came_back.connect(self._read_floor)  # the feed catches up itself
        tab = self.floor_tab
        for keys, slot in (("Ctrl+N", self.focus_checkin), ("Ctrl+P", tab.on_reprioritise_clicked),
                           ("Ctrl+M", tab.on_move_clicked), ("Del", tab.on_remove_clicked),
                           ("F5", self.on_refresh_shortcut)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------ following the feed

    def on_feed_changed(self, *_args: object) -> None:
        """Visits changed: the counts and alerts at once, the technicians' visitors next."""
        self._watch = FloorWatch(self.floor_tab.model.visits(), self.core.settings)
        self.show_floor()
        self._read_floor()

    def on_forecast_updated(self) -> None:
        """Name the visitors now expected to pass their wait target."""
        self.floor_tab.show_predicted(self.floor_tab.model.predicted_breaches())

    def on_feed_ticked(self) -> None:
        """Redraw the waits, counts and alerts from the visits held; read the floor again if
        the feed moved. Nothing while the window is hidden or minimised: it catches up
        when shown again."""
        if not is_on_screen(self):
            self._missed = True
            return
        tick_waits(self.floor_tab.table, self.floor_tab.model)
        self.show_floor()
        self._ticks += 1
        due = self._ticks >= SAFETY_TICKS
        if due or self._floor_seq != self.feed.seq:
            self._read_floor()
        if due and self.tabs.currentIndex() == TABS.index("sync"):
            self.sync_reader.refresh()  # deliveries are not in the feed either

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._catch_up()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and not self.isMinimized():
            self._catch_up()

    def _catch_up(self) -> None:
        """Shown again after ticks were missed: the counts and alerts now, the floor read."""
        if self._missed:
            self._missed = False
            self.show_floor()
            self._read_floor()

    def show_floor(self) -> None:
        """The counts, the longest wait and the SLA alerts, from the visits the queue holds.

        Read from the :class:`FloorWatch` of the last change: a second passing costs a
        search per category and the alerts shown, not a pass over the line.
        """
        now = self.core.clock.now()
        self.counts.show_summary(self._watch.summary(now))
        self.floor_tab.show_alerts(*self._watch.alerts(now, ALERTS_SHOWN))

    def refresh_floor(self) -> None:
        """Catch up now (after a change made here, or F5): ask the feed, read the floor."""
        self.feed.poll_now()
        self._read_floor()

    def _read_floor(self) -> None:
        """Read the technicians and the delay message again (a request made meanwhile waits)."""
        if self._floor_busy:
            self._floor_stale = True
            return
        self._floor_busy = True
        self._ticks = 0
        self._floor_seq = self.feed.seq
        self.runner.run(self.core.floor.team, self._on_floor, self._on_floor_failed,
                        name="liaison.floor", context=self)

    def _on_floor(self, floor: FloorTeam) -> None:
        self._floor_busy = False
        self.floor = floor
        self.show_floor()
        self.floor_tab.technician_list.set_technicians(floor.technicians)
        self.notices_tab.show_broadcast(floor.broadcast)
        self.broadcast_pill.setVisible(floor.broadcast is not None)
        if self._floor_stale:
            self._floor_stale = False
            self._read_floor()

    def _on_floor_failed(self, error: BaseException) -> None:
        self._floor_busy = False
        self.outcome.error(error)

    # ------------------------------------------------------------ tabs and keys

    def on_tab_changed(self, index: int) -> None:
        name = TABS[index] if 0 <= index < len(TABS) else ""
        self.heading.setText(TAB_TITLES.get(name, ""))
        if name == "notices":
            self.notices_tab.open()
        elif name == "metrics":
            self.metrics_reader.refresh()
        elif name == "sync":
            self.sync_reader.refresh()

    def focus_checkin(self) -> None:
        self.tabs.setCurrentIndex(TABS.index("floor"))
        self.floor_tab.focus_checkin()

    def on_refresh_shortcut(self) -> None:
        self.refresh_floor()
        self.on_tab_changed(self.tabs.currentIndex())

    def _on_sync_read(self, health: SyncHealth) -> None:
        self.tabs.setTabText(TABS.index("sync"), f"Sync ({health.failed} failed)"
                             if health.failed else "Sync")

    # ------------------------------------------------------------ layout

    def _build_top_bar(self) -> QFrame:
        """Site and the tab shown, then the floor's counts (on every tab)."""
        bar, row, self.heading = top_bar(self, self.core.settings.site_name,
                                         TAB_TITLES["floor"])
        self.broadcast_pill = plain_label("Delay message on", "pill")
        self.broadcast_pill.hide()
        row.addWidget(self.broadcast_pill)
        row.addSpacing(12)
        self.counts = FloorCounts(bar)
        row.addWidget(self.counts)
        return bar

    def _build_tabs(self) -> QTabWidget:
        core, runner, outcome = self.core, self.runner, self.outcome
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setAccessibleName("Sections")
        self.floor_tab = FloorTab(core.floor, core.directory, runner, outcome, self,
                                  links=core.notify, remote=core.remote_join)
        self.tabs.addTab(scrolled(self.floor_tab), "Floor")
        self.notices_tab = NoticesTab(core.notices, core.floor, runner, outcome, self)
        self.tabs.addTab(scrolled(self.notices_tab), "Notices && delays")
        today = (core.clock.now() + core.settings.utc_offset).date()
        self.metrics_panel = MetricsPanel(core.settings.categories, today, self)
        self.metrics_reader = MetricsReader(self.metrics_panel, core.metrics, core.export,
                                            runner, outcome)
        self.tabs.addTab(scrolled(self.metrics_panel), "Metrics")
        self.sync_panel = SyncPanel(core.settings.utc_offset, self)
        self.sync_reader = SyncReader(self.sync_panel, core.sync, runner, outcome,
                                      notify=core.notify)
        self.tabs.addTab(scrolled(self.sync_panel), "Sync")
        return self.tabs
