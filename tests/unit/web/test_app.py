"""The web service's routes through FastAPI's TestClient, on a real database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import Visit, VisitState
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.guard import CSP

HOSTILE = "<script>alert('x')</script>\"&"


@pytest.fixture
def client(core: Core) -> Iterator[TestClient]:
    with TestClient(create_app(core, rate_limit_per_minute=100_000)) as test_client:
        yield test_client


@pytest.fixture
def visit(core: Core) -> Visit:
    return core.visits.check_in(name="Zaphod Beeblebrox", email="zaphod@example.com",
                                category="laptop", description="password hunter2")


def _page(token: str, suffix: str = "") -> str:
    return f"/v/{token}{suffix}"


def test_the_page_shows_the_ticket_place_and_wait_without_the_person(
        client: TestClient, core: Core, visit: Visit) -> None:
    answer = client.get(_page(visit.status_token))
    assert answer.status_code == 200
    page = answer.text
    assert '<html lang="en">' in page
    assert visit.ticket_number in page
    assert "You&#39;re next in line." in page
    assert "Estimated wait" in page
    assert 'aria-live="polite"' in page
    assert "<h1" in page
    assert "<h2" in page
    for secret in ("Zaphod", "Beeblebrox", "zaphod@example.com", "hunter2", visit.id):
        assert secret not in page
    assert "<script>" not in page, "no inline script (CSP)"
    assert "style=" not in page, "no inline style (CSP)"


def test_the_json_follows_the_floor(client: TestClient, core: Core, visit: Visit) -> None:
    behind = core.visits.check_in(name="B", category="laptop")
    view = client.get(_page(behind.status_token, ".json")).json()
    assert (view["state"], view["position"], view["turn"]) == ("waiting", 2, False)
    core.visits.call(visit.id, "Kim", counter="Desk 2")
    assert client.get(_page(behind.status_token, ".json")).json()["position"] == 1
    called = client.get(_page(visit.status_token, ".json")).json()
    assert called["turn"]
    assert called["headline"] == "It's your turn: go to Desk 2"
    assert called["title"].startswith("\u25b6")
    assert set(called).isdisjoint({"name", "email", "description", "id"})


@pytest.mark.parametrize(("query", "accept", "expected"), [
    ("", "de-DE,de;q=0.9,en;q=0.5", "Ihre Nummer"),
    ("?lang=es", "de-DE", "Tu número"),
    ("?lang=fr", "fr-FR,es;q=0.8", "Tu número"),
    ("?lang=" + "x" * 10_000, "", "Your ticket"),
    ("", "x" * 10_000, "Your ticket"),
])
def test_the_visitors_language(client: TestClient, visit: Visit, query: str, accept: str,
                               expected: str) -> None:
    page = client.get(_page(visit.status_token) + query,
                      headers={"Accept-Language": accept}).text
    assert expected in page
    language = re.search(r'<html lang="(\w+)">', page)
    assert language is not None
    assert language.group(1) in ("en", "es", "de")


def test_the_language_chosen_at_the_kiosk_when_the_browser_says_none(
        client: TestClient, core: Core) -> None:
    german = core.visits.check_in(name="G", category="laptop", language="de")
    page = client.get(_page(german.status_token), headers={"Accept-Language": ""}).text
    assert '<html lang="de">' in page


def test_wrong_expired_and_malformed_tokens_get_the_same_404(
        client: TestClient, core: Core, clock: ManualClock, visit: Visit) -> None:
    from datetime import timedelta

    clock.advance(timedelta(days=1))  # the visit's day is over: its link has expired
    answers = [client.get(path) for path in (
        _page(visit.status_token), _page("A" * 32), _page("x" * 10_000), _page("%00%3Cb%3E"),
        _page(visit.status_token, ".json"), _page(visit.status_token, "/events"),
        _page(visit.status_token, "/leave"), "/nowhere", "/static/../../etc/passwd")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1
    assert "unknown or has expired" in answers[0].text
    assert client.post(_page(visit.status_token, "/leave"),
                       data={"confirm": "yes"}).status_code == 404


def test_every_answer_carries_the_security_headers(client: TestClient, visit: Visit) -> None:
    for path in (_page(visit.status_token), _page(visit.status_token, ".json"), "/nowhere",
                 _page(visit.status_token, "/leave"), "/healthz"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store", path
        assert "set-cookie" not in headers
    static = client.get("/static/status.css")
    assert static.headers["content-type"].startswith("text/css")
    assert "max-age" in static.headers["cache-control"]
    assert client.get("/static/status.js").headers["content-type"].startswith("text/javascript")


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_leaving_asks_first_then_leaves(client: TestClient, core: Core, visit: Visit) -> None:
    page = client.get(_page(visit.status_token)).text
    assert f'href="/v/{visit.status_token}/leave?lang=en"' in page
    confirm = client.get(_page(visit.status_token, "/leave"))
    assert 'method="post"' in confirm.text
    assert "Yes, leave the line" in confirm.text
    assert core.visits.get(visit.id).state is VisitState.WAITING, "asking changes nothing"
    unconfirmed = client.post(_page(visit.status_token, "/leave?lang=de"), data={},
                              follow_redirects=False)
    assert unconfirmed.status_code == 303
    assert unconfirmed.headers["location"].endswith("/leave?lang=de")
    assert core.visits.get(visit.id).state is VisitState.WAITING
    done = client.post(_page(visit.status_token, "/leave?lang=de"), data={"confirm": "yes"},
                       headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"},
                       follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"/v/{visit.status_token}?lang=de"
    assert core.visits.get(visit.id).state is VisitState.CANCELLED
    after = client.get(done.headers["location"]).text
    assert "Sie haben die Warteschlange verlassen." in after
    assert client.get(_page(visit.status_token, "/leave"), follow_redirects=False
                      ).status_code == 303, "nothing left to confirm"


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://evil.example"}])
def test_a_leave_form_from_another_site_is_refused(client: TestClient, core: Core,
                                                   visit: Visit, headers: dict[str, str]) -> None:
    answer = client.post(_page(visit.status_token, "/leave"), data={"confirm": "yes"},
                         headers=headers)
    assert answer.status_code == 403
    assert core.visits.get(visit.id).state is VisitState.WAITING


def test_a_huge_or_odd_form_changes_nothing(client: TestClient, core: Core, visit: Visit) -> None:
    for body in ("confirm=" + "y" * 10_000, "&".join(f"f{i}=1" for i in range(50)),
                 "confirm=%FF%FE", "confirm=yes" + "\x00" * 3):
        answer = client.post(_page(visit.status_token, "/leave"), content=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded"},
                             follow_redirects=False)
        assert answer.status_code == 303
        assert core.visits.get(visit.id).state is VisitState.WAITING


def test_leaving_while_being_helped_says_why(client: TestClient, core: Core,
                                             visit: Visit) -> None:
    confirm = client.get(_page(visit.status_token, "/leave")).text
    core.visits.call(visit.id, "Kim")
    core.visits.start(visit.id, "Kim")
    action = re.search(r'action="([^"]+)"', confirm)
    assert action is not None
    answer = client.post(action.group(1).replace("&amp;", "&"), data={"confirm": "yes"})
    assert answer.status_code == 409
    assert "a technician is already with you" in answer.text
    assert core.visits.get(visit.id).state is VisitState.IN_SERVICE


def test_html_in_the_settings_is_escaped(db: Database, settings: Settings,
                                         clock: ManualClock) -> None:
    hostile = replace(settings, site_name=HOSTILE, categories=(
        replace(settings.categories[0], label=HOSTILE, labels=(("en", HOSTILE),)),
        *settings.categories[1:]))
    core = assemble(db, hostile, clock)
    token = core.visits.check_in(name=HOSTILE, category="laptop").status_token
    with TestClient(create_app(core)) as client:
        for path in (_page(token), _page(token, "/leave"), "/nowhere"):
            page = client.get(path).text
            assert "<script>alert" not in page
            assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34;&amp;" in page
        assert client.get(_page(token, ".json")).json()["category"] == HOSTILE


def test_a_flood_from_one_address_gets_429(core: Core, visit: Visit) -> None:
    with TestClient(create_app(core, rate_limit_per_minute=60)) as client:
        codes = [client.get(_page(visit.status_token, ".json")).status_code for _ in range(40)]
        assert codes == [200] * 20 + [429] * 20, "a burst of 20, then 429"
        refused = client.get(_page(visit.status_token))
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert "Too many requests" in refused.text
        assert refused.headers["referrer-policy"] == "no-referrer"
        assert client.get("/healthz").status_code == 200, "health checks are never limited"
    assert core.visits.get(visit.id).state is VisitState.WAITING, "nothing stored was lost"


def test_the_database_away_is_a_plain_503(db: Database, settings: Settings,
                                          clock: ManualClock, visit: Visit) -> None:
    core = assemble(Database("postgresql+psycopg://nobody@127.0.0.1:1/none"), settings, clock)
    try:
        client = TestClient(create_app(core), raise_server_exceptions=False)
        answer = client.get(_page(visit.status_token))
        assert answer.status_code == 503
        assert "cannot be reached right now" in answer.text
        assert "Traceback" not in answer.text
        assert client.get("/healthz").status_code == 503
    finally:
        core.close()
