"""The JSON document sent for each finished visit.

Its JSON Schema lives in ``resources/visit-webhook.schema.json``; keep the two in step
(a test validates built payloads against the schema).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kiosk.config import RESOURCES, Settings
from kiosk.domain import Visit, VisitEvent

SCHEMA_VERSION = 1
SCHEMA_PATH = RESOURCES / "visit-webhook.schema.json"


def build_payload(visit: Visit, settings: Settings) -> dict[str, Any]:
    """The webhook document for a finished ``visit`` (loaded with its events).

    Empty optional text (an email nobody gave, no technician) is sent as ``null``.

    Raises:
        ValueError: the visit has not ended, so there is nothing to send yet.
    """
    if not visit.state.is_final or visit.ended_at is None:
        raise ValueError(f"visit {visit.id} is {visit.state.value}, not finished")
    category = settings.category(visit.category)
    return {
        "schema_version": SCHEMA_VERSION,
        "visit_id": visit.id,
        "ticket_number": visit.ticket_number,
        "site": {"id": visit.site, "name": settings.site_name},
        "state": visit.state.value,
        "category": {"id": visit.category,
                     "label": category.label if category else visit.category},
        "priority": visit.priority,
        "requester": {
            "name": visit.requester.name,
            "email": visit.requester.email or None,
            "employee_id": visit.requester.employee_id or None,
        },
        "description": visit.description,
        "checked_in_at": iso_utc(visit.checked_in_at),
        "called_at": _maybe(visit.called_at),
        "started_at": _maybe(visit.started_at),
        "ended_at": iso_utc(visit.ended_at),
        "technician": visit.technician or None,
        "resolution": {"code": visit.resolution_code or None,
                       "notes": visit.resolution_notes},
        "events": [_event(e) for e in visit.events],
    }


def iso_utc(moment: datetime) -> str:
    """``2026-11-22T09:00:00.000Z``: ISO 8601 in UTC with milliseconds."""
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"


def _maybe(moment: datetime | None) -> str | None:
    return iso_utc(moment) if moment is not None else None


def _event(event: VisitEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "at": iso_utc(event.at),
        "actor": event.actor,
        "note": event.note,
    }
