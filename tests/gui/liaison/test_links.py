"""The liaison's "Status link…" dialog (copy, send again) and the sync tab's notifications line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.store import Database, UnitOfWork
from tests.gui.helpers import wait_idle
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.liaison.view import LiaisonView

pytestmark = pytest.mark.gui
OpenView = Callable[[LiaisonView], LiaisonView]
PUBLIC = "https://techbar.example.com"
CHANNELS = NotifySettings(smtp_url="mailto://mail.example.com")


@pytest.fixture
def notifying(db: Database, settings: Settings, clock: ManualClock) -> Core:
    web = replace(settings.web, public_url=PUBLIC)
    return assemble(db, replace(settings, notify=CHANNELS, web=web), clock)


@pytest.fixture
def view(notifying: Core, runner: TaskRunner, feed: FloorFeed, open_view: OpenView,
         qtbot: QtBot) -> LiaisonView:
    shown = open_view(LiaisonView(notifying, runner, feed))
    wait_idle(qtbot, runner)
    return shown


def _select(qtbot: QtBot, view: LiaisonView, ticket: str) -> None:
    floor = view.floor_tab
    qtbot.waitUntil(lambda: any(v.ticket_number == ticket for v in floor.model.visits()),
                    timeout=10_000)
    row = next(i for i, v in enumerate(floor.model.visits()) if v.ticket_number == ticket)
    floor.table.selectRow(row)


def test_the_status_link_is_shown_copied_and_sent_again(
        qtbot: QtBot, notifying: Core, runner: TaskRunner, view: LiaisonView) -> None:
    visit = notifying.visits.check_in(name="Ana", email="ana@example.com", category="laptop")
    view.refresh_floor()
    floor = view.floor_tab
    assert not floor.link_button.isEnabled()
    _select(qtbot, view, visit.ticket_number)
    assert floor.link_button.isEnabled()
    qtbot.mouseClick(floor.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: floor.link_dialog is not None and floor.link_dialog.isVisible(),
                    timeout=10_000)
    dialog = floor.link_dialog
    assert dialog is not None
    assert dialog.url_edit.text() == f"{PUBLIC}/v/{visit.status_token}"
    assert visit.ticket_number in dialog.windowTitle()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.url_edit.text()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "follow the page only" in dialog.message.text(), "nothing chosen: nothing to send"
    notifying.notify.choose(visit.id, "email", ahead=2)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert dialog.message.text().startswith("Queued")
    with UnitOfWork(notifying._database, readonly=True) as uow:
        assert any(r.threshold is None for r in uow.notifications.for_visit(visit.id))
    dialog.close()


def test_the_sync_tab_counts_the_messages(qtbot: QtBot, notifying: Core, runner: TaskRunner,
                                          view: LiaisonView) -> None:
    visit = notifying.visits.check_in(name="Ana", email="ana@example.com", category="laptop")
    notifying.notify.choose(visit.id, "email", ahead=2)
    view.sync_reader.refresh()
    wait_idle(qtbot, runner)
    line = view.sync_panel.notify_label
    assert line.text() == "Notifications by email: 1 pending, 0 sent, 0 failed."
    assert not line.isHidden()
