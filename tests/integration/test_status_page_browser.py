"""The status page in a real browser: headless Chromium (Debian's) at a phone's size.

A real uvicorn serves the page on loopback; Playwright drives ``/usr/bin/chromium``. The
page sees the line move when a technician calls someone ahead (through the core), and
"It's your turn" with a beep, a vibration and a new title when it is called; it falls
back to polling without EventSource; leaving asks first. Screenshots go to the test's
folder (or ``TECHBAR_WEB_SHOTS``), to be looked at.

Under ``CI=true`` a missing Chromium or Playwright fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.server import BackgroundServer
from tests.conftest import require_or_skip

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
#: The page's own wait for a change, generous for a shared machine (the events test
#: measures the one-second promise itself).
LIVE_MS = 3000
#: Counts what the page asks of the phone: vibrations and Web Audio tones.
RECORDER = """
window.__vibrations = [];
navigator.vibrate = function (pattern) { window.__vibrations.push(pattern); return true; };
window.__tones = 0;
const Original = window.AudioContext;
if (Original) {
  const make = Original.prototype.createOscillator;
  Original.prototype.createOscillator = function () { window.__tones += 1; return make.call(this); };
}
"""
NO_EVENT_SOURCE = "delete window.EventSource;"


@pytest.fixture
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        require_or_skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TECHBAR_WEB_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def site(sqlite_url: str, settings: Settings, clock: ManualClock) -> Iterator[Core]:
    database = Database(sqlite_url)
    database.migrate()
    core = assemble(database, settings, clock)
    yield core
    core.close()


@pytest.fixture
def server(site: Core) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(site, rate_limit_per_minute=100_000)) as running:
        yield running


def _phone(browser: Any, *scripts: str, locale: str = "en-US") -> Any:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale=locale)
    for script in scripts:
        context.add_init_script(script)
    return context


def _wait_for_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function("([s, t]) => document.querySelector(s).textContent === t",
                           arg=[selector, text], timeout=LIVE_MS)


def test_the_page_follows_the_line_and_says_when_it_is_your_turn(
        browser: Any, site: Core, server: BackgroundServer, shots: Path) -> None:
    ahead = site.visits.check_in(name="Ahead", category="laptop")
    mine = site.visits.check_in(name="Ana García", category="laptop",
                                description="<b>My laptop</b> will not start")
    context = _phone(browser, RECORDER)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/v/{mine.status_token}")
        assert page.locator("#headline").inner_text() == "You are number 2 in line."
        assert page.locator("html").get_attribute("lang") == "en"
        content = page.content()
        assert "Ana" not in content
        assert "My laptop" not in content
        page.screenshot(path=str(shots / "status-waiting.png"), full_page=True)
        page.wait_for_function("() => document.body.dataset.state === 'waiting'")
        _until_streaming(server)
        site.visits.call(ahead.id, "Kim", counter="Desk 1")
        _wait_for_text(page, "#headline", "You're next in line.")
        page.screenshot(path=str(shots / "status-next.png"), full_page=True)
        assert page.evaluate("window.__vibrations.length") == 0
        site.visits.call(mine.id, "Lee", counter="Desk 2")
        _wait_for_text(page, "#headline", "It's your turn: go to Desk 2")
        assert page.title().startswith("\u25b6")
        assert page.evaluate("window.__vibrations.length") == 1
        assert page.evaluate("window.__tones") >= 1, "a beep"
        assert "turn" in (page.locator("#card").get_attribute("class") or "")
        page.screenshot(path=str(shots / "status-turn.png"), full_page=True)
    finally:
        context.close()


def test_without_event_source_the_page_polls(browser: Any, site: Core,
                                             server: BackgroundServer, shots: Path) -> None:
    ahead = site.visits.check_in(name="Ahead", category="account")
    mine = site.visits.check_in(name="Mine", category="account")
    context = _phone(browser, NO_EVENT_SOURCE, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{server.url}/v/{mine.status_token}")
        assert page.locator("html").get_attribute("lang") == "de"
        site.visits.call(ahead.id, "Kim")
        page.wait_for_function(
            "() => document.querySelector('#headline').textContent.includes('Nächstes')",
            timeout=8000)
        page.screenshot(path=str(shots / "status-polling-de.png"), full_page=True)
    finally:
        context.close()


def test_leaving_the_line_asks_first(browser: Any, site: Core, server: BackgroundServer,
                                     shots: Path) -> None:
    mine = site.visits.check_in(name="Mine", category="mobile", language="es")
    context = _phone(browser, locale="es-ES")
    page = context.new_page()
    try:
        page.goto(f"{server.url}/v/{mine.status_token}")
        page.get_by_role("link", name="Ya no necesito ayuda").click()
        page.wait_for_url("**/leave?lang=es")
        page.screenshot(path=str(shots / "status-leave-es.png"), full_page=True)
        assert site.visits.get(mine.id).state.value == "waiting"
        page.get_by_role("button", name="Sí, dejar la fila").click()
        _wait_for_text(page, "#headline", "Has dejado la fila.")
        assert site.visits.get(mine.id).state.value == "cancelled"
        assert page.locator("#leave").is_hidden()
        page.screenshot(path=str(shots / "status-left-es.png"), full_page=True)
        page.goto(f"{server.url}/v/{'A' * 32}")
        assert "No encontrado" in page.locator("h1").inner_text()
        page.screenshot(path=str(shots / "status-not-found-es.png"), full_page=True)
    finally:
        context.close()


def _until_streaming(server: BackgroundServer) -> None:
    """Wait until the page's event stream is open (its first change must not be missed)."""
    import time

    deadline = time.monotonic() + LIVE_MS / 1000
    while server.app.state.hub.streams < 1:
        assert time.monotonic() < deadline, "the page opened no event stream"
        time.sleep(0.02)


def test_chromium_is_debians(browser: Any) -> None:
    assert shutil.which("chromium") == CHROMIUM or os.access(CHROMIUM, os.X_OK)
    assert browser.version
