"""The console's queue with more people than it shows: a tick redraws the waits in view and
no other, each change arrives as one row, and the order, counts and filters stay right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.domain.priority import Priority
from tests.gui.console.page import ConsolePage
from tests.gui.console.test_view import click, console, make_techs
from tests.gui.helpers import wait_idle
from ui.common.feed import FloorFeed
from ui.common.models import VISIT_ROLE, Column
from ui.common.tasks import TaskRunner
from ui.console.view import ConsoleView

pytestmark = pytest.mark.gui
OpenView = Callable[[ConsoleView], ConsoleView]
SIZE = (1280, 800)
Told = list[tuple[int, int, int, int]]


def _line(service: VisitService, clock: ManualClock, count: int,
          categories: tuple[str, ...] = ("laptop", "account", "mobile")) -> list[str]:
    """``count`` walk-ins, half a minute apart, their categories in turn."""
    ids = []
    for index in range(count):
        ids.append(service.check_in(name=f"Visitor {index}",
                                    category=categories[index % len(categories)]).id)
        clock.advance(timedelta(seconds=30))
    return ids


def _console(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
             qtbot: QtBot, technician: str = "Dana") -> ConsolePage:
    techs = make_techs(core)

    def sized(view: ConsoleView) -> ConsoleView:
        view.resize(*SIZE)
        return open_view(view)

    return console(core, techs, runner, feed, sized, qtbot, technician)


def _tick(view: ConsolePage, qtbot: QtBot) -> Told:
    """The ranges one tick tells the queue's model about: (rows, columns)."""
    told: Told = []

    def record(first: QModelIndex, last: QModelIndex, *_roles: object) -> None:
        told.append((first.row(), last.row(), first.column(), last.column()))

    view.model.dataChanged.connect(record)
    try:
        view.view.on_feed_ticked()
        qtbot.wait(10)
    finally:
        view.model.dataChanged.disconnect(record)
    return told


def _rows(told: Told) -> set[int]:
    return {row for first, last, _a, _b in told for row in range(first, last + 1)}


def _in_view(view: ConsolePage) -> set[int]:
    """The model's rows whose cells the table shows, from its geometry."""
    table, proxy = view.table, view.proxy
    area = table.viewport().rect()
    return {proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())
            if table.visualRect(proxy.index(r, 0)).intersects(area)}


def _poll(view: ConsolePage, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.feed.changed, timeout=10_000):
        assert view.feed.poll_now()


def _shown(view: ConsolePage) -> list[str]:
    return [view.proxy.index(r, 0).data(VISIT_ROLE).id for r in range(view.proxy.rowCount())]


def test_a_tick_tells_the_waits_in_view_and_no_other(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    _line(service, clock, 60)
    view = _console(core, runner, feed, open_view, qtbot)
    clock.advance(timedelta(seconds=1))
    told = _tick(view, qtbot)
    assert {(a, b) for _f, _l, a, b in told} == {(Column.WAIT, Column.WAIT)}, "the waits only"
    assert _rows(told) == _in_view(view)
    assert 5 < len(_rows(told)) < 30, "the rows in view: not the 60 in line"

    scroll = view.table.verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)
    assert _rows(_tick(view, qtbot)) == _in_view(view) != set(range(len(_in_view(view))))

    view.category_combo.setCurrentIndex(view.category_combo.findData("account"))
    in_view = _in_view(view)
    assert _rows(_tick(view, qtbot)) == in_view
    assert all(view.model.visit_at(row).category == "account" for row in in_view)

    view.view.showMinimized()
    assert _tick(view, qtbot) == [], "nothing while minimised"
    view.view.showNormal()
    assert _rows(_tick(view, qtbot)) == _in_view(view)

    view.view.on_sign_out_clicked()
    wait_idle(qtbot, runner)
    assert not view.table.isVisible()
    assert _tick(view, qtbot) == [], "nothing while the queue is not shown"


def test_a_forecast_reaches_the_table_as_one_signal_whatever_the_line(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    """Like a tick, a forecast changes nothing the filter reads: the proxy passes it on as
    one range over the expected column (not one signal, and one column fit, per row)."""
    _line(service, clock, 60)
    view = _console(core, runner, feed, open_view, qtbot)
    view.category_combo.setCurrentIndex(view.category_combo.findData("account"))
    sent: list[tuple[int, int, int, int]] = []
    view.proxy.dataChanged.connect(
        lambda a, b, *_r: sent.append((a.row(), b.row(), a.column(), b.column())))
    with qtbot.waitSignal(view.view.forecasts.updated, timeout=10_000):
        view.view.forecasts.run_now()
    assert sent == [(0, view.proxy.rowCount() - 1, Column.EXPECTED, Column.EXPECTED)]
    assert view.proxy.rowCount() == 20, "the filter still shows the account visitors only"
    assert not view.table.isColumnHidden(Column.EXPECTED), "the column fitted to the forecast"


def test_each_change_is_one_row_and_the_selection_follows_its_visit(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    ids = _line(service, clock, 40)
    view = _console(core, runner, feed, open_view, qtbot)
    picked = view.proxy.index(5, 0).data(VISIT_ROLE).id
    view.table.selectRow(5)
    wait_idle(qtbot, runner)
    sent: list[tuple[str, int, int]] = []
    for name in ("rowsInserted", "rowsRemoved", "rowsMoved"):
        getattr(view.proxy, name).connect(lambda _p, a, b, *_r, n=name: sent.append((n, a, b)))
    view.proxy.dataChanged.connect(lambda a, b, *_r: sent.append(("dataChanged", a.row(),
                                                                  b.row())))
    for name in ("modelReset", "layoutChanged"):
        getattr(view.proxy, name).connect(lambda *_a, n=name: sent.append((n, -1, -1)))

    service.call(ids[2], "Kim")
    _poll(view, qtbot)
    assert sent == [("dataChanged", 2, 2)]
    sent.clear()
    core.floor.reprioritise(picked, Priority.VIP)
    _poll(view, qtbot)
    assert sent == [("rowsMoved", 5, 5), ("dataChanged", 0, 0)]
    assert _shown(view)[0] == picked
    assert [i.row() for i in view.table.selectionModel().selectedRows()] == [0], \
        "the selection moved with its visit"
    assert view.current is not None
    assert view.current.id == picked
    sent.clear()
    service.check_in(name="Late Comer", category="laptop")
    _poll(view, qtbot)
    assert sent == [("rowsInserted", 40, 40)]
    sent.clear()
    service.cancel(ids[0], "front desk")
    _poll(view, qtbot)
    assert sent == [("rowsRemoved", 1, 1)]
    assert view.current is not None
    assert view.current.id == picked, "the card stays put"


def test_order_counts_and_filters_follow_the_changes(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    laptop_1, account_1, mobile_1, laptop_2, account_2, mobile_2 = _line(service, clock, 6)
    view = _console(core, runner, feed, open_view, qtbot, technician="Luis")  # account, mobile
    assert view.skills_check.isChecked()
    assert _shown(view) == [account_1, mobile_1, account_2, mobile_2]
    assert view.count_label.text() == "6 waiting \u00b7 6 active \u00b7 4 shown"
    assert view.skills_check.text() == "My skills (2 hidden)"

    urgent = service.check_in(name="Urgent", category="mobile", priority=Priority.URGENT).id
    service.check_in(name="Laptop late", category="laptop")
    _poll(view, qtbot)
    assert _shown(view) == [urgent, account_1, mobile_1, account_2, mobile_2]
    assert view.count_label.text() == "8 waiting \u00b7 8 active \u00b7 5 shown"
    assert view.skills_check.text() == "My skills (3 hidden)"

    service.call(account_1, "Kim")
    _poll(view, qtbot)
    assert view.count_label.text() == "7 waiting \u00b7 8 active \u00b7 5 shown"

    service.call(laptop_1, "Luis")  # his own visit is shown whatever his skills
    _poll(view, qtbot)
    assert _shown(view) == [urgent, laptop_1, account_1, mobile_1, account_2, mobile_2]
    assert view.count_label.text() == "6 waiting \u00b7 8 active \u00b7 6 shown"
    assert view.skills_check.text() == "My skills (2 hidden)"

    view.category_combo.setCurrentIndex(view.category_combo.findData("mobile"))
    assert _shown(view) == [urgent, laptop_1, mobile_1, mobile_2]
    assert view.count_label.text() == "6 waiting \u00b7 8 active \u00b7 4 shown"

    view.category_combo.setCurrentIndex(0)
    view.skills_check.setChecked(False)
    assert _shown(view) == [urgent, laptop_1, account_1, mobile_1, laptop_2, account_2,
                            mobile_2, view.model.visit_at(7).id]
    assert view.count_label.text() == "6 waiting \u00b7 8 active"
    assert view.skills_check.text() == "My skills"

    view.several_check.setChecked(True)  # a second visitor while laptop_1 is called
    click(qtbot, view, "call_next")
    assert view.current is not None
    assert view.current.id == urgent
    assert view.count_label.text() == "5 waiting \u00b7 8 active"
    assert [v.id for v in view.model.visits() if v.technician == "Luis"] == [urgent, laptop_1]
