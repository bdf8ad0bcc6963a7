"""The Request Tracker 5 adapter against a real RT on loopback, through the real SyncWorker.

The ``rt`` fixture (tests/integration/conftest.py) starts one RT per session. Faults RT
never shows by itself (a lost answer, a 503, a broken body) come from a small loopback
proxy or stub in front of it.
"""

from __future__ import annotations

import io
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from kiosk.app.sync_health import retry_failed
from kiosk.app.visits import VisitService
from kiosk.cli.sync import run_sync_command
from kiosk.clock import ManualClock
from kiosk.config import DEFAULT_CONFIG, RTSettings, Settings, load_settings
from kiosk.domain.visit import Visit
from kiosk.store import Database, UnitOfWork
from kiosk.sync.adapters.rt import RTAdapter, timeline_subject
from kiosk.sync.delivery import PermanentError, TransientError
from kiosk.sync.payload import build_payload
from kiosk.sync.worker import SyncReport, SyncWorker
from tests.support.rt_server import RTInstance

#: One RT server for the whole file: with several test workers, they all run on one.
pytestmark = pytest.mark.xdist_group("rt")

CREATE = re.compile(r"/REST/2\.0/ticket$")
COMMENT = re.compile(r"/REST/2\.0/ticket/\d+/comment$")


# ------------------------------------------------------------ helpers


def rt_settings(base_url: str, rt: RTInstance, **changes: Any) -> Settings:
    """Settings loaded the way the app loads them: the default file plus environment."""
    loaded = load_settings(DEFAULT_CONFIG, environ={
        "KIOSK_BACKEND": "rt", "KIOSK_RT_URL": base_url, "KIOSK_RT_USERNAME": rt.username,
        "KIOSK_RT_PASSWORD": rt.password, "KIOSK_RT_QUEUE": "General"})
    return replace(loaded, rt=replace(loaded.rt, **changes),
                   sync=replace(loaded.sync, base_delay_seconds=1.0, max_delay_seconds=5.0))


def rt_get(rt: RTInstance, path: str, **params: str) -> Any:
    answer = requests.get(rt.rest2 + path, params=params, auth=(rt.username, rt.password),
                          timeout=10)
    answer.raise_for_status()
    return answer.json()


def tickets_for(rt: RTInstance, visit_id: str) -> list[str]:
    found = rt_get(rt, "/tickets", query=f"CF.{{KioskSessionID}} = '{visit_id}'")
    return [item["id"] for item in found["items"]]


def comments(rt: RTInstance, ticket_id: str) -> list[tuple[str, str]]:
    """(subject, text) of every comment on the ticket."""
    history = rt_get(rt, f"/ticket/{ticket_id}/history", fields="Type,Data", per_page="100")
    result = []
    for item in history["items"]:
        if item["Type"] == "Comment":
            parts = rt_get(rt, f"/transaction/{item['id']}/attachments", fields="Content")
            result.append((item["Data"].strip(), "".join(p["Content"] for p in parts["items"])))
    return result


def outbox(db: Database, visit_id: str) -> dict[str, Any]:
    with UnitOfWork(db, readonly=True) as uow:
        row = uow.outbox.get(visit_id)
        assert row is not None
        return {k: getattr(row, k) for k in ("status", "attempts", "last_error", "external_id",
                                             "external_url", "next_attempt_at")}


def serve(service: VisitService, clock: ManualClock, *, email: str = "zoe@example.com") -> Visit:
    visit = service.check_in(name="Zoë Ng", category="account", email=email,
                             description="Locked out after holiday\nsince Monday")
    service.call(visit.id, "ana")
    service.start(visit.id, "ana")
    clock.advance(timedelta(minutes=12))
    return visit


def resolved(service: VisitService, clock: ManualClock) -> Visit:
    visit = serve(service, clock)
    return service.resolve(visit.id, "ana", "password-reset", "reset and MFA re-enrolled")


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """SQLite only: each RT call costs about 0.3 s, and the worker's behaviour on
    PostgreSQL is covered by test_sync_worker.py with the webhook."""
    database = Database(sqlite_url)
    database.migrate()
    database.dispose()
    return sqlite_url


@pytest.fixture
def worker_for(db: Database, clock: ManualClock) -> Iterator[Callable[[Settings], SyncWorker]]:
    adapters: list[RTAdapter] = []

    def make(settings: Settings) -> SyncWorker:
        adapter = RTAdapter(settings.rt, clock=clock)
        adapters.append(adapter)
        return SyncWorker(db, adapter, settings, clock, rng=random.Random(7))

    yield make
    for adapter in adapters:
        adapter.close()


# ------------------------------------------------------------ a real RT


def test_a_resolved_visit_becomes_one_resolved_ticket(
        rt: RTInstance, service: VisitService, clock: ManualClock, db: Database,
        worker_for: Callable[[Settings], SyncWorker]) -> None:
    visit = resolved(service, clock)
    worker = worker_for(rt_settings(rt.base_url, rt))
    assert worker.drain() == SyncReport(sent=1)
    [ticket_id] = tickets_for(rt, visit.id)
    row = outbox(db, visit.id)
    assert (row["status"], row["external_id"]) == ("sent", ticket_id)
    assert row["external_url"] == f"{rt.base_url}/Ticket/Display.html?id={ticket_id}"
    ticket = rt_get(rt, f"/ticket/{ticket_id}")
    assert ticket["Status"] == "resolved"
    assert ticket["Subject"] == f"Account & password: Locked out after holiday [{visit.ticket_number}]"
    assert [r["id"] for r in ticket["Requestor"]] == ["zoe@example.com"]
    assert ticket["TimeWorked"] == "12"
    [field] = [f for f in ticket["CustomFields"] if f["name"] == "KioskSessionID"]
    assert field["values"] == [visit.id]
    [(subject, text)] = comments(rt, ticket_id)
    assert subject == timeline_subject(visit.id)
    assert "check_in: - -> waiting by kiosk" in text
    assert "Resolution code: password-reset" in text
    assert "reset and MFA re-enrolled" in text
    assert worker.drain() == SyncReport()


def test_an_escalated_visit_stays_open(
        rt: RTInstance, service: VisitService, clock: ManualClock, db: Database,
        worker_for: Callable[[Settings], SyncWorker]) -> None:
    visit = serve(service, clock, email="")
    service.escalate(visit.id, "ana", "network-team", "switch port dead")
    assert worker_for(rt_settings(rt.base_url, rt)).drain() == SyncReport(sent=1)
    [ticket_id] = tickets_for(rt, visit.id)
    ticket = rt_get(rt, f"/ticket/{ticket_id}")
    assert ticket["Status"] == "open"
    assert ticket["Requestor"] == []
    [(_, text)] = comments(rt, ticket_id)
    assert "Outcome: escalated" in text


def test_no_shows_are_not_sent_to_rt_by_default(
        rt: RTInstance, service: VisitService, db: Database,
        worker_for: Callable[[Settings], SyncWorker]) -> None:
    visit = service.check_in(name="Ola", category="laptop")
    service.call(visit.id, "ana")
    service.no_show(visit.id, "ana")
    assert worker_for(rt_settings(rt.base_url, rt)).drain() == SyncReport(skipped=1)
    assert outbox(db, visit.id)["status"] == "skipped"
    assert tickets_for(rt, visit.id) == []


def test_sending_a_visit_twice_continues_the_same_ticket(
        rt: RTInstance, service: VisitService, clock: ManualClock) -> None:
    visit = resolved(service, clock)
    configured = rt_settings(rt.base_url, rt)
    payload = build_payload(service.get(visit.id), configured)
    adapter = RTAdapter(configured.rt)
    try:
        first = adapter.send(payload)
        assert adapter.send(payload) == first
    finally:
        adapter.close()
    assert tickets_for(rt, visit.id) == [first.external_id]
    assert len(comments(rt, first.external_id)) == 1
    assert rt_get(rt, f"/ticket/{first.external_id}")["TimeWorked"] == "12"


@pytest.mark.parametrize("dropped", [CREATE, COMMENT], ids=["create", "comment"])
def test_a_lost_answer_then_a_retry_makes_no_duplicate(
        rt: RTInstance, service: VisitService, clock: ManualClock, db: Database,
        worker_for: Callable[[Settings], SyncWorker], dropped: re.Pattern[str]) -> None:
    visit = resolved(service, clock)
    with Proxy(rt.base_url, drop=dropped) as proxy:
        worker = worker_for(rt_settings(proxy.base_url, rt))
        assert worker.drain() == SyncReport(retried=1)
        row = outbox(db, visit.id)
        assert "connection failed" in row["last_error"]
        clock.set(row["next_attempt_at"])
        assert worker.drain() == SyncReport(sent=1)
    assert proxy.dropped == 1
    assert proxy.count("POST", CREATE) == 1
    [ticket_id] = tickets_for(rt, visit.id)
    assert outbox(db, visit.id)["external_id"] == ticket_id
    assert len(comments(rt, ticket_id)) == 1
    ticket = rt_get(rt, f"/ticket/{ticket_id}")
    assert (ticket["TimeWorked"], ticket["Status"]) == ("12", "resolved")


def test_a_wrong_queue_is_a_permanent_error_on_the_outbox_row(
        rt: RTInstance, service: VisitService, clock: ManualClock, db: Database,
        worker_for: Callable[[Settings], SyncWorker]) -> None:
    visit = resolved(service, clock)
    worker = worker_for(rt_settings(rt.base_url, rt, queue="No Such Queue"))
    assert worker.drain() == SyncReport(failed=1)
    row = outbox(db, visit.id)
    assert row["status"] == "failed"
    assert "queue 'No Such Queue'" in row["last_error"]
    assert "HTTP 404" in row["last_error"]
    assert tickets_for(rt, visit.id) == []


def test_a_status_rt_refuses_fails_for_good_and_a_hand_retry_finishes_the_ticket(
        rt: RTInstance, service: VisitService, clock: ManualClock, db: Database,
        worker_for: Callable[[Settings], SyncWorker]) -> None:
    visit = resolved(service, clock)
    assert worker_for(rt_settings(rt.base_url, rt, resolve_status="done")).drain() == \
        SyncReport(failed=1)
    row = outbox(db, visit.id)
    assert "isn't a valid status" in row["last_error"]
    assert "backend.rt.resolve_status" in row["last_error"]
    [ticket_id] = tickets_for(rt, visit.id)
    assert rt_get(rt, f"/ticket/{ticket_id}")["Status"] == "new"
    assert retry_failed(db, clock, visit.id) == 1
    assert worker_for(rt_settings(rt.base_url, rt)).drain() == SyncReport(sent=1)
    assert tickets_for(rt, visit.id) == [ticket_id]
    assert len(comments(rt, ticket_id)) == 1
    assert rt_get(rt, f"/ticket/{ticket_id}")["Status"] == "resolved"


def test_a_missing_custom_field_is_found_by_check(rt: RTInstance) -> None:
    adapter = RTAdapter(rt_settings(rt.base_url, rt, custom_field="NoSuchField").rt)
    try:
        with pytest.raises(PermanentError, match="custom field 'NoSuchField' does not exist"):
            adapter.check()
    finally:
        adapter.close()


def test_the_sync_command_stops_at_start_on_a_missing_custom_field(
        rt: RTInstance, service: VisitService, clock: ManualClock, db: Database) -> None:
    visit = resolved(service, clock)
    out, err = io.StringIO(), io.StringIO()
    configured = rt_settings(rt.base_url, rt, custom_field="NoSuchField")
    assert run_sync_command(db, configured, clock, once=True, out=out, err=err) == 1
    assert "misconfigured" in err.getvalue()
    assert "NoSuchField" in err.getvalue()
    assert outbox(db, visit.id)["status"] == "pending"
    assert tickets_for(rt, visit.id) == []


def test_the_sync_command_sends_to_rt(
        rt: RTInstance, service: VisitService, clock: ManualClock, db: Database) -> None:
    visit = resolved(service, clock)
    out, err = io.StringIO(), io.StringIO()
    assert run_sync_command(db, rt_settings(rt.base_url, rt), clock, once=True,
                            out=out, err=err) == 0
    assert out.getvalue().startswith(f"sync to {rt.base_url}: 1 sent")
    assert err.getvalue() == ""
    assert len(tickets_for(rt, visit.id)) == 1


def test_wrong_credentials_are_a_permanent_error(rt: RTInstance) -> None:
    adapter = RTAdapter(RTSettings(url=rt.base_url, username=rt.username, password="wrong"))
    try:
        with pytest.raises(PermanentError, match="HTTP 401.*Unauthorized"):
            adapter.check()
    finally:
        adapter.close()


# ------------------------------------------------------------ faults from a stub


@pytest.mark.parametrize(("status", "body", "error", "match"), [
    (500, b'{"message":"oops"}', TransientError, "HTTP 500.*oops"),
    (503, b"busy", TransientError, "HTTP 503"),
    (422, b'{"message":"Invalid Status"}', PermanentError, "HTTP 422.*Invalid Status"),
    (404, b'{"message":"Not Found"}', PermanentError, "HTTP 404.*Not Found"),
    (302, b"", PermanentError, "redirected to"),
    (200, b"<html>login</html>", TransientError, "malformed JSON"),
    (200, b"[1, 2]", TransientError, "not a JSON object"),
])
def test_answers_map_to_errors(status: int, body: bytes, error: type[Exception],
                               match: str) -> None:
    with Stub(status, body) as stub:
        adapter = RTAdapter(RTSettings(url=stub.base_url, token="t0ken", timeout_seconds=2))
        try:
            with pytest.raises(error, match=match):
                adapter.check()
        finally:
            adapter.close()
    [headers] = stub.headers
    assert headers["Authorization"] == "token t0ken"


def test_retry_after_from_a_proxy_is_passed_on() -> None:
    with Stub(503, b"", headers={"Retry-After": "42"}) as stub:
        adapter = RTAdapter(RTSettings(url=stub.base_url, username="u", password="p"))
        try:
            with pytest.raises(TransientError) as caught:
                adapter.check()
        finally:
            adapter.close()
    assert caught.value.retry_after == 42
    assert stub.headers[0]["Authorization"].startswith("Basic ")


def test_a_slow_server_is_a_timeout() -> None:
    with Stub(200, b"{}", delay=1.0) as stub:
        adapter = RTAdapter(RTSettings(url=stub.base_url, token="t", timeout_seconds=0.2))
        try:
            started = time.monotonic()
            with pytest.raises(TransientError, match="timeout"):
                adapter.check()
            assert time.monotonic() - started < 0.9
        finally:
            adapter.close()


def test_a_refused_connection_is_transient() -> None:
    with Stub(200, b"{}") as stub:
        url = stub.base_url
    adapter = RTAdapter(RTSettings(url=url, token="t", timeout_seconds=2))
    try:
        with pytest.raises(TransientError, match="connection failed"):
            adapter.check()
    finally:
        adapter.close()


# ------------------------------------------------------------ loopback servers


class _Server:
    """A threaded loopback HTTP server run for the length of a ``with`` block."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/rt"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True,
                                        name="rt-test-server")
        self.lock = threading.Lock()

    def __enter__(self) -> Any:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)


class Proxy(_Server):
    """Forwards to RT, but drops the connection after RT answered the first matching POST."""

    def __init__(self, target: str, *, drop: re.Pattern[str]) -> None:
        super().__init__(_ProxyHandler)
        self.target = target.removesuffix("/rt")
        self.drop = drop
        self.dropped = 0
        self.seen: list[tuple[str, str]] = []

    def count(self, method: str, pattern: re.Pattern[str]) -> int:
        return sum(1 for m, p in self.seen if m == method and pattern.search(p))


class _ProxyHandler(BaseHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass

    def _forward(self) -> None:
        proxy: Proxy = self.server.owner  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?", 1)[0]
        with proxy.lock:
            proxy.seen.append((self.command, path))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        answer = requests.request(self.command, proxy.target + self.path, data=body,
                                  headers=headers, timeout=30, allow_redirects=False)
        with proxy.lock:
            drop = self.command == "POST" and proxy.drop.search(path) and not proxy.dropped
            if drop:
                proxy.dropped += 1
        if drop:  # RT did the work; the answer is lost on the way back
            self.close_connection = True
            return
        self.send_response(answer.status_code)
        for key in ("Content-Type", "Location"):
            if key in answer.headers:
                self.send_header(key, answer.headers[key])
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = do_PUT = _forward


class Stub(_Server):
    """Answers every request with one canned response."""

    def __init__(self, status: int, body: bytes, *, headers: dict[str, str] | None = None,
                 delay: float = 0.0) -> None:
        super().__init__(_StubHandler)
        self.status, self.body, self.delay = status, body, delay
        self.extra = {"Content-Type": "application/json", **(headers or {})}
        if 300 <= status < 400:
            self.extra["Location"] = "https://elsewhere.test/rt"
        self.headers: list[dict[str, str]] = []


class _StubHandler(BaseHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass

    def do_GET(self) -> None:
        stub: Stub = self.server.owner  # type: ignore[attr-defined]
        stub.headers.append(dict(self.headers.items()))
        time.sleep(stub.delay)
        try:
            self.send_response(stub.status)
            for key, value in stub.extra.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(stub.body)))
            self.end_headers()
            self.wfile.write(stub.body)
        except OSError:  # the client gave up (timeout test)
            pass
