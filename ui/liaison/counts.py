"""The floor at a glance, in the liaison's header: how many in each state, the longest wait.

Compact (a number over its name), so the floor's lists below get the window's height.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.app.visit_queries import FloorSummary
from ui.common.models import format_wait
from ui.common.widgets import plain_label

_COUNTS = (("waiting", "Waiting", "in line"), ("called", "Called", "on their way"),
           ("in_service", "In service", "with a technician"), ("parked", "Parked", "on hold"))


class FloorCounts(QWidget):
    """One number per state, and the longest wait with its ticket."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(28)
        self.count_labels: dict[str, QLabel] = {}
        for key, title, hint in _COUNTS:
            self.count_labels[key] = self._stat(row, title, hint)
        self.longest_hint = plain_label("", "count-hint")
        self.longest_label = self._stat(row, "Longest wait", "", self.longest_hint)

    def show_summary(self, summary: FloorSummary) -> None:
        for key, _title, _hint in _COUNTS:
            self.count_labels[key].setText(str(getattr(summary, key)))
        if not summary.waiting:
            self.longest_label.setText("\u2014")
            self.longest_hint.setText("Nobody is waiting")
        else:
            set_ticking_text(self.longest_label, format_wait(summary.longest_wait))
            self.longest_hint.setText(f"Ticket {summary.longest_wait_ticket}")
        if self.longest_label.accessibleDescription() != self.longest_hint.text():
            self.longest_label.setAccessibleDescription(self.longest_hint.text())

    def _stat(self, row: QHBoxLayout, title: str, hint: str,
              beside: QLabel | None = None) -> QLabel:
        """A number over its name (the hint is its tooltip and description), and what is
        ``beside`` the number."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        value = plain_label("\u2013", "count-value")
        value.setAccessibleName(title)
        value.setAccessibleDescription(hint)
        value.setToolTip(f"{title}: {hint}" if hint else title)
        grid.addWidget(value, 0, 0)
        if beside is not None:
            grid.addWidget(beside, 0, 1)
        grid.addWidget(plain_label(title.upper(), "count-label"), 1, 0, 1, 2)
        grid.setColumnStretch(2, 1)
        row.addLayout(grid)
        return value


def set_ticking_text(label: QLabel, text: str) -> None:
    """Show a text that changes every second without laying out the header every second.

    A label whose size is not fixed asks its parent's layout again for every new text
    (the whole header, then the window, are laid out and repainted). This one gets a
    fixed size that only grows, to the widest text it has shown: the header is laid out
    again when a wait gains a digit, not when a second passes.
    """
    label.setText(text)
    label.ensurePolished()  # the theme's font, before the window is first shown
    hint = label.sizeHint()
    fixed = label.minimumSize() == label.maximumSize()
    if not fixed or hint.width() > label.width() or hint.height() != label.height():
        label.setFixedSize(max(hint.width(), label.width() if fixed else 0), hint.height())
