"""QtCharts for the liaison's metrics: wait by hour and volume by category.

Colours come from the theme in use, so both themes stay readable; the charts are
redrawn from a :class:`~kiosk.app.metrics.MetricsReport` and never query anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kiosk.app.metrics import MetricsReport
from kiosk.config import Category
from ui.common.theme import ThemeColours, current_colours

#: The hours the wait chart always shows (local time), widened when visits fall outside.
OPENING_HOURS = range(8, 18)


def contiguous_hours(found: Iterable[int]) -> list[int]:
    """Every hour from the earliest to the latest of the opening hours and ``found``: the
    axis never jumps over an hour."""
    hours = set(OPENING_HOURS) | set(found)
    return list(range(min(hours), max(hours) + 1))


def _minutes(seconds: float | None) -> float:
    return round((seconds or 0.0) / 60, 1)


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def _nice_axis(axis: QValueAxis, value: float) -> None:
    """A 0-based range in round steps (1, 2, 5, 10, 15, 30...) with a tick on each, and at
    least a third of a step above the highest value, so its point is never cut off."""
    step = next((s for s in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1500) if value / s <= 6),
                3000)
    top = step * (int((value + step / 3) // step) + 1)
    axis.setRange(0, top)
    axis.setTickCount(int(top // step) + 1)
    axis.setLabelFormat("%d")


class _ThemedChart(QChartView):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture: nothing to do with the keys
        self.setMinimumHeight(260)
        self.chart_ = QChart()
        self.chart_.setTitle(title)
        self.chart_.legend().setVisible(False)
        self.chart_.setMargins(QMargins(6, 8, 12, 6))
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(self.chart_)
        self.setAccessibleName(title)

    def _style(self, colours: ThemeColours) -> None:
        chart = self.chart_
        chart.setBackgroundBrush(QColor(colours.surface))
        chart.setBackgroundRoundness(12)
        chart.setTitleBrush(QColor(colours.ink))
        title = QFont(self.font())
        title.setPixelSize(15)
        title.setBold(True)
        chart.setTitleFont(title)
        chart.legend().setLabelColor(QColor(colours.ink_soft))
        for axis in chart.axes():
            axis.setLabelsColor(QColor(colours.muted))
            axis.setLinePenColor(QColor(colours.border))
            axis.setGridLineColor(QColor(colours.border))
            axis.setTitleBrush(QColor(colours.muted))

    def _reset(self) -> None:
        self.chart_.removeAllSeries()
        for axis in self.chart_.axes():
            self.chart_.removeAxis(axis)


class WaitByHourChart(_ThemedChart):
    """Average wait (bars) and 90th-percentile wait (line) in minutes, by local hour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Wait by hour of arrival (minutes)", parent)
        self.hours: list[int] = []
        self.averages: list[float] = []
        self.p90s: list[float] = []
        self.measured: set[int] = set()

    def set_report(self, report: MetricsReport) -> None:
        found = {int(m.key): m for m in report.by_hour}
        hours = contiguous_hours(found)
        self.hours = hours
        self.measured = {h for h, m in found.items() if m.p90_wait is not None}
        self.averages = [_minutes(_seconds(found[h].avg_wait) if h in found else None)
                         for h in hours]
        self.p90s = [_minutes(_seconds(found[h].p90_wait) if h in found else None)
                     for h in hours]
        self._draw(current_colours())

    def _draw(self, colours: ThemeColours) -> None:
        self._reset()
        bars = QBarSet("Average wait")
        bars.append(self.averages)
        bars.setColor(QColor(colours.accent))
        bars.setBorderColor(QColor(colours.accent))
        series = QBarSeries()
        series.append(bars)
        series.setBarWidth(0.6)
        line = QLineSeries()
        line.setName("90th percentile")
        for index, (hour, value) in enumerate(zip(self.hours, self.p90s, strict=True)):
            if hour in self.measured:
                line.append(QPointF(index, value))
        distinct = colours.alert if colours.alert != colours.accent else colours.focus
        line.setPen(QPen(QColor(distinct), 2.5))
        line.setPointsVisible(True)
        self.chart_.addSeries(series)
        self.chart_.addSeries(line)
        labels = QBarCategoryAxis()
        labels.append([f"{h:02d}" for h in self.hours])
        values = QValueAxis()
        _nice_axis(values, max(self.p90s + self.averages, default=0))
        self.chart_.addAxis(labels, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        for item in (series, line):
            item.attachAxis(labels)
            item.attachAxis(values)
        self.chart_.legend().setVisible(True)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._style(colours)


class VolumeByCategoryChart(_ThemedChart):
    """Visits by category: served (resolved or escalated) and abandoned."""

    def __init__(self, categories: Sequence[Category], parent: QWidget | None = None) -> None:
        super().__init__("Visits by category", parent)
        self.categories = tuple(categories)
        self.labels: list[str] = []
        self.handled: list[int] = []
        self.other: list[int] = []

    def set_report(self, report: MetricsReport) -> None:
        self.labels, self.handled, self.other = [], [], []
        for category in reversed(self.categories):
            metrics = report.category(category.id)
            self.labels.append(category.label)
            self.handled.append(metrics.handled if metrics else 0)
            self.other.append(metrics.visits - metrics.handled if metrics else 0)
        self._draw(current_colours())

    def _draw(self, colours: ThemeColours) -> None:
        self._reset()
        served = QBarSet("Served")
        served.append([float(v) for v in self.handled])
        served.setColor(QColor(colours.accent))
        served.setBorderColor(QColor(colours.accent))
        other = QBarSet("No-show or cancelled")
        other.append([float(v) for v in self.other])
        other.setColor(QColor(colours.border_strong))
        other.setBorderColor(QColor(colours.border_strong))
        series = QHorizontalStackedBarSeries()
        series.append(served)
        series.append(other)
        series.setBarWidth(0.7)
        self.chart_.addSeries(series)
        axis = QBarCategoryAxis()
        axis.append(self.labels)
        values = QValueAxis()
        _nice_axis(values, float(max((h + o for h, o in zip(self.handled, self.other, strict=True)),
                                     default=0)))
        self.chart_.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        self.chart_.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        series.attachAxis(values)
        self.chart_.legend().setVisible(True)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._style(colours)
