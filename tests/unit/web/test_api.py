"""The company-facing API through FastAPI's TestClient, on SQLite and PostgreSQL.

Security (missing, wrong, revoked and read-only tokens; HTML and 10,000 characters in
every field), idempotency, the technician's actions as a named technician, problem
details with the windows' words, the per-token rate limit and closed CORS.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database
from kiosk.web.app import create_app

HOSTILE = "<script>alert('x')</script>\"&<b>"
API = "/api/v1"
PROBLEM = "application/problem+json"
CHECK_IN_FIELDS = ("name", "email", "employee_id", "description", "device", "asset_tag")


@pytest.fixture
def client(core: Core) -> Iterator[TestClient]:
    core.technicians.add(name="Kim", pin="1234")
    core.technicians.add(name="Dana", pin="1234", skills=["laptop"], counter="Desk 1")
    with TestClient(create_app(core, rate_limit_per_minute=100_000)) as test_client:
        yield test_client


@pytest.fixture
def writer(core: Core) -> dict[str, str]:
    return {"Authorization": f"Bearer {core.api_tokens.create('portal', 'write').secret}"}


@pytest.fixture
def reader(core: Core) -> dict[str, str]:
    return {"Authorization": f"Bearer {core.api_tokens.create('wallboard', 'read').secret}"}


def _problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    body: dict[str, Any] = answer.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == status
    assert "\n" not in body["detail"]
    assert "Traceback" not in answer.text
    return body


def _check_in(client: TestClient, headers: dict[str, str], **fields: str) -> Any:
    return client.post(f"{API}/visits", json={"name": "Ada", "category": "laptop", **fields},
                       headers=headers)


# ------------------------------------------------------------ tokens


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer tbk_wrong",
                                           "Basic dXNlcjpwYXNz", "bearer  ", "Bearer " + "x" * 5000])
def test_no_or_a_wrong_token_is_401(client: TestClient, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    for answer in (client.get(f"{API}/queue", headers=headers),
                   _check_in(client, headers)):
        body = _problem(answer, 401)
        assert answer.headers["www-authenticate"] == "Bearer"
        assert body["type"] == "urn:techbar:problem:unauthorized"


def test_a_revoked_token_is_401_at_once(client: TestClient, core: Core,
                                        writer: dict[str, str]) -> None:
    assert client.get(f"{API}/queue", headers=writer).status_code == 200
    core.api_tokens.revoke("portal")
    assert "revoked" in _problem(client.get(f"{API}/queue", headers=writer), 401)["detail"]
    assert core.visits.active_visits() == []
    _problem(_check_in(client, writer), 401)
    assert core.visits.active_visits() == []


def test_a_read_token_reads_but_every_write_is_403(client: TestClient, core: Core,
                                                   reader: dict[str, str]) -> None:
    visit = core.visits.check_in(name="Ada", category="laptop")
    for path in ("/queue", "/floor", f"/visits/{visit.id}", "/notices", "/metrics"):
        assert client.get(API + path, headers=reader).status_code == 200, path
    writes = [("/visits", {"name": "B", "category": "laptop"}),
              ("/visits/call-next", {"technician": "Kim"}),
              (f"/visits/{visit.id}/call", {"technician": "Kim"}),
              (f"/visits/{visit.id}/cancel", {"technician": "Kim"}),
              ("/notices", {"title": "Down"})]
    for path, body in writes:
        detail = _problem(client.post(API + path, json=body, headers=reader), 403)["detail"]
        assert detail == "The token wallboard may only read; writing needs a write-scoped token."
    assert [v.id for v in core.visits.active_visits()] == [visit.id]
    assert core.visits.get(visit.id).state.value == "waiting"


def test_personal_data_only_for_write_tokens(client: TestClient, core: Core,
                                             reader: dict[str, str],
                                             writer: dict[str, str]) -> None:
    visit = core.visits.check_in(name="Zaphod Beeblebrox", email="zaphod@example.com",
                                 category="laptop", description="password hunter2")
    for path in ("/queue", f"/visits/{visit.id}"):
        text = client.get(API + path, headers=reader).text
        for secret in ("Zaphod", "zaphod@example.com", "hunter2"):
            assert secret not in text
        assert "Zaphod" in client.get(API + path, headers=writer).text
    queue = client.get(f"{API}/queue", headers=reader).json()
    assert queue["waiting"][0]["ticket_number"] == visit.ticket_number
    assert queue["waiting"][0]["position"] == 1
    assert queue["waiting"][0]["expected"]["high_minutes"] >= 0
    assert "laptop" in queue["newcomer_waits"]


def test_each_token_has_its_own_rate(db: Database, settings: Settings, clock: ManualClock) -> None:
    slow = replace(settings, web=replace(settings.web, api_rate_limit_per_minute=10))
    core = assemble(db, slow, clock)
    first = {"Authorization": f"Bearer {core.api_tokens.create('one', 'read').secret}"}
    second = {"Authorization": f"Bearer {core.api_tokens.create('two', 'read').secret}"}
    with TestClient(create_app(core, rate_limit_per_minute=100_000)) as client:
        answers = [client.get(f"{API}/notices", headers=first) for _ in range(25)]
        assert answers[0].status_code == 200
        refused = _problem(answers[-1], 429)
        assert int(answers[-1].headers["retry-after"]) >= 1
        assert "Too many requests" in refused["detail"]
        assert client.get(f"{API}/notices", headers=second).status_code == 200


def test_the_address_limit_answers_the_api_with_a_problem(core: Core,
                                                          reader: dict[str, str]) -> None:
    with TestClient(create_app(core, rate_limit_per_minute=10)) as client:
        answers = [client.get(f"{API}/notices", headers=reader) for _ in range(25)]
        _problem(answers[-1], 429)
        page = client.get("/v/nothing")
        assert page.status_code == 429
        assert page.headers["content-type"].startswith("text/html"), "status pages keep HTML"


# ------------------------------------------------------------ check-in


def test_html_in_every_field_is_stored_and_returned_as_text(client: TestClient, core: Core,
                                                             writer: dict[str, str]) -> None:
    fields = {f: HOSTILE for f in CHECK_IN_FIELDS if f != "email"}
    answer = _check_in(client, writer, **fields)
    assert answer.status_code == 201, answer.text
    assert answer.headers["content-type"] == "application/json"
    visit = answer.json()["visit"]
    assert visit["person"]["name"] == HOSTILE
    assert (visit["description"], visit["device"], visit["asset_tag"][:10]) == (
        HOSTILE, HOSTILE, HOSTILE[:10])
    stored = core.visits.get(visit["id"])
    assert stored.requester.name == HOSTILE
    assert stored.events[0].actor == "api:portal"
    assert answer.json()["status_url"].startswith("http://127.0.0.1:8080/v/")
    notice = client.post(f"{API}/notices", json={"title": HOSTILE, "message": HOSTILE},
                         headers=writer)
    assert notice.status_code == 201
    assert client.get(f"{API}/notices", headers=writer).json()[0]["title"] == HOSTILE


@pytest.mark.parametrize("field", CHECK_IN_FIELDS)
def test_a_10000_character_field_is_refused_in_the_kiosks_words(
        client: TestClient, core: Core, writer: dict[str, str], field: str) -> None:
    body = _problem(_check_in(client, writer, **{field: "x" * 10_000}), 422)
    assert body["field"] == field
    assert "characters long" in body["detail"] or "does not look like" in body["detail"]
    assert core.visits.active_visits() == []


@pytest.mark.parametrize(("body", "detail"), [
    ({"name": "", "category": "laptop"}, "Please enter your name."),
    ({"name": "Ada", "category": "teleport"}, "teleport"),
    ({"name": "Ada", "category": "laptop", "language": "tlh"}, "Unknown language 'tlh'."),
    ({"name": "Ada"}, "category: Field required"),
    ({"name": 5, "category": "laptop"}, "name:"),
    ({"name": "Ada", "category": "laptop", "admin": True}, "admin:"),
])
def test_bad_check_ins_are_422_problems(client: TestClient, writer: dict[str, str],
                                        body: dict[str, Any], detail: str) -> None:
    answer = client.post(f"{API}/visits", json=body, headers=writer)
    assert detail in _problem(answer, 422)["detail"]


def test_not_json_and_a_huge_body_are_problems(client: TestClient, writer: dict[str, str]) -> None:
    _problem(client.post(f"{API}/visits", content=b"{not json", headers={
        **writer, "Content-Type": "application/json"}), 422)
    _problem(_check_in(client, writer, description="x" * 1_000_000), 422)


def test_one_visit_per_person_holds_through_the_api(client: TestClient, core: Core,
                                                    writer: dict[str, str]) -> None:
    kiosk = core.visits.check_in(name="Ada", employee_id="E1", category="laptop")
    body = _problem(_check_in(client, writer, employee_id="E1"), 409)
    assert body["detail"] == f"You're already in line as {kiosk.ticket_number}."
    assert len(core.visits.active_visits()) == 1


def test_the_same_idempotency_key_replays_the_first_answer(client: TestClient, core: Core,
                                                           writer: dict[str, str]) -> None:
    keyed = {**writer, "Idempotency-Key": "order-77"}
    first = _check_in(client, keyed, email="ada@example.com")
    again = _check_in(client, keyed, email="ada@example.com")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(core.visits.active_visits()) == 1
    other = _check_in(client, keyed, email="bob@example.com")
    assert "different request" in _problem(other, 422)["detail"]
    assert len(core.visits.active_visits()) == 1
    notice = {**writer, "Idempotency-Key": "notice-1"}
    posted = [client.post(f"{API}/notices", json={"title": "Down"}, headers=notice)
              for _ in range(2)]
    assert posted[0].json() == posted[1].json()
    assert len(core.notices.active()) == 1


def test_a_refused_request_frees_its_idempotency_key(client: TestClient, core: Core,
                                                     writer: dict[str, str]) -> None:
    keyed = {**writer, "Idempotency-Key": "k"}
    _problem(_check_in(client, keyed, category="teleport"), 422)
    assert _check_in(client, keyed, category="teleport").status_code == 422
    assert core.visits.active_visits() == []


# ------------------------------------------------------------ technician actions


def _act(client: TestClient, headers: dict[str, str], visit_id: str, action: str,
         **body: Any) -> Any:
    return client.post(f"{API}/visits/{visit_id}/{action}", json={"technician": "Kim", **body},
                       headers=headers)


def test_a_visit_through_the_api_names_the_technician_and_the_token(
        client: TestClient, core: Core, writer: dict[str, str]) -> None:
    visit_id = _check_in(client, writer).json()["visit"]["id"]
    called = client.post(f"{API}/visits/call-next", json={"technician": "Kim", "counter": "D3"},
                         headers=writer)
    assert called.json()["id"] == visit_id
    assert (called.json()["state"], called.json()["technician"]) == ("called", "Kim")
    for action, body in (("start", {}), ("park", {"note": "waiting for a part"}),
                         ("resume", {}), ("resolve", {"code": "fixed", "notes": HOSTILE})):
        answer = _act(client, writer, visit_id, action, **body)
        assert answer.status_code == 200, answer.text
    done = core.visits.get(visit_id)
    assert done.state.value == "resolved"
    assert done.resolution_notes == HOSTILE
    assert [e.actor for e in done.events] == ["api:portal"] + ["Kim via api:portal"] * 5


def test_the_consoles_rules_and_words_hold(client: TestClient, core: Core,
                                           writer: dict[str, str]) -> None:
    visit = core.visits.check_in(name="Ada", category="laptop")
    detail = _problem(_act(client, writer, visit.id, "start"), 409)["detail"]
    assert detail == f"Visit {visit.ticket_number} is waiting; it cannot be started."
    core.visits.call(visit.id, "Dana")
    lost = _problem(_act(client, writer, visit.id, "start"), 409)
    assert lost["detail"] == f"{visit.ticket_number} is with Dana, not Kim."
    assert lost["type"] == "urn:techbar:problem:lost-race"
    unknown = _problem(_act(client, writer, visit.id, "start", technician="Mallory"), 422)
    assert unknown["detail"] == "There is no technician called Mallory."
    nobody = client.post(f"{API}/visits/call-next", json={"technician": "Kim"}, headers=writer)
    assert _problem(nobody, 409)["detail"] == "Nobody is waiting."
    for missing in ("00000000-0000-0000-0000-000000000000", "not-a-uuid", "%00", "x" * 300):
        _problem(_act(client, writer, missing, "cancel"), 404)
        _problem(client.get(f"{API}/visits/{missing}", headers=writer), 404)
    assert _act(client, writer, visit.id, "no-show", technician="Dana").status_code == 200
    assert core.visits.get(visit.id).events[-1].actor == "Dana via api:portal"


def test_call_next_takes_the_technicians_skills(client: TestClient, core: Core,
                                                writer: dict[str, str]) -> None:
    core.visits.check_in(name="Ada", category="account")
    laptop = core.visits.check_in(name="Bob", category="laptop")
    called = client.post(f"{API}/visits/call-next", json={"technician": "Dana"}, headers=writer)
    assert (called.json()["id"], called.json()["counter"]) == (laptop.id, "Desk 1")
    other = client.post(f"{API}/visits/call-next",
                        json={"technician": "Kim", "categories": ["teleport"]}, headers=writer)
    _problem(other, 422)


# ------------------------------------------------------------ notices, metrics, the document


def test_notices_and_metrics(client: TestClient, core: Core, writer: dict[str, str]) -> None:
    posted = client.post(f"{API}/notices", json={
        "title": "Wi-Fi down", "severity": "warning", "categories": ["laptop"],
        "translations": {"es": {"title": "Sin Wi-Fi", "message": ""}}}, headers=writer)
    assert posted.status_code == 201, posted.text
    notice = posted.json()
    assert (notice["created_by"], notice["translations"]["es"]["title"]) == ("api:portal",
                                                                            "Sin Wi-Fi")
    ended = client.post(f"{API}/notices/{notice['id']}/end", headers=writer)
    assert ended.json()["ends_at"] is not None
    assert client.get(f"{API}/notices", headers=writer).json() == []
    _problem(client.post(f"{API}/notices/999/end", headers=writer), 404)
    _problem(client.post(f"{API}/notices", json={"title": "x", "severity": "doom"},
                         headers=writer), 422)
    visit = core.visits.check_in(name="Ada", category="laptop")
    core.visits.call(visit.id, "Kim")
    core.visits.start(visit.id, "Kim")
    core.visits.resolve(visit.id, "Kim", "fixed")
    today = client.get(f"{API}/metrics", headers=writer).json()
    assert today["total"]["visits"] == 1
    assert today["by_technician"][0]["key"] == "Kim"
    bad = client.get(f"{API}/metrics?from=2026-01-02&to=2026-01-01", headers=writer)
    assert _problem(bad, 422)["detail"] == "The range must end on or after its first day."
    _problem(client.get(f"{API}/metrics?from=2020-01-01&to=2026-01-01", headers=writer), 422)
    _problem(client.get(f"{API}/metrics?from=yesterday", headers=writer), 422)


def test_the_openapi_document_describes_problems(client: TestClient) -> None:
    document = client.get(f"{API}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    check_in = document["paths"]["/visits"]["post"]
    assert set(check_in["responses"]) >= {"201", "401", "403", "409", "422", "429", "503"}
    assert PROBLEM in check_in["responses"]["422"]["content"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert document["servers"] == [{"url": API}]
    _problem(client.get(f"{API}/no-such-thing"), 404)


def test_cors_is_closed_unless_origins_are_listed(db: Database, settings: Settings,
                                                  clock: ManualClock) -> None:
    preflight = {"Origin": "https://intranet.example.com", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "authorization"}
    closed = assemble(db, settings, clock)
    with TestClient(create_app(closed, rate_limit_per_minute=100_000)) as client:
        answer = client.options(f"{API}/queue", headers=preflight)
        assert not any(h.startswith("access-control-") for h in answer.headers)
        plain = client.get(f"{API}/queue", headers={"Origin": "https://intranet.example.com"})
        assert "access-control-allow-origin" not in plain.headers
    opened = assemble(db, replace(settings, web=replace(
        settings.web, cors_origins=("https://intranet.example.com",))), clock)
    with TestClient(create_app(opened, rate_limit_per_minute=100_000)) as client:
        answer = client.options(f"{API}/queue", headers=preflight)
        assert answer.headers["access-control-allow-origin"] == "https://intranet.example.com"
        evil = client.options(f"{API}/queue", headers={**preflight, "Origin": "https://evil.example"})
        assert evil.headers.get("access-control-allow-origin") is None
