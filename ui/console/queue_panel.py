"""The console's queue: the live table, filtered by category or the technician's skills."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.app.technicians import Technician
from kiosk.clock import Clock
from kiosk.config import Category
from kiosk.domain.visit import Visit
from ui.common.arrivals import ArrivalHighlighter
from ui.common.models import VISIT_ROLE, QueueTableModel, is_tick
from ui.common.queue_filter import QueueFilterProxy
from ui.common.queue_table import queue_table, tick_waits
from ui.common.widgets import plain_label

#: Row height: every row is a touch target of at least 48 px.
TOUCH_ROW = 48


class QueuePanel(QWidget):
    """The active visits in queue order; the technician's own are always shown.

    Signals:
        picked(Visit): one row was selected.
    """

    picked = Signal(object)

    def __init__(self, clock: Clock, categories: Sequence[Category],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QueueTableModel(clock, categories, self)
        self.proxy = QueueFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._technician: Technician | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self._build_header(categories))
        self.table = queue_table(self.proxy, self, row_height=TOUCH_ROW)
        self.arrivals = ArrivalHighlighter(self.table, self.model)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.category_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.skills_check.toggled.connect(self.on_filter_changed)
        for model in (self.model, self.proxy):
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                           model.layoutChanged):
                signal.connect(self._update_count)
        self.model.dataChanged.connect(self.on_model_data_changed)

    def set_technician(self, technician: Technician) -> None:
        """Show this technician's own visits always, and their skills when they have some."""
        self._technician = technician
        self.skills_check.setEnabled(bool(technician.skills))
        self.skills_check.setChecked(bool(technician.skills))
        self.proxy.set_skills(technician.skills or None)
        self.proxy.set_technician(technician.name)

    def refresh_waits(self) -> int:
        """The clock moved on: redraw the waits in view (none while hidden or minimised).

        Returns:
            How many rows were told.
        """
        return tick_waits(self.table, self.proxy)

    def on_model_data_changed(self, first: QModelIndex | QPersistentModelIndex,
                              last: QModelIndex | QPersistentModelIndex, *_roles: object) -> None:
        if not is_tick(first, last):  # a visit changed: it may have left the waiting
            self._update_count()

    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        visit = rows[0].data(VISIT_ROLE) if len(rows) == 1 else None
        if isinstance(visit, Visit):
            self.picked.emit(visit)

    def on_filter_changed(self, *_args: object) -> None:
        data = self.category_combo.currentData()
        self.proxy.set_category(str(data) if data else None)
        tech = self._technician
        mine = tech is not None and bool(tech.skills) and self.skills_check.isChecked()
        self.proxy.set_skills(tech.skills if mine and tech else None)
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        """The counts the model and the filter keep (none is counted here)."""
        active, shown = self.model.rowCount(), self.proxy.rowCount()
        extra = f" \u00b7 {shown} shown" if shown != active else ""
        self.count_label.setText(f"{self.model.waiting_count} waiting \u00b7 {active} active{extra}")
        hidden = active - shown
        filtered = self.skills_check.isChecked() and hidden > 0
        self.skills_check.setText(f"My skills ({hidden} hidden)" if filtered else "My skills")

    def _build_header(self, categories: Sequence[Category]) -> QVBoxLayout:
        """The title and the counts, then the filters on a row of their own (they must
        never squeeze the counts at a laptop's width)."""
        header = QVBoxLayout()
        header.setSpacing(6)
        title = QHBoxLayout()
        title.setSpacing(10)
        title.addWidget(plain_label("QUEUE", "section"))
        self.count_label = plain_label("", "muted")
        title.addWidget(self.count_label)
        title.addStretch(1)
        header.addLayout(title)
        filters = QHBoxLayout()
        filters.setSpacing(14)
        self.category_combo = QComboBox(self)
        self.category_combo.setAccessibleName("Show category")
        self.category_combo.addItem("All categories", "")
        for category in categories:
            self.category_combo.addItem(category.label, category.id)
        filters.addWidget(self.category_combo)
        self.skills_check = QCheckBox("My skills", self)
        self.skills_check.setAccessibleName("Only my skills")
        self.skills_check.setToolTip("Only the categories you take")
        filters.addWidget(self.skills_check)
        self.several_check = QCheckBox("Several at once", self)
        self.several_check.setAccessibleName("Work on several visitors at once")
        self.several_check.setToolTip("Call the next visitor while another is called or in "
                                      "service (off: one at a time)")
        filters.addWidget(self.several_check)
        filters.addStretch(1)
        header.addLayout(filters)
        return header
