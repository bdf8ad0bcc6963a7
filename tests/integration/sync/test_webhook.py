"""The webhook adapter against a real local HTTP server: signing, answers, faults."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from kiosk.config import WebhookSettings
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.delivery import Delivery, PermanentError, TransientError
from tests.support.webhook_server import Fault, WebhookServer

SECRET = "correct horse battery staple"


@pytest.fixture
def server() -> Iterator[WebhookServer]:
    with WebhookServer(SECRET) as running:
        yield running
    assert running.errors == []


def adapter_for(url: str, *, secret: str = SECRET, timeout: float = 2.0) -> WebhookAdapter:
    return WebhookAdapter(WebhookSettings(url=url, secret=secret, timeout_seconds=timeout))


@pytest.fixture
def adapter(server: WebhookServer) -> Iterator[WebhookAdapter]:
    made = adapter_for(server.url)
    yield made
    made.close()


def payload() -> dict[str, Any]:
    return {"visit_id": str(uuid.uuid4()), "ticket_number": "L-001",
            "requester": {"name": "Zoë"}, "notes": "ünïcode ✓"}


def test_a_visit_is_posted_signed_with_its_idempotency_key(
        server: WebhookServer, adapter: WebhookAdapter) -> None:
    sent = payload()
    delivery = adapter.send(sent)
    [received] = server.requests
    expected = hmac.new(SECRET.encode(), received.body, hashlib.sha256).hexdigest()
    assert received.headers["x-techbar-signature"] == f"sha256={expected}"
    assert received.signature_valid
    assert received.headers["content-type"] == "application/json"
    assert received.idempotency_key == sent["visit_id"]
    assert received.headers["user-agent"].startswith("TechBar-Sync/")
    assert received.json() == sent
    ticket = server.tickets[sent["visit_id"]]
    assert delivery == Delivery(ticket.ticket_id, ticket.ticket_url)


def test_a_wrong_secret_is_refused_for_good(server: WebhookServer) -> None:
    wrong = adapter_for(server.url, secret="not the secret")
    try:
        with pytest.raises(PermanentError, match="HTTP 401"):
            wrong.send(payload())
    finally:
        wrong.close()
    assert server.tickets == {}


def test_repeating_a_visit_gives_the_same_ticket(
        server: WebhookServer, adapter: WebhookAdapter) -> None:
    sent = payload()
    assert adapter.send(sent) == adapter.send(sent)
    assert len(server.requests) == 2
    assert len(server.tickets) == 1


@pytest.mark.parametrize(("fault", "expected"), [
    (Fault.reply(200, ""), Delivery()),
    (Fault.reply(204), Delivery()),
    (Fault.reply(200, "OK"), Delivery()),
    (Fault.reply(202, '{"id": 42, "url": "https://t.example/42"}',
                 [("Content-Type", "application/json")]), Delivery("42", "https://t.example/42")),
    (Fault.reply(200, '{"status": "queued"}', [("Content-Type", "application/json")]),
     Delivery()),
])
def test_any_2xx_is_delivered_reading_ids_when_given(
        server: WebhookServer, adapter: WebhookAdapter, fault: Fault, expected: Delivery) -> None:
    server.plan(fault)
    assert adapter.send(payload()) == expected


@pytest.mark.parametrize("fault", [
    Fault.malformed(),
    Fault.reply(200, "[1, 2]", [("Content-Type", "application/json")]),
    Fault.reply(200, '{"ticket_id": {"nested": 1}}', [("Content-Type", "application/json")]),
    Fault.reply(200, json.dumps({"ticket_id": "x" * 500}), [("Content-Type", "application/json")]),
])
def test_a_malformed_answer_is_an_error_not_a_crash(
        server: WebhookServer, adapter: WebhookAdapter, fault: Fault) -> None:
    server.plan(fault)
    with pytest.raises(TransientError, match="malformed|not an object"):
        adapter.send(payload())


def test_503_carries_retry_after_in_seconds(
        server: WebhookServer, adapter: WebhookAdapter) -> None:
    server.plan(Fault.unavailable(retry_after=7))
    with pytest.raises(TransientError, match="HTTP 503") as caught:
        adapter.send(payload())
    assert caught.value.retry_after == 7


def test_retry_after_as_an_http_date_is_read_on_the_servers_clock(
        server: WebhookServer, adapter: WebhookAdapter) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    server.plan(Fault.unavailable(retry_after=later))
    with pytest.raises(TransientError) as caught:
        adapter.send(payload())
    assert caught.value.retry_after == pytest.approx(120, abs=3)


@pytest.mark.parametrize("status", [408, 409, 425, 429, 500, 502, 503, 504])
def test_busy_and_server_errors_are_transient(
        server: WebhookServer, adapter: WebhookAdapter, status: int) -> None:
    server.plan(Fault.reply(status, "try again"))
    with pytest.raises(TransientError, match=f"HTTP {status}") as caught:
        adapter.send(payload())
    assert caught.value.retry_after is None


@pytest.mark.parametrize("status", [400, 403, 404, 410, 413, 422])
def test_other_4xx_are_permanent_with_the_reason(
        server: WebhookServer, adapter: WebhookAdapter, status: int) -> None:
    server.plan(Fault.reply(status, "unknown field:\n  category"))
    with pytest.raises(PermanentError) as caught:
        adapter.send(payload())
    assert caught.value.reason.startswith(f"HTTP {status}")
    assert caught.value.reason.endswith("unknown field: category")


def test_a_redirect_is_not_followed(server: WebhookServer, adapter: WebhookAdapter) -> None:
    server.plan(Fault.reply(302, "", [("Location", "http://127.0.0.1:1/elsewhere")]))
    with pytest.raises(PermanentError, match="redirected to http://127.0.0.1:1/elsewhere"):
        adapter.send(payload())
    assert len(server.requests) == 1


def test_a_slow_server_times_out_as_transient(server: WebhookServer) -> None:
    server.plan(Fault.slow(1.5))
    impatient = adapter_for(server.url, timeout=0.2)
    try:
        with pytest.raises(TransientError, match="timeout"):
            impatient.send(payload())
    finally:
        impatient.close()


def test_a_lost_answer_is_transient_and_the_retry_finds_the_ticket(
        server: WebhookServer, adapter: WebhookAdapter) -> None:
    sent = payload()
    server.plan(Fault.lost_response())
    with pytest.raises(TransientError, match="connection failed"):
        adapter.send(sent)
    assert list(server.tickets) == [sent["visit_id"]]
    delivery = adapter.send(sent)
    assert delivery.external_id == server.tickets[sent["visit_id"]].ticket_id
    assert len(server.tickets) == 1


def test_a_refused_connection_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = adapter_for(f"http://127.0.0.1:{port}/hook")
    with pytest.raises(TransientError, match="refused"):
        closed.send(payload())


def test_a_dns_failure_is_transient() -> None:
    nowhere = adapter_for("http://techbar-test.invalid/hook")
    with pytest.raises(TransientError, match="DNS lookup failed"):
        nowhere.send(payload())


def test_an_unusable_url_is_permanent() -> None:
    broken = adapter_for("http://127.0.0.1:99999/hook")
    with pytest.raises(PermanentError, match="cannot send"):
        broken.send(payload())


def test_the_adapter_refuses_to_start_without_a_url() -> None:
    with pytest.raises(ValueError, match="URL"):
        WebhookAdapter(WebhookSettings(url="", secret=SECRET))
