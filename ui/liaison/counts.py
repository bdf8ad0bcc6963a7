"""The floor at a glance, over the liaison's tabs: how many in each state, the longest wait."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.app.visit_queries import FloorSummary
from ui.common.models import format_wait
from ui.common.widgets import card, plain_label

_COUNTS = (("waiting", "Waiting", "in line"), ("called", "Called", "on their way"),
           ("in_service", "In service", "with a technician"), ("parked", "Parked", "on hold"))


class FloorCounts(QWidget):
    """One card per state with its count, and the longest wait with its ticket."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        self.count_labels: dict[str, QLabel] = {}
        for key, title, hint in _COUNTS:
            frame, value, _ = self._stat(title, hint)
            self.count_labels[key] = value
            row.addWidget(frame, 1)
        frame, self.longest_label, self.longest_hint = self._stat("Longest wait", "")
        row.addWidget(frame, 2)

    def show_summary(self, summary: FloorSummary) -> None:
        for key, _title, _hint in _COUNTS:
            self.count_labels[key].setText(str(getattr(summary, key)))
        if not summary.waiting:
            self.longest_label.setText("\u2014")
            self.longest_hint.setText("Nobody is waiting")
            return
        self.longest_label.setText(format_wait(summary.longest_wait))
        self.longest_hint.setText(f"Ticket {summary.longest_wait_ticket}")

    def _stat(self, title: str, hint: str) -> tuple[QFrame, QLabel, QLabel]:
        frame, layout = card(self)
        frame.setAccessibleName(title)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(2)
        layout.addWidget(plain_label(title.upper(), "stat-label"))
        value = plain_label("\u2013", "stat-value")
        value.setAccessibleName(title)
        layout.addWidget(value)
        note = plain_label(hint, "stat-hint")
        layout.addWidget(note)
        return frame, value, note
