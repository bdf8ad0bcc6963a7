"""The live queue table shared by the console and the liaison view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.common.models import Column, QueueFilterProxy, QueueTableModel


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
