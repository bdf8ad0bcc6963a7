"""Outages in the windows: one connectivity per process, its banner in every window, one
log line per outage and per recovery, and no "Something went wrong" left behind."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import Core
from kiosk.errors import DatabaseOffline, ValidationError
from tests.gui.checkin.pages import CheckInPage
from tests.gui.conftest import NewFeed
from tests.gui.helpers import QUIET_MS, wait_idle
from tests.gui.outage import Switch, flaky_core
from ui.board.view import DisplayBoard
from ui.checkin.options import Page
from ui.checkin.view import CheckInView
from ui.common.feed import FloorFeed
from ui.common.offline import Connectivity, OfflineBanner
from ui.common.tasks import TaskRunner
from ui.console.view import ConsoleView
from ui.liaison.view import LiaisonView

pytestmark = pytest.mark.gui
OpenView = Callable[[QWidget], QWidget]


def _offline(qtbot: QtBot, runner: TaskRunner) -> None:
    def fail() -> None:
        raise DatabaseOffline("statement timeout")

    runner.run(fail, name="test.work")
    wait_idle(qtbot, runner)


def test_one_connectivity_per_process_with_one_line_per_outage(
        core: Core, runner: TaskRunner, qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ui")
    switch = Switch(down=True)
    flaky = flaky_core(core, runner, switch)
    connectivity = Connectivity.of(runner, flaky.visits.latest_change)
    assert Connectivity.of(runner, core.visits.latest_change) is connectivity, "one per runner"
    failures: list[BaseException] = []
    runner.failed.connect(failures.append)
    runner.run(lambda: (_ for _ in ()).throw(ValidationError("name", "no")), name="test.bad")
    wait_idle(qtbot, runner)
    assert not connectivity.offline, "a refusal is not an outage"
    with qtbot.waitSignal(connectivity.went_offline, timeout=5_000) as went:
        for _ in range(5):  # a second of failures in every window: still one outage
            _offline(qtbot, runner)
    assert went.args == ["statement timeout"]
    assert connectivity.offline
    with qtbot.waitSignal(connectivity.came_back, timeout=10_000):
        switch.down = False  # the probe, every two seconds, finds it back
    assert not connectivity.offline
    lines = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "ui.common.offline"]
    assert [level for level, _ in lines] == [logging.WARNING, logging.INFO]
    assert "statement timeout" in lines[0][1]
    assert not [r for r in caplog.records if r.exc_info], "no traceback for an outage"
    assert len(failures) == 6, "the errors still reach whoever handles them"


def test_the_banner_is_named_and_says_where_to_go(core: Core, runner: TaskRunner,
                                                  qtbot: QtBot) -> None:
    connectivity = Connectivity.of(runner, core.visits.latest_change)
    banners = {audience: OfflineBanner(connectivity, audience) for audience in
               ("staff", "board", "kiosk")}
    for banner in banners.values():
        qtbot.addWidget(banner)
        assert banner.isHidden()
        assert banner.accessibleName() == "Offline"
    assert "front desk" in banners["kiosk"].accessibleDescription()
    assert "Nothing you typed is lost" in banners["staff"].accessibleDescription()
    with pytest.raises(ValueError, match="unknown audience"):
        OfflineBanner(connectivity, "everyone")


def test_every_staff_window_shows_the_banner_on_a_feed_failure_and_clears(
        core: Core, runner: TaskRunner, new_feed: NewFeed, open_view: OpenView,
        qtbot: QtBot) -> None:
    switch = Switch()
    flaky = flaky_core(core, runner, switch)
    feed = new_feed(flaky.visits)
    views = [open_view(ConsoleView(flaky, runner, feed)), open_view(LiaisonView(flaky, runner, feed)),
             open_view(DisplayBoard(flaky, runner, feed, chime=False))]
    qtbot.waitUntil(lambda: feed.is_loaded, timeout=10_000)
    wait_idle(qtbot, runner)
    banners = [view.findChild(OfflineBanner) for view in views]
    assert all(b is not None and not b.isVisibleTo(v) for b, v in zip(banners, views, strict=True))
    switch.down = True
    with qtbot.waitSignal(feed.failed, timeout=10_000):
        feed.poll_now()
    for banner, view in zip(banners, views, strict=True):
        assert banner is not None
        assert banner.isVisibleTo(view), type(view).__name__
    switch.down = False
    connectivity = Connectivity.of(runner, flaky.visits.latest_change)
    with qtbot.waitSignals([connectivity.came_back, feed.recovered], timeout=10_000):
        pass  # the probe finds the database, and the feed is asked to catch up at once
    wait_idle(qtbot, runner)
    for banner, view in zip(banners, views, strict=True):
        assert banner is not None
        assert not banner.isVisibleTo(view), type(view).__name__
    console, liaison = views[0], views[1]
    assert isinstance(console, ConsoleView)
    assert isinstance(liaison, LiaisonView)
    for message in (console.message, liaison.message):
        assert not message.isVisibleTo(message.window()), "no outage message left behind"


def test_the_console_says_outages_in_its_banner_not_something_went_wrong(
        core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
        qtbot: QtBot) -> None:
    switch = Switch()
    flaky = flaky_core(core, runner, switch)
    view = open_view(ConsoleView(flaky, runner, feed))
    assert isinstance(view, ConsoleView)
    wait_idle(qtbot, runner)
    _offline(qtbot, runner)
    view.on_task_failed(DatabaseOffline("connection lost"))
    assert view.offline_banner.isVisibleTo(view)
    assert "Something went wrong" not in view.message.text()
    assert view.message.text().startswith("The database cannot be reached right now")
    with qtbot.waitSignal(view.connectivity.came_back, timeout=10_000):
        pass
    assert not view.message.isVisibleTo(view)
    assert not view.offline_banner.isVisibleTo(view)


def test_the_kiosk_sends_the_visitor_to_the_front_desk_and_keeps_no_half_check_in(
        core: Core, runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    switch = Switch()
    flaky = flaky_core(core, runner, switch)
    kiosk = CheckInPage(open_view(CheckInView(flaky, runner, reset_after_ms=QUIET_MS)))
    wait_idle(qtbot, runner)
    kiosk.name_edit.insert("Ana García")
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    kiosk.description_edit.setPlainText("Battery drains in an hour")
    switch.down = True
    qtbot.mouseClick(kiosk.submit_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    banner = kiosk.view.offline_banner
    assert banner.isVisibleTo(kiosk.view)
    assert banner.title_label.text() == "Check-in is not available right now."
    assert kiosk.page is Page.DETAILS, "no ticket for a check-in that did not happen"
    assert "front desk" in kiosk.view.pages.details.message.text()
    assert core.visits.active_visits() == []
    kiosk.view.language.set_language("de")
    assert banner.title_label.text() == "Die Anmeldung ist gerade nicht möglich."
    kiosk.view.language.set_language("en")
    switch.down = False
    with qtbot.waitSignal(kiosk.view.connectivity.came_back, timeout=10_000):
        pass
    assert not banner.isVisibleTo(kiosk.view)
    assert not kiosk.view.pages.details.message.isVisibleTo(kiosk.view), "message cleared"
    assert kiosk.description_edit.toPlainText() == "Battery drains in an hour", "input kept"
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000):
        qtbot.mouseClick(kiosk.submit_button, Qt.MouseButton.LeftButton)
    assert kiosk.page is Page.CONFIRMATION
    assert len(core.visits.active_visits()) == 1
