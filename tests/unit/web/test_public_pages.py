"""The public page and /embed through FastAPI's TestClient, on a real database."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from html import escape, unescape

import pytest
from fastapi.testclient import TestClient

from kiosk.app.notices import NoticeText
from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.hours import parse_hours
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.guard import CSP
from kiosk.web.public_feed import PublicFeed, PublicSummary
from kiosk.web.public_texts import CATALOGUE

#: A Monday at 10:00 (the default config's site is on UTC): open, 08:00-17:00.
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script>\"&"


@pytest.fixture
def client(core: Core, clock: ManualClock) -> Iterator[TestClient]:
    clock.set(MONDAY_10)
    with TestClient(create_app(core, rate_limit_per_minute=100_000)) as test_client:
        yield test_client


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_page_says_open_hours_waits_and_how_many_wait(client: TestClient,
                                                          core: Core) -> None:
    core.visits.check_in(name="Zaphod Beeblebrox", email="zaphod@example.com",
                         category="laptop", description="password hunter2")
    page = client.get("/").text
    text = _text(page)
    assert '<html lang="en">' in page
    assert "Open now" in text
    assert "Today's hours: 08:00\u201317:00" in text
    assert "1 person is waiting." in text
    for category in core.settings.categories:
        assert f"<th scope=\"row\">{escape(category.label_for('en'))}</th>" in page
    assert "No known issues right now." in text
    assert page.count("<h1") == 1
    assert 'aria-live="polite"' in page
    assert "<script>" not in page, "nothing inline (CSP)"
    assert "style=" not in page, "nothing inline (CSP)"


def test_no_personal_data_even_with_html_names_in_the_line(client: TestClient,
                                                           core: Core) -> None:
    visits = [core.visits.check_in(name=f"{HOSTILE} Ana García {n}", email=f"ana{n}@example.com",
                                   category="account", description=f"{HOSTILE} secret-detail")
              for n in range(3)]
    for path in ("/", "/embed", "/public.json", "/?lang=de", "/embed?lang=es"):
        answer = client.get(path).text
        for secret in ("Ana", "García", "@example.com", "secret-detail", "alert("):
            assert secret not in answer, (path, secret)
        for visit in visits:
            assert visit.ticket_number not in answer
            assert visit.id not in answer
            assert visit.status_token not in answer
    assert client.get("/public.json").json()["waiting"] == 3


@pytest.mark.parametrize(("query", "accept", "lang", "words"), [
    ("", "", "en", "Open now"),
    ("?lang=es", "de-DE", "es", "Abierto ahora"),
    ("", "de-CH,de;q=0.9,en;q=0.5", "de", "Jetzt geöffnet"),
    ("", "fr-FR, es;q=0.4", "es", "No hay nadie esperando."),
    ("?lang=xx", "zz", "en", "No one is waiting."),
])
def test_the_browsers_language(client: TestClient, query: str, accept: str, lang: str,
                               words: str) -> None:
    for path in ("/", "/embed"):
        page = client.get(path + query, headers={"Accept-Language": accept}).text
        assert f'<html lang="{lang}">' in page
        assert words in _text(page)


def test_every_language_has_every_text() -> None:
    keys = set(CATALOGUE["en"])
    for language, texts in CATALOGUE.items():
        assert set(texts) == keys, language
        assert all(text.strip() for text in texts.values()), language


def test_notices_are_escaped_translated_and_only_while_active(client: TestClient,
                                                              core: Core) -> None:
    notice = core.notices.post(
        title=f"Wi-Fi {HOSTILE}", message="<img src=x onerror=alert(1)>", severity="critical",
        translations={"es": NoticeText("Sin Wi-Fi en el edificio B")})
    page = client.get("/").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<img" not in page
    assert "<script>alert" not in page
    assert "Outage:" in _text(page), "the severity in words, not by colour alone"
    spanish = client.get("/?lang=es").text
    assert "Sin Wi-Fi en el edificio B" in spanish
    assert client.get("/public.json").json()["notices"][0]["title"] == f"Wi-Fi {HOSTILE}"
    core.notices.end(notice.id)
    _expire(client)
    assert "No known issues right now." in _text(client.get("/").text)


def test_closed_outside_the_hours_and_on_the_weekend(client: TestClient, core: Core,
                                                     clock: ManualClock) -> None:
    clock.set(datetime(2026, 11, 23, 18, 30, tzinfo=UTC))
    text = _text(client.get("/").text)
    assert "Closed now" in text
    assert "Today's hours: 08:00\u201317:00" in text
    assert "Waits are shown while we are open." in text
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))  # a Saturday
    _expire(client)
    view = client.get("/public.json").json()
    assert (view["open"], view["hours"], view["waits"]) == (False, "Closed all day today", [])


def test_the_page_may_not_be_framed_and_embed_only_by_its_origins(
        core: Core, db: Database, settings: Settings, clock: ManualClock) -> None:
    with TestClient(create_app(core, rate_limit_per_minute=100_000)) as client:
        page = client.get("/")
        assert page.headers["content-security-policy"] == CSP
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["cache-control"] == "no-store"
        embed = client.get("/embed")
        assert embed.headers.get_list("content-security-policy") == [
            CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")]
        assert embed.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
        assert "<header" not in embed.text
        assert "<footer" not in embed.text
    web = replace(settings.web, embed_origins=("https://intranet.example.com",))
    framed = assemble(db, replace(settings, web=web), clock)
    with TestClient(create_app(framed, rate_limit_per_minute=100_000)) as client:
        policy = client.get("/embed").headers["content-security-policy"]
        assert "frame-ancestors 'self' https://intranet.example.com;" in policy + ";"
        assert "frame-ancestors 'none'" in client.get("/").headers["content-security-policy"]


def test_the_events_stream_sends_the_texts(client: TestClient, core: Core) -> None:
    core.visits.check_in(name="A", category="laptop")
    with client.stream("GET", "/public/events?lang=de") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = stream.iter_lines()
        assert next(lines) == "retry: 3000"
        assert next(lines) == ""
        assert next(lines) == "event: public"
        data = next(lines)
    assert '"waiting_text": "1 Person wartet."' in data


def test_one_read_per_change_for_every_live_page() -> None:
    reads: list[int] = []
    summaries = iter(range(1000))

    def read() -> PublicSummary:
        reads.append(1)
        return PublicSummary(open=True, hours=(480, 1020), waiting=next(summaries) // 2,
                             waits=(), notices=())

    feed = PublicFeed(read, _NeverWaiter)

    async def scenario() -> None:
        followers = [feed.follow() for _ in range(50)]
        feed.stop()  # the watcher's first read is done; drive the feed by hand below
        before = len(reads)
        feed.publish()
        updates = [await f.queue.get() for f in followers]
        while not followers[0].queue.empty():
            updates[0] = followers[0].queue.get_nowait()
        assert len(reads) == before + 1, "one read for fifty pages"
        assert len({id(u[1]) for u in updates}) == 1, "the same summary for all"
        made: list[str] = []
        for _ in range(50):
            feed.texts(updates[0][0], "es", lambda: made.append("es") or {})
        assert made == ["es"], "the texts of a language made once per summary"

    asyncio.run(scenario())
    assert feed.summary() is feed.summary()
    assert len(parse_hours("closed", "f").days) == 7


class _NeverWaiter:
    """A change waiter that reports nothing (the test drives the feed)."""

    def __init__(self) -> None:
        self.closed = threading.Event()

    def wait(self, timeout: float) -> bool:
        self.closed.wait(timeout)
        return False

    def close(self) -> None:
        self.closed.set()


def _expire(client: TestClient) -> None:
    """Forget the page's cached summary (it is kept a few seconds without a watcher)."""
    feed: PublicFeed = client.app.state.public_feed
    feed._read_at = 0.0
    feed._live = False
