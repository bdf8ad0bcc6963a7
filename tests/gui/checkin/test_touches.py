"""Counting touches and screens: the scan is the fast path, guests are not far behind."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from tests.gui.checkin.pages import CheckInPage, FakeTime, scan
from tests.gui.checkin.support import ANA_BADGE, add_people, past_visit, wait_done
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
LEFT = Qt.MouseButton.LeftButton


class TouchCounter(QObject):
    """Counts presses on buttons and tiles anywhere in the application."""

    def __init__(self) -> None:
        super().__init__()
        self.touches: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin) and (
                isinstance(watched, QAbstractButton)):
            self.touches.append(watched.accessibleName() or watched.text())
        return False


@pytest.fixture
def counter(qapp: QApplication) -> Iterator[TouchCounter]:
    touches = TouchCounter()
    qapp.installEventFilter(touches)
    yield touches
    qapp.removeEventFilter(touches)


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def kiosk(core: Core, runner: TaskRunner, open_view: OpenView, time: FakeTime,
          qtbot: QtBot) -> CheckInPage:
    add_people(core)
    core.notices.post(title="Wi-Fi is down in building B", categories=("laptop",))
    options = KioskOptions(touch_keyboard="on", confirmation_seconds=3600)
    view = open_view(CheckInView(core, runner, options=options, monotonic=time))
    view.resize(1280, 800)
    qtbot.waitExposed(view)
    return CheckInPage(view)


def _screens(view: CheckInPage) -> list[Page]:
    seen = [view.page]
    view.pages.currentChanged.connect(lambda index: seen.append(Page(index)))
    return seen


def test_badge_holder_checks_in_with_the_scan_and_three_touches(
        service: VisitService, qtbot: QtBot, runner: TaskRunner, kiosk: CheckInPage,
        time: FakeTime, counter: TouchCounter) -> None:
    past_visit(service)
    scan(qtbot, kiosk, time, ANA_BADGE)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    assert kiosk.page is Page.NOTICE, "the worst case: a known incident on the way"
    qtbot.mouseClick(kiosk.notice.still_button, LEFT)
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        qtbot.mouseClick(kiosk.submit_button, LEFT)
    assert len(counter.touches) <= 3, counter.touches
    visit = service.get(done.args[0].id)
    assert (visit.requester.employee_id, visit.device) == ("E1001", "ThinkPad X1")


def test_guest_checks_in_within_six_screens(service: VisitService, qtbot: QtBot,
                                            runner: TaskRunner, kiosk: CheckInPage,
                                            counter: TouchCounter) -> None:
    screens = _screens(kiosk)
    keys = kiosk.keyboard.keys
    for name in ("shift", "s", "a", "m"):
        qtbot.mouseClick(keys[name], LEFT)
    qtbot.mouseClick(kiosk.email_edit, LEFT)
    for name in ("s", "@", "e", "x", ".", "o", "r", "g"):
        qtbot.mouseClick(keys[name], LEFT)
    qtbot.mouseClick(kiosk.next_button, LEFT)
    wait_done(qtbot, runner)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], LEFT)
    qtbot.mouseClick(kiosk.notice.still_button, LEFT)
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        qtbot.mouseClick(kiosk.submit_button, LEFT)
    assert screens == [Page.WELCOME, Page.CATEGORY, Page.NOTICE, Page.DETAILS,
                       Page.CONFIRMATION]
    assert len(screens) <= 6
    assert (done.args[0].requester.name, done.args[0].requester.email) == ("Sam", "s@ex.org")
    assert "Next: choose a reason" in counter.touches
