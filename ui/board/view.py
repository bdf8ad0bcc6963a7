"""The waiting-room display board: "now serving" for a TV, legible from across the room.

Shows the visits being called with where to go (their counter, else the
technician), the next few in line, the notices in force and the delay message, and
plays a chime when someone is called. Private by default: the board only ever
receives :class:`~kiosk.app.floor.BoardEntry` values, which hold a ticket number and, when
``show_names`` is on, a first name and an initial ("Ana G."); never a full name, an
email or a description.

The board follows its process's one floor feed: it reads the board again when visits
change, when the feed has seen other changes (a notice, the delay message, a
technician's counter), and at least every :data:`SAFETY_TICKS` ticks (notices and the
delay message also start and end by the clock, without a change).
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.app.floor import BoardEntry, BoardState
from kiosk.bootstrap import Core
from ui.board.chime import Chime
from ui.common.feed import FloorFeed
from ui.common.offline import Connectivity, OfflineBanner, is_outage
from ui.common.tasks import TaskRunner, describe_error
from ui.common.theme import set_kind, set_property, window_stylesheet
from ui.common.widgets import clear_layout, plain_label

log = logging.getLogger(__name__)
#: How often the board's own process polls its feed.
BOARD_POLL_MS = 2000
#: The board is read again at least every this many ticks of the feed.
SAFETY_TICKS = 15
NEXT_COUNT = 5
SERVING_COUNT = 4
MAX_NOTICES = 2
NEW_CALL_MS = 15_000
"""How long a new call stays highlighted."""


class DisplayBoard(QWidget):
    """The full-screen board; reads :meth:`FloorService.board` off the GUI thread.

    Args:
        show_names: show a first name and an initial next to ticket numbers.
        chime: ring when someone is called (never fails without audio).
    """

    def __init__(self, core: Core, runner: TaskRunner, feed: FloorFeed, *,
                 show_names: bool = False, chime: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DisplayBoard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{core.settings.site_name} \u2014 Now serving")
        # Sized to be read across the room on a screen of its own: the kiosk's larger
        # text would push it past a 1280x720 screen's edge (1,323 pixels).
        self.setStyleSheet(window_stylesheet("display.qss", follow_text_size=False))
        self.core = core
        self.runner = runner
        self.feed = feed
        self.show_names = show_names
        self.chime = Chime(chime, self)
        self.state: BoardState | None = None
        self._seen_calls: dict[str, datetime | None] | None = None
        self._new_since: dict[str, datetime] = {}
        self._busy = False
        self._stale = False
        self._read_seq: int | None = None
        self._ticks = 0
        self.connectivity = Connectivity.of(runner, core.visits.latest_change)
        self.connectivity.follow(feed)
        self._build()
        self._follow(feed)

    def _follow(self, feed: FloorFeed) -> None:
        feed.loaded.connect(self.refresh)
        feed.changed.connect(self.refresh)
        feed.ticked.connect(self.on_feed_ticked)
        feed.failed.connect(self.on_feed_failed)
        self.connectivity.came_back.connect(self.refresh)
        self._show_clock()
        self.refresh()
        feed.start()

    # ------------------------------------------------------------ feeding

    def refresh(self, *_args: object) -> bool:
        """Read the board's content (one query at a time; a request made meanwhile waits).

        Returns:
            False when a read was in flight (this one follows it) or the runner is closed.
        """
        if self.runner.is_closed:
            return False
        if self._busy:
            self._stale = True
            return False
        self._busy, self._ticks, self._read_seq = True, 0, self.feed.seq
        floor, names = self.core.floor, self.show_names
        self.runner.run(lambda: floor.board(show_names=names, next_count=NEXT_COUNT),
                        self._on_board, self._on_failed, name="display.board", context=self)
        return True

    def on_feed_ticked(self) -> None:
        """Redraw the clock; read again if the feed moved past the last read, or now and then."""
        self._show_clock()
        self._ticks += 1
        if self._ticks >= SAFETY_TICKS or self._read_seq != self.feed.seq:
            self.refresh()

    def on_feed_failed(self, error: BaseException) -> None:
        if not is_outage(error):  # an outage is logged once, and shown, by the connectivity
            log.warning("display board: the floor feed failed: %s", describe_error(error))

    def set_state(self, state: BoardState) -> None:
        """Show a board state; chime for every call not seen before (not on the first load)."""
        calls = {e.visit_id: e.called_at for e in state.now_serving}
        now = self.core.clock.now()
        if self._seen_calls is not None:
            fresh = [vid for vid, at in calls.items()
                     if vid not in self._seen_calls or self._seen_calls[vid] != at]
            for visit_id in fresh:
                self._new_since[visit_id] = now
            if fresh:
                self.chime.play()
        self._seen_calls = calls
        self._new_since = {k: v for k, v in self._new_since.items()
                           if k in calls and (now - v).total_seconds() * 1000 < NEW_CALL_MS}
        if state == self.state:
            return
        self.state = state
        self._fill_serving(state.now_serving[:SERVING_COUNT])
        self._fill_next(state.next_up, state.waiting)
        self._fill_notices(state)

    def visible_texts(self) -> list[str]:
        """Every text the board shows (labels, title, accessible names): for privacy checks."""
        texts = [self.windowTitle(), self.accessibleName()]
        for widget in self.findChildren(QWidget):
            texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
            if isinstance(widget, QLabel):
                texts.append(widget.text())
        return [t for t in texts if t]

    def _on_board(self, state: BoardState) -> None:
        self._busy = False
        self.set_state(state)
        self._read_again()

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        if not is_outage(error):
            log.warning("display board refresh failed: %s", describe_error(error))
        self._read_again()

    def _read_again(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    # ------------------------------------------------------------ content

    def _fill_serving(self, entries: tuple[BoardEntry, ...]) -> None:
        clear_layout(self.serving_box)
        self.serving_empty.setVisible(not entries)
        for entry in entries:
            self.serving_box.addWidget(self._serving_row(entry))
        self.serving_box.addStretch(1)

    def _serving_row(self, entry: BoardEntry) -> QFrame:
        row = QFrame(self)
        set_kind(row, "serving-row", "new" if entry.visit_id in self._new_since else "calm")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(36, 14, 40, 14)
        layout.setSpacing(28)
        ticket = QVBoxLayout()
        ticket.setSpacing(0)
        ticket.addWidget(plain_label(entry.ticket_number, "serving-ticket"))
        if entry.name:
            ticket.addWidget(plain_label(entry.name, "serving-name"))
        layout.addLayout(ticket)
        layout.addStretch(1)
        if entry.place:
            layout.addWidget(plain_label("\u2192", "serving-arrow"))
            layout.addWidget(plain_label(entry.place, "serving-place"))
        row.setAccessibleName(f"Ticket {entry.ticket_number}"
                              + (f", please go to {entry.place}" if entry.place else ""))
        return row

    def _fill_next(self, entries: tuple[BoardEntry, ...], waiting: int) -> None:
        clear_layout(self.next_box)
        self.next_empty.setVisible(not entries)
        for entry in entries:
            line = QHBoxLayout()
            line.setSpacing(20)
            line.addWidget(plain_label(entry.ticket_number, "next-ticket"))
            if entry.name:
                line.addWidget(plain_label(entry.name, "next-name"))
            line.addStretch(1)
            holder = QWidget(self)
            holder.setLayout(line)
            self.next_box.addWidget(holder)
        self.next_box.addStretch(1)
        more = waiting - len(entries)
        self.count_label.setText(f"{waiting} waiting" + (f" \u00b7 {more} more after these"
                                                          if more > 0 else ""))

    def _fill_notices(self, state: BoardState) -> None:
        broadcast = state.broadcast
        self.delay_label.setVisible(broadcast is not None)
        self.delay_label.setText(broadcast.message if broadcast else "")
        clear_layout(self.notice_box)
        for notice in state.notices[:MAX_NOTICES]:
            text = notice.title + (f" \u2014 {notice.message}" if notice.message else "")
            label = plain_label(text, "board-notice", wrap=True)
            set_property(label, "tone", notice.severity)
            self.notice_box.addWidget(label)

    def _show_clock(self) -> None:
        local = self.core.clock.now() + self.core.settings.utc_offset
        self.clock_label.setText(local.strftime("%H:%M"))

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        self.offline_banner = OfflineBanner(self.connectivity, "board", large=True, parent=self)
        layout.addWidget(self.offline_banner)
        body = QVBoxLayout()
        body.setContentsMargins(48, 24, 48, 28)
        body.setSpacing(18)
        self.delay_label = plain_label("", "board-delay", wrap=True)
        self.delay_label.hide()
        body.addWidget(self.delay_label)
        columns = QHBoxLayout()
        columns.setSpacing(36)
        columns.addLayout(self._build_serving(), 3)
        columns.addWidget(self._build_next(), 2)
        body.addLayout(columns, 1)
        self.notice_box = QVBoxLayout()
        self.notice_box.setSpacing(12)
        body.addLayout(self.notice_box)
        layout.addLayout(body, 1)

    def _build_header(self) -> QFrame:
        bar = QFrame(self)
        set_kind(bar, "board-header")
        row = QHBoxLayout(bar)
        row.setContentsMargins(48, 20, 48, 20)
        row.addWidget(plain_label(self.core.settings.site_name, "board-site"))
        row.addStretch(1)
        self.clock_label = plain_label("", "board-clock")
        row.addWidget(self.clock_label)
        return bar

    def _build_serving(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(18)
        column.addWidget(plain_label("NOW SERVING", "board-section"))
        self.serving_empty = plain_label("Please take a seat: we will call your number here.",
                                         "board-empty", wrap=True)
        column.addWidget(self.serving_empty)
        self.serving_box = QVBoxLayout()
        self.serving_box.setSpacing(18)
        column.addLayout(self.serving_box, 1)
        return column

    def _build_next(self) -> QFrame:
        panel = QFrame(self)
        set_kind(panel, "next-panel")
        column = QVBoxLayout(panel)
        column.setContentsMargins(36, 22, 36, 22)
        column.setSpacing(6)
        column.addWidget(plain_label("NEXT IN LINE", "board-section"))
        self.next_empty = plain_label("Nobody is waiting.", "board-empty")
        column.addWidget(self.next_empty)
        self.next_box = QVBoxLayout()
        self.next_box.setSpacing(6)
        column.addLayout(self.next_box, 1)
        self.count_label = plain_label("", "board-count")
        column.addWidget(self.count_label)
        # On a TV every entry fits; a board previewed in a laptop window keeps the window's
        # size and shows as many entries as fit instead of growing past the screen.
        panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        return panel
