"""The console's sign-in, status, transfer, escalate, notes, history, feedback and dialogs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from pytestqt.qtbot import QtBot

from kiosk.app.technicians import TechnicianService, TechnicianStatus
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.domain.visit import Visit, VisitState
from kiosk.store import UnitOfWork
from tests.gui.console.fakes import answering
from tests.gui.console.page import ConsolePage
from tests.gui.console.test_view import OpenView, click, console, make_techs
from tests.gui.helpers import wait_idle
from ui.common.dialogs import (
    EscalateAnswer,
    EscalateDialog,
    NoteDialog,
    ResolveAnswer,
    ResolveDialog,
    TransferAnswer,
    TransferDialog,
)
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.console.feedback import FeedbackPage
from ui.console.view import ConsoleView

pytestmark = pytest.mark.gui


@pytest.fixture
def techs(core: Core) -> TechnicianService:
    return make_techs(core)


def _in_service(service: VisitService, view: ConsolePage, qtbot: QtBot, **check_in: str) -> Visit:
    visit = service.check_in(name=check_in.pop("name", "Ana"),
                             category=check_in.pop("category", "laptop"), **check_in)
    click(qtbot, view, "call_next")
    click(qtbot, view, "start")
    assert view.current is not None
    assert view.current.id == visit.id
    return visit


def _type_pin(qtbot: QtBot, view: ConsolePage, pin: str) -> None:
    qtbot.keyClicks(view.sign_in_page.pin_edit, pin)
    qtbot.keyClick(view.sign_in_page.pin_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, view.runner)


def test_sign_in_with_the_keyboard_and_the_pad(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    view = console(core, techs, runner, feed, open_view, qtbot, technician=None)
    page = view.sign_in_page
    assert view.pages.currentWidget() is page
    assert sorted(b.text() for b in page.name_buttons.values()) == ["Ann", "Ben", "Dana", "Luis"]
    assert not page.pin_edit.isEnabled(), "pick a name first"
    dana = next(t for t in techs.list() if t.name == "Dana")
    qtbot.mouseClick(page.name_buttons[dana.id], Qt.MouseButton.LeftButton)
    for key in ("1", "2", "9", "\u232b", "3", "4"):
        qtbot.mouseClick(page.keys[key], Qt.MouseButton.LeftButton)
    assert page.pin_edit.text() == "1234"
    qtbot.keyClicks(page.pin_edit, "x")
    assert page.pin_edit.text() == "1234", "digits only"
    qtbot.mouseClick(page.keys["OK"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert view.technician is not None
    assert view.technician.name == "Dana"
    assert view.pages.currentIndex() == 1
    assert view.who_label.text() == "Dana \u00b7 Desk 1"
    assert techs.get(dana.id).status is TechnicianStatus.AVAILABLE

    click(qtbot, view, "call_next")  # nobody waiting: a message, still signed in
    qtbot.mouseClick(view.sign_out_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert view.technician is None
    assert view.pages.currentWidget() is page
    assert techs.get(dana.id).status is TechnicianStatus.AWAY


def test_wrong_pins_lock_the_technician_out(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    view = console(core, techs, runner, feed, open_view, qtbot, technician=None)
    page = view.sign_in_page
    luis = next(t for t in techs.list() if t.name == "Luis")
    page.choose(luis.id)
    _type_pin(qtbot, view, "0000")
    assert page.message.text() == "Wrong PIN. 4 tries left."
    assert page.pin_edit.text() == ""
    for _ in range(4):
        _type_pin(qtbot, view, "0000")
    assert page.message.text() == "Too many wrong PINs. Try again at 09:05."
    _type_pin(qtbot, view, "5678")
    assert view.technician is None, "locked even with the right PIN"
    clock.advance(timedelta(minutes=5))
    _type_pin(qtbot, view, "5678")
    assert view.technician is not None
    assert view.technician.name == "Luis"


def test_status_is_visible_on_other_consoles(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot) -> None:
    dana = console(core, techs, runner, feed, open_view, qtbot, technician="Dana")
    kim_view = console(core, techs, runner, feed, open_view, qtbot, technician="Ann")
    qtbot.mouseClick(dana.status_switch.buttons[TechnicianStatus.BUSY],
                     Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert dana.message.text() == "You are busy."
    kim_view.feed.ticked.emit()
    dana_id = next(t.id for t in techs.list() if t.name == "Dana")
    qtbot.waitUntil(lambda: dana_id in kim_view.team.chips and kim_view.team.chips[
        dana_id].text().endswith("Busy"), timeout=10_000)
    assert kim_view.team.chips[dana_id].text() == "\u25cf  Dana \u00b7 Busy"


def test_transfer_to_a_technician(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = console(core, techs, runner, feed, open_view, qtbot)
    visit = _in_service(service, view, qtbot)
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr(TransferDialog, "ask", answering(
        TransferAnswer("Luis", "laptop", "Needs the Mac expert"), asked))
    click(qtbot, view, "transfer")
    offered = [list(call[2]) for call in asked]  # (parent, visit, names, categories)
    assert "Dana" not in offered[0]
    assert "Luis" in offered[0]
    assert view.message.text() == f"Transferred {visit.ticket_number} to Luis."
    assert view.current is None
    moved = service.get(visit.id)
    assert (moved.state, moved.technician) == (VisitState.WAITING, "Luis")
    assert moved.events[-1].note == "To Luis: Needs the Mac expert"


def test_transfer_to_a_category(service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
                                runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    view = console(core, techs, runner, feed, open_view, qtbot)
    visit = _in_service(service, view, qtbot)
    monkeypatch.setattr(TransferDialog, "ask", answering(TransferAnswer("", "account", "")))
    click(qtbot, view, "transfer")
    assert service.get(visit.id).category == "account"
    assert view.message.text() == f"Transferred {visit.ticket_number}."


def test_escalate_to_a_group(service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
                             runner: TaskRunner, open_view: OpenView, qtbot: QtBot,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    view = console(core, techs, runner, feed, open_view, qtbot)
    visit = _in_service(service, view, qtbot)
    monkeypatch.setattr(EscalateDialog, "ask", answering(EscalateAnswer(
        "Network team", "Switch port 4 is dead", 12)))
    click(qtbot, view, "escalate")
    assert view.message.text() == f"Escalated {visit.ticket_number} to Network team."
    done = service.get(visit.id)
    assert (done.state, done.escalation_group, done.time_spent_minutes) == (
        VisitState.ESCALATED, "Network team", 12)
    assert view.buttons["feedback"].isEnabled()


def test_ten_thousand_character_note_is_stored_whole_and_scrolls(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed, runner: TaskRunner,
        open_view: OpenView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    view = ConsolePage(open_view(ConsoleView(core, runner, feed)))
    view.resize(1360, 820)
    qtbot.waitUntil(lambda: view.feed.is_loaded, timeout=10_000)
    view.sign_in_as(next(t for t in techs.list() if t.name == "Dana"))
    visit = _in_service(service, view, qtbot)
    note = ("Checked the dock firmware, cables and display settings. " * 200)[:10_000]
    assert len(note) == 10_000
    monkeypatch.setattr(NoteDialog, "ask", answering(note))
    click(qtbot, view, "note")
    assert view.message.text() == f"Note added to {visit.ticket_number}."
    assert service.get(visit.id).events[-1].note == note.strip()
    shown = [label.text() for label in view.card.timeline_labels]
    assert note.strip() in shown, "the whole note is on the card"
    bar = view.card.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    bar.setValue(bar.maximum())
    assert bar.value() == bar.maximum() > 0


def test_earlier_visits_with_their_ticket_links(
        service: VisitService, techs: TechnicianService, core: Core, feed: FloorFeed,
        runner: TaskRunner, open_view: OpenView, qtbot: QtBot, clock: ManualClock) -> None:
    old = []
    for code in ("fixed", "advice"):
        visit = service.check_in(name="Ana", category="laptop", employee_id="E1")
        service.call(visit.id, "Kim")
        service.start(visit.id, "Kim")
        service.resolve(visit.id, "Kim", code)
        old.append(visit)
        clock.advance(timedelta(days=1))
    link = "https://rt.example.com/Ticket/4711?a=<b>x</b>"
    with UnitOfWork(service.db) as uow:  # one stored before links were checked at sync
        for visit, (ticket, url) in zip(old, (("13", "file:///etc/passwd"), ("4711", link)),
                                        strict=True):
            row = uow.outbox.get(visit.id)
            assert row is not None
            row.external_id, row.external_url = ticket, url
        uow.commit()
    service.check_in(name="Ana", category="laptop", employee_id="E1")
    view = console(core, techs, runner, feed, open_view, qtbot)
    click(qtbot, view, "call_next")
    qtbot.waitUntil(lambda: len(view.card.earlier) == 2, timeout=10_000)
    assert [e.id for e in view.card.earlier] == [old[1].id, old[0].id]
    assert [b.text() for b in view.card.ticket_buttons] == ["Ticket 4711"], "no file: link"
    tip = view.card.ticket_buttons[0].toolTip()
    assert tip == "<p>https://rt.example.com/Ticket/4711?a=&lt;b&gt;x&lt;/b&gt;</p>"
    assert QTextDocumentFragment.fromHtml(tip).toPlainText() == link, "shown as it is"


def test_ask_for_feedback_full_screen_then_closes(service: VisitService,
                                                  techs: TechnicianService, core: Core, feed: FloorFeed,
                                                  runner: TaskRunner, open_view: OpenView,
                                                  qtbot: QtBot,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.console.feedback.THANKS_MS", 50)
    view = console(core, techs, runner, feed, open_view, qtbot)
    visit = _in_service(service, view, qtbot)
    monkeypatch.setattr(ResolveDialog, "ask", answering(ResolveAnswer("fixed", "", None)))
    click(qtbot, view, "resolve")
    click(qtbot, view, "feedback")
    page = view.feedback_page
    assert isinstance(page, FeedbackPage)
    assert page.isFullScreen()
    qtbot.mouseClick(page.faces[3], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert page.title_label.text() == "Thank you!"
    feedback = core.feedback
    assert feedback.score(visit.id) == 3
    qtbot.waitUntil(lambda: view.feedback_page is None, timeout=5_000)
    assert view.message.text() == f"{visit.ticket_number} rated 3 of 3. Thank you!"
    assert not view.buttons["feedback"].isEnabled(), "asked once"


def test_feedback_page_keys(core: Core, service: VisitService, runner: TaskRunner,
                            qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Kim")
    service.start(visit.id, "Kim")
    service.resolve(visit.id, "Kim", "fixed")
    feedback = core.feedback
    page = FeedbackPage(feedback, runner, visit.id, visit.ticket_number)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.answered, timeout=10_000) as answered:
        qtbot.keyClick(page, Qt.Key.Key_1)
    assert answered.args == [1]
    assert feedback.score(visit.id) == 1
    page.close_timer.stop()
    page.close()


def test_resolve_dialog_refuses_an_empty_code(service: VisitService, qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    dialog = ResolveDialog(visit)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.notes_edit.setPlainText("x" * 10_000)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "Choose a resolution code before resolving."
    dialog.code_combo.setCurrentIndex(dialog.code_combo.findData("fixed"))
    dialog.minutes_spin.setValue(17)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ResolveDialog.DialogCode.Accepted
    assert dialog.answer() == ResolveAnswer("fixed", "x" * 10_000, 17)


def test_transfer_and_escalate_dialogs_need_a_target(service: VisitService,
                                                     qtbot: QtBot) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    transfer = TransferDialog(visit, ["Luis"], service.settings.categories)
    escalate = EscalateDialog(visit)
    note = NoteDialog(visit)
    for dialog in (transfer, escalate, note):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
    assert transfer.error.text() == "Choose another technician or another category."
    assert escalate.error.text() == "Choose the group to escalate to."
    assert note.error.text() == "Type a note first."
    transfer.technician_combo.setCurrentIndex(1)
    assert transfer.answer() == TransferAnswer("Luis", "laptop", "")
    escalate.group_combo.setEditText("  Network team ")
    assert escalate.answer() == EscalateAnswer("Network team", "", None)
