"""Windows of one process follow its one feed: late windows, failures, and whose errors show where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.technicians import Technician, TechnicianService
from kiosk.app.visit_queries import ChangeBatch
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.domain.visit import Visit
from kiosk.errors import StoreUnavailable
from tests.gui.conftest import NewFeed
from tests.gui.console.page import ConsolePage
from tests.gui.console.test_view import click, make_techs
from tests.gui.helpers import wait_idle
from tests.gui.liaison.page import LiaisonPage
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.console.view import ConsoleView
from ui.liaison.view import LiaisonView

pytestmark = pytest.mark.gui
OpenView = Callable[[QWidget], QWidget]


@dataclass
class FlakySource:
    """The visit service's change-feed queries, failing while ``down`` is set."""

    visits: VisitService
    down: bool = False

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailable("The database cannot be reached.")

    def latest_change(self) -> int:
        self._check()
        return self.visits.latest_change()

    def active_visits(self) -> list[Visit]:
        self._check()
        return self.visits.active_visits()

    def changes_since(self, seq: int, limit: int = 1000) -> ChangeBatch:
        self._check()
        return self.visits.changes_since(seq, limit)


class CountingTechnicians(TechnicianService):
    """The technician service, counting the reads of changed technicians."""

    reads = 0

    def changes_since(self, seq: int) -> tuple[int, tuple[Technician, ...]]:
        self.reads += 1
        return super().changes_since(seq)


def _console(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
             qtbot: QtBot) -> ConsolePage:
    view = open_view(ConsoleView(core, runner, feed))
    assert isinstance(view, ConsoleView)
    qtbot.waitUntil(lambda: feed.is_loaded, timeout=10_000)
    wait_idle(qtbot, runner)
    return ConsolePage(view)


def test_a_window_opened_later_starts_from_the_feed(core: Core, service: VisitService,
                                                    runner: TaskRunner, feed: FloorFeed,
                                                    open_view: OpenView, qtbot: QtBot) -> None:
    first = _console(core, runner, feed, open_view, qtbot)
    visit = service.check_in(name="Ana", category="laptop")
    feed.poll_now()
    qtbot.waitUntil(lambda: first.model.row_of(visit.id) is not None, timeout=10_000)
    later = ConsolePage(ConsoleView(core, runner, feed))
    open_view(later.view)
    assert later.model.row_of(visit.id) == 0, "the rows the feed holds, without a query"
    liaison = LiaisonPage(LiaisonView(core, runner, feed))
    open_view(liaison.view)
    assert liaison.model.row_of(visit.id) == 0
    assert liaison.count_labels["waiting"].text() == "1"


def test_a_feed_failure_shows_in_every_window_and_clears(core: Core, service: VisitService,
                                                         runner: TaskRunner, new_feed: NewFeed,
                                                         open_view: OpenView,
                                                         qtbot: QtBot) -> None:
    source = FlakySource(service)
    feed = new_feed(source)
    console = _console(core, runner, feed, open_view, qtbot)
    liaison = LiaisonPage(LiaisonView(core, runner, feed))
    open_view(liaison.view)
    wait_idle(qtbot, runner)
    source.down = True
    with qtbot.waitSignal(feed.failed, timeout=10_000):
        feed.poll_now()
    for page in (console, liaison):
        assert page.message.tone == "error"
        assert page.message.text() == "The database cannot be reached."
    source.down = False
    with qtbot.waitSignal(feed.recovered, timeout=10_000):
        feed.poll_now()
    for page in (console, liaison):
        assert not page.message.isVisibleTo(page.view)


def test_an_error_shows_only_in_the_window_that_asked(core: Core, runner: TaskRunner,
                                                      feed: FloorFeed, open_view: OpenView,
                                                      qtbot: QtBot) -> None:
    techs = make_techs(core)
    dana, ann = (_console(core, runner, feed, open_view, qtbot) for _ in range(2))
    liaison = LiaisonPage(LiaisonView(core, runner, feed))
    open_view(liaison.view)
    for page, name in ((dana, "Dana"), (ann, "Ann")):
        page.sign_in_as(next(t for t in techs.list() if t.name == name))
    wait_idle(qtbot, runner)
    click(qtbot, dana, "call_next")
    assert dana.message.text() == "Nobody is waiting."
    assert ann.message.text() == "Signed in as Ann."
    assert not liaison.message.isVisibleTo(liaison.view)


def test_the_team_reads_technicians_only_when_the_feed_moved(core: Core, runner: TaskRunner,
                                                             feed: FloorFeed,
                                                             open_view: OpenView,
                                                             qtbot: QtBot) -> None:
    technicians = CountingTechnicians(core.visits.db, core.settings, core.clock)
    counted = replace(core, technicians=technicians)
    make_techs(counted)
    console = _console(counted, runner, feed, open_view, qtbot)
    console.sign_in_as(next(t for t in technicians.list() if t.name == "Dana"))
    wait_idle(qtbot, runner)
    before = technicians.reads
    for _ in range(5):
        feed.ticked.emit()
    wait_idle(qtbot, runner)
    assert technicians.reads == before, "nothing changed: no query"
    luis = next(t for t in technicians.list() if t.name == "Luis")
    technicians.set_status(luis.id, "busy")
    feed.poll_now()
    wait_idle(qtbot, runner)
    feed.ticked.emit()
    qtbot.waitUntil(lambda: console.team.chips[luis.id].text().endswith("Busy"),
                    timeout=10_000)
    assert technicians.reads == before + 1
