"""The live queue shared by the console and the liaison view: its table, and following the feed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.common.feed import FloorFeed
from ui.common.models import Column, QueueFilterProxy, QueueTableModel
from ui.common.tasks import describe_error
from ui.common.widgets import MessageArea

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
    ColumnFitter(table)
    return table


class ColumnFitter(QObject):
    """Sizes every column but the name to its content when rows come, go or change.

    Not on every tick: the wait column keeps room for :data:`WIDEST_WAIT`. The priority
    column is hidden while no visit in the table has a mark, so names get the room.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self.fit)
        model.dataChanged.connect(self.on_data_changed)
        table.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESTYLED:  # the theme's fonts and padding, or the room, changed
            self.fit()
        return super().eventFilter(watched, event)

    def on_data_changed(self, first: QModelIndex | QPersistentModelIndex,
                        last: QModelIndex | QPersistentModelIndex, *_roles: object) -> None:
        if not first.column() == last.column() == Column.WAIT:  # a tick: nothing to fit
            self.fit()

    def fit(self, *_args: object) -> None:
        table, header = self.table, self.table.horizontalHeader()
        model = table.model()
        marked = any(model.index(row, Column.MARKS).data() for row in range(model.rowCount()))
        table.setColumnHidden(Column.MARKS, not marked)
        wait_room = table.fontMetrics().horizontalAdvance(WIDEST_WAIT) + 40  # dot and padding
        widths: dict[Column, int] = {}
        for column in Column:
            if column is Column.NAME or table.isColumnHidden(column):
                continue
            widths[column] = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        widths[Column.WAIT] = max(widths[Column.WAIT], wait_room)
        short = NAME_ROOM - (table.viewport().width() - sum(widths.values()))
        if short > 0:  # the category gives way (down to its header) before the name does
            widths[Column.CATEGORY] = max(widths[Column.CATEGORY] - short,
                                          header.sectionSizeHint(Column.CATEGORY))
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
