"""The visit card: who, why, and the timeline of one visit, all as plain text."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Settings
from kiosk.domain import Visit, VisitEvent
from ui.theme import set_kind
from ui.widgets import plain_label

_EVENT_TEXT = {
    "check_in": "Checked in",
    "call": "Called",
    "recall": "Called again",
    "start": "Service started",
    "park": "Parked",
    "resume": "Resumed",
    "return_to_queue": "Returned to the queue",
    "transfer": "Transferred",
    "resolve": "Resolved",
    "escalate": "Escalated",
    "no_show": "Marked as a no-show",
    "cancel": "Cancelled",
}


def local_time(moment: datetime, utc_offset: timedelta) -> str:
    """``09:42`` in the site's local time."""
    return (moment + utc_offset).strftime("%H:%M")


def event_text(event: VisitEvent, utc_offset: timedelta) -> str:
    """One timeline line: time, what happened, by whom, and the note if any."""
    what = _EVENT_TEXT.get(event.action, event.action.replace("_", " ").capitalize())
    line = f"{local_time(event.at, utc_offset)}   {what} by {event.actor}"
    return f"{line}\n          \u201c{event.note}\u201d" if event.note else line


class VisitCard(QFrame):
    """Shows one visit, or a hint when there is none. Never renders visitor text as HTML."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        self.setAccessibleName("Current visit")
        self._settings = settings
        self._visit: Visit | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._stack = QStackedWidget(self)
        outer.addWidget(self._stack)
        self._stack.addWidget(self._build_empty())
        self._stack.addWidget(self._build_details())

    @property
    def visit(self) -> Visit | None:
        return self._visit

    def show_visit(self, visit: Visit | None) -> None:
        """Fill the card from a snapshot (events shown when the snapshot has them)."""
        self._visit = visit
        if visit is None:
            self._stack.setCurrentIndex(0)
            return
        category = self._settings.category(visit.category)
        self.ticket_label.setText(visit.ticket_number)
        self.state_label.setText(visit.state.label.upper())
        self.name_label.setText(visit.requester.name)
        contact = [category.label if category else visit.category]
        contact += [x for x in (visit.requester.employee_id, visit.requester.email) if x]
        self.contact_label.setText("  \u00b7  ".join(contact))
        who = f"With {visit.technician}" if visit.technician else "Not assigned"
        since = local_time(visit.checked_in_at, self._settings.utc_offset)
        self.meta_label.setText(f"{who}  \u00b7  checked in at {since}")
        self.description_label.setText(visit.description or "No description given.")
        self.timeline.clear()
        for event in visit.events:
            self.timeline.addItem(event_text(event, self._settings.utc_offset))
        self.timeline.setVisible(bool(visit.events))
        self._stack.setCurrentIndex(1)

    def _build_empty(self) -> QWidget:
        page = QWidget()
        layout = _column(page)
        layout.addStretch(1)
        layout.addWidget(plain_label("No visit selected", "card-name"))
        layout.addWidget(plain_label(
            "Press Call next (F2) to call the next person in line, or pick someone "
            "in the queue to see their details.", "muted", wrap=True))
        layout.addStretch(2)
        return page

    def _build_details(self) -> QWidget:
        page = QWidget()
        layout = _column(page)
        top = QHBoxLayout()
        self.ticket_label = plain_label("", "card-ticket")
        self.state_label = plain_label("", "pill")
        top.addWidget(self.ticket_label)
        top.addStretch(1)
        top.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)
        self.name_label = plain_label("", "card-name", wrap=True)
        self.name_label.setAccessibleName("Visitor name")
        self.contact_label = plain_label("", "muted", wrap=True)
        self.meta_label = plain_label("", "muted", wrap=True)
        self.description_label = plain_label("", "description", wrap=True)
        self.description_label.setAccessibleName("Description")
        for widget in (self.name_label, self.contact_label, self.meta_label):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(plain_label("DESCRIPTION", "section"))
        layout.addWidget(self.description_label)
        layout.addSpacing(6)
        layout.addWidget(plain_label("TIMELINE", "section"))
        self.timeline = QListWidget(page)
        set_kind(self.timeline, "timeline")
        self.timeline.setAccessibleName("Timeline")
        self.timeline.setWordWrap(True)
        layout.addWidget(self.timeline, 1)
        return page


def _column(page: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(22, 18, 22, 18)
    layout.setSpacing(6)
    return layout
