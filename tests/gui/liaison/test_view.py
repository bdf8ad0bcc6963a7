"""The liaison view: counts by state and the longest wait, following the change feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.app.technicians import SignInRefused
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from tests.gui.helpers import wait_idle
from tests.gui.liaison.page import LiaisonPage
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.liaison.view import LiaisonView

pytestmark = pytest.mark.gui
OpenView = Callable[[LiaisonView], LiaisonView]


def _counts(view: LiaisonPage) -> dict[str, str]:
    return {key: label.text() for key, label in view.count_labels.items()}


def test_counts_and_longest_wait_follow_the_feed(core: Core, feed: FloorFeed,
                                                 service: VisitService, runner: TaskRunner,
                                                 open_view: OpenView, qtbot: QtBot,
                                                 clock: ManualClock) -> None:
    visits = [service.check_in(name=n, category="laptop") for n in ("Ana", "Ben", "Cleo")]
    clock.advance(timedelta(minutes=3))
    view = LiaisonPage(open_view(LiaisonView(core, runner, feed)))
    qtbot.waitUntil(lambda: view.floor is not None, timeout=10_000)
    assert _counts(view) == {"waiting": "3", "called": "0", "in_service": "0", "parked": "0"}
    assert view.longest_label.text() == "3:00"
    assert view.longest_hint.text() == f"Ticket {visits[0].ticket_number}"
    assert view.model.rowCount() == 3

    service.start(service.call_next("Dana").id, "Dana")
    service.call_next("Kim")
    view.feed.poll_now()
    qtbot.waitUntil(lambda: _counts(view)["in_service"] == "1", timeout=10_000)
    wait_idle(qtbot, runner)
    assert _counts(view) == {"waiting": "1", "called": "1", "in_service": "1", "parked": "0"}
    assert view.longest_hint.text() == f"Ticket {visits[2].ticket_number}"

    clock.advance(timedelta(minutes=2, seconds=30))
    with qtbot.waitSignal(view.feed.ticked, timeout=5_000):
        view.feed.set_interval(20)
    assert view.longest_label.text() == "5:30", "the longest wait ticks without a query"


def test_empty_floor(core: Core, feed: FloorFeed, runner: TaskRunner, open_view: OpenView,
                     qtbot: QtBot) -> None:
    view = LiaisonPage(open_view(LiaisonView(core, runner, feed)))
    qtbot.waitUntil(lambda: view.floor is not None, timeout=10_000)
    assert _counts(view) == {"waiting": "0", "called": "0", "in_service": "0", "parked": "0"}
    assert view.longest_hint.text() == "Nobody is waiting"


def test_the_liaison_sees_a_name_locked_by_wrong_pins(core: Core, feed: FloorFeed,
                                                      runner: TaskRunner, open_view: OpenView,
                                                      qtbot: QtBot) -> None:
    dana = core.technicians.add(name="Dana", pin="1234")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            core.technicians.sign_in(dana.id, "0000")
    view = LiaisonPage(open_view(LiaisonView(core, runner, feed)))
    technicians = view.view.floor_tab.technician_list

    def locked_text() -> str:
        return " ".join(label.text() for label in technicians.findChildren(QLabel))

    qtbot.waitUntil(lambda: "Locked out after wrong PINs until 09:05" in locked_text(),
                    timeout=10_000)


def test_the_liaison_sees_who_will_pass_their_target_before_they_do(
        core: Core, feed: FloorFeed, service: VisitService, runner: TaskRunner,
        open_view: OpenView, qtbot: QtBot) -> None:
    """One technician and a long line: the tail is expected after its wait target."""
    visits = [service.check_in(name=f"Visitor {i}", category="laptop") for i in range(10)]
    view = LiaisonPage(open_view(LiaisonView(core, runner, feed)))
    with qtbot.waitSignal(view.view.forecasts.updated, timeout=10_000):
        qtbot.waitUntil(lambda: view.model.rowCount() == 10, timeout=10_000)
    label = view.floor_tab.predicted_label
    assert label.isVisible()
    assert label.text().startswith("Expected to pass their wait target: ")
    assert visits[0].ticket_number not in label.text(), "the first in line is called in time"
    assert visits[-1].ticket_number in label.text() or label.text().endswith("more")
    row = view.model.row_of(visits[-1].id)
    assert row is not None
    assert view.model.index(row, 7).data().startswith("\u2248 ")
