"""The display board: now serving with the place to go, next in line, notices, the delay
message, the chime, and privacy (never a full name, an email or a description)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app.floor import FloorService
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from tests.gui.helpers import wait_idle
from ui.board.view import DisplayBoard
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenBoard = Callable[[DisplayBoard], DisplayBoard]
SECRETS = (
    ("Ana María García-López", "ana.garcia@example.com", "My laptop screen is cracked"),
    ("Benedikt Øyvind Strand", "ben.strand@example.com", "VPN drops every hour"),
    ("Chen Xiaoming", "chen.xm@example.com", "Locked out after travel"),
)


@pytest.fixture
def floor(core: Core) -> FloorService:
    return core.floor


@pytest.fixture
def board_for(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenBoard,
              qtbot: QtBot) -> Callable[..., DisplayBoard]:
    def make(**options: object) -> DisplayBoard:
        board = open_view(DisplayBoard(core, runner, feed, **options))  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: board.state is not None, timeout=10_000)
        return board

    return make


def _fill(core: Core, service: VisitService) -> list[str]:
    core.technicians.add(name="Kim", pin="135790", counter="Desk 3")
    ids = [service.check_in(name=name, email=email, description=text, category="laptop").id
           for name, email, text in SECRETS]
    service.call(ids[0], "Kim")
    return ids


@pytest.mark.parametrize("show_names", [False, True])
def test_the_board_never_shows_a_full_name_email_or_description(
        board_for: Callable[..., DisplayBoard], core: Core, service: VisitService,
        show_names: bool) -> None:
    ids = _fill(core, service)
    board = board_for(show_names=show_names)
    texts = board.visible_texts()
    shown = "\n".join(texts)
    for name, email, description in SECRETS:
        assert name not in shown
        assert email not in shown
        assert description not in shown
        assert name.split()[-1] not in shown, "not even the last name"
    tickets = [service.get(i).ticket_number for i in ids]
    assert all(t in texts for t in tickets)
    assert "Desk 3" in texts
    assert ("Ana G." in texts) is show_names
    assert ("Chen X." in texts) is show_names


def test_notices_and_the_delay_message_show(board_for: Callable[..., DisplayBoard],
                                            core: Core, floor: FloorService,
                                            qtbot: QtBot, runner: TaskRunner) -> None:
    board = board_for()
    assert board.serving_empty.isVisibleTo(board)
    assert not board.delay_label.isVisibleTo(board)
    core.notices.post(title="Wi-Fi down in building B",
                                            message="We are on it.", severity="critical")
    floor.broadcast("About 30 minutes' wait this morning")
    board.refresh()
    qtbot.waitUntil(lambda: board.delay_label.isVisibleTo(board), timeout=10_000)
    assert board.delay_label.text() == "About 30 minutes' wait this morning"
    assert "Wi-Fi down in building B \u2014 We are on it." in board.visible_texts()
    floor.end_broadcast()
    board.refresh()
    qtbot.waitUntil(lambda: not board.delay_label.isVisibleTo(board), timeout=10_000)
    wait_idle(qtbot, runner)


def test_a_chime_for_each_new_call_only(board_for: Callable[..., DisplayBoard],
                                        service: VisitService, qtbot: QtBot,
                                        runner: TaskRunner, clock: ManualClock) -> None:
    first = service.check_in(name="Ana", category="laptop")
    second = service.check_in(name="Ben", category="laptop")
    service.call(first.id, "Dana", counter="Window 1")
    board = board_for()
    assert board.chime.played == 0, "no chime for calls already on the board at start"
    service.call(second.id, "Luis", counter="Window 2")
    board.refresh()
    qtbot.waitUntil(lambda: board.chime.played == 1, timeout=10_000)
    assert "Window 2" in board.visible_texts()
    board.refresh()
    wait_idle(qtbot, runner)
    assert board.chime.played == 1, "the same call does not ring twice"
    clock.advance(timedelta(seconds=30))
    service.recall(second.id, "Luis")  # called again: ring again
    board.refresh()
    qtbot.waitUntil(lambda: board.chime.played == 2, timeout=10_000)


def test_the_chime_can_be_switched_off(board_for: Callable[..., DisplayBoard],
                                       service: VisitService, qtbot: QtBot,
                                       runner: TaskRunner) -> None:
    board = board_for(chime=False)
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Dana")
    board.refresh()
    qtbot.waitUntil(lambda: len(board.state.now_serving) == 1 if board.state else False,
                    timeout=10_000)
    assert board.chime.played == 0
    assert not board.chime.available
    wait_idle(qtbot, runner)


def test_next_in_line_and_the_count(board_for: Callable[..., DisplayBoard],
                                    service: VisitService) -> None:
    made = [service.check_in(name=f"Visitor {i}", category="account") for i in range(8)]
    board = board_for()
    texts = board.visible_texts()
    assert [t for t in texts if t.startswith("A-")] == [v.ticket_number for v in made[:5]]
    assert "8 waiting \u00b7 3 more after these" in texts


def test_the_board_follows_the_feed(board_for: Callable[..., DisplayBoard],
                                    service: VisitService, feed: FloorFeed, qtbot: QtBot,
                                    runner: TaskRunner) -> None:
    board = board_for()
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Dana", counter="Window 4")
    feed.poll_now()
    qtbot.waitUntil(lambda: board.chime.played == 1, timeout=10_000)
    assert "Window 4" in board.visible_texts()
    wait_idle(qtbot, runner)
