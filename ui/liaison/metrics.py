"""The liaison's metrics tab: key figures, two charts, a table by category or technician."""

from __future__ import annotations

from datetime import date, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.export import ExportService
from kiosk.app.metrics import Metrics, MetricsReport, MetricsService, Period
from kiosk.app.staffing_outlook import StaffingOutlook
from kiosk.config import Category
from kiosk.errors import ValidationError
from ui.common.models import format_wait
from ui.common.tasks import TaskRunner
from ui.common.widgets import button, card, plain_label
from ui.liaison.charts import VolumeByCategoryChart, WaitByHourChart
from ui.liaison.dialogs import ExportFileDialog
from ui.liaison.outcome import Outcome
from ui.liaison.staffing import StaffingModel, staffing_table

_Index = QModelIndex | QPersistentModelIndex
PERIODS = ("today", "week", "range")
#: From this width the volume chart sits beside the breakdown table, else under it.
WIDE_LAYOUT = 1500
VOLUME_WIDTH = 440
TABLE_ROW = 34


def percent(value: float | None) -> str:
    return "\u2014" if value is None else f"{value * 100:.0f} %"


def duration(value: timedelta | None) -> str:
    return "\u2014" if value is None else format_wait(value)


def score(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.2f} / 3"


class Figure(IntEnum):
    GROUP = 0
    VISITS = 1
    AVG_WAIT = 2
    P90_WAIT = 3
    AVG_HANDLING = 4
    WAIT_SLA = 5
    RESOLUTION_SLA = 6
    HAPPY = 7
    FIRST_VISIT = 8
    ABANDONED = 9


_HEADERS = ("", "Visits", "Avg wait", "P90 wait", "Handling", "Wait SLA", "Res. SLA", "Happy",
            "1st visit", "Abandoned")


def figure_text(metrics: Metrics, figure: Figure) -> str:
    values = {
        Figure.VISITS: str(metrics.visits), Figure.AVG_WAIT: duration(metrics.avg_wait),
        Figure.P90_WAIT: duration(metrics.p90_wait),
        Figure.AVG_HANDLING: duration(metrics.avg_handling),
        Figure.WAIT_SLA: percent(metrics.wait_sla),
        Figure.RESOLUTION_SLA: percent(metrics.resolution_sla),
        Figure.HAPPY: percent(metrics.happy_share),
        Figure.FIRST_VISIT: percent(metrics.first_visit_resolution),
        Figure.ABANDONED: percent(metrics.abandonment),
    }
    return values.get(figure, metrics.key)


class MetricsTableModel(QAbstractTableModel):
    """Rows of :class:`Metrics` (a category, hour or technician each), read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Metrics]] = []
        self._group = ""

    def set_rows(self, rows: list[tuple[str, Metrics]], group: str = "") -> None:
        """Show ``rows``; ``group`` heads their first column (a category, hour...)."""
        self.beginResetModel()
        self._rows = rows
        self._group = group
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(Figure)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._group if section == Figure.GROUP else _HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(Figure(section))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, metrics = self._rows[index.row()]
        figure = Figure(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return label if figure is Figure.GROUP else figure_text(metrics, figure)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(figure)
        return None


def _alignment(figure: Figure) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignLeft if figure is Figure.GROUP else Qt.AlignmentFlag.AlignRight
    return horizontal | Qt.AlignmentFlag.AlignVCenter


class MetricsPanel(QWidget):
    """Period choice, key figures, charts and a breakdown table; the view fills it."""

    def __init__(self, categories: tuple[Category, ...], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories = categories
        self.report: MetricsReport | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(14)
        layout.addLayout(self._build_controls(today))
        self.figures = QWidget(self)
        self.figures.setLayout(self._build_figures())
        self.wait_chart = WaitByHourChart(self)
        self.volume_chart = VolumeByCategoryChart(categories, self)
        self.volume_chart.setMinimumWidth(VOLUME_WIDTH)
        self.table_model = MetricsTableModel(self)
        self.table = self._build_table()
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        self.grid.setColumnStretch(1, 1)
        self.wide: bool | None = None
        self._arrange(wide=False)
        layout.addLayout(self.grid)
        layout.addWidget(plain_label("STAFFING FOR THE COMING WEEK", "section"))
        layout.addWidget(plain_label(
            "Fewest technicians each hour so that 90 % are called within their wait target, "
            "planned from the same weekday of the last four weeks.", "muted", wrap=True))
        self.staffing_model = StaffingModel(self)
        self.staffing_table = staffing_table(self.staffing_model, self)
        layout.addWidget(self.staffing_table)
        layout.addStretch(1)
        self.period_combo.currentIndexChanged.connect(self.on_period_changed)
        self.breakdown_combo.currentIndexChanged.connect(self.on_breakdown_changed)
        self.on_period_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(wide=event.size().width() >= WIDE_LAYOUT)

    def _arrange(self, *, wide: bool) -> None:
        """Figures beside the wait chart; then the volume chart beside the breakdown on a
        wide screen, else the breakdown across the width (every column whole) over it."""
        if wide == self.wide:
            return
        self.wide = wide
        for widget in (self.figures, self.wait_chart, self.volume_chart, self.table):
            self.grid.removeWidget(widget)
        self.grid.addWidget(self.figures, 0, 0)
        self.grid.addWidget(self.wait_chart, 0, 1)
        if wide:
            self.grid.addWidget(self.volume_chart, 1, 0)
            self.grid.addWidget(self.table, 1, 1)
        else:
            self.grid.addWidget(self.table, 1, 0, 1, 2)
            self.grid.addWidget(self.volume_chart, 2, 0, 1, 2)

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.table_model)
        table.setAccessibleName("Metrics breakdown")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().setDefaultSectionSize(TABLE_ROW)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Figure.GROUP, QHeaderView.ResizeMode.Stretch)
        return table

    def _fit_table(self) -> None:
        """Every column as wide as its header and values; every row shown (the page scrolls)."""
        table, header = self.table, self.table.horizontalHeader()
        frame = 2 * table.frameWidth()
        widths = sum(max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in Figure)
        table.setMinimumWidth(widths + frame)
        rows = self.table_model.rowCount()
        table.setFixedHeight(header.sizeHint().height() + rows * TABLE_ROW + frame)

    def _build_controls(self, today: date) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        self.period_combo = QComboBox(self)
        self.period_combo.setAccessibleName("Period")
        for key, label in zip(PERIODS, ("Today", "This week", "Chosen days"), strict=True):
            self.period_combo.addItem(label, key)
        self.from_edit = self._date_edit("From", today)
        self.to_edit = self._date_edit("To", today)
        self.refresh_button = button("Refresh", "primary", parent=self)
        self.breakdown_combo = QComboBox(self)
        self.breakdown_combo.setAccessibleName("Breakdown")
        for key, label in (("category", "By category"), ("technician", "By technician"),
                           ("hour", "By hour")):
            self.breakdown_combo.addItem(label, key)
        self.export_button = button("Export CSV\u2026", parent=self)  # made in the order Tab visits
        row.addWidget(plain_label("Period", "field"))
        row.addWidget(self.period_combo)
        row.addWidget(self.from_edit)
        row.addWidget(plain_label("to", "muted"))
        row.addWidget(self.to_edit)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.breakdown_combo)
        row.addWidget(self.export_button)
        return row

    def _date_edit(self, name: str, today: date) -> QDateEdit:
        edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumWidth(172)
        return edit

    def _build_figures(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        self.figure_labels: dict[str, Any] = {}
        figures = (("visits", "Visits"), ("avg_wait", "Average wait"), ("p90_wait", "90% waited"),
                   ("avg_handling", "Handling time"), ("wait_sla", "Wait SLA met"),
                   ("resolution_sla", "Resolution SLA"), ("satisfaction", "Happy"),
                   ("first_visit", "First-visit fix"), ("abandonment", "Abandoned"))
        for index, (key, title) in enumerate(figures):
            frame, layout = card(self)
            layout.setContentsMargins(14, 10, 14, 10)
            layout.setSpacing(0)
            layout.addWidget(plain_label(title.upper(), "stat-label"))
            value = plain_label("\u2014", "kpi-value")
            value.setAccessibleName(title)
            hint = plain_label("", "stat-hint")
            layout.addWidget(value)
            layout.addWidget(hint)
            frame.setMinimumWidth(180)
            self.figure_labels[key] = (value, hint)
            grid.addWidget(frame, index // 3, index % 3)
        return grid

    def period_key(self) -> str:
        return str(self.period_combo.currentData())

    def chosen_days(self) -> tuple[date, date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()  # type: ignore[return-value]

    def set_outlook(self, outlook: StaffingOutlook) -> None:
        """The coming week's staffing plan."""
        self.staffing_model.set_outlook(outlook)

    def set_report(self, report: MetricsReport) -> None:
        self.report = report
        total = report.total
        texts = {
            "visits": (str(total.visits), report.period.label),
            "avg_wait": (duration(total.avg_wait), f"{total.called} called"),
            "p90_wait": (duration(total.p90_wait), "or less"),
            "avg_handling": (duration(total.avg_handling), f"{total.handled} served"),
            "wait_sla": (percent(total.wait_sla), "called in target"),
            "resolution_sla": (percent(total.resolution_sla), "served in target"),
            "satisfaction": (percent(total.happy_share),
                             f"{score(total.avg_score)} \u00b7 {total.surveys} rated"),
            "first_visit": (percent(total.first_visit_resolution), "no return in 7 days"),
            "abandonment": (percent(total.abandonment),
                            f"{total.no_show} no-show \u00b7 {total.cancelled} left"),
        }
        for key, (value, hint) in texts.items():
            value_label, hint_label = self.figure_labels[key]
            value_label.setText(value)
            hint_label.setText(hint)
        self.wait_chart.set_report(report)
        self.volume_chart.set_report(report)
        self.on_breakdown_changed()

    def on_period_changed(self) -> None:
        chosen = self.period_key() == "range"
        self.from_edit.setEnabled(chosen)
        self.to_edit.setEnabled(chosen)

    def on_breakdown_changed(self) -> None:
        report = self.report
        if report is None:
            return
        kind = str(self.breakdown_combo.currentData())
        labels = {c.id: c.label for c in self.categories}
        if kind == "category":
            rows = [(labels.get(m.key, m.key), m) for m in report.by_category]
        elif kind == "technician":
            rows = [(m.key or "(not called)", m) for m in report.by_technician]
        else:
            rows = [(f"{int(m.key):02d}:00", m) for m in report.by_hour]
        rows.append(("All", report.total))
        self.table_model.set_rows(rows, self.breakdown_combo.currentText().removeprefix("By ").capitalize())
        self._fit_table()


class MetricsReader(QObject):
    """Reads the chosen period's metrics into a :class:`MetricsPanel`; writes its CSV export."""

    def __init__(self, panel: MetricsPanel, metrics: MetricsService, export: ExportService,
                 runner: TaskRunner, outcome: Outcome) -> None:
        super().__init__(panel)
        self.panel = panel
        self.metrics = metrics
        self.export = export
        self.runner = runner
        self.outcome = outcome
        panel.refresh_button.clicked.connect(self.refresh)
        panel.period_combo.currentIndexChanged.connect(self.refresh)
        panel.export_button.clicked.connect(self.on_export_clicked)

    def period(self) -> Period:
        """The period chosen in the panel.

        Raises:
            ValidationError: chosen days that end before they start.
        """
        key = self.panel.period_key()
        if key == "today":
            return self.metrics.today()
        if key == "week":
            return self.metrics.this_week()
        return self.metrics.days(*self.panel.chosen_days())

    def refresh(self, *_args: object) -> None:
        period = self._chosen()
        if period is None:
            return
        metrics = self.metrics
        self.runner.run(lambda: metrics.report(period), self.panel.set_report,
                        self.outcome.error, name="liaison.metrics", context=self)
        self.runner.run(metrics.staffing_outlook, self.panel.set_outlook,
                        self.outcome.error, name="liaison.staffing", context=self)

    def on_export_clicked(self) -> None:
        period = self._chosen()
        if period is None:
            return
        offset = self.metrics.settings.utc_offset
        first = (period.start + offset).date()
        last = (period.end + offset - timedelta(seconds=1)).date()
        path = ExportFileDialog.ask(self.panel, f"visits-{first}-{last}.csv")
        if path is None:
            return
        export = self.export
        self.runner.run(lambda: export.to_file(first=first.isoformat(), last=last.isoformat(),
                                               out=path),
                        lambda count: self.outcome.success(f"Exported {count} visit(s) to {path}."),
                        self.outcome.error, name="liaison.export", context=self)

    def _chosen(self) -> Period | None:
        try:
            return self.period()
        except ValidationError as exc:  # a reversed range is shown, not raised
            self.outcome.error(exc)
            return None
