"""What the RT adapter writes into a ticket, built from a real visit's payload."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import RTSettings, Settings
from kiosk.store import Database
from kiosk.sync.adapters.rt import (
    MAX_SUBJECT,
    RTAdapter,
    _require_status,
    check_in_text,
    minutes_spent,
    ticket_subject,
    timeline_subject,
    timeline_text,
)
from kiosk.sync.delivery import PermanentError
from kiosk.sync.factory import build_adapter
from kiosk.sync.payload import build_payload


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """One database is enough to build a payload."""
    database = Database(sqlite_url)
    database.migrate()
    database.dispose()
    return sqlite_url


@pytest.fixture
def payload(service: VisitService, clock: ManualClock, settings: Settings) -> dict[str, Any]:
    visit = service.check_in(name="Zoë Ng", category="account", email="zoe@example.com",
                             employee_id="E-77", description="Locked out\nsince Monday")
    service.call(visit.id, "ana")
    clock.advance(timedelta(minutes=3))
    service.start(visit.id, "ana")
    clock.advance(timedelta(minutes=14, seconds=40))
    service.resolve(visit.id, "ana", "password-reset", "reset and\nMFA re-enrolled")
    return build_payload(service.get(visit.id), settings)


def test_the_subject_is_category_first_line_and_ticket_number(payload: dict[str, Any]) -> None:
    assert ticket_subject(payload) == \
        f"Account & password: Locked out [{payload['ticket_number']}]"


def test_a_long_or_missing_description_still_gives_a_short_subject(
        payload: dict[str, Any]) -> None:
    long = ticket_subject({**payload, "description": "x" * 500})
    assert len(long) == MAX_SUBJECT
    assert long.endswith(f"… [{payload['ticket_number']}]")
    assert ticket_subject({**payload, "description": ""}) == \
        f"Account & password [{payload['ticket_number']}]"


def test_the_check_in_text_carries_the_details(payload: dict[str, Any]) -> None:
    text = check_in_text(payload)
    for expected in ("Requester: Zoë Ng", "Email: zoe@example.com", "Employee id: E-77",
                     "Category: Account & password (account)", "Locked out\nsince Monday",
                     f"Visit id: {payload['visit_id']}", "HQ Tech Bar"):
        assert expected in text


def test_the_timeline_lists_every_event_and_the_outcome(payload: dict[str, Any]) -> None:
    text = timeline_text(payload)
    lines = text.splitlines()
    assert [line.split(": ")[0].split()[-1] for line in lines[1:5]] == [
        "check_in", "call", "start", "resolve"]
    assert "Technician: ana" in lines
    assert "Time spent: 15 min" in lines
    assert "Outcome: resolved" in lines
    assert "Resolution code: password-reset" in lines
    assert text.endswith("reset and\nMFA re-enrolled\n")


@pytest.mark.parametrize(("started", "ended", "minutes"), [
    ("2026-11-22T09:00:00.000Z", "2026-11-22T09:14:40.000Z", 15),
    ("2026-11-22T09:00:00.000Z", "2026-11-22T09:00:10.000Z", 1),
    ("2026-11-22T09:00:00.000Z", "2026-11-22T09:00:00.000Z", 0),
    (None, "2026-11-22T09:00:00.000Z", 0),
    ("garbage", "2026-11-22T09:00:00.000Z", 0),
])
def test_minutes_spent(started: str | None, ended: str, minutes: int) -> None:
    assert minutes_spent({"started_at": started, "ended_at": ended}) == minutes


def test_the_timeline_marker_names_the_visit() -> None:
    assert timeline_subject("abc") == "Tech Bar timeline abc"


def test_a_refused_status_is_a_permanent_error() -> None:
    _require_status(["Comments added", "Ticket 1: Status changed from 'new' to 'resolved'"],
                    "resolved", "comment")
    _require_status([], "resolved", "set the status")
    with pytest.raises(PermanentError, match="resolve_status"):
        _require_status(["Comments added", "Status 'done' isn't a valid status for this ticket."],
                        "done", "comment")


def test_the_rt_backend_builds_the_rt_adapter(settings: Settings) -> None:
    configured = replace(settings, backend="rt", rt=RTSettings(
        url="http://127.0.0.1:9/rt/", queue="Walk-up", token="t", timeout_seconds=3))
    adapter = build_adapter(configured)
    assert isinstance(adapter, RTAdapter)
    assert (adapter.api_url, adapter.queue, adapter.timeout) == (
        "http://127.0.0.1:9/rt/REST/2.0", "Walk-up", 3)
    assert adapter.ticket_url("42") == "http://127.0.0.1:9/rt/Ticket/Display.html?id=42"
    adapter.close()


def test_the_adapter_needs_a_url() -> None:
    with pytest.raises(ValueError, match="base URL"):
        RTAdapter(RTSettings())
