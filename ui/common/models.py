"""Table models that adapt the core's change feed to Qt views, row by row."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
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
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPixmap

from kiosk.clock import Clock
from kiosk.config import Category
from kiosk.domain.estimate import WaitEstimate
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
    EXPECTED = 7


HEADERS = {
    Column.TICKET: "Ticket",
    Column.NAME: "Name",
    Column.MARKS: "Priority",
    Column.CATEGORY: "Category",
    Column.STATE: "State",
    Column.WAIT: "Wait",
    Column.TECHNICIAN: "Technician",
    Column.EXPECTED: "Expected",
}
#: The roles a new forecast changes (the expected-call column only).
FORECAST_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                  Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole]


def priority_text(visit: Visit) -> str:
    """The priority column: ``Urgent``, ``VIP`` or ``Appointment``, and ``Remote`` for a
    visitor who joined from their desk (``Urgent · Remote``), or empty."""
    mark = priority_mark(visit.priority, visit.appointment_code)
    marks = ([] if mark is Priority.NORMAL else [mark.label]) + (["Remote"] if visit.remote else [])
    return " \u00b7 ".join(marks)


def format_wait(wait: timedelta) -> str:
    """``4:07`` under an hour, ``1:02:09`` beyond: minutes and seconds, ticking."""
    seconds = max(int(wait.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


#: A visit's place in line: priority, arrival, ticket, then its id (so no two are equal).
Key = tuple[int, datetime, str, str]
#: What every cell of a queue table allows: selecting its row, never editing.
ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
             | Qt.ItemFlag.ItemNeverHasChildren)
#: The roles that move with the clock (the wait column's text, colour, dot and SLA).
TICKING_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                 Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, SLA_ROLE]


def sort_key(visit: Visit) -> Key:
    """Where a visit stands in line (the queue's order, made total by the id)."""
    return (*queue_key(visit.priority, visit.queued_at, visit.ticket_number), visit.id)


def has_mark(visit: Visit) -> bool:
    """Whether the priority column shows something for this visit."""
    return visit.remote or (
        priority_mark(visit.priority, visit.appointment_code) is not Priority.NORMAL)


def is_tick(first: _Index, last: _Index) -> bool:
    """Whether a ``dataChanged`` range is the clock moving on (the wait column alone)."""
    return first.column() == last.column() == Column.WAIT


def is_forecast(first: _Index, last: _Index) -> bool:
    """Whether a ``dataChanged`` range is a new forecast (the expected column alone): like
    a tick, it changes nothing a filter reads, so no row comes or goes for it."""
    return first.column() == last.column() == Column.EXPECTED


class QueueTableModel(QAbstractTableModel):
    """The active visits in queue order (priority, then arrival), as immutable snapshots.

    Fed by :meth:`load` once and :meth:`apply` for each batch of the change feed: a new
    visit is one inserted row, a changed one one ``dataChanged`` row (after one moved row
    when its place in line changed), an ended one one removed row; there is no reset per
    batch. Rows are found by bisecting the sorted keys (``O(log n)``), so a change costs
    the same with 50 or 5,000 in line; the counts the console shows are kept as rows
    come and go. Waits tick only where asked (:meth:`refresh_waits`).
    Visitor text is returned as plain ``str`` for the display role.
    """

    def __init__(self, clock: Clock, categories: Iterable[Category],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._categories = {c.id: c for c in categories}
        self._visits: list[Visit] = []
        self._keys: list[Key] = []
        self._by_id: dict[str, Visit] = {}
        self._key_by_id: dict[str, Key] = {}
        self._waiting = 0
        self._marked: set[str] = set()
        self._expected: dict[str, tuple[datetime, datetime, datetime]] = {}
        self._offset = timedelta(0)

    # ------------------------------------------------------------ feeding

    def set_forecast(self, estimates: Mapping[str, WaitEstimate], at: datetime,
                     utc_offset: timedelta) -> None:
        """Each waiting visitor's expected call (point, earliest, latest) from a forecast
        made at ``at``; shown in site time (``utc_offset``). One ``dataChanged`` over the
        expected column."""
        self._offset = utc_offset
        self._expected = {vid: (at + e.expected, at + e.low, at + e.high)
                          for vid, e in estimates.items()}
        if self._visits:
            self.dataChanged.emit(self.index(0, Column.EXPECTED),
                                  self.index(len(self._visits) - 1, Column.EXPECTED),
                                  FORECAST_ROLES)

    def expected_call(self, visit: Visit) -> datetime | None:
        """When a waiting visitor is expected to be called (None when not forecast)."""
        found = self._expected.get(visit.id) if visit.state is VisitState.WAITING else None
        return found[0] if found else None

    def predicted_late(self, visit: Visit) -> bool:
        """Whether a waiting visitor still within their wait target is expected to be
        called after it (the liaison can act before the breach)."""
        call = self.expected_call(visit)
        category = self._categories.get(visit.category)
        if call is None or category is None or self.sla(visit) is SlaLevel.BREACHED:
            return False
        return visit.wait(call) > category.wait_target

    def has_forecast(self) -> bool:
        """Whether any visit held has an expected call."""
        return bool(self._expected)

    def predicted_breaches(self) -> list[Visit]:
        """The waiting visitors expected to be called after their wait target, in line order."""
        return [v for v in self._visits if self.predicted_late(v)]

    def load(self, visits: Iterable[Visit]) -> None:
        """Replace everything (the first snapshot): the only reset the model does."""
        newest: dict[str, Visit] = {}
        for visit in visits:
            held = newest.get(visit.id)
            if held is None or visit.version >= held.version:
                newest[visit.id] = visit
        active = sorted((v for v in newest.values() if not v.state.is_final), key=sort_key)
        self.beginResetModel()
        self._visits, self._keys = [], []
        self._by_id, self._key_by_id = {}, {}
        self._waiting, self._marked = 0, set()
        for row, visit in enumerate(active):
            self._put(row, visit, sort_key(visit))
        self.endResetModel()

    def apply(self, visits: Iterable[Visit]) -> None:
        """Merge changed snapshots row by row (older or identical snapshots change nothing)."""
        for visit in visits:
            held = self._by_id.get(visit.id)
            if held is None:
                if not visit.state.is_final:
                    self._insert(visit)
            elif visit.version < held.version or visit == held:
                continue
            elif visit.state.is_final:
                self._remove(self.held_row(visit.id))
            else:
                self._replace(visit)

    def refresh_waits(self, rows: Iterable[int]) -> int:
        """Tell views the wait column of these rows moved on (it is computed from the clock).

        One ``dataChanged`` per row, over its wait cell only: a view repaints a range of
        rows as one rectangle that also takes in the next column's cells (measured with
        Qt 6.11: twice the painting of a tick), and a single cell exactly.

        Returns:
            How many rows were told.
        """
        ordered = sorted(r for r in set(rows) if 0 <= r < len(self._visits))
        for row in ordered:
            cell = self.index(row, Column.WAIT)
            self.dataChanged.emit(cell, cell, TICKING_ROLES)
        return len(ordered)

    def _insert(self, visit: Visit) -> None:
        key = sort_key(visit)
        row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._put(row, visit, key)
        self.endInsertRows()

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self._take(row)
        self.endRemoveRows()

    def _replace(self, visit: Visit) -> None:
        """A newer snapshot of a visit held: changed in place, or moved to its new place."""
        row, key = self.held_row(visit.id), sort_key(visit)
        place = bisect.bisect_left(self._keys, key)
        if place in (row, row + 1):  # its place in line is unchanged
            self._take(row, keep_row=True)
            self._put(row, visit, key, keep_row=True)
        else:
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), place)
            self._take(row)
            row = place if place < row else place - 1
            self._put(row, visit, key)
            self.endMoveRows()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _put(self, row: int, visit: Visit, key: Key, *, keep_row: bool = False) -> None:
        if keep_row:
            self._visits[row], self._keys[row] = visit, key
        else:
            self._visits.insert(row, visit)
            self._keys.insert(row, key)
        self._by_id[visit.id], self._key_by_id[visit.id] = visit, key
        self._waiting += visit.state is VisitState.WAITING
        if has_mark(visit):
            self._marked.add(visit.id)

    def _take(self, row: int, *, keep_row: bool = False) -> None:
        visit = self._visits[row]
        if not keep_row:
            del self._visits[row], self._keys[row]
        del self._by_id[visit.id], self._key_by_id[visit.id]
        self._waiting -= visit.state is VisitState.WAITING
        self._marked.discard(visit.id)

    # ------------------------------------------------------------ queries

    def row_of(self, visit_id: str) -> int | None:
        """The row of a visit (None when it is not in the queue), in ``O(log n)``."""
        key = self._key_by_id.get(visit_id)
        return None if key is None else bisect.bisect_left(self._keys, key)

    def held_row(self, visit_id: str) -> int:
        """The row of a visit held (``KeyError`` when it is not in the queue)."""
        return bisect.bisect_left(self._keys, self._key_by_id[visit_id])

    def key_of(self, visit_id: str) -> Key:
        """The sort key of a visit held (``KeyError`` when it is not in the queue)."""
        return self._key_by_id[visit_id]

    def key_at(self, row: int) -> Key:
        return self._keys[row]

    def visit(self, visit_id: str) -> Visit:
        """The newest snapshot held of a visit (``KeyError`` when it is not in the queue)."""
        return self._by_id[visit_id]

    def visit_at(self, row: int) -> Visit:
        return self._visits[row]

    def visits(self) -> tuple[Visit, ...]:
        return tuple(self._visits)

    @property
    def waiting_count(self) -> int:
        """How many of the visits held are waiting (kept as rows change, not counted)."""
        return self._waiting

    def has_marks(self) -> bool:
        """Whether any visit held shows a priority mark."""
        return bool(self._marked)

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
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._visits) or not 0 <= column < len(_COLUMNS):
            return None
        return self.cell(self._visits[row], _COLUMNS[column], role)

    def cell(self, visit: Visit, column: Column, role: int) -> Any:
        """What a cell of ``visit``'s row holds for ``role`` (also what a filter shows).

        A view asks eight roles of every cell it paints (several times a second for the
        waits in view), so the roles no cell answers return at once.
        """
        if role not in _ANSWERED_ROLES:
            return None
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
            return _ALIGNMENTS[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.WAIT, Column.MARKS):
            return self._wait_tooltip(visit) if column is Column.WAIT else self._marks_tip(visit)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.EXPECTED:
            return self._expected_tip(visit)
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
        if column is Column.EXPECTED:
            call = self.expected_call(visit)
            return f"\u2248 {call + self._offset:%H:%M}" if call is not None else ""
        return visit.technician or "\u2014"

    def _foreground(self, visit: Visit, column: Column) -> QBrush | None:
        if column is Column.STATE:
            tone = _STATE_TONES.get(visit.state, "ink")
            return _brush(getattr(current_colours(), tone))
        if column is Column.MARKS and priority_mark(visit.priority) is Priority.URGENT:
            return _brush(current_colours().error_text)
        if column is Column.WAIT:
            sla = self.sla(visit)
            return _brush(_sla_colour(sla)) if sla is not SlaLevel.WITHIN and sla else None
        if column is Column.EXPECTED and self.predicted_late(visit):
            return _brush(current_colours().alert)
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

    def _expected_tip(self, visit: Visit) -> str:
        found = self._expected.get(visit.id) if visit.state is VisitState.WAITING else None
        if found is None:
            return ""
        call, early, late = (moment + self._offset for moment in found)
        tip = f"Expected to be called about {call:%H:%M} (between {early:%H:%M} and {late:%H:%M})"
        return tip + (", after the wait target" if self.predicted_late(visit) else "")

    def _wait_tooltip(self, visit: Visit) -> str:
        category = self._categories.get(visit.category)
        if category is None:
            return ""
        target = int(category.wait_target.total_seconds() // 60)
        sla = self.sla(visit)
        late = {SlaLevel.BREACHED: " (over target)", SlaLevel.AT_RISK: " (at risk)"}.get(sla, "") \
            if sla else ""
        expected = self._expected_tip(visit)
        return f"Target wait: {target} min{late}" + (f"\n{expected}" if expected else "")


def _alignment(column: Column) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignRight if column is Column.WAIT else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter


_COLUMNS = tuple(Column)
_ALIGNMENTS = {column: _alignment(column) for column in Column}
#: The roles some cell answers (:meth:`QueueTableModel.cell`); a view asks others too.
_ANSWERED_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, VISIT_ROLE,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole, SLA_ROLE,
    Qt.ItemDataRole.DecorationRole})


def _sla_colour(sla: SlaLevel) -> str:
    colours = current_colours()
    return {SlaLevel.WITHIN: colours.success_text, SlaLevel.AT_RISK: colours.alert,
            SlaLevel.BREACHED: colours.invalid}[sla]


_DOTS: dict[str, QPixmap] = {}
_BRUSHES: dict[str, QBrush] = {}


def _brush(colour: str) -> QBrush:
    """A solid brush of a theme colour (cached per colour: a tick asks for it per cell)."""
    found = _BRUSHES.get(colour)
    if found is None:
        found = _BRUSHES[colour] = QBrush(QColor(colour))
    return found


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
