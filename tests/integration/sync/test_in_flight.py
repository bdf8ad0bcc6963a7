"""Several deliveries in flight per worker (``[sync] in_flight``), on SQLite and PostgreSQL:
the receiver sees up to that many requests at once, never more, and every visit is still
sent exactly once, through lost answers, 503s, a stop and a crash in the middle."""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import Visit
from kiosk.store import Database
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.delivery import Delivery, TicketingAdapter
from kiosk.sync.worker import SyncReport, SyncWorker
from tests.integration.sync.test_worker import SECRET, finish, hook_settings, outbox
from tests.support.webhook_server import Fault, WebhookServer


class GatedReceiver(ThreadingHTTPServer):
    """A webhook receiver on 127.0.0.1 that holds every request until :meth:`open`,
    counting how many are under way at once."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Held)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hook"
        self.keys: list[str] = []
        self.running = 0
        self.most = 0
        self.gate = threading.Event()
        self.changed = threading.Condition()

    def open(self) -> None:
        self.gate.set()

    def wait_running(self, count: int, timeout: float = 10.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.running >= count, timeout)

    def arrived(self, key: str) -> None:
        with self.changed:
            self.keys.append(key)
            self.running += 1
            self.most = max(self.most, self.running)
            self.changed.notify_all()

    def left(self) -> None:
        with self.changed:
            self.running -= 1
            self.changed.notify_all()


class _Held(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GatedReceiver

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.arrived(self.headers.get("Idempotency-Key", ""))
        try:
            self.server.gate.wait(20)
            body = json.dumps({"ticket_id": f"T-{len(self.server.keys)}"}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            self.server.left()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def receiver() -> Iterator[GatedReceiver]:
    server = GatedReceiver()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="gated-receiver")
    thread.start()
    yield server
    server.open()
    server.shutdown()
    server.server_close()
    thread.join(10)


class Watched:
    """An adapter around another that checks no visit is ever in two deliveries at once
    (``under_way`` shared by several workers checks across them too), and counts the
    most deliveries it had under way together."""

    def __init__(self, inner: TicketingAdapter, under_way: Counter[str],
                 lock: threading.Lock) -> None:
        self.inner = inner
        self.under_way = under_way
        self.lock = lock
        self.overlaps: list[str] = []
        self.running = 0
        self.most = 0

    def send(self, payload: dict[str, Any]) -> Delivery:
        visit_id = str(payload["visit_id"])
        with self.lock:
            if self.under_way[visit_id]:
                self.overlaps.append(visit_id)
            self.under_way[visit_id] += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return self.inner.send(payload)
        finally:
            with self.lock:
                self.under_way[visit_id] -= 1
                self.running -= 1

    def close(self) -> None:
        self.inner.close()


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """``work()`` on a thread of its own; its result (or what it raised) lands in the list."""
    result: list[Any] = []

    def body() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result.append(exc)

    thread = threading.Thread(target=body, name="test-sync-worker")
    thread.start()
    return thread, result


def ended(service: VisitService, count: int) -> list[Visit]:
    return [finish(service, name=f"Visitor {n}") for n in range(count)]


@pytest.mark.parametrize("in_flight", [1, 3, 4])
def test_the_receiver_sees_in_flight_requests_at_once_and_never_more(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database,
        receiver: GatedReceiver, in_flight: int) -> None:
    visits = ended(service, 10)
    configured = hook_settings(settings, receiver.url, timeout=20.0, in_flight=in_flight)
    adapter = WebhookAdapter(configured.webhook, clock=clock)
    try:
        thread, result = in_thread(SyncWorker(db, adapter, configured, clock).drain)
        assert receiver.wait_running(in_flight), f"{receiver.running} under way, not {in_flight}"
        assert not receiver.wait_running(in_flight + 1, timeout=0.3), "more than in_flight"
        assert len(receiver.keys) == in_flight
        receiver.open()
        thread.join(30)
    finally:
        adapter.close()
    assert result == [SyncReport(sent=10)]
    assert receiver.most == in_flight
    assert sorted(receiver.keys) == sorted(v.id for v in visits), "each visit exactly once"
    assert {outbox(db, v.id).status for v in visits} == {"sent"}


def test_lost_answers_and_503s_among_concurrent_deliveries_still_send_each_visit_once(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database) -> None:
    visits = ended(service, 12)
    normal = Fault.slow(0)
    with WebhookServer(SECRET, latency=0.02) as server:
        server.plan(normal, normal, normal, Fault.lost_response(), normal, normal,
                    Fault.unavailable(retry_after=30))
        configured = hook_settings(settings, server.url, base=2.0, in_flight=4)
        adapter = Watched(WebhookAdapter(configured.webhook, clock=clock), Counter(),
                          threading.Lock())
        worker = SyncWorker(db, adapter, configured, clock, rng=random.Random(5))
        try:
            assert worker.drain() == SyncReport(sent=10, retried=2)
            rows = {v.id: outbox(db, v.id) for v in visits}
            waiting = {vid: row for vid, row in rows.items() if row.status == "pending"}
            [busy] = [vid for vid, row in waiting.items() if row.last_error.startswith("HTTP 503")]
            assert waiting[busy].next_attempt_at == clock.now() + timedelta(seconds=30)
            assert worker.drain() == SyncReport(), "nothing is due yet"
            clock.advance(timedelta(seconds=30))
            assert worker.drain() == SyncReport(sent=2)
        finally:
            adapter.close()
        requests, tickets = server.requests, server.tickets
    assert adapter.overlaps == []
    assert adapter.most > 1, "deliveries were under way together"
    assert sorted(tickets) == sorted(v.id for v in visits)
    for visit in visits:
        row = outbox(db, visit.id)
        sent = [r for r in requests if r.idempotency_key == visit.id]
        assert (row.status, row.attempts) == ("sent", len(sent)), "one request per attempt"
        assert len({r.body for r in sent}) == 1
        assert row.external_id == tickets[visit.id].ticket_id
    assert len(requests) == 14


def test_two_workers_with_several_in_flight_never_send_a_visit_twice_at_once(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database) -> None:
    visits = [service.cancel(service.check_in(name=f"V {n}", category="account").id, "desk")
              for n in range(40)]
    under_way: Counter[str] = Counter()
    lock = threading.Lock()
    with WebhookServer(SECRET, latency=0.005, flaky=3) as server:
        configured = hook_settings(settings, server.url, base=1.0, cap=2.0, in_flight=4)
        adapters = [Watched(WebhookAdapter(configured.webhook, clock=clock), under_way, lock)
                    for _ in range(2)]
        workers = [SyncWorker(db, a, configured, clock, worker_id=f"w{n}", batch_size=6,
                              rng=random.Random(n)) for n, a in enumerate(adapters)]
        try:
            for _ in range(20):
                runs = [in_thread(w.drain) for w in workers]
                for thread, _result in runs:
                    thread.join(60)
                assert all(isinstance(r[0], SyncReport) for _t, r in runs), runs
                if all(outbox(db, v.id).status == "sent" for v in visits):
                    break
                clock.advance(timedelta(seconds=5))
        finally:
            for adapter in adapters:
                adapter.close()
        requests, tickets = server.requests, server.tickets
    assert [a.overlaps for a in adapters] == [[], []]
    assert all(a.most > 1 for a in adapters), "each worker had deliveries under way together"
    assert sorted(tickets) == sorted(v.id for v in visits)
    per_visit = Counter(r.idempotency_key for r in requests)
    for visit in visits:
        row = outbox(db, visit.id)
        assert (row.status, row.attempts) == ("sent", per_visit[visit.id])
    assert len(requests) > len(visits), "some requests failed and were repeated"


def test_a_stopping_worker_finishes_what_is_under_way_and_gives_back_the_rest(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database,
        receiver: GatedReceiver) -> None:
    visits = ended(service, 6)
    configured = hook_settings(settings, receiver.url, timeout=20.0, in_flight=2)
    adapter = WebhookAdapter(configured.webhook, clock=clock)
    stop = threading.Event()
    try:
        thread, _ = in_thread(lambda: SyncWorker(db, adapter, configured, clock).run(stop))
        assert receiver.wait_running(2)
        stop.set()
        receiver.open()
        thread.join(30)
        assert not thread.is_alive()
        first = set(receiver.keys)
        rows = {v.id: outbox(db, v.id) for v in visits}
        assert {vid for vid, row in rows.items() if row.status == "sent"} == first
        assert len(first) == 2
        assert all((row.status, row.attempts, row.claimed_by) == ("pending", 0, "")
                   for vid, row in rows.items() if vid not in first), "given back untouched"
        assert SyncWorker(db, adapter, configured, clock).drain() == SyncReport(sent=4)
    finally:
        adapter.close()
    assert sorted(receiver.keys) == sorted(v.id for v in visits), "each visit exactly once"


class Crash(BaseException):
    """Something no adapter catches (the worker must still leave every row in order)."""


def test_a_crash_in_one_delivery_records_the_others_and_gives_back_the_rest(
        service: VisitService, settings: Settings, clock: ManualClock, db: Database,
        receiver: GatedReceiver) -> None:
    visits = ended(service, 8)
    doomed = visits[0].id  # claimed first, so in the first three deliveries
    configured = hook_settings(settings, receiver.url, timeout=20.0, in_flight=3)
    webhook = WebhookAdapter(configured.webhook, clock=clock)

    opener = threading.Timer(0.2, receiver.open)  # the two others answered after the crash

    class Crashing:
        def send(self, payload: dict[str, Any]) -> Delivery:
            if payload["visit_id"] == doomed:
                assert receiver.wait_running(2), "the two others are under way"
                opener.start()
                raise Crash
            return webhook.send(payload)

        def close(self) -> None:
            webhook.close()

    try:
        with pytest.raises(Crash):
            SyncWorker(db, Crashing(), configured, clock).drain()
        opener.join()
        rows = {v.id: outbox(db, v.id) for v in visits}
        assert sorted(row.status for row in rows.values()) == ["pending"] * 6 + ["sent"] * 2
        assert {vid for vid, row in rows.items() if row.status == "sent"} == set(receiver.keys)
        assert all(row.claimed_by == "" for row in rows.values()), "nothing left leased"
        assert rows[doomed].attempts == 0
        assert SyncWorker(db, webhook, configured, clock).drain() == SyncReport(sent=6)
    finally:
        webhook.close()
    assert sorted(receiver.keys) == sorted(v.id for v in visits), "each visit exactly once"
    assert outbox(db, doomed).status == "sent"
