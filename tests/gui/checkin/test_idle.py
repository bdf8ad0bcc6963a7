"""Idle reset: "Still there?" after a quiet while, a countdown of 20 s or more, then forget."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import Core
from tests.gui.checkin.pages import CheckInPage
from ui.checkin.idle import MIN_COUNTDOWN_SECONDS, IdleWatcher
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
SECOND_MS = 4
"""A "second" of the idle clock in these tests: 45 s idle = 180 ms, 20 s countdown = 80 ms."""


@pytest.fixture
def kiosk(core: Core, runner: TaskRunner, open_view: OpenView,
          qtbot: QtBot) -> CheckInPage:
    options = KioskOptions(idle_seconds=45, countdown_seconds=20, second_ms=SECOND_MS,
                           touch_keyboard="off", confirmation_seconds=3600)
    view = open_view(CheckInView(core, runner, options=options))
    qtbot.waitExposed(view)
    return CheckInPage(view)


def test_countdown_is_never_shorter_than_twenty_seconds() -> None:
    watcher = IdleWatcher(idle_seconds=30, countdown_seconds=5)
    assert watcher.countdown_seconds == MIN_COUNTDOWN_SECONDS == 20
    assert IdleWatcher(countdown_seconds=30).countdown_seconds == 30


def test_idle_visitor_is_asked_then_forgotten(kiosk: CheckInPage, qtbot: QtBot) -> None:
    qtbot.keyClicks(kiosk.name_edit, "Ana")
    qtbot.keyClicks(kiosk.email_edit, "ana@example.com")
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], Qt.MouseButton.LeftButton)
    kiosk.description_edit.setPlainText("Screen is cracked")
    seen: list[int] = []
    kiosk.idle.countdown.connect(seen.append)
    with qtbot.waitSignal(kiosk.idle.idle_started, timeout=5_000) as started:
        pass
    assert started.args == [20]
    assert kiosk.idle_overlay.isVisible()
    assert kiosk.idle_overlay.count_label.text() in {str(n) for n in range(1, 21)}
    assert kiosk.page is Page.DETAILS, "nothing is forgotten while the visitor is asked"
    with qtbot.waitSignal(kiosk.idle.expired, timeout=5_000):
        pass
    assert seen[:3] == [19, 18, 17]
    assert seen[-1] == 1
    assert kiosk.page is Page.WELCOME
    assert kiosk.name_edit.text() == ""
    assert kiosk.email_edit.text() == ""
    assert kiosk.description_edit.toPlainText() == ""
    assert not kiosk.idle_overlay.isVisible()


def test_still_here_keeps_everything(kiosk: CheckInPage, qtbot: QtBot) -> None:
    qtbot.keyClicks(kiosk.name_edit, "Ana")
    with qtbot.waitSignal(kiosk.idle.idle_started, timeout=5_000):
        pass
    with qtbot.waitSignal(kiosk.idle.resumed, timeout=1_000):
        qtbot.mouseClick(kiosk.idle_overlay.still_here_button, Qt.MouseButton.LeftButton)
    assert not kiosk.idle_overlay.isVisible()
    assert kiosk.name_edit.text() == "Ana"
    assert kiosk.idle.idle_timer.isActive(), "the idle time starts again"
    assert not kiosk.idle.counting


def test_any_touch_or_key_postpones_the_question(kiosk: CheckInPage, qtbot: QtBot) -> None:
    qtbot.keyClicks(kiosk.name_edit, "A")
    for _ in range(6):  # keep typing for longer than the idle time
        qtbot.wait(SECOND_MS * 10)
        qtbot.keyClicks(kiosk.name_edit, "n")
    assert not kiosk.idle_overlay.isVisible()
    assert kiosk.name_edit.text() == "Annnnnn"


def test_untouched_welcome_page_is_left_alone(kiosk: CheckInPage, qtbot: QtBot) -> None:
    started: list[int] = []
    kiosk.idle.idle_started.connect(started.append)
    qtbot.wait(SECOND_MS * 45 * 3)
    assert started == []
    assert not kiosk.idle_overlay.isVisible()


def test_idle_reset_restores_the_default_language(kiosk: CheckInPage, qtbot: QtBot) -> None:
    if not kiosk.language.set_language("de"):
        pytest.fail("German translation did not load")
    assert kiosk.next_button.text() == "Weiter"
    with qtbot.waitSignal(kiosk.idle.expired, timeout=5_000):
        pass
    assert kiosk.language.language == "en"
    assert kiosk.next_button.text() == "Next"
    assert kiosk.language_switcher.buttons["en"].isChecked()


def test_hidden_kiosk_stops_watching(kiosk: CheckInPage) -> None:
    assert kiosk.idle.active
    kiosk.hide()
    assert not kiosk.idle.active
    assert not kiosk.idle.idle_timer.isActive()
