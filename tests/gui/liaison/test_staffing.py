"""The coming week's staffing in the liaison's metrics tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.staffing_outlook import DayPlan, StaffingOutlook
from kiosk.bootstrap import Core
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.liaison.staffing import MORE, NO_HISTORY, StaffingModel, staffing_table
from ui.liaison.view import LiaisonView

pytestmark = pytest.mark.gui
MONDAY = date(2026, 11, 30)


def test_each_day_and_hour_says_how_many_technicians(qtbot: QtBot) -> None:
    model = StaffingModel()
    table = staffing_table(model)
    qtbot.addWidget(table)
    model.set_outlook(StaffingOutlook((
        DayPlan(MONDAY, {9: 1, 10: None, 11: 3}, 4),
        DayPlan(MONDAY + timedelta(days=1), {9: 2}, 3),
        DayPlan(MONDAY + timedelta(days=5), {}, 0)), 0.9))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["09", "10", "11"]
    assert model.headerData(0, Qt.Orientation.Vertical) == "Mon 30 Nov"
    assert [model.index(0, c).data() for c in range(3)] == ["1", MORE, "3"]
    assert model.index(1, 1).data() == "", "nobody came on Tuesday at ten"
    assert model.index(0, 2).data(Qt.ItemDataRole.AccessibleTextRole) == "Monday 11:00: 3 technicians"
    assert "from 4 past Mondays" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, 0).data() == NO_HISTORY
    assert table.columnSpan(2, 0) == 3, "a day without history is one cell"
    assert model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_the_metrics_tab_loads_the_plan(core: Core, runner: TaskRunner, feed: FloorFeed,
                                        open_view: Callable[[LiaisonView], LiaisonView],
                                        qtbot: QtBot) -> None:
    view = open_view(LiaisonView(core, runner, feed))
    model = view.metrics_panel.staffing_model
    view.metrics_panel.refresh_button.click()
    qtbot.waitUntil(lambda: len(model.days) == 7, timeout=10_000)
    tomorrow = (core.clock.now() + core.settings.utc_offset).date() + timedelta(days=1)
    assert model.days[0].day == tomorrow
    assert model.index(0, 0).data() == NO_HISTORY, "a new site has no history to plan from"
