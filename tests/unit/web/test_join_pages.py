"""Join from your desk: the pages, the code read from a real SMTP server (aiosmtpd), refusals."""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from dataclasses import replace
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from kiosk.app.directory import Person
from kiosk.app.remote_join import RemoteJoinService
from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.store import Database
from kiosk.web.app import create_app

HOSTILE = "<script>alert('x')</script>\"&"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def code_for(self, address: str) -> str:
        found = [m for m in self.messages if m["To"] == address]
        assert found, f"no mail to {address}"
        match = re.search(r"\b(\d{6})\b", str(found[-1]["Subject"]))
        assert match
        return match.group(1)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _core(db: Database, settings: Settings, clock: ManualClock, smtp: str,
          **web: Any) -> Core:
    chosen = replace(settings, notify=NotifySettings(smtp_url=smtp, timeout_seconds=5),
                     web=replace(settings.web, remote_join=True, **web))
    core = assemble(db, chosen, clock)
    core.directory.import_people([Person("E1", "Ada Lovelace", "ada@example.com"),
                                  Person("E2", HOSTILE, "mallory@example.com")])
    return core


@pytest.fixture
def joining(db: Database, settings: Settings, clock: ManualClock,
            inbox: tuple[Inbox, int]) -> Core:
    return _core(db, settings, clock, f"mailto://127.0.0.1:{inbox[1]}?from=techbar@example.com")


@pytest.fixture
def client(joining: Core) -> Iterator[TestClient]:
    with TestClient(create_app(joining, rate_limit_per_minute=100_000)) as test_client:
        yield test_client


def _ask(client: TestClient, address: str, details: str = "", **headers: str) -> Any:
    return client.post("/join", data={"email": address, "category": "laptop",
                                      "details": details}, headers=headers)


def _code_id(page: str) -> str:
    match = re.search(r'name="j" value="([0-9a-f]{32})"', page)
    assert match, page
    return match.group(1)


def _confirm(client: TestClient, code_id: str, code: str, **headers: str) -> Any:
    return client.post("/join/confirm", data={"j": code_id, "code": code}, headers=headers,
                       follow_redirects=False)


def test_the_whole_flow_ends_on_the_status_page_of_a_remote_visit(
        client: TestClient, joining: Core, inbox: tuple[Inbox, int]) -> None:
    form = client.get("/join?lang=es")
    assert form.status_code == 200
    assert "Correo de trabajo" in form.text
    asked = _ask(client, "ada@example.com", "No arranca")
    assert asked.status_code == 200
    assert "a\u2022\u2022\u2022@example.com" in asked.text
    code = inbox[0].code_for("ada@example.com")
    done = _confirm(client, _code_id(asked.text), code)
    assert done.status_code == 303
    assert done.headers["location"].startswith("/v/")
    (visit,) = joining.visits.active_visits()
    assert visit.remote
    assert visit.requester.name == "Ada Lovelace"
    assert "Ticket" in client.get(done.headers["location"]).text


def test_html_in_every_field_is_shown_as_text(client: TestClient, joining: Core,
                                              inbox: tuple[Inbox, int]) -> None:
    refused = client.post("/join", data={"email": HOSTILE, "category": HOSTILE,
                                         "details": HOSTILE})
    assert refused.status_code == 400
    assert "<script>" not in refused.text
    asked = _ask(client, "mallory@example.com", HOSTILE)
    assert "<script>" not in asked.text
    bad_code = _confirm(client, _code_id(asked.text), HOSTILE)
    assert bad_code.status_code == 400
    assert "<script>" not in bad_code.text
    bad_id = _confirm(client, HOSTILE, HOSTILE)
    assert bad_id.status_code == 400
    assert "<script>" not in bad_id.text
    done = _confirm(client, _code_id(asked.text), inbox[0].code_for("mallory@example.com"))
    (visit,) = joining.visits.active_visits()
    assert visit.requester.name == HOSTILE
    assert visit.description == HOSTILE
    assert "<script>" not in client.get(done.headers["location"]).text


def test_brute_force_is_refused_after_five_wrong_codes(client: TestClient,
                                                       inbox: tuple[Inbox, int]) -> None:
    asked = _ask(client, "ada@example.com")
    right = inbox[0].code_for("ada@example.com")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    answers = [_confirm(client, _code_id(asked.text), wrong) for _ in range(5)]
    assert [a.status_code for a in answers] == [400] * 5
    assert "no longer works" in answers[-1].text
    late = _confirm(client, _code_id(asked.text), right)
    assert late.status_code == 400
    assert "no longer works" in late.text


def test_someone_elses_address_mails_them_not_the_typist(
        client: TestClient, joining: Core, inbox: tuple[Inbox, int]) -> None:
    asked = _ask(client, "Ada@Example.com")
    assert [m["To"] for m in inbox[0].messages] == ["ada@example.com"]
    assert "ada@example.com" not in asked.text  # masked
    code = inbox[0].code_for("ada@example.com")
    guess = "000000" if code != "000000" else "000001"
    assert _confirm(client, _code_id(asked.text), guess).status_code == 400
    assert joining.visits.active_visits() == []


def test_a_cross_site_post_is_refused(client: TestClient, inbox: tuple[Inbox, int]) -> None:
    for headers in ({"Origin": "https://evil.example.org"}, {"Sec-Fetch-Site": "cross-site"}):
        assert _ask(client, "ada@example.com", **headers).status_code == 403
        assert _confirm(client, "0" * 32, "123456", **headers).status_code == 403
    assert inbox[0].messages == []


def test_three_codes_per_address_then_429(client: TestClient) -> None:
    for _ in range(3):
        assert _ask(client, "ada@example.com").status_code == 200
    refused = _ask(client, "ada@example.com")
    assert refused.status_code == 429
    assert "Too many codes" in refused.text


def test_already_in_line_shows_the_existing_tickets_link(
        client: TestClient, joining: Core, inbox: tuple[Inbox, int]) -> None:
    at_kiosk = joining.visits.check_in(name="Ada Lovelace", email="ada@example.com",
                                       employee_id="E1", category="mobile")
    asked = _ask(client, "ada@example.com")
    answer = _confirm(client, _code_id(asked.text), inbox[0].code_for("ada@example.com"))
    assert answer.status_code == 409
    assert at_kiosk.ticket_number in answer.text
    assert f"/v/{at_kiosk.status_token}" in answer.text


def test_without_smtp_joining_is_refused_with_a_clear_page(
        db: Database, settings: Settings, clock: ManualClock,
        caplog: pytest.LogCaptureFixture) -> None:
    core = _core(db, settings, clock, "")
    with TestClient(create_app(core, rate_limit_per_minute=100_000)) as test_client:
        page = test_client.get("/join")
        assert page.status_code == 503
        assert "cannot send e-mail" in page.text
        assert _ask(test_client, "ada@example.com").status_code == 503
    assert "no SMTP is configured" in caplog.text


def test_off_by_default_and_paused_by_the_liaison(client: TestClient, joining: Core,
                                                  db: Database, settings: Settings,
                                                  clock: ManualClock) -> None:
    with TestClient(create_app(assemble(db, settings, clock))) as plain:
        assert plain.get("/join").status_code == 404
    RemoteJoinService(db, joining.settings, clock, joining.visits, None).set_paused(True, "Liz")
    page = client.get("/join")
    assert page.status_code == 503
    assert "paused" in page.text
