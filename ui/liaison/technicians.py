"""The liaison's technicians: one compact line each, with counter, current visitor, status."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from kiosk.app.floor import TechnicianOnFloor
from ui.common.theme import set_kind, set_property
from ui.common.widgets import plain_label

_STATUS_TONES = {"available": "success", "busy": "info", "away": "muted"}


class TechnicianList(QFrame):
    """One line per technician: name and counter, current visitor (or none), status pill."""

    def __init__(self, utc_offset: timedelta = timedelta(0), parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.utc_offset = utc_offset
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(6)
        self.technicians: tuple[TechnicianOnFloor, ...] = ()
        self.empty = plain_label("No technicians are set up yet.", "muted")
        self.rows.addWidget(self.empty)

    def set_technicians(self, technicians: tuple[TechnicianOnFloor, ...]) -> None:
        if technicians == self.technicians and self.rows.count() > 1:
            return
        self.technicians = technicians
        while self.rows.count() > 1:
            item = self.rows.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.empty.setVisible(not technicians)
        for technician in technicians:
            self.rows.addWidget(self._row(technician))

    def _row(self, technician: TechnicianOnFloor) -> QFrame:
        frame = QFrame(self)
        set_kind(frame, "tech-row")
        layout = QGridLayout(frame)
        layout.setContentsMargins(12, 6, 10, 6)
        layout.setHorizontalSpacing(10)
        layout.setVerticalSpacing(0)
        name = technician.name + (f"  \u00b7  {technician.counter}" if technician.counter else "")
        name_label = plain_label(name, "tech-name", wrap=True)
        pill = plain_label(technician.status.capitalize(), "status-pill")
        set_property(pill, "tone", _STATUS_TONES.get(technician.status, "muted"))
        with_visit = (f"{technician.ticket_number} {technician.visit_state.replace('_', ' ')}"
                      if technician.ticket_number else "No visitor")
        middle = Qt.AlignmentFlag.AlignVCenter
        layout.addWidget(name_label, 0, 0, middle)
        layout.addWidget(plain_label(with_visit, "tech-visit"), 0, 1, middle)
        layout.addWidget(pill, 0, 2, Qt.AlignmentFlag.AlignRight | middle)
        layout.setColumnStretch(0, 1)
        if technician.locked_until is not None:
            until = (technician.locked_until + self.utc_offset).strftime("%H:%M")
            locked = plain_label(f"Locked out after wrong PINs until {until}", "tech-locked",
                                 wrap=True)
            layout.addWidget(locked, 1, 0, 1, 3)
        frame.setAccessibleName(f"{name}: {technician.status}, {with_visit}")
        return frame
