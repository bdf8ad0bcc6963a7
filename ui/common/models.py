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
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPixmap

from kiosk.clock import Clock
from kiosk.config import Category
from kiosk.domain.priority import Priority, priority_mark
from kiosk.domain.sla import SlaLevel, sla_level
from kiosk.domain.visit import Visit, VisitState, queue_key
from ui.common.theme import current_colours

_Index = QModelIndex | QPersistentModelIndex
VISIT_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role returning the row's :class:`Visit` snapshot."""
SLA_ROLE = Qt.ItemDataRole.UserRole + 2
"""Item data role returning the row's :class:`SlaLevel` (waiting visits only; else None)."""

#: The theme colour each state's text is drawn in (each meets AA on the table's rows).
_STATE_TONES = {
    VisitState.WAITING: "ink",
    VisitState.CALLED: "accent_text",
    VisitState.IN_SERVICE: "success_text",
    VisitState.PARKED: "alert",
}


class Column(IntEnum):
    TICKET = 0
    NAME = 1
    MARKS = 2
    CATEGORY = 3
    STATE = 4
    WAIT = 5
    TECHNICIAN = 6


HEADERS = {
    Column.TICKET: "Ticket",
    Column.NAME: "Name",
    Column.MARKS: "Priority",
    Column.CATEGORY: "Category",
    Column.STATE: "State",
    Column.WAIT: "Wait",
    Column.TECHNICIAN: "Technician",
}


def priority_text(visit: Visit) -> str:
    """The priority column: ``Urgent``, ``VIP`` or ``Appointment``, or empty."""
    mark = priority_mark(visit.priority, visit.appointment_code)
    return "" if mark is Priority.NORMAL else mark.label


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
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                                   Qt.ItemDataRole.DecorationRole, SLA_ROLE])

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
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.WAIT, Column.MARKS):
            return self._wait_tooltip(visit) if column is Column.WAIT else self._marks_tip(visit)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.NAME, Column.CATEGORY):
            return self._text(visit, column)  # the whole text where a narrow column cuts it
        if role == SLA_ROLE:
            return self.sla(visit)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.WAIT:
            sla = self.sla(visit)
            return _dot(_sla_colour(sla)) if sla is not None else None
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
        if column is Column.MARKS:
            return priority_text(visit)
        if column is Column.WAIT:
            return format_wait(visit.wait(self._clock.now()))
        return visit.technician or "\u2014"

    def _foreground(self, visit: Visit, column: Column) -> QBrush | None:
        if column is Column.STATE:
            tone = _STATE_TONES.get(visit.state, "ink")
            return QBrush(QColor(getattr(current_colours(), tone)))
        if column is Column.MARKS and priority_mark(visit.priority) is Priority.URGENT:
            return QBrush(QColor(current_colours().error_text))
        if column is Column.WAIT:
            sla = self.sla(visit)
            return QBrush(QColor(_sla_colour(sla))) if sla is not SlaLevel.WITHIN and sla else None
        return None

    def sla(self, visit: Visit) -> SlaLevel | None:
        """The SLA colour of a waiting visit; None when not waiting or no target is known."""
        category = self._categories.get(visit.category)
        if category is None or visit.state is not VisitState.WAITING:
            return None
        return sla_level(visit.wait(self._clock.now()), category.wait_target)

    def _overdue(self, visit: Visit) -> bool:
        return self.sla(visit) is SlaLevel.BREACHED

    @staticmethod
    def _marks_tip(visit: Visit) -> str:
        if visit.appointment_code:
            return f"Appointment {visit.appointment_code}: due now, ahead of walk-ins"
        return ""

    def _wait_tooltip(self, visit: Visit) -> str:
        category = self._categories.get(visit.category)
        if category is None:
            return ""
        target = int(category.wait_target.total_seconds() // 60)
        sla = self.sla(visit)
        late = {SlaLevel.BREACHED: " (over target)", SlaLevel.AT_RISK: " (at risk)"}.get(sla, "") \
            if sla else ""
        return f"Target wait: {target} min{late}"


def _alignment(column: Column) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignRight if column is Column.WAIT else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter


def _sla_colour(sla: SlaLevel) -> str:
    colours = current_colours()
    return {SlaLevel.WITHIN: colours.success_text, SlaLevel.AT_RISK: colours.alert,
            SlaLevel.BREACHED: colours.invalid}[sla]


_DOTS: dict[str, QPixmap] = {}


def _dot(colour: str) -> QPixmap:
    """A small round swatch for the wait column (cached per colour)."""
    if colour not in _DOTS:
        pixmap = QPixmap(20, 20)
        pixmap.setDevicePixelRatio(2.0)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(1, 1, 8, 8)
        painter.end()
        _DOTS[colour] = pixmap
    return _DOTS[colour]


class QueueFilterProxy(QSortFilterProxyModel):
    """Filters a :class:`QueueTableModel` by category and by the technician's skills.

    The technician's own visits (called, in service, parked) are always shown.
    Keeps the source's order (priority, then arrival): it never sorts.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._category: str | None = None
        self._skills: frozenset[str] | None = None
        self._me = ""

    def set_technician(self, name: str) -> None:
        """Whose visits are always shown, whatever the filters."""
        self.beginFilterChange()
        self._me = name
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def category(self) -> str | None:
        return self._category

    def set_category(self, category: str | None) -> None:
        """Only this category (None: every one)."""
        self.beginFilterChange()
        self._category = category or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_skills(self, skills: Iterable[str] | None) -> None:
        """Only these categories ("my skills"); None or empty: every one."""
        self.beginFilterChange()
        chosen = frozenset(skills or ())
        self._skills = chosen or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, QueueTableModel) or source_parent.isValid():
            return False
        visit = model.visit_at(source_row)
        if self._me and visit.technician == self._me and visit.state is not VisitState.WAITING:
            return True
        if self._category is not None and visit.category != self._category:
            return False
        return self._skills is None or visit.category in self._skills
