"""One visit from the kiosk to the ticketing webhook, through a flaky network.

The visitor checks in on the kiosk window; a technician calls, starts and resolves
the visit on the console window; the sync worker delivers it to a real local HTTP
receiver whose first answer is a 503 with ``Retry-After: 1`` and whose second is
lost after it accepted the visit. Every attempt carries the same Idempotency-Key
and a valid signature, so the receiver, which honours the key, records it once.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.sync_health import sync_health
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.config import Settings, WebhookSettings
from kiosk.store import Database
from kiosk.sync.factory import build_adapter
from kiosk.sync.worker import SyncWorker
from tests.gui.checkin.pages import CheckInPage
from tests.gui.console.fakes import answering
from tests.gui.console.page import ConsolePage
from tests.gui.helpers import QUIET_MS, wait_idle
from tests.support.webhook_server import Fault, WebhookServer
from ui.checkin.view import CheckInView, Page
from ui.common.dialogs import ResolveDialog
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.console.view import ConsoleView

pytestmark = pytest.mark.gui
SECRET = "e2e-shared-secret"


def _check_in_on_kiosk(qtbot: QtBot, kiosk: CheckInPage) -> str:
    kiosk.name_edit.insert("Ana García")
    qtbot.keyClicks(kiosk.email_edit, "ana@example.com")
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.category_tiles["laptop"], Qt.MouseButton.LeftButton)
    kiosk.description_edit.setPlainText("Battery drains in an hour")
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as blocker:
        qtbot.mouseClick(kiosk.submit_button, Qt.MouseButton.LeftButton)
    assert kiosk.page is Page.CONFIRMATION
    assert kiosk.ticket_label.text() == "L-001"
    return str(blocker.args[0].id)


def _serve_on_console(qtbot: QtBot, console: ConsolePage, visit_id: str) -> None:
    console.feed.poll_now()
    qtbot.waitUntil(lambda: console.model.row_of(visit_id) is not None, timeout=10_000)
    technicians = console.core.technicians
    console.sign_in_as(technicians.add(name="Dana", pin="1234"))
    for key in ("call_next", "start"):
        assert console.buttons[key].isEnabled(), key
        qtbot.mouseClick(console.buttons[key], Qt.MouseButton.LeftButton)
        wait_idle(qtbot, console.runner)
        assert console.current is not None
        assert console.current.id == visit_id
    qtbot.mouseClick(console.buttons["resolve"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, console.runner)
    assert console.current is None, "the card clears once the visit has ended"
    assert console.message.text() == "Resolved L-001."


def test_a_visit_reaches_the_webhook_once(core: Core, db: Database, settings: Settings,
                                          clock: ManualClock, runner: TaskRunner,
                                          feed: FloorFeed,
                                          open_view: Callable[[QWidget], QWidget],
                                          qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ResolveDialog, "ask", answering(("fixed", "Replaced the battery.")))
    kiosk_view = open_view(CheckInView(core, runner, reset_after_ms=QUIET_MS))
    console_view = open_view(ConsoleView(core, runner, feed))
    assert isinstance(kiosk_view, CheckInView)
    assert isinstance(console_view, ConsoleView)
    kiosk, console = CheckInPage(kiosk_view), ConsolePage(console_view)
    qtbot.waitUntil(lambda: console.feed.is_loaded, timeout=10_000)

    visit_id = _check_in_on_kiosk(qtbot, kiosk)
    clock.advance(timedelta(minutes=4))
    _serve_on_console(qtbot, console, visit_id)

    with WebhookServer(SECRET) as server:
        server.plan(Fault.unavailable(retry_after=1), Fault.lost_response())
        hooked = replace(settings, backend="webhook",
                         webhook=WebhookSettings(url=server.url, secret=SECRET,
                                                 timeout_seconds=5, max_attempts=5))
        adapter = build_adapter(hooked, clock=clock)
        assert adapter is not None
        worker = SyncWorker(db, adapter, hooked, clock, rng=random.Random(7))
        try:
            first = worker.drain()
            assert (first.sent, first.retried) == (0, 1)
            retry = sync_health(db, "webhook").retrying[0]
            assert retry.reason.startswith("HTTP 503")
            assert retry.next_attempt_at is not None
            assert retry.next_attempt_at >= clock.now() + timedelta(seconds=1)
            assert worker.drain().claimed == 0, "nothing is sent before Retry-After"

            clock.set(retry.next_attempt_at)
            second = worker.drain()
            assert (second.sent, second.retried) == (0, 1), "the answer was lost"
            clock.set(sync_health(db, "webhook").retrying[0].next_attempt_at
                      or clock.now())
            assert worker.drain().sent == 1
        finally:
            adapter.close()

        assert server.errors == []
        assert len(server.requests) == 3
        assert {r.idempotency_key for r in server.requests} == {visit_id}
        assert all(r.signature_valid for r in server.requests)
        assert list(server.tickets) == [visit_id], "recorded once"
        payload = server.tickets[visit_id].payload

    assert payload["ticket_number"] == "L-001"
    assert payload["state"] == "resolved"
    assert payload["requester"]["name"] == "Ana García"
    assert payload["resolution"] == {"code": "fixed", "notes": "Replaced the battery."}
    assert [e["action"] for e in payload["events"]] == ["check_in", "call", "start", "resolve"]
    health = sync_health(db, "webhook")
    assert (health.pending, health.sent, health.failed) == (0, 1, 0)
