"""Nothing a technician typed is lost to an outage: the dialog stays open with it, says
why, and sends it when the technician tries again once the database is back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app.technicians import TechnicianService
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.domain.visit import VisitState
from tests.gui.console.page import ConsolePage
from tests.gui.console.test_view import OpenView, click, make_techs, tech
from tests.gui.helpers import wait_idle
from tests.gui.outage import Switch, flaky_core
from ui.common.dialogs import FormDialog, NoteDialog, ResolveDialog
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.console.view import ConsoleView

pytestmark = pytest.mark.gui
Fill = Callable[[FormDialog], None]


@pytest.fixture
def techs(core: Core) -> TechnicianService:
    return make_techs(core)


def _serving(core: Core, service: VisitService, techs: TechnicianService, runner: TaskRunner,
             feed: FloorFeed, open_view: OpenView, qtbot: QtBot,
             switch: Switch) -> ConsolePage:
    flaky = flaky_core(core, runner, switch)
    service.check_in(name="Ana", category="laptop")
    view = ConsolePage(open_view(ConsoleView(flaky, runner, feed)))
    qtbot.waitUntil(lambda: feed.is_loaded, timeout=10_000)
    view.sign_in_as(tech(techs, "Dana"))
    wait_idle(qtbot, runner)
    click(qtbot, view, "call_next")
    click(qtbot, view, "start")
    return view


def _through_an_outage(qtbot: QtBot, view: ConsolePage, switch: Switch, fill: Fill,
                       kind: type[FormDialog]) -> dict[str, object]:
    """Fill the real dialog, press its button during an outage, then again once back."""
    seen: dict[str, object] = {}

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind)
        fill(dialog)
        switch.down = True
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10_000)
        seen.update(open=dialog.isVisible(), error=dialog.error.text(), answer=dialog.answer(),
                    banner=view.offline_banner.isVisibleTo(view.view))
        switch.down = False
        qtbot.waitUntil(lambda: not view.connectivity.offline, timeout=10_000)
        seen["banner_after"] = view.offline_banner.isVisibleTo(view.view)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # try again

    QTimer.singleShot(0, in_dialog)
    return seen


def test_a_resolution_typed_during_an_outage_is_kept_and_sent_after(
        core: Core, service: VisitService, techs: TechnicianService, runner: TaskRunner,
        feed: FloorFeed, open_view: OpenView, qtbot: QtBot) -> None:
    switch = Switch()
    view = _serving(core, service, techs, runner, feed, open_view, qtbot, switch)
    visit = view.current
    assert visit is not None

    def fill(dialog: FormDialog) -> None:
        assert isinstance(dialog, ResolveDialog)
        dialog.code_combo.setCurrentIndex(dialog.code_combo.findData("replaced"))
        dialog.notes_edit.setPlainText("Swapped the battery; serial noted on the ticket.")
        dialog.minutes_spin.setValue(12)

    seen = _through_an_outage(qtbot, view, switch, fill, ResolveDialog)
    click(qtbot, view, "resolve")
    assert seen["open"], "the dialog stayed open"
    assert str(seen["error"]).startswith("Not sent: the database cannot be reached")
    assert seen["answer"] == ("replaced", "Swapped the battery; serial noted on the ticket.", 12)
    assert seen["banner"], "the banner showed"
    assert not seen["banner_after"], "and went once the database was back"
    assert QApplication.activeModalWidget() is None, "closed once sent"
    done = service.get(visit.id)
    assert (done.state, done.resolution_code, done.time_spent_minutes) == (
        VisitState.RESOLVED, "replaced", 12)
    assert done.resolution_notes == "Swapped the battery; serial noted on the ticket."
    assert view.message.text() == f"Resolved {visit.ticket_number}."


def test_a_note_typed_during_an_outage_is_kept_and_sent_once(
        core: Core, service: VisitService, techs: TechnicianService, runner: TaskRunner,
        feed: FloorFeed, open_view: OpenView, qtbot: QtBot) -> None:
    switch = Switch()
    view = _serving(core, service, techs, runner, feed, open_view, qtbot, switch)
    visit = view.current
    assert visit is not None
    note = "Customer will bring the charger tomorrow."
    seen = _through_an_outage(
        qtbot, view, switch,
        lambda dialog: dialog.note_edit.setPlainText(note) if isinstance(dialog, NoteDialog)
        else None, NoteDialog)
    click(qtbot, view, "note")
    assert seen["open"]
    assert seen["answer"] == note
    notes = [e.note for e in service.get(visit.id).events if e.note == note]
    assert notes == [note], "sent once, after the outage"
    assert view.message.text() == f"Note added to {visit.ticket_number}."
