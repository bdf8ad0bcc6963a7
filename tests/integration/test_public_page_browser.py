"""The public page and /embed in a real browser: headless Chromium at desktop and phone sizes.

A real uvicorn serves the page; the page sees the number waiting and the wait change live
when someone checks in through the core. An accessibility check: the language, one h1,
landmarks, every image with alt text, the main colours' contrast (from the CSS variables),
a visible focus, and the keyboard reaching the links. /embed is framed by an intranet page
of an allowed origin and refused to another. Screenshots go to ``TECHBAR_WEB_SHOTS``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.server import BackgroundServer
from tests.integration.test_status_page_browser import LIVE_MS, browser, shots  # noqa: F401

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: Text colour on background, pairs of the pages' CSS variables (AA: 4.5:1 at least).
PAIRS = [("--ink", "--paper"), ("--ink", "--card"), ("--muted", "--card"),
         ("--muted", "--paper"), ("--accent", "--card"), ("--open", "--card"),
         ("--closed", "--card"), ("--warning-ink", "--warning-bg"),
         ("--critical-ink", "--critical-bg"), ("--ink", "--info-bg")]


class _Intranet:
    """Intranet pages on loopback (other origins than the service's) framing ``/embed``."""

    def __init__(self) -> None:
        self.src = ""
        page = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = (f'<!doctype html><html lang="en"><body><h1>Intranet</h1>'
                        f'<iframe title="Tech Bar" src="{page.src}" width="320" height="460">'
                        f'</iframe></body></html>').encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(2)]
        self.threads = [threading.Thread(target=s.serve_forever) for s in self.servers]
        self.allowed, self.other = (f"http://127.0.0.1:{s.server_address[1]}"
                                    for s in self.servers)

    def __enter__(self) -> _Intranet:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()
        for thread in self.threads:
            thread.join()


@pytest.fixture
def intranet() -> Iterator[_Intranet]:
    with _Intranet() as pages:
        yield pages


@pytest.fixture
def site(sqlite_url: str, settings: Settings, clock: ManualClock,
         intranet: _Intranet) -> Iterator[Core]:
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # a Monday: open 08:00-17:00
    database = Database(sqlite_url)
    database.migrate()
    web = replace(settings.web, embed_origins=(intranet.allowed,))
    core = assemble(database, replace(settings, web=web), clock)
    yield core
    core.close()


@pytest.fixture
def server(site: Core) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(site, rate_limit_per_minute=100_000)) as running:
        yield running


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_public_page_follows_the_line_live(browser: Any, site: Core,  # noqa: F811
                                               server: BackgroundServer, shots: Path,  # noqa: F811
                                               name: str, viewport: dict[str, int]) -> None:
    site.notices.post(title="Wi-Fi down in building B <b>", message="We're on it.",
                      severity="warning")
    context = browser.new_context(viewport=viewport, locale="en-GB",
                                  is_mobile=name == "phone", has_touch=name == "phone")
    page = context.new_page()
    try:
        page.goto(f"{server.url}/")
        assert page.locator("#waiting-text").inner_text() == "No one is waiting."
        _until_following(server)
        page.screenshot(path=str(shots / f"public-{name}-empty.png"), full_page=True)
        site.visits.check_in(name="Ana García", category="laptop")
        site.visits.check_in(name="Bo Li", category="laptop")
        page.wait_for_function(
            "() => document.querySelector('#waiting-text').textContent === "
            "'2 people are waiting.'", timeout=LIVE_MS)
        assert "Ana" not in page.content()
        assert "Wi-Fi down in building B <b>" in page.locator("#notices").inner_text()
        page.screenshot(path=str(shots / f"public-{name}-waiting.png"), full_page=True)
        _accessible(page)
    finally:
        context.close()


def test_the_fragment_is_framed_by_an_allowed_intranet_page_only(
        browser: Any, site: Core, server: BackgroundServer, shots: Path,  # noqa: F811
        intranet: _Intranet) -> None:
    intranet.src = f"{server.url}/embed"
    context = browser.new_context(viewport={"width": 900, "height": 700}, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{intranet.allowed}/home")
        frame = page.frame_locator("iframe")
        assert frame.locator("h1").inner_text(timeout=LIVE_MS) == site.settings.site_name
        assert frame.locator("#state").inner_text() == "Jetzt geöffnet"
        site.visits.check_in(name="Cy", category="account")
        frame.locator("#waiting-text").filter(has_text="1 Person wartet.").wait_for(
            timeout=LIVE_MS)
        page.screenshot(path=str(shots / "public-embed-de.png"))
        page.goto(f"{intranet.other}/home")
        page.wait_for_timeout(500)
        assert all(f.query_selector("#state") is None for f in page.frames), "framed elsewhere"
    finally:
        context.close()


def _until_following(server: BackgroundServer) -> None:
    import time

    deadline = time.monotonic() + LIVE_MS / 1000
    while server.app.state.public_feed.followers < 1:
        assert time.monotonic() < deadline, "the page opened no event stream"
        time.sleep(0.02)


def _accessible(page: Any) -> None:
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("img:not([alt])").count() == 0
    assert page.locator("[aria-live=polite]").count() >= 1
    colours = page.evaluate("""(names) => {
        const style = getComputedStyle(document.documentElement);
        return Object.fromEntries(names.map(n => [n, style.getPropertyValue(n).trim()]));
    }""", sorted({n for pair in PAIRS for n in pair}))
    for ink, paper in PAIRS:
        ratio = _contrast(colours[ink], colours[paper])
        assert ratio >= 4.5, f"{ink} on {paper}: {ratio:.2f}:1"
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement;
            return [e.tagName, e.textContent.trim(), getComputedStyle(e).outlineStyle];
        }""")
        reached.append(focused)
    links = [text for tag, text, _ in reached if tag == "A"]
    assert {"English", "Español", "Deutsch"} <= set(links), reached
    assert all(outline != "none" for tag, _, outline in reached if tag == "A"), "focus visible"


def _contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
