"""The ticket text every ticketing adapter shares: details, timeline, outcome."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.sync.adapters.text import (
    check_in_text,
    escalation_group,
    minutes_spent,
    satisfaction_text,
    ticket_subject,
    timeline_note,
    timeline_text,
)

PAYLOAD: dict[str, Any] = {
    "visit_id": "0b7c2f7e-8a53-4d52-9a0e-2f3f1c0d9b11", "ticket_number": "L-007",
    "site": {"id": "hq", "name": "HQ Tech Bar"}, "state": "escalated",
    "category": {"id": "laptop", "label": "Laptop & hardware"}, "priority": 0,
    "requester": {"name": "Zoë Ng", "email": None, "employee_id": "E1"},
    "description": "Screen flickers", "checked_in_at": "2026-11-22T09:00:00.000Z",
    "started_at": "2026-11-22T09:05:00.000Z", "ended_at": "2026-11-22T09:50:00.000Z",
    "technician": "ana", "resolution": {"code": "escalated:network", "notes": "port dead"},
    "events": [], "device": "ThinkPad", "asset_tag": "A-1", "time_spent_minutes": 20,
    "escalation_group": "Network L2",
    "satisfaction": {"score": 1, "label": "unhappy", "comment": "too\nslow"},
}


def test_the_check_in_text_names_device_and_asset_tag() -> None:
    text = check_in_text(PAYLOAD)
    assert "Device: ThinkPad\nAsset tag: A-1\n" in text
    assert "Email" not in text


def test_the_timeline_carries_group_time_and_satisfaction() -> None:
    text = timeline_text(PAYLOAD)
    for line in ("Time spent: 20 min", "Escalated to: Network L2",
                 'Satisfaction: unhappy (1/3): "too slow"'):
        assert line in text.splitlines()
    assert timeline_note(PAYLOAD).startswith(f"Tech Bar timeline {PAYLOAD['visit_id']}\n\n")


@pytest.mark.parametrize(("changes", "group"), [
    ({}, "Network L2"),
    ({"escalation_group": None}, "network"),  # schema version 1: from the code
    ({"escalation_group": None, "resolution": {"code": "other", "notes": ""}}, ""),
    ({"state": "resolved"}, ""),
])
def test_escalation_group(changes: dict[str, Any], group: str) -> None:
    assert escalation_group({**PAYLOAD, **changes}) == group


def test_recorded_minutes_win_over_the_clock() -> None:
    assert minutes_spent(PAYLOAD) == 20
    assert minutes_spent({**PAYLOAD, "time_spent_minutes": None}) == 45


def test_no_answer_yet() -> None:
    assert satisfaction_text({**PAYLOAD, "satisfaction": None}) == "(not rated yet)"


def test_a_subject_can_be_cut_shorter() -> None:
    subject = ticket_subject({**PAYLOAD, "description": "x" * 300}, 160)
    assert len(subject) == 160
    assert subject.endswith("… [L-007]")
