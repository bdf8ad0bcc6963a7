"""The liaison's SLA alerts: one line each, in as many columns as the width allows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import ceil

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from kiosk.app.floor import SlaAlert
from kiosk.config import Category
from ui.common.models import format_wait
from ui.common.theme import current_colours, set_kind, set_property
from ui.common.widgets import is_on_screen

#: Height of one alert's line, and the narrowest column worth its own alerts.
ROW_HEIGHT = 32
MIN_COLUMN_WIDTH = 400


def alert_text(alert: SlaAlert, categories: dict[str, Category]) -> str:
    """``A-017 over target · waiting 12:31 of 10 min · Account & password``.

    What matters first (the ticket, how late), so a narrow column cuts the category.
    """
    category = categories.get(alert.category)
    what = "waiting" if alert.kind == "wait" else "in service"
    label = category.label if category else alert.category
    target = int(alert.target.total_seconds() // 60)
    state = "over target" if alert.breached else "close to target"
    return (f"{alert.ticket_number}  {state}  \u00b7  {what} {format_wait(alert.elapsed)}"
            f" of {target} min  \u00b7  {label}")


class AlertList(QListWidget):
    """SLA alerts: breached ones in the error tone, those at risk in the alert tone.

    Alerts flow left to right in columns at least :data:`MIN_COLUMN_WIDTH` wide; the
    list is as tall as its alerts, up to :attr:`max_rows` lines (then it scrolls).
    """

    def __init__(self, categories: Sequence[Category], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "alerts")
        self.setAccessibleName("SLA alerts")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._categories = {c.id: c for c in categories}
        self.alerts: tuple[SlaAlert, ...] = ()
        self._total = 0
        self.max_rows = 4
        self.verticalScrollBar().valueChanged.connect(self.on_scrolled)
        self._fit()

    def set_alerts(self, alerts: tuple[SlaAlert, ...], total: int | None = None) -> None:
        """Show ``alerts`` (the first of ``total``, when more were left out).

        Every second the same alerts come back with their waits a second longer: the
        lines in view are then rewritten in place, not built again (the others are
        rewritten when scrolled into view or shown, see :meth:`rewrite`).
        """
        total = len(alerts) if total is None else total
        same = [a.visit_id for a in alerts] == [a.visit_id for a in self.alerts]
        self.alerts = alerts
        if same and total == self._total and alerts:
            self.rewrite(self.rows_in_view())
            return
        tones = _tones()
        self._total = total
        self.clear()
        if not alerts:
            item = QListWidgetItem("All visitors are within their targets.")
            item.setData(Qt.ItemDataRole.UserRole, "ok")
            self.addItem(item)
        for alert in alerts:
            item = QListWidgetItem()
            _write(item, alert, self._categories, tones)
            self.addItem(item)
        if total > len(alerts):
            more = QListWidgetItem(f"… and {total - len(alerts)} more: the longest waits "
                                   "are shown first")
            more.setData(Qt.ItemDataRole.UserRole, "more")
            self.addItem(more)
        set_property(self, "tone", "breached" if any(a.breached for a in alerts)
                     else "at_risk" if alerts else "ok")
        self._fit()

    def rows_in_view(self) -> list[int]:
        """The alerts' rows the viewport shows; none while hidden or minimised."""
        if not is_on_screen(self):
            return []
        area, rows = self.viewport().rect(), []
        for row in range(min(len(self.alerts), self.count())):
            if self.visualItemRect(self.item(row)).intersects(area):
                rows.append(row)
            elif rows:  # the lines in view are consecutive: the rest are below
                break
        return rows

    def rewrite(self, rows: Iterable[int] | None = None) -> None:
        """Write the alerts' lines again (these rows, or all) from the alerts held."""
        tones = _tones()
        held = min(len(self.alerts), self.count())  # (the lines are being built: fewer)
        for row in range(held) if rows is None else rows:
            if row < held:
                _write(self.item(row), self.alerts[row], self._categories, tones)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.rewrite()  # lines out of view were not rewritten meanwhile

    def on_scrolled(self, _value: int) -> None:
        self.rewrite()

    def set_max_rows(self, rows: int) -> None:
        if rows != self.max_rows:
            self.max_rows = rows
            self._fit()

    def columns(self) -> int:
        """As many as fit, and no more than there are alerts (one alert takes the width)."""
        fit = self.maximumViewportSize().width() // MIN_COLUMN_WIDTH
        return max(1, min(fit, self.count()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def _fit(self) -> None:
        """Cells as wide as the columns allow; the height of the lines needed (up to the cap)."""
        room = self.maximumViewportSize()
        columns = self.columns()
        lines = ceil(max(self.count(), 1) / columns)
        shown = min(lines, self.max_rows)
        scrolls = lines > shown
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn if scrolls
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = self.verticalScrollBar().sizeHint().width() if scrolls else 0
        width = (room.width() - scrollbar) // columns - 1  # a cell too wide would wrap alone
        cell = QSize(max(width, 1), ROW_HEIGHT)
        self.setGridSize(cell)
        for row in range(self.count()):  # the text is cut at its cell, never drawn over the next
            self.item(row).setSizeHint(cell)
        self.setFixedHeight(shown * ROW_HEIGHT + self.height() - room.height())


def _tones() -> dict[bool, QColor]:
    """The text colour of a breached alert (True) and of one at risk (False)."""
    colours = current_colours()
    return {True: QColor(colours.error_text), False: QColor(colours.ink)}


def _write(item: QListWidgetItem, alert: SlaAlert, categories: dict[str, Category],
           tones: dict[bool, QColor]) -> None:
    """An alert's line; what a second passing does not change is set only when it did
    (each setter repaints the line)."""
    text = alert_text(alert, categories)
    item.setText(("\u26a0  " if alert.breached else "\u25cf  ") + text)
    item.setToolTip(text)
    if item.data(Qt.ItemDataRole.UserRole) != alert.level:
        item.setData(Qt.ItemDataRole.UserRole, alert.level)
    if item.data(Qt.ItemDataRole.UserRole + 1) != alert.visit_id:
        item.setData(Qt.ItemDataRole.UserRole + 1, alert.visit_id)
    tone = tones[alert.breached]
    if item.foreground().color() != tone:
        item.setForeground(tone)
