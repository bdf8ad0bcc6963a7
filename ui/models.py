"""Table models that adapt the core's change feed to Qt views, row by row."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from kiosk.clock import Clock
from kiosk.config import Category
from kiosk.domain import Visit, VisitState, queue_key

_Index = QModelIndex | QPersistentModelIndex
VISIT_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role returning the row's :class:`Visit` snapshot."""

# Foreground colours with at least 4.5:1 contrast on white and on the alternate row.
_STATE_COLOURS = {
    VisitState.WAITING: "#1f2937",
    VisitState.CALLED: "#1d4ed8",
    VisitState.IN_SERVICE: "#15803d",
    VisitState.PARKED: "#b45309",
}
_OVERDUE = "#b91c1c"


class Column(IntEnum):
    TICKET = 0
    NAME = 1
    CATEGORY = 2
    STATE = 3
    WAIT = 4
    TECHNICIAN = 5


HEADERS = {
    Column.TICKET: "Ticket",
    Column.NAME: "Name",
    Column.CATEGORY: "Category",
    Column.STATE: "State",
    Column.WAIT: "Wait",
    Column.TECHNICIAN: "Technician",
}


def format_wait(wait: timedelta) -> str:
    """``4:07`` under an hour, ``1:02:09`` beyond: minutes and seconds, ticking."""
    seconds = max(int(wait.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _sort_key(visit: Visit) -> tuple[int, datetime, str]:
    return queue_key(visit.priority, visit.queued_at, visit.ticket_number)


class QueueTableModel(QAbstractTableModel):
    """The active visits in queue order (priority, then arrival), as immutable snapshots.

    Fed by :meth:`load` once and :meth:`apply` for each batch of the change feed:
    new visits are inserted, changed ones emit ``dataChanged`` (or move when their
    place in line changed), ended ones are removed; there is no reset per batch.
    Visitor text is returned as plain ``str`` for the display role.
    """

    def __init__(self, clock: Clock, categories: Iterable[Category],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._categories = {c.id: c for c in categories}
        self._visits: list[Visit] = []
        self._keys: list[tuple[int, datetime, str]] = []

    # ------------------------------------------------------------ feeding

    def load(self, visits: Iterable[Visit]) -> None:
        """Replace everything (the first snapshot): the only reset the model does."""
        active = sorted((v for v in visits if not v.state.is_final), key=_sort_key)
        self.beginResetModel()
        self._visits = active
        self._keys = [_sort_key(v) for v in active]
        self.endResetModel()

    def apply(self, visits: Iterable[Visit]) -> None:
        """Merge changed snapshots row by row."""
        for visit in visits:
            row = self.row_of(visit.id)
            if row is None:
                if not visit.state.is_final:
                    self._insert(visit)
            elif visit.version < self._visits[row].version:
                continue
            elif visit.state.is_final:
                self._remove(row)
            elif _sort_key(visit) == self._keys[row]:
                self._visits[row] = visit
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
            else:
                self._remove(row)
                self._insert(visit)

    def refresh_waits(self) -> None:
        """Tell views the wait column moved on (it is computed from the clock)."""
        if self._visits:
            self.dataChanged.emit(self.index(0, Column.WAIT),
                                  self.index(len(self._visits) - 1, Column.WAIT),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])

    def _insert(self, visit: Visit) -> None:
        key = _sort_key(visit)
        row = bisect.bisect_right(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._visits.insert(row, visit)
        self._keys.insert(row, key)
        self.endInsertRows()

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._visits[row]
        del self._keys[row]
        self.endRemoveRows()

    # ------------------------------------------------------------ queries

    def row_of(self, visit_id: str) -> int | None:
        return next((i for i, v in enumerate(self._visits) if v.id == visit_id), None)

    def visit_at(self, row: int) -> Visit:
        return self._visits[row]

    def visits(self) -> tuple[Visit, ...]:
        return tuple(self._visits)

    # ------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._visits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(Column(section))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visits):
            return None
        visit = self._visits[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(visit, column)
        if role == VISIT_ROLE:
            return visit
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(visit, column)
        if role == Qt.ItemDataRole.FontRole and column is Column.TICKET:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.WAIT:
            return self._wait_tooltip(visit)
        return None

    # ------------------------------------------------------------ cells

    def _text(self, visit: Visit, column: Column) -> str:
        if column is Column.TICKET:
            return visit.ticket_number
        if column is Column.NAME:
            return visit.requester.name
        if column is Column.CATEGORY:
            category = self._categories.get(visit.category)
            return category.label if category else visit.category
        if column is Column.STATE:
            return visit.state.label.capitalize()
        if column is Column.WAIT:
            return format_wait(visit.wait(self._clock.now()))
        return visit.technician or "\u2014"

    def _foreground(self, visit: Visit, column: Column) -> QBrush | None:
        if column is Column.STATE:
            return QBrush(QColor(_STATE_COLOURS.get(visit.state, "#1f2937")))
        if column is Column.WAIT and self._overdue(visit):
            return QBrush(QColor(_OVERDUE))
        return None

    def _overdue(self, visit: Visit) -> bool:
        category = self._categories.get(visit.category)
        if category is None or visit.state is not VisitState.WAITING:
            return False
        return visit.wait(self._clock.now()) > category.wait_target

    def _wait_tooltip(self, visit: Visit) -> str:
        category = self._categories.get(visit.category)
        if category is None:
            return ""
        target = int(category.wait_target.total_seconds() // 60)
        late = " (over target)" if self._overdue(visit) else ""
        return f"Target wait: {target} min{late}"


def _alignment(column: Column) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignRight if column is Column.WAIT else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter
