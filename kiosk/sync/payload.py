"""The JSON document sent for each finished visit.

Its JSON Schema lives in ``resources/visit-webhook.schema.json``; keep the two in step
(a test validates built payloads against the schema). Version 2 adds ``device``,
``asset_tag``, ``time_spent_minutes``, ``escalation_group`` and ``satisfaction`` and
changes nothing else, so a receiver of version 1 keeps working if it ignores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kiosk.config import RESOURCES, Settings
from kiosk.domain.visit import Visit, VisitEvent, VisitState
from kiosk.store import Database, UnitOfWork
from kiosk.store.repositories.visits import to_visit

SCHEMA_VERSION = 2
SATISFACTION_LABELS = {1: "unhappy", 2: "neutral", 3: "happy"}
ESCALATED_PREFIX = "escalated:"


@dataclass(frozen=True)
class Satisfaction:
    """The visitor's survey answer: 1 unhappy, 2 neutral, 3 happy."""

    score: int
    comment: str = ""


def read_satisfaction(db: Database, visit_id: str) -> Satisfaction | None:
    """The visit's survey answer, if the visitor gave one (one read-only transaction)."""
    with UnitOfWork(db, readonly=True) as uow:
        row = uow.surveys.get(visit_id)
        return Satisfaction(row.score, row.comment) if row is not None else None


def load_visits(uow: UnitOfWork, visit_ids: Sequence[str]
                ) -> dict[str, tuple[Visit, Satisfaction | None]]:
    """Each visit with its events, and its survey answer if any, by id (two queries and
    one per survey); visits that are gone are left out."""
    rows = uow.visits.by_ids(visit_ids)
    events = uow.visits.events_for([row.id for row in rows])
    loaded = {}
    for row in rows:
        survey = uow.surveys.get(row.id)
        loaded[row.id] = (to_visit(row, events[row.id]),
                          Satisfaction(survey.score, survey.comment) if survey is not None else None)
    return loaded
SCHEMA_PATH = RESOURCES / "visit-webhook.schema.json"


def build_payload(visit: Visit, settings: Settings, *,
                  satisfaction: Satisfaction | None = None) -> dict[str, Any]:
    """The webhook document for a finished ``visit`` (loaded with its events).

    Empty optional text (an email nobody gave, no technician) is sent as ``null``.

    Args:
        satisfaction: the survey answer, when there is one by the time it is sent.

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
        "device": visit.device or None,
        "asset_tag": visit.asset_tag or None,
        "time_spent_minutes": time_spent(visit),
        "escalation_group": escalation_group(visit) or None,
        "satisfaction": None if satisfaction is None else {
            "score": satisfaction.score,
            "label": SATISFACTION_LABELS.get(satisfaction.score, str(satisfaction.score)),
            "comment": satisfaction.comment},
    }


def time_spent(visit: Visit) -> int | None:
    """The minutes the technician recorded, else whole minutes from start to end."""
    if visit.time_spent_minutes is not None:
        return max(visit.time_spent_minutes, 0)
    if visit.started_at is None or visit.ended_at is None:
        return None
    seconds = (visit.ended_at - visit.started_at).total_seconds()
    return max(1, round(seconds / 60)) if seconds > 0 else 0


def escalation_group(visit: Visit) -> str:
    """Where an escalated visit went: ``escalation_group``, else ``escalated:<group>``."""
    if visit.state is not VisitState.ESCALATED:
        return ""
    if visit.escalation_group:
        return visit.escalation_group
    code = visit.resolution_code
    return code.removeprefix(ESCALATED_PREFIX).strip() if code.startswith(ESCALATED_PREFIX) \
        else ""


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
