"""Every liaison action through the widgets: check-in, reprioritise, move, remove, notices,
the delay message, metrics with export, and the sync panel's retry."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.domain.priority import Priority
from kiosk.domain.visit import VisitState
from kiosk.store import Database, UnitOfWork
from tests.gui.helpers import wait_idle
from tests.gui.liaison.page import LiaisonPage
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.liaison.dialogs import ChoiceDialog, ExportFileDialog, ReasonDialog
from ui.liaison.view import TABS, LiaisonView

pytestmark = pytest.mark.gui
OpenView = Callable[[LiaisonView], LiaisonView]


@pytest.fixture
def view(core: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
         qtbot: QtBot) -> LiaisonPage:
    shown = LiaisonPage(open_view(LiaisonView(core, runner, feed)))
    qtbot.waitUntil(lambda: shown.floor is not None, timeout=10_000)
    wait_idle(qtbot, runner)
    return shown


def _select(view: LiaisonPage, qtbot: QtBot, visit_id: str) -> None:
    view.feed.poll_now()
    qtbot.waitUntil(lambda: view.model.row_of(visit_id) is not None, timeout=10_000)
    row = view.model.row_of(visit_id)
    assert row is not None
    view.table.selectRow(row)


def _answer(monkeypatch: pytest.MonkeyPatch, dialog: Any, value: object) -> list[tuple[Any, ...]]:
    asked: list[tuple[Any, ...]] = []

    def ask(_cls: Any, *args: Any, **_kwargs: Any) -> object:
        asked.append(args)
        return value

    monkeypatch.setattr(dialog, "ask", classmethod(ask))
    return asked


def test_check_in_on_behalf_from_the_keyboard_with_the_directory(
        view: LiaisonPage, core: Core, service: VisitService, qtbot: QtBot,
        runner: TaskRunner) -> None:
    core.directory.import_csv(
        "employee_id,name,email\nE1001,Ana García,ana.garcia@example.com\n")
    form = view.checkin_form
    qtbot.keyClick(view.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.name_edit, "garc")
    form.search_now()
    qtbot.waitUntil(lambda: form.results.count() == 1, timeout=10_000)
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Down)
    qtbot.keyClick(form.results, Qt.Key.Key_Return)
    assert form.name_edit.text() == "Ana García"
    form.category_combo.setCurrentIndex(form.category_combo.findData("account"))
    form.priority_combo.setCurrentIndex(form.priority_combo.findData(int(Priority.URGENT)))
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.message.tone == "success", timeout=10_000)
    (visit,) = service.active_visits()
    assert (visit.requester.employee_id, visit.requester.email) == (
        "E1001", "ana.garcia@example.com")
    assert (visit.category, visit.priority) == ("account", Priority.URGENT)
    assert service.get(visit.id).events[0].actor == "front desk"
    assert form.name_edit.text() == "", "the form is ready for the next visitor"
    wait_idle(qtbot, runner)


@pytest.mark.parametrize("reason", ["Her laptop too, not only the phone", None])
def test_someone_in_line_gets_a_second_visit_only_with_a_reason(
        view: LiaisonPage, core: Core, service: VisitService, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, reason: str | None) -> None:
    first = service.check_in(name="Mei Chen", category="mobile", employee_id="E1005")
    core.directory.import_csv("employee_id,name,email\nE1005,Mei Chen,mei@example.com\n")
    asked = _answer(monkeypatch, ReasonDialog, reason)
    form = view.checkin_form
    qtbot.keyClicks(form.name_edit, "Mei")
    form.search_now()
    qtbot.waitUntil(lambda: form.results.count() == 1, timeout=10_000)
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Down)
    qtbot.keyClick(form.results, Qt.Key.Key_Return)
    form.on_submit()
    expected = "success" if reason else "error"
    qtbot.waitUntil(lambda: view.message.tone == expected, timeout=10_000)
    assert asked
    assert f"already in line as {first.ticket_number}" in asked[0][1]
    visits = service.active_visits()
    assert len(visits) == (2 if reason else 1)
    if reason:
        second = next(v for v in visits if v.id != first.id)
        assert service.get(second.id).events[0].note == f"Second visit allowed: {reason}"


def test_a_refused_check_in_shows_why(view: LiaisonPage, qtbot: QtBot,
                                      service: VisitService) -> None:
    view.checkin_form.on_submit()  # no name
    qtbot.waitUntil(lambda: view.message.tone == "error", timeout=10_000)
    assert "name" in view.message.text()
    assert service.active_visits() == []


def test_reprioritise_move_and_remove(view: LiaisonPage, service: VisitService, qtbot: QtBot,
                                      monkeypatch: pytest.MonkeyPatch,
                                      runner: TaskRunner) -> None:
    first = service.check_in(name="Ana", category="laptop")
    visit = service.check_in(name="Ben", category="laptop")
    _select(view, qtbot, visit.id)
    assert view.reprioritise_button.isEnabled()
    asked = _answer(monkeypatch, ChoiceDialog, int(Priority.VIP))
    view.reprioritise_button.click()
    qtbot.waitUntil(lambda: service.get(visit.id).priority == Priority.VIP, timeout=10_000)
    assert asked[0][4] == Priority.NORMAL, "the dialog starts at the current priority"
    qtbot.waitUntil(lambda: view.model.row_of(visit.id) == 0, timeout=10_000)
    assert view.model.row_of(first.id) == 1
    assert service.get(visit.id).events[-1].action == "reprioritise"

    _select(view, qtbot, visit.id)
    asked = _answer(monkeypatch, ChoiceDialog, "software")
    qtbot.keyClick(view.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: service.get(visit.id).category == "software", timeout=10_000)
    assert "laptop" not in [value for value, _label in asked[0][3]]
    qtbot.waitUntil(lambda: "moved" in view.message.text(), timeout=10_000)

    _select(view, qtbot, visit.id)
    _answer(monkeypatch, ReasonDialog, "Left to catch a train")
    view.remove_button.click()
    qtbot.waitUntil(lambda: service.get(visit.id).state is VisitState.CANCELLED, timeout=10_000)
    assert service.get(visit.id).events[-1].note == "Left to catch a train"
    qtbot.waitUntil(lambda: view.model.row_of(visit.id) is None, timeout=10_000)
    wait_idle(qtbot, runner)


def test_cancelled_dialogs_change_nothing(view: LiaisonPage, service: VisitService,
                                          qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    _select(view, qtbot, visit.id)
    _answer(monkeypatch, ChoiceDialog, None)
    _answer(monkeypatch, ReasonDialog, None)
    view.on_reprioritise_clicked()
    view.on_move_clicked()
    view.on_remove_clicked()
    wait_idle(qtbot, view.runner)
    assert service.get(visit.id).version == visit.version
    assert not view.message.isVisibleTo(view.view)


def test_sla_alerts_and_technicians_show(view: LiaisonPage, service: VisitService,
                                         clock: ManualClock, qtbot: QtBot) -> None:
    late = service.check_in(name="Ana", category="account")
    clock.advance(timedelta(minutes=11))
    view.refresh_floor()
    qtbot.waitUntil(lambda: len(view.alert_list.alerts) == 1, timeout=10_000)
    assert view.alert_list.alerts[0].ticket_number == late.ticket_number
    assert view.alert_list.property("tone") == "breached"
    assert "over target" in view.alert_list.item(0).text()


def test_notices_post_edit_and_end(view: LiaisonPage, core: Core, clock: ManualClock,
                                   qtbot: QtBot, runner: TaskRunner) -> None:
    notices = core.notices
    view.tabs.setCurrentIndex(TABS.index("notices"))
    editor = view.notice_editor
    editor.title_edit.setText("Wi-Fi is down in building B")
    editor.message_edit.setPlainText("We are on it.")
    editor.severity_combo.setCurrentIndex(editor.severity_combo.findData("warning"))
    editor.category_checks["mobile"].setChecked(True)
    editor.no_end_check.setChecked(True)
    editor.save_button.click()
    qtbot.waitUntil(lambda: len(notices.active()) == 1, timeout=10_000)
    posted = notices.active()[0]
    assert (posted.severity, posted.categories, posted.ends_at) == ("warning", ("mobile",), None)
    qtbot.waitUntil(lambda: editor.list.count() == 1, timeout=10_000)
    editor.title_edit.setText("Wi-Fi is back soon")
    editor.save_button.click()
    qtbot.waitUntil(lambda: notices.active()[0].title == "Wi-Fi is back soon", timeout=10_000)
    clock.advance(timedelta(minutes=1))
    editor.end_button.click()
    qtbot.waitUntil(lambda: notices.active() == [], timeout=10_000)
    wait_idle(qtbot, runner)


def test_notice_texts_in_the_kiosks_other_languages(view: LiaisonPage, core: Core,
                                                    qtbot: QtBot, runner: TaskRunner) -> None:
    notices = core.notices
    view.tabs.setCurrentIndex(TABS.index("notices"))
    editor = view.notice_editor
    texts = editor.texts
    assert [texts.tabText(i) for i in range(texts.count())] == [
        "English", "Español (optional)", "Deutsch (optional)"]
    editor.title_edit.setText("Wi-Fi is down in building B")
    spanish_title, spanish_message = texts.edits["es"]
    spanish_title.setText("Sin Wi-Fi en el edificio B")
    spanish_message.setPlainText("Ya lo estamos arreglando.")
    texts.edits["de"][0].setText("WLAN in Gebäude B gestört")
    editor.save_button.click()
    qtbot.waitUntil(lambda: len(notices.active()) == 1, timeout=10_000)
    posted = notices.active()[0]
    assert (posted.title_for("es"), posted.message_for("es")) == (
        "Sin Wi-Fi en el edificio B", "Ya lo estamos arreglando.")
    assert (posted.title_for("de"), posted.message_for("de")) == ("WLAN in Gebäude B gestört", "")
    qtbot.waitUntil(lambda: editor.list.count() == 1, timeout=10_000)
    assert editor.list.item(0).text().endswith("in force \u00b7 de \u00b7 es")
    editor.on_new_clicked()
    assert spanish_title.text() == ""
    editor.list.setCurrentRow(-1)
    editor.list.setCurrentRow(0)
    assert spanish_message.toPlainText() == "Ya lo estamos arreglando.", "loaded to edit"
    spanish_message.clear()
    texts.edits["de"][0].clear()
    editor.save_button.click()
    qtbot.waitUntil(lambda: notices.active()[0].message_for("es") == "", timeout=10_000)
    assert [code for code, _text in notices.active()[0].translations] == ["es"]
    wait_idle(qtbot, runner)


def test_delay_message_broadcast_and_end(view: LiaisonPage, core: Core, service: VisitService,
                                         qtbot: QtBot, runner: TaskRunner) -> None:
    floor = core.floor
    view.tabs.setCurrentIndex(TABS.index("notices"))
    box = view.broadcast_box
    box.message_edit.setText("About 30 minutes' wait")
    box.length_combo.setCurrentIndex(1)  # one hour
    qtbot.keyClick(box.message_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: floor.current_broadcast() is not None, timeout=10_000)
    current = floor.current_broadcast()
    assert current is not None
    assert current.ends_at == service.clock.now() + timedelta(hours=1)
    qtbot.waitUntil(lambda: box.end_button.isEnabled(), timeout=10_000)
    assert "About 30 minutes' wait" in box.current_label.text()
    assert view.broadcast_pill.isVisibleTo(view.view)
    box.end_button.click()
    qtbot.waitUntil(lambda: floor.current_broadcast() is None, timeout=10_000)
    qtbot.waitUntil(lambda: not box.end_button.isEnabled(), timeout=10_000)
    wait_idle(qtbot, runner)


def test_metrics_tab_charts_and_export(view: LiaisonPage, service: VisitService,
                                       clock: ManualClock, qtbot: QtBot, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       runner: TaskRunner) -> None:
    visit = service.check_in(name='Smith, "Bo"', category="laptop")
    clock.advance(timedelta(minutes=6))
    service.call(visit.id, "Dana")
    service.start(visit.id, "Dana")
    clock.advance(timedelta(minutes=10))
    service.resolve(visit.id, "Dana", "fixed")
    view.tabs.setCurrentIndex(TABS.index("metrics"))
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    assert view.report is not None
    assert view.report.total.visits == 1
    value, _hint = view.metrics_panel.figure_labels["avg_wait"]
    assert value.text() == "6:00"
    assert view.metrics_panel.wait_chart.averages[view.metrics_panel.wait_chart.hours.index(9)] == 6.0
    assert view.metrics_panel.volume_chart.handled[-1] == 1  # laptop, drawn bottom-up
    assert view.metrics_panel.table_model.rowCount() == 2  # laptop and "All"
    out = tmp_path / "export.csv"
    _answer(monkeypatch, ExportFileDialog, out)
    view.metrics_panel.export_button.click()
    qtbot.waitUntil(lambda: out.exists() and "Exported 1" in view.message.text(), timeout=10_000)
    with out.open(encoding="utf-8", newline="") as file:
        assert [r["requester_name"] for r in csv.DictReader(file)] == ['Smith, "Bo"']
    view.metrics_panel.period_combo.setCurrentIndex(2)  # chosen days, reversed
    view.metrics_panel.from_edit.setDate(view.metrics_panel.to_edit.date().addDays(1))
    view.metrics_panel.refresh_button.click()
    qtbot.waitUntil(lambda: view.message.tone == "error", timeout=10_000)
    wait_idle(qtbot, runner)


def test_sync_panel_shows_failures_and_retries(view: LiaisonPage, service: VisitService,
                                               db: Database, qtbot: QtBot,
                                               runner: TaskRunner) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Dana")
    service.start(visit.id, "Dana")
    service.resolve(visit.id, "Dana", "fixed")
    with UnitOfWork(db) as uow:
        row = uow.outbox.get(visit.id)
        assert row is not None
        row.status, row.attempts, row.last_error = "failed", 3, "HTTP 401: bad credentials"
        uow.commit()
    view.tabs.setCurrentIndex(TABS.index("sync"))
    panel = view.sync_panel
    qtbot.waitUntil(lambda: panel.problems.count() == 1, timeout=10_000)
    assert "HTTP 401: bad credentials" in panel.problems.item(0).text()
    assert visit.ticket_number in panel.problems.item(0).text()
    assert panel.values["failed"].text() == "1"
    assert view.tabs.tabText(TABS.index("sync")) == "Sync (1 failed)"
    panel.problems.setCurrentRow(0)
    assert panel.retry_button.isEnabled()
    panel.retry_button.click()
    qtbot.waitUntil(lambda: panel.values["failed"].text() == "0", timeout=10_000)
    with UnitOfWork(db, readonly=True) as uow:
        row = uow.outbox.get(visit.id)
        assert row is not None
        assert row.status == "pending"
    assert "1 visit(s) put back" in view.message.text()
    wait_idle(qtbot, runner)


def test_sync_panel_lists_delivered_visits_with_their_ticket(view: LiaisonPage,
                                                             service: VisitService,
                                                             db: Database, qtbot: QtBot,
                                                             runner: TaskRunner) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Dana")
    service.start(visit.id, "Dana")
    service.resolve(visit.id, "Dana", "fixed")
    with UnitOfWork(db) as uow:
        row = uow.outbox.get(visit.id)
        assert row is not None
        row.status, row.sent_at = "sent", service.clock.now()
        row.external_id, row.external_url = "4711", "https://rt.example.test/Ticket/Display.html?id=4711"
        uow.commit()
    view.tabs.setCurrentIndex(TABS.index("sync"))
    panel = view.sync_panel
    panel.refresh_requested.emit()
    qtbot.waitUntil(lambda: panel.delivered.count() == 1, timeout=10_000)
    text = panel.delivered.item(0).text()
    assert visit.ticket_number in text
    assert "ticket 4711" in text
    assert "id=4711" in text
    wait_idle(qtbot, runner)
