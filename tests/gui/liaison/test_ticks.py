"""What a second passing costs the liaison view: the alert lines in view and the header's
longest wait, never a layout of the header, and nothing while the window is minimised."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from tests.gui.helpers import light_theme, wait_idle
from tests.gui.liaison.page import LiaisonPage
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.liaison.counts import set_ticking_text
from ui.liaison.view import SAFETY_TICKS, LiaisonView

pytestmark = pytest.mark.gui
OpenView = Callable[[LiaisonView], LiaisonView]


@pytest.fixture(autouse=True)
def _themed(qapp: QApplication) -> Iterator[None]:
    with light_theme(qapp):
        yield


def _late(service: VisitService, clock: ManualClock, count: int) -> None:
    """``count`` visitors 30 minutes into a 10-minute wait target."""
    for index in range(count):
        service.check_in(name=f"Visitor {index}", category="account")
    clock.advance(timedelta(minutes=30))


def _liaison(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
             qtbot: QtBot) -> LiaisonPage:
    view = LiaisonView(core, runner, feed)
    view.resize(1280, 800)
    page = LiaisonPage(open_view(view))
    qtbot.waitUntil(lambda: page.floor is not None, timeout=10_000)
    wait_idle(qtbot, runner)
    return page


def test_a_tick_rewrites_the_alert_lines_in_view_and_a_scroll_shows_the_others_current(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    _late(service, clock, 40)
    view = _liaison(core, runner, feed, open_view, qtbot)
    alerts = view.alert_list
    assert len(alerts.alerts) == 40
    in_view = alerts.rows_in_view()
    assert 0 < len(in_view) < 40, "a long list scrolls"
    assert in_view == [row for row in range(40) if alerts.viewport().rect().intersects(
        alerts.visualItemRect(alerts.item(row)))]
    below = max(in_view) + 1

    clock.advance(timedelta(minutes=1))
    view.view.on_feed_ticked()
    assert all("waiting 31:00 of 10 min" in alerts.item(row).text() for row in in_view)
    assert "waiting 30:00 of 10 min" in alerts.item(below).text(), "out of view: not touched"

    alerts.scrollToItem(alerts.item(39))
    assert alerts.rows_in_view() != in_view
    assert all("waiting 31:00 of 10 min" in alerts.item(row).text() for row in range(40)), \
        "scrolled into view: current"
    assert alerts.item(below).toolTip() == alerts.item(below).text()[3:]


class _LayoutRequests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return super().eventFilter(watched, event)


def test_the_longest_wait_ticks_without_laying_out_the_header(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    _late(service, clock, 3)
    view = _liaison(core, runner, feed, open_view, qtbot)
    assert view.longest_label.text() == "30:00"
    requests = _LayoutRequests(view.view.counts)
    for _second in range(3):
        clock.advance(timedelta(seconds=1))
        view.view.on_feed_ticked()
        QApplication.processEvents()
    assert view.longest_label.text() == "30:03"
    assert requests.count == 0


def test_a_ticking_label_keeps_room_for_the_widest_text_it_showed(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    label = QLabel(host)
    set_ticking_text(label, "9:59")
    narrow = label.width()
    assert label.minimumSize() == label.maximumSize(), "fixed: a new text asks no layout"
    assert narrow >= label.sizeHint().width()
    set_ticking_text(label, "1:00:00")
    assert label.width() > narrow
    wide = label.width()
    set_ticking_text(label, "0:01")
    assert label.width() == wide, "never narrower: the header does not jump back and forth"
    assert label.text() == "0:01"


def test_nothing_ticks_while_minimised_and_the_header_catches_up_when_restored(
        core: Core, service: VisitService, runner: TaskRunner, feed: FloorFeed,
        open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    _late(service, clock, 3)
    view = _liaison(core, runner, feed, open_view, qtbot)
    first = view.alert_list.item(0).text()
    reads: list[str] = []
    runner.finished.connect(lambda name: reads.append(name) if name == "liaison.floor" else None)
    view.view.showMinimized()
    qtbot.waitUntil(view.view.isMinimized, timeout=5_000)
    clock.advance(timedelta(minutes=1))
    for _second in range(SAFETY_TICKS + 1):
        view.view.on_feed_ticked()
    wait_idle(qtbot, runner)
    assert view.longest_label.text() == "30:00", "minimised: nothing redrawn"
    assert view.alert_list.item(0).text() == first
    assert reads == [], "nor the floor read again"
    view.view.showNormal()
    qtbot.waitUntil(lambda: view.longest_label.text() == "31:00", timeout=5_000)
    assert "waiting 31:00 of 10 min" in view.alert_list.item(0).text()
    qtbot.waitUntil(lambda: reads == ["liaison.floor"], timeout=10_000)
