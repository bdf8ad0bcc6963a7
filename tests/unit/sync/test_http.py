"""The shared HTTP error mapping: statuses, vendors' error shapes, rate-limit headers."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest
import requests

from kiosk.clock import ManualClock
from kiosk.sync.delivery import PermanentError, TransientError
from kiosk.sync.http import HttpClient, parse_reset, server_message, status_error, transport_error

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def answer(status: int, body: bytes = b"", **headers: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = requests.status_codes._codes[status][0].replace("_", " ").title() \
        if status in requests.status_codes._codes else ""
    response._content = body
    response.headers.update({k.replace("_", "-"): v for k, v in headers.items()})
    return response


@pytest.fixture
def client() -> HttpClient:
    return HttpClient("Jira", "http://127.0.0.1:9", 5, clock=ManualClock(NOW),
                      url_key="backend.jira.url")


@pytest.mark.parametrize(("body", "message"), [
    (b'{"message": "No such queue"}', "No such queue"),  # RT
    (b'{"error": {"message": "No Record found", "detail": "ACL"}, "status": "failure"}',
     "No Record found - ACL"),  # ServiceNow
    (b'{"errorMessages": ["Bad JQL"], "errors": {"summary": "required"}}',
     "Bad JQL; summary: required"),  # Jira
    (b'{"errorMessage": "The request type does not exist."}',
     "The request type does not exist."),  # Jira servicedeskapi
    (b'{"error": "No lookup value", "error_human": "No lookup value"}',
     "No lookup value"),  # Zammad
    (b'{"error": "RecordInvalid", "description": "Record validation errors"}',
     "RecordInvalid; Record validation errors"),  # Zendesk
    (b"<html>\n  Bad   Gateway </html>", "<html> Bad Gateway </html>"),
    (b"", ""),
])
def test_each_vendors_error_message_is_found(body: bytes, message: str) -> None:
    assert server_message(answer(400, body)) == message


@pytest.mark.parametrize(("status", "error"), [
    (500, TransientError), (502, TransientError), (503, TransientError), (504, TransientError),
    (408, TransientError), (409, TransientError), (425, TransientError), (429, TransientError),
    (400, PermanentError), (401, PermanentError), (403, PermanentError), (404, PermanentError),
    (422, PermanentError), (301, PermanentError),
])
def test_statuses_map_to_transient_or_permanent(client: HttpClient, status: int,
                                                error: type[Exception]) -> None:
    made = status_error(answer(status, b'{"errorMessages": ["nope"]}', Location="https://x"),
                        client, "raise a request")
    assert type(made) is error
    assert made.reason.startswith(f"Jira raise a request: HTTP {status}")
    if status == 301:
        assert "redirected to https://x; update backend.jira.url" in made.reason


def test_retry_after_in_seconds_or_a_date_on_the_servers_clock(client: HttpClient) -> None:
    made = status_error(answer(503, Retry_After="120"), client, "")
    assert isinstance(made, TransientError)
    assert made.retry_after == 120
    dated = answer(503, Retry_After="Sun, 22 Nov 2026 10:00:30 GMT",
                   Date="Sun, 22 Nov 2026 10:00:00 GMT")
    made = status_error(dated, client, "")
    assert isinstance(made, TransientError)
    assert made.retry_after == 30


@pytest.mark.parametrize(("reset", "seconds"), [
    ("1795338060", 60.0),  # ServiceNow: a unix time (2026-11-22T09:01:00Z)
    ("2026-11-22T09:00:45Z", 45.0),  # Jira: ISO 8601
    ("2026-11-22T09:00:45.000+00:00", 45.0),
    ("2026-11-22T08:00:00Z", 0.0),  # already past
    ("30", 30.0),  # a plain delay
    ("soon", None),
    ("", None),
])
def test_rate_limit_reset_is_read(reset: str, seconds: float | None) -> None:
    assert parse_reset(reset, NOW) == seconds


def test_the_reset_header_counts_only_when_rate_limited_and_retry_after_wins(
        client: HttpClient) -> None:
    limited = status_error(answer(429, X_RateLimit_Reset="2026-11-22T09:00:45Z"), client, "")
    assert isinstance(limited, TransientError)
    assert limited.retry_after == 45
    both = status_error(answer(429, Retry_After="5", X_RateLimit_Reset="2026-11-22T09:00:45Z"),
                        client, "")
    assert isinstance(both, TransientError)
    assert both.retry_after == 5
    failing = status_error(answer(500, X_RateLimit_Reset="2026-11-22T09:00:45Z"), client, "")
    assert isinstance(failing, TransientError)
    assert failing.retry_after is None


@pytest.mark.parametrize(("exc", "error", "text"), [
    (requests.ReadTimeout("read timed out"), TransientError, "no answer within 5 s (timeout)"),
    (requests.ConnectionError("reset"), TransientError, "connection failed: reset"),
    (requests.exceptions.ChunkedEncodingError("cut"), TransientError, "broken answer: cut"),
    (requests.exceptions.InvalidURL("bad"), PermanentError, "cannot send: bad"),
])
def test_transport_failures_map(exc: requests.RequestException, error: type[Exception],
                                text: str) -> None:
    made = transport_error(exc, "Zammad create a ticket: ", 5)
    assert type(made) is error
    assert made.reason == f"Zammad create a ticket: {text}"


def test_a_dns_failure_is_named() -> None:
    try:
        raise requests.ConnectionError("failed") from socket.gaierror(-2, "Name not known")
    except requests.ConnectionError as exc:
        made = transport_error(exc, "", 5)
    assert isinstance(made, TransientError)
    assert "DNS lookup failed" in made.reason


def test_sessions_are_per_thread_and_ignore_netrc(client: HttpClient) -> None:
    import threading

    mine = client.session()
    theirs: list[requests.Session] = []
    thread = threading.Thread(target=lambda: theirs.append(client.session()))
    thread.start()
    thread.join()
    assert client.session() is mine
    assert theirs[0] is not mine
    assert mine.trust_env is False
    client.close()
