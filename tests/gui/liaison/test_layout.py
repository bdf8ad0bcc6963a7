"""The liaison view at the sizes it really opens at: what the header says, a window that keeps
its size, more of the floor on a larger screen, whole metrics, and the sync without a backlog."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database
from tests.gui.helpers import light_theme, wait_idle
from tests.gui.liaison.page import LiaisonPage
from ui.app import SIZES
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme
from ui.liaison.charts import contiguous_hours
from ui.liaison.metrics import Figure
from ui.liaison.view import TAB_TITLES, TABS, LiaisonView

pytestmark = pytest.mark.gui
OpenView = Callable[[LiaisonView], LiaisonView]
LAPTOP = (1350, 688)


@pytest.fixture(autouse=True)
def _themed(qapp: QApplication) -> Iterator[None]:
    with light_theme(qapp):
        yield


@pytest.fixture
def sized(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
          qtbot: QtBot) -> Callable[[tuple[int, int]], LiaisonPage]:
    def make(size: tuple[int, int], built: Core = core) -> LiaisonPage:
        view = LiaisonView(built, runner, feed)
        view.resize(*size)
        shown = LiaisonPage(open_view(view))
        qtbot.waitUntil(lambda: shown.floor is not None, timeout=10_000)
        wait_idle(qtbot, runner)
        return shown

    return make


def _late_visitors(service: VisitService, clock: ManualClock, count: int) -> None:
    for index in range(count):
        service.check_in(name=f"Visitor {index}", category="account")
    clock.advance(timedelta(minutes=30))


def test_the_header_names_the_tab_shown(sized: Callable[..., LiaisonPage], qtbot: QtBot,
                                        runner: TaskRunner) -> None:
    view = sized((1280, 800))
    for tab in TABS:
        view.tabs.setCurrentIndex(TABS.index(tab))
        assert view.heading.text() == TAB_TITLES[tab]
    wait_idle(qtbot, runner)


def test_name_suggestions_never_change_the_window_size(
        sized: Callable[..., LiaisonPage], qtbot: QtBot, runner: TaskRunner,
        core: Core) -> None:
    core.directory.import_csv("employee_id,name,email\n" + "".join(
        f"E10{n:02d},Ana Person {n},ana{n}@example.com\n" for n in range(8)))
    view = sized(LAPTOP)
    before, smallest = view.view.size(), view.view.minimumSizeHint()
    assert smallest.width() <= LAPTOP[0], "a laptop's screen scrolls the content, never clips"
    assert smallest.height() <= LAPTOP[1], "a laptop's screen scrolls the content, never clips"
    form = view.checkin_form
    form.name_edit.setText("ana")
    form.search_now()
    qtbot.waitUntil(lambda: form.results.count() == 8, timeout=10_000)
    assert form.results.isVisibleTo(view.view)
    QApplication.processEvents()
    assert view.view.size() == before
    assert view.view.minimumSizeHint() == smallest


def test_a_larger_screen_shows_more_of_the_floor(sized: Callable[..., LiaisonPage],
                                                 service: VisitService,
                                                 clock: ManualClock) -> None:
    _late_visitors(service, clock, 16)
    small, large = sized((1280, 800)), sized((1920, 1080))
    for view in (small, large):
        view.view.refresh_floor()
    assert len(small.alert_list.alerts) == 16
    assert small.alert_list.columns() == 2
    assert large.alert_list.columns() == 3
    assert large.alert_list.max_rows > small.alert_list.max_rows
    assert large.table.height() > small.table.height() + 200, "more queue rows"
    assert large.view.floor_tab.side.width() > small.view.floor_tab.side.width()


@pytest.mark.parametrize("remote_join", [False, True])
def test_the_floor_fits_the_window_at_the_size_it_opens_at(
        sized: Callable[..., LiaisonPage], db: Database, settings: Settings,
        clock: ManualClock, remote_join: bool) -> None:
    # The buttons' row once held the keys (or the remote-join switch) too: wider than a
    # 1280-pixel window left it, it pushed the check-in form's right edge out of sight.
    web = replace(settings.web, remote_join=remote_join)
    view = sized(SIZES["liaison"], assemble(db, replace(settings, web=web), clock))
    tab = view.view.floor_tab
    assert (tab.remote_switch is not None) == remote_join
    area = tab.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    assert tab.minimumSizeHint().width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()
    side = tab.side.geometry()
    assert side.right() < area.viewport().width(), "the check-in form whole, in view"
    assert tab.table.horizontalHeader().length() <= tab.table.viewport().width()


def test_a_window_narrower_than_the_floor_scrolls_sideways(
        sized: Callable[..., LiaisonPage]) -> None:
    view = sized((900, 700))
    tab = view.view.floor_tab
    area = tab.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    assert tab.width() > area.viewport().width()
    assert area.horizontalScrollBar().isVisible(), "scrolled to, never clipped"


def test_a_single_alert_takes_the_whole_width(sized: Callable[..., LiaisonPage],
                                             service: VisitService, clock: ManualClock) -> None:
    _late_visitors(service, clock, 1)
    view = sized((1920, 1080))
    view.view.refresh_floor()
    alerts = view.alert_list
    assert len(alerts.alerts) == 1
    assert alerts.columns() == 1, "not cut at a column's width beside empty ones"
    assert alerts.visualItemRect(alerts.item(0)).width() >= alerts.viewport().width() - 2


def test_all_alerts_show_at_1280_by_800_when_there_are_eight(
        sized: Callable[..., LiaisonPage], service: VisitService, clock: ManualClock) -> None:
    _late_visitors(service, clock, 8)
    view = sized((1280, 800))
    alerts = view.alert_list
    assert len(alerts.alerts) == 8
    shown = [alerts.item(row) for row in range(alerts.count())
             if alerts.viewport().rect().contains(alerts.visualItemRect(alerts.item(row)))]
    assert len(shown) == 8
    assert view.table.height() >= 6 * 36 + 40, "and still six queue rows or more"


def test_the_metrics_show_every_header_and_value_whole(
        sized: Callable[..., LiaisonPage], service: VisitService, clock: ManualClock,
        qtbot: QtBot, runner: TaskRunner) -> None:
    visit = service.check_in(name="Ana", category="account")
    clock.advance(timedelta(minutes=32))
    service.start(service.call(visit.id, "Dana").id, "Dana")
    view = sized((1280, 800))
    view.tabs.setCurrentIndex(TABS.index("metrics"))
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    wait_idle(qtbot, runner)
    table = view.metrics_panel.table
    header = table.horizontalHeader()
    for column in Figure:
        width = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        assert header.sectionSize(column) >= width, column.name
    assert header.length() <= table.viewport().width()
    hours = view.metrics_panel.wait_chart.hours
    assert hours == list(range(hours[0], hours[-1] + 1)), "every hour, none skipped"


def test_the_hours_are_contiguous_around_the_opening_hours() -> None:
    assert contiguous_hours([2, 4]) == list(range(2, 18))
    assert contiguous_hours([20]) == list(range(8, 21))


def test_without_a_ticketing_system_nothing_is_a_backlog(
        sized: Callable[..., LiaisonPage], service: VisitService, qtbot: QtBot,
        runner: TaskRunner, core: Core) -> None:
    assert core.settings.backend == "none"
    visit = service.check_in(name="Ana", category="laptop")
    service.start(service.call(visit.id, "Dana").id, "Dana")
    service.resolve(visit.id, "Dana", "fixed")
    view = sized((1280, 800))
    view.tabs.setCurrentIndex(TABS.index("sync"))
    panel = view.sync_panel
    qtbot.waitUntil(lambda: panel.health is not None, timeout=10_000)
    wait_idle(qtbot, runner)
    assert panel.status_label.text() == ("No ticketing system is set up: visits are kept here "
                                         "and sent once one is configured.")
    assert panel.titles["pending"].text() == "KEPT HERE"
    assert panel.values["pending"].text() == "1"
    assert not panel.cards["failed"].isVisible()
    assert not panel.problems.isVisible(), "no failures to retry without a backend"


def test_empty_lists_say_what_their_emptiness_means(sized: Callable[..., LiaisonPage],
                                                    qtbot: QtBot, runner: TaskRunner) -> None:
    view = sized((1280, 800))
    view.tabs.setCurrentIndex(TABS.index("notices"))
    wait_idle(qtbot, runner)
    notices = view.notice_editor.list
    assert notices.count() == 0
    assert notices.empty_text.startswith("No notices yet")
    problems = view.sync_panel.problems
    assert problems.empty_text.startswith("No failed or retrying deliveries")


def test_large_text_widens_the_side_instead_of_cutting_the_priority(
        sized: Callable[..., LiaisonPage], qapp: QApplication) -> None:
    apply_theme(qapp, "light", large_text=True)
    try:
        view = sized(SIZES["liaison"])
        tab = view.view.floor_tab
        combo = tab.checkin_form.priority_combo
        whole = combo.width() >= combo.sizeHint().width()
        area = tab.parentWidget().parentWidget()
        assert isinstance(area, QScrollArea)
        in_view = tab.side.geometry().right() < area.viewport().width()
        sideways = area.horizontalScrollBar().isVisible()
    finally:
        apply_theme(qapp, "light")
    assert whole, "'Normal' whole in large text"
    assert in_view
    assert not sideways
