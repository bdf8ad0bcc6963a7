"""The outbox worker on real databases (SQLite and PostgreSQL) and a real HTTP server."""

from __future__ import annotations

import json
import math
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kiosk.app.sync_health import retry_failed, sync_health
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings, WebhookSettings
from kiosk.domain.visit import Visit
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import OutboxRow
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.delivery import Delivery
from kiosk.sync.payload import SCHEMA_PATH, build_payload
from kiosk.sync.worker import AHEAD, LEASE_GRACE_SECONDS, SyncReport, SyncWorker
from tests.support.webhook_server import Fault, WebhookServer

SECRET = "s3cret-for-tests"


@pytest.fixture
def server() -> Iterator[WebhookServer]:
    with WebhookServer(SECRET) as running:
        yield running
    assert running.errors == []


def hook_settings(settings: Settings, url: str, *, max_attempts: int = 5,
                  base: float = 2.0, cap: float = 60.0, timeout: float = 2.0,
                  in_flight: int = 4) -> Settings:
    return replace(
        settings, backend="webhook",
        webhook=WebhookSettings(url=url, secret=SECRET, timeout_seconds=timeout,
                                max_attempts=max_attempts),
        sync=replace(settings.sync, base_delay_seconds=base, max_delay_seconds=cap,
                     poll_seconds=0.05, in_flight=in_flight))


@pytest.fixture
def worker_factory(db: Database, settings: Settings, clock: ManualClock,
                   server: WebhookServer) -> Iterator[Any]:
    adapters: list[WebhookAdapter] = []

    def make(**options: Any) -> SyncWorker:
        worker_options = {k: options.pop(k) for k in ("worker_id", "batch_size")
                          if k in options}
        configured = hook_settings(settings, server.url, **options)
        adapter = WebhookAdapter(configured.webhook)
        adapters.append(adapter)
        return SyncWorker(db, adapter, configured, clock, rng=random.Random(4),
                          **worker_options)

    yield make
    for adapter in adapters:
        adapter.close()


def finish(service: VisitService, name: str = "Zoë Ng", technician: str = "ana") -> Visit:
    visit = service.check_in(name=name, category="laptop", email="zoe@example.com",
                             description="won't boot")
    service.call(visit.id, technician)
    service.start(visit.id, technician)
    return service.resolve(visit.id, technician, "hardware", "new battery")


def outbox(db: Database, visit_id: str) -> SimpleNamespace:
    """The visit's outbox row as plain values."""
    with UnitOfWork(db, readonly=True) as uow:
        row = uow.outbox.get(visit_id)
        assert row is not None
        return SimpleNamespace(**{c.key: getattr(row, c.key) for c in OutboxRow.__table__.columns})


def test_a_finished_visit_is_delivered_with_its_ticket(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    visit = finish(service)
    worker = worker_factory()
    assert worker.run_once() == SyncReport(sent=1)
    ticket = server.tickets[visit.id]
    row = outbox(db, visit.id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    assert (row.external_id, row.external_url) == (ticket.ticket_id, ticket.ticket_url)
    assert row.sent_at == clock.now()
    assert row.claimed_by == ""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(ticket.payload)
    assert ticket.payload == build_payload(service.get(visit.id), worker.settings)
    assert [e["action"] for e in ticket.payload["events"]] == [
        "check_in", "call", "start", "resolve"]
    assert worker.run_once() == SyncReport()
    assert len(server.requests) == 1


def test_503_with_retry_after_is_honoured(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    visit = finish(service)
    server.plan(Fault.unavailable(retry_after=30))
    worker = worker_factory(base=2.0)
    assert worker.run_once() == SyncReport(retried=1)
    row = outbox(db, visit.id)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error.startswith("HTTP 503")
    assert row.next_attempt_at == clock.now() + timedelta(seconds=30)
    clock.advance(timedelta(seconds=29))
    assert worker.run_once() == SyncReport()
    clock.advance(timedelta(seconds=1))
    assert worker.run_once() == SyncReport(sent=1)
    assert len(server.tickets) == 1


def test_a_shorter_retry_after_does_not_shorten_the_backoff(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    visit = finish(service)
    server.plan(Fault.unavailable(retry_after=1))
    worker_factory(base=10.0).run_once()
    wait = outbox(db, visit.id).next_attempt_at - clock.now()
    assert timedelta(seconds=5) <= wait <= timedelta(seconds=10)


def test_a_lost_answer_then_a_retry_makes_one_ticket(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    visit = finish(service)
    server.plan(Fault.unavailable(retry_after=1), Fault.lost_response())
    worker = worker_factory()
    reports = []
    for _ in range(3):
        reports.append(worker.run_once())
        clock.set(outbox(db, visit.id).next_attempt_at)
    assert reports == [SyncReport(retried=1), SyncReport(retried=1), SyncReport(sent=1)]
    attempts = server.requests_for(visit.id)
    assert len(attempts) == 3
    assert {r.idempotency_key for r in attempts} == {visit.id}
    assert all(r.signature_valid for r in attempts)
    assert len({r.body for r in attempts}) == 1
    assert list(server.tickets) == [visit.id]
    row = outbox(db, visit.id)
    assert (row.status, row.attempts) == ("sent", 3)
    assert row.external_id == server.tickets[visit.id].ticket_id


def test_a_permanent_error_stops_with_its_reason(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    visit = finish(service)
    server.plan(Fault.reply(422, "unknown category 'laptop'"))
    worker = worker_factory()
    assert worker.run_once() == SyncReport(failed=1)
    row = outbox(db, visit.id)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error == "HTTP 422 Unprocessable Entity: unknown category 'laptop'"
    clock.advance(timedelta(hours=1))
    assert worker.run_once() == SyncReport()
    assert len(server.requests) == 1


def test_after_max_attempts_the_visit_fails(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    visit = finish(service)
    server.plan(*[Fault.unavailable(retry_after=None)] * 3)
    worker = worker_factory(max_attempts=3)
    reports = []
    for _ in range(3):
        reports.append(worker.run_once())
        clock.advance(timedelta(minutes=5))
    assert reports == [SyncReport(retried=1), SyncReport(retried=1), SyncReport(failed=1)]
    row = outbox(db, visit.id)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.last_error.startswith("gave up after 3 attempts: HTTP 503")
    assert server.tickets == {}


def test_a_failed_visit_can_be_retried_and_health_tells_the_story(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    good, bad, busy = finish(service), finish(service), finish(service)
    server.plan(Fault.reply(400, "missing field"), Fault.unavailable(retry_after=60))
    worker = worker_factory(batch_size=1)
    assert worker.run_once() + worker.run_once() + worker.run_once() == SyncReport(
        sent=1, retried=1, failed=1)
    first = {good.id: "sent", bad.id: "failed", busy.id: "pending"}
    assert sorted(outbox(db, v).status for v in first) == sorted(first.values())
    failed_id = next(v for v in first if outbox(db, v).status == "failed")
    busy_id = next(v for v in first if outbox(db, v).status == "pending")

    health = sync_health(db, "webhook")
    assert (health.pending, health.sent, health.failed) == (1, 1, 1)
    assert health.last_success_at == clock.now()
    assert not health.healthy
    [failure] = health.failures
    assert failure.visit_id == failed_id
    assert failure.ticket_number == service.get(failed_id).ticket_number
    assert failure.reason == "HTTP 400 Bad Request: missing field"
    [retrying] = health.retrying
    assert retrying.visit_id == busy_id
    assert retrying.next_attempt_at == clock.now() + timedelta(seconds=60)

    assert retry_failed(db, clock, busy_id) == 0
    assert retry_failed(db, clock, failed_id) == 1
    row = outbox(db, failed_id)
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, "")
    assert worker.run_once() == SyncReport(sent=1)
    clock.advance(timedelta(seconds=60))
    assert worker.run_once() == SyncReport(sent=1)
    health = sync_health(db, "webhook")
    assert (health.pending, health.sent, health.failed, health.healthy) == (0, 3, 0, True)
    assert len(server.tickets) == 3


def test_retry_all_failed_puts_every_failed_visit_back(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    for _ in range(3):
        finish(service)
    server.plan(*[Fault.reply(403, "forbidden")] * 3)
    worker = worker_factory()
    assert worker.run_once() == SyncReport(failed=3)
    assert retry_failed(db, clock) == 3
    assert worker.run_once() == SyncReport(sent=3)


def test_two_workers_never_send_the_same_visit(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database) -> None:
    visits = []
    for i in range(30):
        visit = service.check_in(name=f"Visitor {i}", category="account")
        visits.append(service.cancel(visit.id, "desk"))
    reports: dict[str, SyncReport] = {}
    start = threading.Barrier(2)

    def drain(worker: SyncWorker) -> None:
        total = SyncReport()
        start.wait(timeout=5)
        while (report := worker.run_once()).claimed:
            total += report
        reports[worker.worker_id] = total

    with WebhookServer(SECRET, latency=0.003) as server:
        configured = hook_settings(settings, server.url)
        adapters = [WebhookAdapter(configured.webhook) for _ in range(2)]
        workers = [SyncWorker(db, a, configured, clock, worker_id=f"w{n}", batch_size=3,
                              rng=random.Random(n)) for n, a in enumerate(adapters)]
        threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        for adapter in adapters:
            adapter.close()
        received = server.requests
    assert sorted(reports) == ["w0", "w1"]
    assert sum(r.sent for r in reports.values()) == 30
    assert all(r.sent > 0 for r in reports.values()), reports
    keys = [r.idempotency_key for r in received]
    assert sorted(keys) == sorted(v.id for v in visits)  # each visit exactly once
    assert sync_health(db, "webhook").sent == 30


def test_a_lease_keeps_others_away_until_it_ends(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        clock: ManualClock, db: Database) -> None:
    visit = finish(service)
    with UnitOfWork(db) as uow:  # a worker that claims, then dies
        assert len(uow.outbox.claim_due("crashed", clock.now(), timedelta(minutes=2), 10)) == 1
        uow.commit()
    worker = worker_factory()
    assert worker.run_once() == SyncReport()
    clock.advance(timedelta(minutes=2, seconds=1))
    assert worker.run_once() == SyncReport(sent=1)
    assert outbox(db, visit.id).status == "sent"


def test_a_stopping_worker_gives_its_claims_back(
        service: VisitService, server: WebhookServer, worker_factory: Any,
        db: Database) -> None:
    visit = finish(service)
    stop = threading.Event()
    stop.set()
    assert worker_factory().run_once(stop=stop) == SyncReport(released=1)
    row = outbox(db, visit.id)
    assert (row.status, row.claimed_by, row.attempts) == ("pending", "", 0)
    assert worker_factory(worker_id="other").run_once() == SyncReport(sent=1)
    assert server.requests_for(visit.id)


def test_states_not_configured_for_sending_are_skipped(
        service: VisitService, server: WebhookServer, settings: Settings,
        clock: ManualClock, db: Database) -> None:
    visit = service.check_in(name="Guest", category="pickup")
    service.cancel(visit.id, "desk")
    configured = hook_settings(settings, server.url)
    configured = replace(configured, sync=replace(configured.sync,
                                                  send_final_states=("resolved",)))
    adapter = WebhookAdapter(configured.webhook)
    try:
        assert SyncWorker(db, adapter, configured, clock).run_once() == SyncReport(skipped=1)
    finally:
        adapter.close()
    assert outbox(db, visit.id).status == "skipped"
    assert server.requests == []
    assert sync_health(db, "webhook").skipped == 1


class CrashingAdapter:
    """An adapter with a bug: it raises something no adapter should."""

    def __init__(self) -> None:
        self.calls: list[str] = []  # appended from the worker's delivery threads

    def send(self, payload: dict[str, Any]) -> Delivery:
        self.calls.append(payload["visit_id"])
        raise KeyError("oops")

    def close(self) -> None:
        pass


def test_an_adapter_bug_is_retried_not_fatal(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database) -> None:
    first, second = finish(service), finish(service)
    adapter = CrashingAdapter()
    worker = SyncWorker(db, adapter, settings, clock)
    assert worker.run_once() == SyncReport(retried=2)
    assert sorted(adapter.calls) == sorted([first.id, second.id])
    for visit in (first, second):
        assert outbox(db, visit.id).last_error == "unexpected KeyError in the adapter"


def test_run_loops_until_stopped(
        service: VisitService, server: WebhookServer, worker_factory: Any, db: Database) -> None:
    worker = worker_factory()
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,))
    thread.start()
    try:
        visit = finish(service)  # arrives while the worker is already polling
        assert server.wait_for_tickets(1, timeout=10)
        assert eventually(lambda: outbox(db, visit.id).status == "sent")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class SlowAdapter:
    """Every delivery uses its whole timeout, and the work around it some more.

    With ``together`` > 1, deliveries run in waves of that many: each waits for the
    others of its wave (so they must be under way at once), and the clock moves on once
    per wave.
    """

    def __init__(self, clock: ManualClock, seconds: float, together: int = 1) -> None:
        self.clock = clock
        self.seconds = seconds
        self.started: list[datetime] = []
        self._wave = threading.Barrier(together, action=self._later, timeout=10)

    def _later(self) -> None:
        self.clock.advance(timedelta(seconds=self.seconds))

    def send(self, payload: dict[str, Any]) -> Delivery:
        self.started.append(self.clock.now())
        self._wave.wait()
        return Delivery(external_id=payload["visit_id"][:8])

    def close(self) -> None:
        pass


def lease_seconds(batch: int, in_flight: int, timeout: float) -> float:
    """The lease of one claimed batch: its waves, the waves still ahead of it, and grace."""
    return (math.ceil(batch / in_flight) + AHEAD) * timeout + LEASE_GRACE_SECONDS


def test_no_delivery_starts_that_could_outlive_the_lease(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database) -> None:
    visits = [finish(service) for _ in range(4)]
    configured = hook_settings(settings, "http://127.0.0.1:9", timeout=10.0, in_flight=1)
    adapter = SlowAdapter(clock, seconds=30.0)  # 10 s timeout, plus slow database work
    start = clock.now()
    report = SyncWorker(db, adapter, configured, clock, batch_size=4).run_once()
    lease_ends = start + timedelta(seconds=lease_seconds(4, 1, 10.0))
    assert all(at + timedelta(seconds=10 + 2) <= lease_ends for at in adapter.started)
    assert report == SyncReport(sent=len(adapter.started), released=4 - len(adapter.started))
    assert 0 < len(adapter.started) < len(visits)


def test_deliveries_in_flight_together_still_end_within_the_lease(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database) -> None:
    """Two at once, six claimed: the third wave would outlive the lease, so it is given back."""
    visits = [finish(service) for _ in range(6)]
    configured = hook_settings(settings, "http://127.0.0.1:9", timeout=10.0, in_flight=2)
    adapter = SlowAdapter(clock, seconds=35.0, together=2)
    start = clock.now()
    report = SyncWorker(db, adapter, configured, clock, batch_size=6).run_once()
    lease_ends = start + timedelta(seconds=lease_seconds(6, 2, 10.0))  # 80 s
    assert adapter.started == [start] * 2 + [start + timedelta(seconds=35)] * 2
    assert all(at + timedelta(seconds=10 + 2) <= lease_ends for at in adapter.started)
    assert report == SyncReport(sent=4, released=2)
    assert sorted(outbox(db, v.id).status for v in visits) == ["pending"] * 2 + ["sent"] * 4
    assert all(outbox(db, v.id).claimed_by == "" for v in visits)


def test_a_ticket_link_that_is_not_http_is_not_stored(
        service: VisitService, db: Database, settings: Settings, clock: ManualClock) -> None:
    visit = finish(service)

    class Hostile:
        def send(self, payload: dict[str, Any]) -> Delivery:
            return Delivery(external_id="7", external_url="file:///etc/passwd")

        def close(self) -> None:
            pass

    assert SyncWorker(db, Hostile(), settings, clock).run_once() == SyncReport(sent=1)
    row = outbox(db, visit.id)
    assert (row.external_id, row.external_url) == ("7", "")
