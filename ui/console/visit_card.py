"""The visit card: who, why, the timeline and earlier visits of one visit, all as plain text.

The details scroll as one page, so a 10,000-character note is shown whole (never
cut); links to earlier visits' tickets are buttons, never rich text.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.visit_queries import EarlierVisit
from kiosk.config import Settings
from kiosk.domain.priority import Priority, priority_mark
from kiosk.domain.tickets import safe_ticket_url
from kiosk.domain.visit import Visit, VisitEvent, VisitState
from ui.common.theme import set_kind, set_property
from ui.common.widgets import button, clear_layout, open_link, plain_label, plain_tooltip

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
    "note": "Note",
}
_OUTCOME = {
    "resolved": "Resolved", "escalated": "Escalated", "no_show": "No-show",
    "cancelled": "Cancelled", "waiting": "Waiting", "called": "Called",
    "in_service": "In service", "parked": "Parked",
}
_STATE_TONE = {"waiting": "neutral", "called": "info", "in_service": "success",
               "parked": "warning", "resolved": "success", "escalated": "info"}


def local_time(moment: datetime, utc_offset: timedelta) -> str:
    """``09:42`` in the site's local time."""
    return (moment + utc_offset).strftime("%H:%M")


def event_text(event: VisitEvent, utc_offset: timedelta) -> str:
    """One timeline line: time, what happened and by whom (the note is shown under it)."""
    what = _EVENT_TEXT.get(event.action, event.action.replace("_", " ").capitalize())
    return f"{local_time(event.at, utc_offset)}  \u00b7  {what} by {event.actor}"


def earlier_text(visit: EarlierVisit, settings: Settings) -> str:
    """``21 Nov · L-042 · Laptop & hardware · Resolved (fixed)``."""
    category = settings.category(visit.category)
    day = (visit.checked_in_at + settings.utc_offset).strftime("%d %b")
    outcome = _OUTCOME.get(visit.state.value, visit.state.label)
    detail = visit.escalation_group or visit.resolution_code
    if detail:
        outcome += f" ({detail})"
    return "  \u00b7  ".join((day, visit.ticket_number,
                              category.label if category else visit.category, outcome))


class VisitCard(QFrame):
    """Shows one visit, or a hint when there is none. Never renders visitor text as HTML."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        self.setAccessibleName("Current visit")
        self._settings = settings
        self._visit: Visit | None = None
        self._expected: datetime | None = None
        self.earlier: tuple[EarlierVisit, ...] = ()
        self.timeline_labels: list[QLabel] = []
        self.ticket_buttons: list[QPushButton] = []
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
        same = visit is not None and self._visit is not None and visit.id == self._visit.id
        self._visit = visit
        if visit is None:
            self._stack.setCurrentIndex(0)
            return
        if not same:
            self.show_earlier(())
        self._fill_header(visit)
        self.description_label.setText(visit.description or "Nothing written at check-in.")
        self._fill_timeline(visit)
        self._stack.setCurrentIndex(1)

    def show_expected(self, call: datetime | None) -> None:
        """When the visitor on the card is expected to be called (waiting visitors, from the
        line's forecast); None shows nothing."""
        self._expected = call
        if self._visit is not None:
            self._fill_meta(self._visit)

    def show_earlier(self, visits: tuple[EarlierVisit, ...]) -> None:
        """The visitor's earlier visits, newest first, each with its ticket when synced."""
        self.earlier = visits
        self.ticket_buttons = []
        clear_layout(self.earlier_box)
        for visit in visits:
            row = QHBoxLayout()
            row.setSpacing(8)
            row.addWidget(plain_label(earlier_text(visit, self._settings), "history", wrap=True),
                          1)
            if safe_ticket_url(visit.ticket_url):
                link = button(f"Ticket {visit.ticket_id or ''}".strip(), "link",
                              accessible=f"Open the ticket of {visit.ticket_number}")
                plain_tooltip(link, visit.ticket_url)
                link.clicked.connect(lambda _=False, url=visit.ticket_url: open_link(url))
                self.ticket_buttons.append(link)
                row.addWidget(link)
            self.earlier_box.addLayout(row)
        previous: QWidget = self.scroll_area
        for link in self.ticket_buttons:  # made after the window: Tab reaches them in the card
            QWidget.setTabOrder(previous, link)
            previous = link
        self.earlier_empty.setVisible(not visits)
        self.earlier_empty.setText("No earlier visits." if self._visit_identified()
                                   else "Guest visitor: no earlier visits to show.")

    # ------------------------------------------------------------ filling

    def _fill_header(self, visit: Visit) -> None:
        category = self._settings.category(visit.category)
        self.ticket_label.setText(visit.ticket_number)
        self.state_label.setText(visit.state.label.upper())
        set_property(self.state_label, "tone", _STATE_TONE.get(visit.state.value, "neutral"))
        mark = _mark(visit)
        self.mark_label.setText(mark)
        self.mark_label.setVisible(bool(mark))
        self.name_label.setText(visit.requester.name)
        contact = [x for x in (visit.requester.employee_id, visit.requester.email) if x]
        self.contact_label.setText("  \u00b7  ".join(contact) or "Guest (not in the directory)")
        self.category_label.setText(category.label if category else visit.category)
        device = "  \u00b7  ".join(x for x in (visit.device, f"Asset {visit.asset_tag}"
                                               if visit.asset_tag else "") if x)
        self.device_label.setText(device or "No device given")
        self._fill_meta(visit)

    def _fill_meta(self, visit: Visit) -> None:
        who = f"With {visit.technician}" if visit.technician else "Not assigned"
        where = f" at {visit.counter}" if visit.counter else ""
        offset = self._settings.utc_offset
        since = local_time(visit.checked_in_at, offset)
        expected = (f"  \u00b7  expected to be called about {local_time(self._expected, offset)}"
                    if self._expected is not None and visit.state is VisitState.WAITING else "")
        self.meta_label.setText(f"{who}{where}  \u00b7  checked in at {since}{expected}")

    def _fill_timeline(self, visit: Visit) -> None:
        clear_layout(self.timeline_box)
        self.timeline_labels = []
        for event in visit.events:
            line = plain_label(event_text(event, self._settings.utc_offset), "event", wrap=True)
            self.timeline_box.addWidget(line)
            self.timeline_labels.append(line)
            if event.note:
                note = plain_label(event.note, "note", wrap=True)
                note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.timeline_box.addWidget(note)
                self.timeline_labels.append(note)
        if visit.resolution_notes and not any(e.note == visit.resolution_notes
                                              for e in visit.events):
            note = plain_label(visit.resolution_notes, "note", wrap=True)
            self.timeline_box.addWidget(note)
            self.timeline_labels.append(note)
        self.timeline_empty.setVisible(not self.timeline_labels)

    def _visit_identified(self) -> bool:
        visit = self._visit
        return visit is not None and bool(visit.requester.employee_id or visit.requester.email)

    # ------------------------------------------------------------ layout

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
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setAccessibleName("Visit details")
        page = QWidget()
        page.setObjectName("VisitCardPage")
        layout = _column(page)
        self._build_header(layout)
        self.description_label = plain_label("", "description", wrap=True)
        self.description_label.setAccessibleName("Description")
        _section(layout, "WHAT THEY WROTE AT CHECK-IN", self.description_label)
        self.timeline_box = QVBoxLayout()
        self.timeline_box.setSpacing(4)
        self.timeline_empty = plain_label("Loading the timeline\u2026", "muted")
        _section(layout, "TIMELINE AND NOTES", self.timeline_empty)
        layout.addLayout(self.timeline_box)
        self.earlier_box = QVBoxLayout()
        self.earlier_box.setSpacing(6)
        self.earlier_empty = plain_label("No earlier visits.", "muted")
        _section(layout, "EARLIER VISITS", self.earlier_empty)
        layout.addLayout(self.earlier_box)
        layout.addStretch(1)
        self.scroll_area.setWidget(page)
        return self.scroll_area

    def _build_header(self, layout: QVBoxLayout) -> None:
        """Ticket and name on one line, then the facts: the timeline shows without scrolling."""
        top = QHBoxLayout()
        top.setSpacing(14)
        self.ticket_label = plain_label("", "card-ticket")
        self.name_label = plain_label("", "card-name", wrap=True)
        self.name_label.setAccessibleName("Visitor name")
        self.state_label = plain_label("", "pill")
        self.mark_label = plain_label("", "mark")
        top.addWidget(self.ticket_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.name_label, 1, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.mark_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)
        facts = QHBoxLayout()
        facts.setSpacing(12)
        self.category_label = plain_label("", "fact", wrap=True)
        self.category_label.setAccessibleName("Category")
        self.device_label = plain_label("", "fact", wrap=True)
        self.device_label.setAccessibleName("Device and asset tag")
        facts.addWidget(self.category_label, 1)
        facts.addWidget(self.device_label, 1)
        layout.addLayout(facts)
        self.contact_label = plain_label("", "muted", wrap=True)
        self.meta_label = plain_label("", "muted", wrap=True)
        layout.addWidget(self.contact_label)
        layout.addWidget(self.meta_label)


def _mark(visit: Visit) -> str:
    """``URGENT``, ``VIP``, ``APPOINTMENT K7Q2`` (with its code), and whether they joined
    from their desk, or empty."""
    mark = priority_mark(visit.priority, visit.appointment_code)
    remote = "  \u00b7  JOINED FROM THEIR DESK" if visit.remote else ""
    if mark is Priority.NORMAL:
        return remote.strip(" \u00b7")
    code = visit.appointment_code if mark is Priority.APPOINTMENT else ""
    return f"{mark.label.upper()} {code}".strip() + remote


def _section(layout: QVBoxLayout, title: str, first: QWidget) -> None:
    layout.addSpacing(8)
    layout.addWidget(plain_label(title, "section"))
    layout.addWidget(first)


def _column(page: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(22, 16, 22, 18)
    layout.setSpacing(6)
    return layout
