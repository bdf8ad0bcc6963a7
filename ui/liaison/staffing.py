"""The coming week's staffing as a heat map: technicians needed per day and hour.

Rows are the next seven days, columns the hours anyone came in; each cell says how many
technicians that hour needs (from :meth:`kiosk.app.metrics.MetricsService.staffing_outlook`)
and is shaded by it, so the peaks stand out at a glance. A day with no history says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from kiosk.app.staffing_outlook import DayPlan, StaffingOutlook
from ui.common.theme import current_colours

_Index = QModelIndex | QPersistentModelIndex
CELL_WIDTH = 60
DAY_WIDTH = 120
ROW_HEIGHT = 36
NO_HISTORY = "No history for this weekday yet"
#: Shown when an hour needs more technicians than were tried.
MORE = "10+"


class StaffingModel(QAbstractTableModel):
    """Days by hours; each cell the technicians needed (None: more than were tried)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.days: tuple[DayPlan, ...] = ()
        self.hours: list[int] = []
        self.most = 1

    def set_outlook(self, outlook: StaffingOutlook) -> None:
        self.beginResetModel()
        self.days, self.hours = outlook.days, outlook.hours
        needed = [n for day in self.days for n in day.hours.values() if n is not None]
        self.most = max(needed, default=1)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.days)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else max(len(self.hours), 1)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            day = self.days[section].day if 0 <= section < len(self.days) else None
            return f"{day:%a %d %b}" if day else None
        if not self.hours:
            return ""
        return f"{self.hours[section]:02d}" if 0 <= section < len(self.hours) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.days):
            return None
        plan = self.days[index.row()]
        hour = self.hours[index.column()] if index.column() < len(self.hours) else None
        if hour is None or not plan.history_days:
            return NO_HISTORY if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 \
                else None
        needed = plan.hours.get(hour, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if needed == 0 else (str(needed) if needed is not None else MORE)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{plan.day:%A} {hour:02d}:00: " + _spoken(needed)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{plan.day:%A %d %B}, {hour:02d}:00\u2013{(hour + 1) % 24:02d}:00: "
                    f"{_spoken(needed)} (from {plan.history_days} past "
                    f"{plan.day:%A}{'' if plan.history_days == 1 else 's'})")
        if role == Qt.ItemDataRole.BackgroundRole and needed != 0:
            return QBrush(self._shade(needed))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _shade(self, needed: int | None) -> QColor:
        colours = current_colours()
        colour = QColor(colours.alert if needed is None else colours.accent)
        share = 1.0 if needed is None else needed / self.most
        colour.setAlphaF(0.12 + 0.5 * share)
        return colour


def _spoken(needed: int | None) -> str:
    if needed == 0:
        return "nobody came"
    if needed is None:
        return "more technicians than were tried"
    return f"{needed} technician{'' if needed == 1 else 's'}"


class _ShadeDelegate(QStyledItemDelegate):
    """Paints each cell's shade under its text (the theme's style sheet would hide a
    background role)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(brush, QBrush):
            painter.fillRect(option.rect.adjusted(1, 1, -1, -1), brush)
        super().paint(painter, option, index)


def staffing_table(model: StaffingModel, parent: QWidget | None = None) -> QTableView:
    """A read-only grid: a column per hour, a row per day, no scroll bars."""
    table = QTableView(parent)
    table.setModel(model)
    table.setItemDelegate(_ShadeDelegate(table))
    model.modelReset.connect(lambda: _span_empty_days(table, model))
    table.setAccessibleName("Technicians needed in the coming week, by day and hour")
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setTabKeyNavigation(False)
    # Read-only figures: Tab passes them by (a screen reader reads them from the
    # accessibility tree), so tabbing never scrolls the tab's top out of view.
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setShowGrid(True)
    table.setWordWrap(False)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setMinimumWidth(DAY_WIDTH)
    table.horizontalHeader().setDefaultSectionSize(CELL_WIDTH)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.setFixedHeight(ROW_HEIGHT * 7 + table.horizontalHeader().sizeHint().height() + 4)
    return table


def _span_empty_days(table: QTableView, model: StaffingModel) -> None:
    """A day without history is one cell across the hours, saying so."""
    table.clearSpans()
    columns = model.columnCount()
    for row, plan in enumerate(model.days):
        if not plan.history_days and columns > 1:
            table.setSpan(row, 0, 1, columns)
