"""``python main.py sync [--once]`` through run_sync_command, on real databases."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.app.sync_health import sync_health
from kiosk.app.visits import VisitService
from kiosk.cli.sync import run_sync_command
from kiosk.clock import Clock, ManualClock
from kiosk.config import Settings, WebhookSettings
from kiosk.domain.visit import Visit
from kiosk.store import Database
from tests.support.webhook_server import Fault, WebhookServer

SECRET = "cli-secret"


@pytest.fixture
def server() -> Iterator[WebhookServer]:
    with WebhookServer(SECRET) as running:
        yield running
    assert running.errors == []


@pytest.fixture
def hooked(settings: Settings, server: WebhookServer) -> Settings:
    return replace(settings, backend="webhook",
                   webhook=WebhookSettings(url=server.url, secret=SECRET, timeout_seconds=2,
                                           max_attempts=5),
                   sync=replace(settings.sync, poll_seconds=0.05))


def finish(service: VisitService, name: str = "Zoë Ng") -> Visit:
    visit = service.check_in(name=name, category="account", email="zoe@example.com")
    service.call(visit.id, "ana")
    service.start(visit.id, "ana")
    return service.resolve(visit.id, "ana", "password-reset", "reset and MFA re-enrolled")


def run_once(db: Database, settings: Settings, clock: Clock) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_sync_command(db, settings, clock, once=True, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_without_a_backend_it_says_why_and_exits_2(
        sqlite_url: str, settings: Settings, clock: ManualClock) -> None:
    db = Database(sqlite_url)  # never touched: the missing backend is found first
    try:
        code, out, err = run_once(db, settings, clock)
    finally:
        db.dispose()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "no ticketing backend is configured" in err
    assert "KIOSK_BACKEND=webhook" in err


def test_once_drains_everything_due_and_exits_0(
        service: VisitService, db: Database, hooked: Settings, clock: ManualClock,
        server: WebhookServer) -> None:
    visits = [service.cancel(service.check_in(name=f"Visitor {i}", category="pickup").id, "desk")
              for i in range(12)]  # more than one batch of 10
    code, out, err = run_once(db, hooked, clock)
    assert (code, err) == (0, "")
    assert f"sync to {server.url}: 12 sent, 0 to retry, 0 failed" in out
    assert "pending: 0" in out
    assert sorted(server.tickets) == sorted(v.id for v in visits)


def test_once_reports_failures_by_ticket_number_and_exits_1(
        service: VisitService, db: Database, hooked: Settings, clock: ManualClock,
        server: WebhookServer) -> None:
    sent, rejected = finish(service), finish(service)
    server.plan(Fault.reply(201, ""), Fault.reply(400, "schema mismatch"))
    code, out, _ = run_once(db, hooked, clock)
    assert code == 1
    assert "1 sent, 0 to retry, 1 failed" in out
    failed_ticket = next(v.ticket_number for v in (sent, rejected)
                         if v.id == sync_health(db, "webhook").failures[0].visit_id)
    assert f"  {failed_ticket}  HTTP 400 Bad Request: schema mismatch  (1 attempt)" in out
    assert "Zoë" not in out
    assert "zoe@example.com" not in out
    # Nothing new failed in a second run: success, but the old failure is still listed.
    code, out, _ = run_once(db, hooked, clock)
    assert code == 0
    assert failed_ticket in out


def test_once_leaves_busy_visits_pending_and_exits_0(
        service: VisitService, db: Database, hooked: Settings, clock: ManualClock,
        server: WebhookServer) -> None:
    visit = finish(service)
    server.plan(Fault.unavailable(retry_after=120))
    code, out, _ = run_once(db, hooked, clock)
    assert code == 0
    assert "0 sent, 1 to retry, 0 failed" in out
    assert "pending: 1 (next attempt 2026-11-22T09:02:00.000Z)" in out
    assert f"  {visit.ticket_number}  HTTP 503 Service Unavailable: busy, try later" in out


class TickingClock:
    """A clock that moves a second every time it is read (a slow, real-looking clock)."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


def test_once_tries_each_due_visit_once_even_when_its_retry_comes_due_meanwhile(
        service: VisitService, db: Database, hooked: Settings, server: WebhookServer) -> None:
    finish(service)
    server.plan(*[Fault.unavailable(retry_after=None)] * 4)
    quick = replace(hooked, sync=replace(hooked.sync, base_delay_seconds=0.01))
    code, out, _ = run_once(db, quick, TickingClock(datetime(2026, 11, 22, 9, 30, tzinfo=UTC)))
    assert code == 0
    assert "0 sent, 1 to retry" in out
    assert len(server.requests) == 1


def test_an_unreachable_database_is_a_one_line_failure(hooked: Settings,
                                                        clock: ManualClock) -> None:
    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/techbar")
    try:
        code, out, err = run_once(db, hooked, clock)
    finally:
        db.dispose()
    assert code == 1
    assert err.startswith("sync: ")
    assert err.count("\n") == 1


def test_without_once_it_runs_until_stopped(
        service: VisitService, db: Database, hooked: Settings, clock: ManualClock,
        server: WebhookServer) -> None:
    out, err = io.StringIO(), io.StringIO()
    stop = threading.Event()
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(run_sync_command(
        db, hooked, clock, once=False, out=out, err=err, stop=stop)))
    thread.start()
    try:
        visit = finish(service)
        assert server.wait_for_tickets(1, timeout=10)
        assert visit.id in server.tickets
    finally:
        stop.set()
        thread.join(timeout=10)
    assert result == [0]
    assert "Ctrl+C to stop" in out.getvalue()
    assert out.getvalue().endswith("sync: stopped\n")
    assert err.getvalue() == ""
