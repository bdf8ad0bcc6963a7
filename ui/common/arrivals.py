"""New arrivals in a live queue: scrolled into view and highlighted for a moment.

A visitor who checks in while the queue is scrolled would join it out of sight. The
:class:`ArrivalHighlighter` watches the queue's model for visits it has not seen,
scrolls the table to the newest one (unless that would hide the row being worked on)
and paints new rows in the theme's soft accent for :data:`HIGHLIGHT_MS`.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from kiosk.domain.visit import Visit, VisitState
from ui.common.models import VISIT_ROLE, QueueTableModel
from ui.common.theme import current_colours

_Index = QModelIndex | QPersistentModelIndex
#: How long a new arrival stays highlighted.
HIGHLIGHT_MS = 10_000
_EXPIRY_TICK_MS = 500
MARK_WIDTH = 5


class ArrivalHighlighter(QStyledItemDelegate):
    """The table's delegate: rows of visits that just arrived get the soft accent background.

    Args:
        table: shows ``source`` directly or through a filter proxy.
        source: the queue model whose new rows are arrivals (its first load is not).
    """

    def __init__(self, table: QTableView, source: QueueTableModel) -> None:
        super().__init__(table)
        self.table = table
        self.source = source
        self.known = {visit.id for visit in source.visits()}
        self.fresh: dict[str, float] = {}
        self._expiry = QTimer(self)
        self._expiry.setInterval(_EXPIRY_TICK_MS)
        self._expiry.timeout.connect(self.on_expiry_tick)
        source.modelReset.connect(self.on_source_reset)
        source.rowsInserted.connect(self.on_source_rows_inserted)
        table.setItemDelegate(self)

    def is_fresh(self, visit_id: str) -> bool:
        return visit_id in self.fresh

    def on_source_reset(self) -> None:
        """A first (or new) load: what it holds was already there, not a new arrival."""
        self.known = {visit.id for visit in self.source.visits()}
        self.fresh.clear()

    def on_source_rows_inserted(self, _parent: _Index, first: int, last: int) -> None:
        arrived = [self.source.visit_at(row) for row in range(first, last + 1)]
        new = [v for v in arrived if v.id not in self.known and v.state is VisitState.WAITING]
        self.known.update(v.id for v in arrived)
        if not new:
            return
        deadline = time.monotonic() + HIGHLIGHT_MS / 1000
        for visit in new:
            self.fresh[visit.id] = deadline
        self._show(new[-1])
        self._expiry.start()
        self.table.viewport().update()

    def on_expiry_tick(self) -> None:
        now = time.monotonic()
        self.fresh = {vid: until for vid, until in self.fresh.items() if until > now}
        if not self.fresh:
            self._expiry.stop()
        self.table.viewport().update()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        visit = index.data(VISIT_ROLE)
        if isinstance(visit, Visit) and visit.id in self.fresh:
            colours = current_colours()
            rect = option.rect
            painter.fillRect(rect, QColor(colours.accent_soft))
            if index.column() == 0:  # a bar down the row's left edge: new, not selected
                painter.fillRect(rect.adjusted(0, 0, MARK_WIDTH - rect.width(), 0),
                                 QColor(colours.accent))
        super().paint(painter, option, index)

    def _show(self, visit: Visit) -> None:
        """Scroll to the arrival, unless that would hide the row selected."""
        row = self.source.row_of(visit.id)
        if row is None:
            return
        index = self._view_index(row)
        if not index.isValid():
            return  # filtered out of this table
        scroll = self.table.verticalScrollBar()
        before = scroll.value()
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        selected = self.table.selectionModel().selectedRows()
        if selected and not self.table.viewport().rect().intersects(
                self.table.visualRect(selected[0])):
            scroll.setValue(before)

    def _view_index(self, row: int) -> QModelIndex:
        shown = self.table.model()
        index = self.source.index(row, 0)
        return shown.mapFromSource(index) if isinstance(shown, QAbstractProxyModel) else index

