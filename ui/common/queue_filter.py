"""The console's filter over the live queue: by category, by the technician's skills.

A :class:`QSortFilterProxyModel` runs its (Python) filter over every row of its source
whenever a row moves there, which is every time a visit's place in line changes: 5,000
calls with 5,000 in line. :class:`QueueFilterProxy` keeps instead the ids of the visits
it shows, in queue order, and finds rows by bisecting on the source's sort keys. One
change in the source costs one filter call and a few ``O(log n)`` look-ups, and is
passed on as one row inserted, removed, moved or changed, whatever the line's length.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from kiosk.domain.visit import Visit, VisitState
from ui.common.models import ROW_FLAGS, Column, Key, QueueTableModel, has_mark, is_forecast, is_tick

_Index = QModelIndex | QPersistentModelIndex

#: One pending move: the shown rows [start, end) go before the shown row ``to``.
_Move = tuple[int, int, int]


class QueueFilterProxy(QAbstractProxyModel):
    """Shows the visits of a :class:`QueueTableModel` in one category or in the technician's
    skills; the technician's own visits (called, in service, parked) are always shown.

    Keeps the source's order (priority, then arrival): it never sorts. A filter changed
    by the technician is one ``layoutChanged`` (the selection stays on its visit when
    that visit is still shown).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._category: str | None = None
        self._skills: frozenset[str] | None = None
        self._me = ""
        self._queue: QueueTableModel | None = None
        self._ids: list[str] = []
        self._marked: set[str] = set()
        self._moving: _Move | None = None

    # ------------------------------------------------------------ the filters

    def set_technician(self, name: str) -> None:
        """Whose visits are always shown, whatever the filters."""
        self._me = name
        self._refilter()

    @property
    def category(self) -> str | None:
        return self._category

    def set_category(self, category: str | None) -> None:
        """Only this category (None: every one)."""
        self._category = category or None
        self._refilter()

    def set_skills(self, skills: Iterable[str] | None) -> None:
        """Only these categories ("my skills"); None or empty: every one."""
        self._skills = frozenset(skills or ()) or None
        self._refilter()

    def accepts(self, visit: Visit) -> bool:
        """Whether this proxy shows ``visit``."""
        if self._me and visit.technician == self._me and visit.state is not VisitState.WAITING:
            return True
        if self._category is not None and visit.category != self._category:
            return False
        return self._skills is None or visit.category in self._skills

    # ------------------------------------------------------------ queries

    def visit_at(self, row: int) -> Visit:
        return self.source().visit(self._ids[row])

    def has_marks(self) -> bool:
        """Whether any visit shown has a priority mark."""
        return bool(self._marked)

    def source_rows(self, rows: Iterable[int]) -> list[int]:
        """The source rows of these rows of the proxy."""
        source = self.source()
        return [source.held_row(self._ids[r]) for r in rows if 0 <= r < len(self._ids)]

    # ------------------------------------------------------------ following the source

    def setSourceModel(self, source: QAbstractItemModel) -> None:  # noqa: N802 - Qt override
        if not isinstance(source, QueueTableModel):
            raise TypeError("QueueFilterProxy filters a QueueTableModel only")
        if self._queue is not None:
            raise RuntimeError("QueueFilterProxy follows one source for its whole life")
        self.beginResetModel()
        super().setSourceModel(source)
        self._queue = source
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self.on_source_reset)
        source.layoutAboutToBeChanged.connect(self.on_source_layout_about_to_be_changed)
        source.layoutChanged.connect(self.on_source_reset)
        source.rowsInserted.connect(self.on_source_rows_inserted)
        source.rowsAboutToBeRemoved.connect(self.on_source_rows_about_to_be_removed)
        source.rowsAboutToBeMoved.connect(self.on_source_rows_about_to_be_moved)
        source.rowsMoved.connect(self.on_source_rows_moved)
        source.dataChanged.connect(self.on_source_data_changed)
        self._rebuild()
        self.endResetModel()

    def on_source_layout_about_to_be_changed(self, *_args: object) -> None:
        self.beginResetModel()  # the source never reorders but by single moves: start over

    def on_source_reset(self, *_args: object) -> None:
        self._rebuild()
        self.endResetModel()

    def on_source_rows_inserted(self, parent: _Index, first: int, last: int) -> None:
        source = self.source()
        for row in range(first, last + 1):
            visit = source.visit_at(row)
            if not parent.isValid() and self.accepts(visit):
                self._show(visit)

    def on_source_rows_about_to_be_removed(self, parent: _Index, first: int, last: int) -> None:
        source = self.source()
        for row in range(last, first - 1, -1):
            shown = self._row_of(source.visit_at(row).id)
            if shown is not None and not parent.isValid():
                self._hide(shown)

    def on_source_rows_about_to_be_moved(self, _parent: _Index, first: int, last: int,
                                         _destination: _Index, before: int) -> None:
        """Rows shown among the moving ones move the same way here (their keys, old still)."""
        source = self.source()
        start = self._place(source.key_at(first))
        end = bisect.bisect_right(self._ids, source.key_at(last), key=source.key_of)
        to = self._place(source.key_at(before)) if before < source.rowCount() else len(self._ids)
        if start < end and not start <= to <= end:
            self.beginMoveRows(QModelIndex(), start, end - 1, QModelIndex(), to)
            self._moving = (start, end, to)

    def on_source_rows_moved(self, *_args: object) -> None:
        if self._moving is None:
            return
        start, end, to = self._moving
        self._moving = None
        moved = self._ids[start:end]
        del self._ids[start:end]
        at = to if to < start else to - len(moved)
        self._ids[at:at] = moved
        self.endMoveRows()

    def on_source_data_changed(self, first: _Index, last: _Index,
                               roles: list[int] | None = None) -> None:
        """The clock (the wait column) and a forecast (the expected column) are passed on
        as they are, one range (neither changes what the filter reads); any other change
        is filtered again: the row may come, go, or change here."""
        source = self.source()
        if is_tick(first, last) or is_forecast(first, last):
            column = first.column()
            start = self._place(source.key_at(first.row()))
            end = bisect.bisect_right(self._ids, source.key_at(last.row()), key=source.key_of)
            if start < end:
                self.dataChanged.emit(self.index(start, column), self.index(end - 1, column),
                                      roles or [])
            return
        for row in range(first.row(), last.row() + 1):
            self._recheck(source.visit_at(row), first.column(), last.column())

    def _recheck(self, visit: Visit, left: int, right: int) -> None:
        shown, wanted = self._row_of(visit.id), self.accepts(visit)
        if shown is None:
            if wanted:
                self._show(visit)
        elif not wanted:
            self._hide(shown)
        else:
            if has_mark(visit):
                self._marked.add(visit.id)
            else:
                self._marked.discard(visit.id)
            self.dataChanged.emit(self.index(shown, left), self.index(shown, right))

    # ------------------------------------------------------------ rows

    def source(self) -> QueueTableModel:
        """The queue filtered (:meth:`sourceModel`, typed)."""
        if self._queue is None:
            raise RuntimeError("QueueFilterProxy has no source model yet")
        return self._queue

    def _place(self, key: Key) -> int:
        """Where a visit with this key is (or would be) among the rows shown."""
        return bisect.bisect_left(self._ids, key, key=self.source().key_of)

    def _row_of(self, visit_id: str) -> int | None:
        at = self._place(self.source().key_of(visit_id))
        return at if at < len(self._ids) and self._ids[at] == visit_id else None

    def _show(self, visit: Visit) -> None:
        at = self._place(self.source().key_of(visit.id))
        self.beginInsertRows(QModelIndex(), at, at)
        self._ids.insert(at, visit.id)
        if has_mark(visit):
            self._marked.add(visit.id)
        self.endInsertRows()

    def _hide(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self._marked.discard(self._ids.pop(row))
        self.endRemoveRows()

    def _rebuild(self) -> None:
        shown = [v for v in self.source().visits() if self.accepts(v)]
        self._ids = [v.id for v in shown]
        self._marked = {v.id for v in shown if has_mark(v)}

    def _refilter(self) -> None:
        """The filters changed: one layout change; persistent rows follow their visit."""
        if self._queue is None:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [(self._ids[i.row()], i.column()) for i in before]
        self._rebuild()
        after = []
        for visit_id, column in held:
            row = self._row_of(visit_id)
            after.append(QModelIndex() if row is None else self.index(row, column))
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # ------------------------------------------------------------ Qt overrides

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:  # noqa: N802 - Qt override
        if not proxy_index.isValid() or self._queue is None:
            return QModelIndex()
        row = self._queue.held_row(self._ids[proxy_index.row()])
        return self._queue.index(row, proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:  # noqa: N802 - Qt override
        if not source_index.isValid() or self._queue is None:
            return QModelIndex()
        row = self._row_of(self._queue.visit_at(source_index.row()).id)
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def index(self, row: int, column: int,
              parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt signature
        if parent.isValid() or not 0 <= row < len(self._ids) or not 0 <= column < len(Column):
            return QModelIndex()
        return self.createIndex(row, column)

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, child: _Index) -> QModelIndex: ...

    def parent(self, child: _Index | None = None) -> QObject | QModelIndex | None:
        """A flat table: no item has a parent (without an index: the owning QObject)."""
        return super().parent() if child is None else QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(Column)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt
        return not parent.isValid() and bool(self._ids)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return None if self._queue is None else self._queue.headerData(section, orientation,
                                                                       role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._queue is None or not 0 <= index.row() < len(self._ids):
            return None
        visit = self._queue.visit(self._ids[index.row()])
        return self._queue.cell(visit, Column(index.column()), role)
