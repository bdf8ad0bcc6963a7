"""The live queue shared by the console and the liaison view: its table, and following the feed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.common.feed import FloorFeed
from ui.common.models import Column, QueueTableModel, is_tick
from ui.common.queue_filter import QueueFilterProxy
from ui.common.tasks import describe_error
from ui.common.widgets import MessageArea, is_on_screen

#: The widest wait the column keeps room for, so a ticking clock never resizes it.
WIDEST_WAIT = "0:00:00"
#: The name keeps at least this much room; a narrow table cuts the category instead.
NAME_ROOM = 160
_RESTYLED = (QEvent.Type.Show, QEvent.Type.StyleChange, QEvent.Type.FontChange,
             QEvent.Type.Resize)


def queue_table(model: QueueTableModel | QueueFilterProxy, parent: QWidget | None = None, *,
                row_height: int = 44) -> QTableView:
    """A read-only, row-selecting table for a :class:`QueueTableModel` (or its filter).

    The name takes the room left; the other columns fit their content (see
    :class:`ColumnFitter`). Tab leaves the table instead of walking its cells.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName("Queue")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(48)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
    ColumnFitter(table, model)
    return table


def shown_rows(table: QTableView) -> range:
    """The rows of the table's model the viewport shows; none while the window is hidden
    or minimised (or the table's page is not the one shown)."""
    if not is_on_screen(table):
        return range(0)
    first = table.rowAt(0)
    if first < 0:
        return range(0)
    last = table.rowAt(table.viewport().height() - 1)
    return range(first, (last if last >= 0 else table.model().rowCount() - 1) + 1)


def tick_waits(table: QTableView, model: QueueTableModel | QueueFilterProxy) -> int:
    """The clock moved on: the wait column of the rows in view is redrawn, no other.

    Rows scrolled out of view are drawn from the clock when they come into view, and a
    window restored or shown again is painted afresh, so nothing else needs telling.

    Returns:
        How many rows were told (those in view).
    """
    rows = shown_rows(table)
    if isinstance(model, QueueFilterProxy):
        return model.source().refresh_waits(model.source_rows(rows))
    return model.refresh_waits(rows)


class ColumnFitter(QObject):
    """Sizes every column but the name to the content in view when rows come, go or change.

    Not on every tick: the wait column keeps room for :data:`WIDEST_WAIT`. The priority
    column is hidden while no visit in the table has a mark, so names get the room.
    Only the rows in view are measured (a long line costs what a short one does), so
    scrolling widens a column that needs it; nothing is measured while the table is
    hidden (it is fitted when shown).
    """

    def __init__(self, table: QTableView, model: QueueTableModel | QueueFilterProxy) -> None:
        super().__init__(table)
        self.table = table
        self.model = model
        table.horizontalHeader().setResizeContentsPrecision(0)  # the rows in view only
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.rowsMoved, model.layoutChanged):
            signal.connect(self.fit)
        model.dataChanged.connect(self.on_data_changed)
        self._scrolled = QTimer(self)  # once the scrolling settled (an arrival scrolls
        self._scrolled.setSingleShot(True)  # to itself and back in one go)
        self._scrolled.setInterval(0)
        self._scrolled.timeout.connect(self.on_scrolled_timeout)
        table.verticalScrollBar().valueChanged.connect(self.on_scrolled)
        table.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESTYLED:  # the theme's fonts and padding, or the room, changed
            self.fit()
        return super().eventFilter(watched, event)

    def on_data_changed(self, first: QModelIndex | QPersistentModelIndex,
                        last: QModelIndex | QPersistentModelIndex, *_roles: object) -> None:
        if not is_tick(first, last):  # a tick: nothing to fit
            self.fit()

    def on_scrolled(self, _value: int) -> None:
        self._scrolled.start()  # (not connected to start itself: its int would be an interval)

    def on_scrolled_timeout(self) -> None:
        """Rows come into view may need more room; columns never narrow while scrolling."""
        self._fit(grow_only=True)

    def fit(self, *_args: object) -> None:
        self._fit(grow_only=False)

    def _fit(self, *, grow_only: bool) -> None:
        table, header = self.table, self.table.horizontalHeader()
        if not table.isVisible():
            return
        table.setColumnHidden(Column.MARKS, not self.model.has_marks())
        table.setColumnHidden(Column.EXPECTED, not _source(self.model).has_forecast())
        wait_room = table.fontMetrics().horizontalAdvance(WIDEST_WAIT) + 40  # dot and padding
        widths: dict[Column, int] = {}
        for column in Column:
            if column is Column.NAME or table.isColumnHidden(column):
                continue
            widths[column] = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        widths[Column.WAIT] = max(widths[Column.WAIT], wait_room)
        if grow_only:
            widths = {column: max(width, header.sectionSize(column))
                      for column, width in widths.items()}
        short = NAME_ROOM - (table.viewport().width() - sum(widths.values()))
        if short > 0:  # the category gives way (down to its header) before the name does
            narrowest = header.sectionSizeHint(Column.CATEGORY)
            given = min(short, max(widths[Column.CATEGORY] - narrowest, 0))
            widths[Column.CATEGORY] -= given
            short -= given
        if short > 0 and Column.EXPECTED in widths:  # then the expected call (its time is
            widths.pop(Column.EXPECTED)              # also in the wait's tooltip)
            table.setColumnHidden(Column.EXPECTED, True)
        for column, width in widths.items():
            header.resizeSection(column, width)


class LiveQueue(QObject):
    """Keeps a window's :class:`QueueTableModel` in step with the process's feed.

    The model starts from the feed's rows when it has loaded already (a window opened
    later), else from its ``loaded`` signal; the feed is started if it is not running.
    A failed read is shown in the window's own message bar and cleared on recovery.
    """

    def __init__(self, feed: FloorFeed, model: QueueTableModel, message: MessageArea,
                 parent: QObject) -> None:
        super().__init__(parent)
        self._message = message
        self._shown = ""
        feed.loaded.connect(model.load)
        feed.changed.connect(model.apply)
        feed.failed.connect(self.on_feed_failed)
        feed.recovered.connect(self.on_feed_recovered)
        if feed.is_loaded:
            model.load(feed.active())
        feed.start()

    def on_feed_failed(self, error: BaseException) -> None:
        self._shown = describe_error(error)
        self._message.show_error(self._shown)

    def on_feed_recovered(self) -> None:
        if self._shown and self._message.text() == self._shown:
            self._message.clear_message()
        self._shown = ""


def _source(model: QueueTableModel | QueueFilterProxy) -> QueueTableModel:
    return model.source() if isinstance(model, QueueFilterProxy) else model
