"""The live queue shared by the console and the liaison view: its table, and following the feed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.common.feed import FloorFeed
from ui.common.models import Column, QueueFilterProxy, QueueTableModel
from ui.common.tasks import describe_error
from ui.common.widgets import MessageArea


def queue_table(model: QueueTableModel | QueueFilterProxy,
                parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting table for a :class:`QueueTableModel` (or its filter)."""
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
    header.setMinimumSectionSize(64)
    for column, width in _COLUMN_WIDTHS.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
    return table


# Fixed widths (no resize-to-contents: the wait column ticks every second).
_COLUMN_WIDTHS = {Column.TICKET: 72, Column.MARKS: 96, Column.CATEGORY: 140, Column.STATE: 96,
                  Column.WAIT: 100, Column.TECHNICIAN: 86}


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
