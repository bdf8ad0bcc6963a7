"""The webhook payload: built from a finished visit, valid against its JSON Schema."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kiosk.config import Settings
from kiosk.domain.visit import Requester, Visit, VisitEvent, VisitState
from kiosk.sync.payload import SCHEMA_PATH, Satisfaction, build_payload, iso_utc

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def resolved_visit(**changes: Any) -> Visit:
    vid = str(uuid.uuid4())
    at = [T0 + timedelta(minutes=m) for m in (0, 5, 6, 20)]
    events = (
        VisitEvent(1, vid, "check_in", None, "waiting", at[0], "kiosk"),
        VisitEvent(2, vid, "call", "waiting", "called", at[1], "ana"),
        VisitEvent(3, vid, "start", "called", "in_service", at[2], "ana"),
        VisitEvent(4, vid, "resolve", "in_service", "resolved", at[3], "ana", "new battery"),
    )
    visit = Visit(
        id=vid, ticket_number="L-007", site="hq", category="laptop",
        state=VisitState.RESOLVED, priority=0,
        requester=Requester("Zoë <b>Ng</b>", "zoe@example.com", "E123"),
        description="won't boot", checked_in_at=at[0], queued_at=at[0], called_at=at[1],
        started_at=at[2], ended_at=at[3], technician="ana", resolution_code="hardware",
        resolution_notes="new battery", version=4, events=events,
    )
    return replace(visit, **changes)


def test_the_schema_is_valid_draft_2020_12() -> None:
    validator()


def test_a_resolved_visit_gives_a_complete_valid_payload(settings: Settings) -> None:
    visit = resolved_visit()
    payload = build_payload(visit, settings)
    validator().validate(payload)
    assert payload["visit_id"] == visit.id
    assert payload["ticket_number"] == "L-007"
    assert payload["state"] == "resolved"
    assert payload["category"] == {"id": "laptop", "label": "Laptop & hardware"}
    assert payload["requester"] == {"name": "Zoë <b>Ng</b>", "email": "zoe@example.com",
                                    "employee_id": "E123"}
    assert payload["checked_in_at"] == "2026-11-22T09:00:00.000Z"
    assert payload["ended_at"] == "2026-11-22T09:20:00.000Z"
    assert payload["technician"] == "ana"
    assert payload["resolution"] == {"code": "hardware", "notes": "new battery"}
    assert payload["site"] == {"id": "hq", "name": settings.site_name}
    assert [e["action"] for e in payload["events"]] == ["check_in", "call", "start", "resolve"]
    assert payload["events"][0] == {"seq": 1, "action": "check_in", "from_state": None,
                                    "to_state": "waiting", "at": "2026-11-22T09:00:00.000Z",
                                    "actor": "kiosk", "note": ""}
    json.dumps(payload)  # plain JSON types only


def test_missing_optional_values_are_null_and_still_valid(settings: Settings) -> None:
    visit = resolved_visit(state=VisitState.CANCELLED, technician="", resolution_code="",
                           resolution_notes="", called_at=None, started_at=None,
                           requester=Requester("Guest"))
    payload = build_payload(visit, settings)
    validator().validate(payload)
    assert payload["requester"] == {"name": "Guest", "email": None, "employee_id": None}
    assert payload["technician"] is None
    assert payload["resolution"] == {"code": None, "notes": ""}
    assert payload["called_at"] is None


def test_an_unknown_category_keeps_its_id_as_label(settings: Settings) -> None:
    payload = build_payload(resolved_visit(category="retired"), settings)
    assert payload["category"] == {"id": "retired", "label": "retired"}


def test_an_unfinished_visit_cannot_be_sent(settings: Settings) -> None:
    with pytest.raises(ValueError, match="in_service"):
        build_payload(resolved_visit(state=VisitState.IN_SERVICE, ended_at=None), settings)


def test_the_schema_rejects_what_a_receiver_could_not_use(settings: Settings) -> None:
    payload = build_payload(resolved_visit(), settings)
    check = validator()
    for broken in (
        {**payload, "visit_id": "not-a-uuid"},
        {**payload, "state": "waiting"},
        {**payload, "ended_at": "22/11/2026"},
        {**payload, "unexpected": 1},
        {k: v for k, v in payload.items() if k != "events"},
    ):
        assert not check.is_valid(broken)


def test_timestamps_are_utc_with_a_z() -> None:
    paris = timezone(timedelta(hours=1))
    local = datetime(2026, 11, 22, 11, 30, 15, 123456, tzinfo=paris)
    assert iso_utc(local) == "2026-11-22T10:30:15.123Z"


# ------------------------------------------------------------ schema version 2


def test_version_2_carries_device_time_escalation_and_satisfaction(settings: Settings) -> None:
    visit = resolved_visit(device="ThinkPad T14", asset_tag="A-4711", time_spent_minutes=9)
    payload = build_payload(visit, settings, satisfaction=Satisfaction(3, "quick!"))
    validator().validate(payload)
    assert payload["schema_version"] == 2
    assert (payload["device"], payload["asset_tag"]) == ("ThinkPad T14", "A-4711")
    assert payload["time_spent_minutes"] == 9
    assert payload["escalation_group"] is None
    assert payload["satisfaction"] == {"score": 3, "label": "happy", "comment": "quick!"}


def test_without_recorded_time_the_minutes_from_start_to_end_are_sent(settings: Settings) -> None:
    payload = build_payload(resolved_visit(), settings)
    assert payload["time_spent_minutes"] == 14  # started 09:06, ended 09:20
    assert payload["device"] is None
    assert payload["satisfaction"] is None
    never_started = build_payload(resolved_visit(state=VisitState.CANCELLED, started_at=None),
                                  settings)
    assert never_started["time_spent_minutes"] is None


@pytest.mark.parametrize(("group", "code", "expected"), [
    ("network-team", "escalated:ignored", "network-team"),
    ("", "escalated:Network L2", "Network L2"),
    ("", "hardware", None),
])
def test_the_escalation_group_falls_back_to_the_resolution_code(
        settings: Settings, group: str, code: str, expected: str | None) -> None:
    visit = resolved_visit(state=VisitState.ESCALATED, escalation_group=group,
                           resolution_code=code)
    payload = build_payload(visit, settings)
    validator().validate(payload)
    assert payload["escalation_group"] == expected


def test_a_version_1_document_still_validates(settings: Settings) -> None:
    payload = build_payload(resolved_visit(), settings)
    old = {k: v for k, v in payload.items() if k not in (
        "device", "asset_tag", "time_spent_minutes", "escalation_group", "satisfaction")}
    check = validator()
    assert check.is_valid({**old, "schema_version": 1})
    assert not check.is_valid({**old, "schema_version": 2})  # version 2 needs the new fields
    assert not check.is_valid({**payload, "satisfaction": {"score": 5, "label": "x",
                                                           "comment": ""}})
