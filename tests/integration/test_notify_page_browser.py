"""'Tell me when I'm close' in a real headless Chromium at a phone's size, without JavaScript's help."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.domain.nearby import Channel, Choice
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.server import BackgroundServer
from tests.integration.test_status_page_browser import _phone, browser, shots

__all__ = ["browser", "shots"]
CHANNELS = NotifySettings(smtp_url="mailto://mail.example.com",
                          sms_url="twilio://AC1:t@+15550000000")


@pytest.fixture
def site(sqlite_url: str, settings: Settings, clock: ManualClock) -> Iterator[Core]:
    database = Database(sqlite_url)
    database.migrate()
    core = assemble(database, replace(settings, notify=CHANNELS), clock)
    yield core
    core.close()


@pytest.fixture
def server(site: Core) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(site, rate_limit_per_minute=100_000)) as running:
        yield running


def test_the_visitor_chooses_a_text_message_on_the_page(
        browser: Any, site: Core, server: BackgroundServer, shots: Path) -> None:
    site.visits.check_in(name="Ahead", category="laptop")
    mine = site.visits.check_in(name="Ana García", category="laptop", email="ana@example.com")
    context = _phone(browser)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/v/{mine.status_token}")
        page.locator("#notify").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "status-notify.png"), full_page=True)
        page.get_by_role("radio", name="Text message").check()
        page.get_by_role("radio", name="3 people ahead of me").check()
        page.get_by_label("Mobile number (for a text message)").fill("12")
        page.get_by_role("button", name="Save").click()
        assert "country code" in page.locator("#notify-error").inner_text()
        page.screenshot(path=str(shots / "status-notify-refused.png"), full_page=True)
        assert site.notify.choice(mine.id) is None
        page.get_by_label("Mobile number (for a text message)").fill("+44 7700 900123")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"**/v/{mine.status_token}?lang=en#notify")
        assert page.locator("#told").inner_text() == (
            "We'll text +44\u2022\u2022\u2022123 when 3 people are ahead of you, and when "
            "you're called.")
        assert site.notify.choice(mine.id) == Choice(Channel.SMS, "+447700900123", 3)
        page.screenshot(path=str(shots / "status-notify-saved.png"), full_page=True)
    finally:
        context.close()
