"""Joining the line from a desk in a real browser: from the public page to the status page.

A real uvicorn serves the pages, a real SMTP server (aiosmtpd) receives the one-time
code, and headless Chromium does what a person would: opens the public page, follows the
link to join, gives a work e-mail, a reason and details, types a wrong code, then the
one from the e-mail, and lands on the status page of a remote visit. Screenshots go to
``TECHBAR_WEB_SHOTS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.app.directory import Person
from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.server import BackgroundServer
from tests.integration.test_status_page_browser import browser, shots  # noqa: F401
from tests.unit.web.test_join_pages import Inbox, inbox  # noqa: F401

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(sqlite_url: str, settings: Settings, clock: ManualClock,
         inbox: tuple[Inbox, int]) -> Iterator[Core]:  # noqa: F811
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # a Monday morning: open
    database = Database(sqlite_url)
    database.migrate()
    chosen = replace(settings,
                     notify=NotifySettings(smtp_url=f"mailto://127.0.0.1:{inbox[1]}"
                                                    "?from=techbar@example.com",
                                           timeout_seconds=5),
                     web=replace(settings.web, remote_join=True))
    core = assemble(database, chosen, clock)
    core.directory.import_people([Person("E1", "Ada Lovelace", "ada@example.com")])
    yield core
    core.close()


@pytest.fixture
def server(site: Core) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(site, rate_limit_per_minute=100_000)) as running:
        yield running


def test_a_person_joins_from_their_desk_with_the_code_from_their_mail(
        browser: Any, site: Core, server: BackgroundServer, shots: Path,  # noqa: F811
        inbox: tuple[Inbox, int]) -> None:  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/")
        page.locator(".join-link a").click()
        page.wait_for_url("**/join**")
        page.fill("#join-email", "ada@example.com")
        page.select_option("#join-category", "laptop")
        page.fill("#join-details", "The laptop will not wake from sleep")
        page.screenshot(path=str(shots / "join-form.png"), full_page=True)
        page.locator("form button[type=submit]").click()
        page.wait_for_selector("#join-code")
        assert "a\u2022\u2022\u2022@example.com" in page.content(), "the address, masked"
        code = inbox[0].code_for("ada@example.com")
        page.fill("#join-code", "000000" if code != "000000" else "111111")
        page.locator("form button[type=submit]").click()
        page.wait_for_selector("#confirm-error")
        page.screenshot(path=str(shots / "join-wrong-code.png"), full_page=True)
        page.fill("#join-code", code)
        page.locator("form button[type=submit]").click()
        page.wait_for_url("**/v/**")
        page.screenshot(path=str(shots / "join-done.png"), full_page=True)
        (visit,) = site.visits.active_visits()
        assert visit.remote
        assert visit.requester.name == "Ada Lovelace"
        assert visit.ticket_number in page.content()
    finally:
        context.close()
