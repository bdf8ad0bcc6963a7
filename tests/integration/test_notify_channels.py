"""Slack, SMS (Twilio) and Teams against local servers that answer as the providers document,
rate limits (429 + Retry-After) included, driven through the real notification worker."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.notify.factory import build_senders
from kiosk.notify.worker import NotifyWorker
from kiosk.store import Database, UnitOfWork

#: (status, headers, JSON body) an endpoint answers; a callable picks per request.
Answer = tuple[int, dict[str, str], object]
SID = "AC" + "0123456789abcdef" * 2
TOKEN = "f" * 32


class Provider:
    """A local HTTP server: records each request, answers from ``routes`` (path -> queue)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.routes: dict[str, list[Answer]] = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = urlsplit(self.path).path
                provider.requests.append((self.command, self.path, dict(self.headers), body))
                queue = provider.routes.get(path) or [(404, {}, {"error": "not found"})]
                status, headers, data = queue.pop(0) if len(queue) > 1 else queue[0]
                raw = json.dumps(data).encode()
                self.send_response(status)
                for key, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def paths(self) -> list[str]:
        return [urlsplit(p).path for _m, p, _h, _b in self.requests]


@pytest.fixture
def provider() -> Iterator[Provider]:
    server = Provider()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
        server.thread.join()


@pytest.fixture
def floor(db: Database, settings: Settings, clock: ManualClock) -> Callable[[NotifySettings], Core]:
    def build(notify: NotifySettings) -> Core:
        return assemble(db, replace(settings, notify=notify), clock)
    return build


def _worker(core: Core, clock: ManualClock, endpoints: dict[str, dict[str, str]]) -> NotifyWorker:
    senders = build_senders(core.settings.notify, endpoints)
    return NotifyWorker(core._database, core.settings, clock, senders)


def _rows(core: Core) -> list[tuple[int | None, str, str, int]]:
    with UnitOfWork(core._database, readonly=True) as uow:
        rows = [r for v in uow.visits.all_for_site(core.settings.site_id)
                for r in uow.notifications.for_visit(v.id)]
        return [(r.threshold, r.status, r.last_error, r.attempts) for r in rows]


def _called_visitor(core: Core, channel: str, address: str = "") -> str:
    visit = core.visits.check_in(name="Ada", category="laptop", email="ada@example.com",
                                 language="de")
    core.notify.choose(visit.id, channel, address, ahead=None)
    core.visits.call(visit.id, "Kim", counter="Desk 2")
    return visit.id


def test_slack_finds_the_person_by_e_mail_and_waits_out_a_rate_limit(
        provider: Provider, floor: Callable[[NotifySettings], Core], clock: ManualClock) -> None:
    core = floor(NotifySettings(slack_url="slack://xoxb-1234-5678-abcdef", timeout_seconds=2))
    provider.routes["/api/users.lookupByEmail"] = [(200, {}, {"ok": True, "user": {"id": "U42"}})]
    provider.routes["/api/chat.postMessage"] = [
        (429, {"Retry-After": "30"}, {"ok": False, "error": "ratelimited"}),
        (200, {}, {"ok": True, "channel": "D42", "ts": "1.2"})]
    _called_visitor(core, "slack")
    worker = _worker(core, clock, {"slack": {"api_url": provider.url + "/api/{}"}})
    assert worker.run_once().retried == 1
    [(threshold, status, reason, _)] = _rows(core)
    assert (threshold, status, reason) == (-1, "pending", "Slack rate limit (HTTP 429)")
    assert worker.run_once().claimed == 0, "Retry-After: 30 s is honoured"
    clock.advance(timedelta(seconds=31))
    assert worker.run_once().sent == 1
    post = [json.loads(b) for _m, p, _h, b in provider.requests if p.endswith("chat.postMessage")]
    assert post[-1]["channel"] == "U42"
    text = post[-1]["attachments"][0]["text"]
    assert "Sie sind dran" in text
    assert "Desk 2" in text
    assert "footer" not in post[-1]["attachments"][0]
    lookup = next(p for _m, p, _h, _b in provider.requests if "lookupByEmail" in p)
    assert parse_qs(urlsplit(lookup).query)["email"] == ["ada@example.com"]
    assert all(h.get("Authorization") == "Bearer xoxb-1234-5678-abcdef"
               for _m, _p, h, _b in provider.requests)


def test_slack_without_such_a_user_fails_for_good(
        provider: Provider, floor: Callable[[NotifySettings], Core], clock: ManualClock) -> None:
    core = floor(NotifySettings(slack_url="slack://xoxb-1234-5678-abcdef", timeout_seconds=2))
    provider.routes["/api/users.lookupByEmail"] = [(200, {}, {"ok": False,
                                                              "error": "users_not_found"})]
    _called_visitor(core, "slack")
    assert _worker(core, clock, {"slack": {"api_url": provider.url + "/api/{}"}}
                   ).run_once().failed == 1
    [(_, status, reason, _)] = _rows(core)
    assert status == "failed"
    assert "users_not_found" in reason
    assert "ada@" not in reason
    health = core.notify.health()
    assert health.failed == 1
    assert "users_not_found" in health.failures[0][1]


def test_twilio_sms_rate_limit_then_an_invalid_number(
        provider: Provider, floor: Callable[[NotifySettings], Core], clock: ManualClock) -> None:
    core = floor(NotifySettings(sms_url=f"twilio://{SID}:{TOKEN}@+15550001111",
                                timeout_seconds=2))
    path = f"/2010-04-01/Accounts/{SID}/Messages.json"
    provider.routes[path] = [
        (429, {"Retry-After": "5"}, {"code": 20429, "message": "Too Many Requests"}),
        (400, {}, {"code": 21211, "message": "The 'To' number is not a valid phone number."})]
    _called_visitor(core, "sms", "+44 7700 900123")
    worker = _worker(core, clock, {"sms": {"notify_sms_url": provider.url + path.replace(
        SID, "{sid}")}})
    assert worker.run_once().retried == 1
    clock.advance(timedelta(seconds=6))
    assert worker.run_once().failed == 1
    form = parse_qs(provider.requests[0][3].decode())
    assert form["To"] == ["+447700900123"]
    assert form["From"] == ["+15550001111"]
    assert "Sie sind dran" in form["Body"][0]
    assert _rows(core)[0][1:3] == ("failed", "the SMS provider refused the message (HTTP 400: 21211)")


def test_teams_sends_a_direct_message_through_the_bot_framework(
        provider: Provider, floor: Callable[[NotifySettings], Core], clock: ManualClock) -> None:
    core = floor(NotifySettings(teams_url="teams://app-id:app-secret@tenant-1", timeout_seconds=2))
    provider.routes["/tenant-1/oauth2/v2.0/token"] = [
        (200, {}, {"access_token": "graph-token", "expires_in": 3599}),
        (200, {}, {"access_token": "bot-token", "expires_in": 3599})]
    provider.routes["/v1.0/users/ada@example.com"] = [(200, {}, {"id": "aad-42"})]
    provider.routes["/v3/conversations"] = [
        (429, {"Retry-After": "20"}, {"error": {"code": "TooManyRequests"}}),
        (201, {}, {"id": "a:1conv"})]
    provider.routes["/v3/conversations/a:1conv/activities"] = [(201, {}, {"id": "act-1"})]
    _called_visitor(core, "teams")
    worker = _worker(core, clock, {"teams": {"login_url": provider.url, "graph_url": provider.url,
                                             "service_url": provider.url}})
    assert worker.run_once().retried == 1
    clock.advance(timedelta(seconds=19))
    assert worker.run_once().claimed == 0, "Retry-After: 20 s is honoured"
    clock.advance(timedelta(seconds=2))
    assert worker.run_once().sent == 1
    created = json.loads(next(b for m, p, _h, b in provider.requests
                              if m == "POST" and p == "/v3/conversations"))
    assert created["members"] == [{"id": "aad-42"}]
    assert created["tenantId"] == "tenant-1"
    activity = json.loads(provider.requests[-1][3])
    assert activity["type"] == "message"
    assert "Desk 2" in activity["text"]
    assert provider.requests[-1][2]["Authorization"] == "Bearer bot-token"
    tokens = [parse_qs(b.decode()) for _m, p, _h, b in provider.requests if p.endswith("/token")]
    assert [t["scope"] for t in tokens] == [["https://graph.microsoft.com/.default"],
                                            ["https://api.botframework.com/.default"]]


def test_teams_user_not_found_is_a_refusal(
        provider: Provider, floor: Callable[[NotifySettings], Core], clock: ManualClock) -> None:
    core = floor(NotifySettings(teams_url="teams://app-id:app-secret@tenant-1", timeout_seconds=2))
    provider.routes["/tenant-1/oauth2/v2.0/token"] = [(200, {}, {"access_token": "t"})]
    _called_visitor(core, "teams")
    worker = _worker(core, clock, {"teams": {"login_url": provider.url, "graph_url": provider.url,
                                             "service_url": provider.url}})
    assert worker.run_once().failed == 1
    assert _rows(core)[0][2] == "Teams: no Teams user has this e-mail"
