"""The console at its real size: columns that fit their content, a splitter that stays put,
new arrivals brought into view, and a team row that wraps instead of widening the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.domain.priority import Priority
from kiosk.domain.visit import Visit
from tests.gui.console.page import ConsolePage
from tests.gui.console.test_view import console, make_techs
from tests.gui.helpers import light_theme, wait_idle
from ui.app import SIZES
from ui.common.feed import FloorFeed
from ui.common.models import Column
from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme
from ui.console.view import QUEUE_MIN_WIDTH, ConsoleView

pytestmark = pytest.mark.gui
OpenView = Callable[[ConsoleView], ConsoleView]
SIZE = (1280, 800)


@pytest.fixture(autouse=True)
def _themed(qapp: QApplication) -> Iterator[None]:
    with light_theme(qapp):
        yield


def _console(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
             qtbot: QtBot) -> ConsolePage:
    techs = make_techs(core)

    def sized(view: ConsoleView) -> ConsoleView:
        view.resize(*SIZE)
        return open_view(view)

    return console(core, techs, runner, feed, sized, qtbot)


def _long_line(service: VisitService, clock: ManualClock) -> None:
    """More people waiting than the table shows at once."""
    for index in range(24):
        service.check_in(name=f"Visitor {index}", category="laptop")
        clock.advance(timedelta(seconds=30))


def _arrive(view: ConsolePage, qtbot: QtBot, visit_id: str) -> None:
    view.feed.poll_now()
    qtbot.waitUntil(lambda: view.model.row_of(visit_id) is not None, timeout=10_000)


def _late_comer(view: ConsolePage, service: VisitService, qtbot: QtBot) -> Visit:
    late = service.check_in(name="Late Comer", category="laptop")
    _arrive(view, qtbot, late.id)
    return late


def test_columns_fit_their_content_and_an_empty_priority_gives_way(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot) -> None:
    service.check_in(name="Bartholomew Featherstonehaugh", category="laptop")
    view = _console(core, runner, feed, open_view, qtbot)
    header = view.table.horizontalHeader()
    assert view.table.isColumnHidden(Column.MARKS), "no visit has a priority: no column"
    for column in (Column.TICKET, Column.STATE, Column.TECHNICIAN):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column.name
    assert header.sectionSize(Column.NAME) >= 160
    urgent = service.check_in(name="Ana", category="laptop", priority=Priority.URGENT)
    _arrive(view, qtbot, urgent.id)
    assert not view.table.isColumnHidden(Column.MARKS)
    assert header.sectionSize(Column.MARKS) >= header.sectionSizeHint(Column.MARKS)


def test_the_splitter_stays_put_whatever_visit_is_shown(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot) -> None:
    called = service.check_in(name="Noah Williams", category="laptop", priority=Priority.URGENT)
    service.check_in(name="Ana", category="laptop", priority=Priority.VIP)
    service.check_in(name="Ben", category="mobile")
    service.call(called.id, "Ann")
    view = _console(core, runner, feed, open_view, qtbot)
    splitter = view.view.splitter
    side = splitter.widget(1).layout()
    before = splitter.sizes()
    for row in range(view.proxy.rowCount()):
        view.table.selectRow(row)
        wait_idle(qtbot, runner)
        qtbot.wait(50)  # the card's new content is laid out, and the splitter told
        assert splitter.sizes() == before, f"row {row} moved the divider"
        assert side.minimumSize().width() <= before[1], f"row {row} needs a wider side"
    view.show_visit(None)
    assert splitter.sizes() == before


def test_a_new_arrival_is_scrolled_into_view_and_highlighted(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    _long_line(service, clock)
    view = _console(core, runner, feed, open_view, qtbot)
    arrivals = view.view.queue.arrivals
    assert arrivals.fresh == {}, "the first load is not an arrival"
    late = _late_comer(view, service, qtbot)
    assert arrivals.is_fresh(late.id)
    row = view.proxy.mapFromSource(view.model.index(view.model.row_of(late.id) or 0, 0))
    assert view.table.viewport().rect().contains(view.table.visualRect(row).center()), \
        "the new row is in view"


def test_a_new_arrival_never_scrolls_the_row_being_worked_on_away(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    _long_line(service, clock)
    view = _console(core, runner, feed, open_view, qtbot)
    view.table.selectRow(0)
    late = _late_comer(view, service, qtbot)
    selected = view.table.selectionModel().selectedRows()[0]
    assert view.table.viewport().rect().intersects(view.table.visualRect(selected))
    assert view.view.queue.arrivals.is_fresh(late.id), "still highlighted for when it scrolls"


def test_a_large_team_wraps_instead_of_widening_the_window(
        core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
        qtbot: QtBot) -> None:
    for index in range(10):
        core.technicians.add(name=f"Technician with a long name {index}", pin="1234")
    view = _console(core, runner, feed, open_view, qtbot)
    qtbot.waitUntil(lambda: len(view.view.team.chips) == 14, timeout=10_000)
    assert view.view.minimumSizeHint().width() <= SIZE[0]
    assert view.view.width() == SIZE[0]


def test_the_visit_card_wraps_a_long_timeline_and_scrolls_it(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot) -> None:
    long_name = "Maximilian Alexander Oberhofer-Featherstonehaugh"
    core.technicians.add(name=long_name, pin="1234")
    visit = service.check_in(name="Ana", category="laptop")
    service.start(service.call(visit.id, long_name).id, long_name)
    for index in range(12):
        service.add_note(visit.id, long_name, f"Note {index}: checked the charger again.")
    view = _console(core, runner, feed, open_view, qtbot)
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: len(view.card.timeline_labels) > 20, timeout=10_000)
    wait_idle(qtbot, runner)
    area = view.card.scroll_area
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0, timeout=5_000)  # laid out
    assert area.widget().minimumSizeHint().width() <= area.viewport().width(), \
        "no line is cut at the card's right edge"


@pytest.mark.parametrize("large_text", [False, True])
def test_every_action_label_is_whole_at_the_size_the_console_opens_at(
        core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView, qtbot: QtBot,
        qapp: QApplication, large_text: bool) -> None:
    # The side once had a fixed minimum: with large text its buttons were squeezed under
    # it ("Return to queue" 152 pixels wide for a label of 173) rather than widen it.
    techs = make_techs(core)

    def opened(view: ConsoleView) -> ConsoleView:
        view.resize(*SIZES["console"])
        return open_view(view)

    apply_theme(qapp, "light", large_text=large_text)
    try:
        view = console(core, techs, runner, feed, opened, qtbot)
        wait_idle(qtbot, runner)
        squeezed = {b.text(): (b.width(), b.minimumSizeHint().width())
                    for b in view.view.action_card.buttons.values()
                    if b.width() < b.minimumSizeHint().width()}
        queue = view.view.queue.width()
    finally:
        apply_theme(qapp, "light")  # the usual text size for the tests after this one
    assert squeezed == {}
    assert queue >= QUEUE_MIN_WIDTH
