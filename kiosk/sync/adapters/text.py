"""What every ticketing adapter writes into a ticket, built from the visit's payload.

Plain text only (visitors' words are never interpreted as markup by us). The ticket's
first message carries the check-in details; one internal note (a comment or work note)
carries the timeline and outcome and starts with :func:`timeline_subject`, so a retry
can tell whether it was already written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

TIMELINE_MARKER = "Tech Bar timeline"
MAX_SUBJECT = 200


def timeline_subject(visit_id: str) -> str:
    """The subject that marks a visit's timeline note, so a retry can find it."""
    return f"{TIMELINE_MARKER} {visit_id}"


def ticket_subject(payload: dict[str, Any], limit: int = MAX_SUBJECT) -> str:
    """``<category label>: <first line of the description> [<ticket number>]``."""
    label = str((payload.get("category") or {}).get("label") or "Walk-up visit")
    lines = str(payload.get("description") or "").strip().splitlines()
    number = f" [{payload.get('ticket_number', '')}]"
    head = f"{label}: {lines[0].strip()}" if lines else label
    room = limit - len(number)
    if len(head) > room:
        head = head[:room - 1].rstrip() + "…"
    return head + number


def check_in_text(payload: dict[str, Any]) -> str:
    """The check-in details as plain text: the ticket's first message."""
    requester = payload.get("requester") or {}
    site = payload.get("site") or {}
    category = payload.get("category") or {}
    lines = [f"Walk-up visit {payload.get('ticket_number', '')} at {site.get('name', '')}",
             "",
             f"Requester: {requester.get('name') or '(not given)'}"]
    if requester.get("email"):
        lines.append(f"Email: {requester['email']}")
    if requester.get("employee_id"):
        lines.append(f"Employee id: {requester['employee_id']}")
    lines += [f"Category: {category.get('label', '')} ({category.get('id', '')})",
              f"Priority: {payload.get('priority', '')}"]
    if payload.get("device"):
        lines.append(f"Device: {payload['device']}")
    if payload.get("asset_tag"):
        lines.append(f"Asset tag: {payload['asset_tag']}")
    lines += [f"Checked in: {payload.get('checked_in_at', '')}",
              "", "Description:", str(payload.get("description") or "(none)"),
              "", f"Visit id: {payload.get('visit_id', '')}"]
    return "\n".join(lines) + "\n"


def timeline_text(payload: dict[str, Any]) -> str:
    """The visit's events, technician, time spent, outcome and satisfaction, as plain text."""
    lines = [f"Timeline of visit {payload.get('ticket_number', '')}:"]
    for event in payload.get("events") or []:
        line = (f"  {event.get('at', '')}  {event.get('action', '')}: "
                f"{event.get('from_state') or '-'} -> {event.get('to_state', '')}")
        if event.get("actor"):
            line += f" by {event['actor']}"
        if event.get("note"):
            line += f" ({' '.join(str(event['note']).split())})"
        lines.append(line)
    resolution = payload.get("resolution") or {}
    lines += ["",
              f"Technician: {payload.get('technician') or '(none)'}",
              f"Time spent: {minutes_spent(payload)} min",
              f"Outcome: {payload.get('state', '')}"]
    group = escalation_group(payload)
    if group:
        lines.append(f"Escalated to: {group}")
    lines += [f"Satisfaction: {satisfaction_text(payload)}",
              f"Resolution code: {resolution.get('code') or '(none)'}",
              "Resolution notes:", str(resolution.get("notes") or "(none)")]
    return "\n".join(lines) + "\n"


def timeline_note(payload: dict[str, Any]) -> str:
    """The timeline note with its marker line first (for systems without a note subject)."""
    return f"{timeline_subject(str(payload.get('visit_id', '')))}\n\n{timeline_text(payload)}"


def satisfaction_text(payload: dict[str, Any]) -> str:
    """``happy (3/3): "thanks!"``, or ``(not rated yet)``."""
    rating = payload.get("satisfaction")
    if not isinstance(rating, dict) or not rating.get("score"):
        return "(not rated yet)"
    text = f"{rating.get('label') or ''} ({rating['score']}/3)".strip()
    comment = " ".join(str(rating.get("comment") or "").split())
    return f'{text}: "{comment}"' if comment else text


def escalation_group(payload: dict[str, Any]) -> str:
    """The group an escalated visit went to ("" for other visits)."""
    if payload.get("state") != "escalated":
        return ""
    group = payload.get("escalation_group")
    if group:
        return str(group)
    code = str((payload.get("resolution") or {}).get("code") or "")
    return code.split(":", 1)[1].strip() if code.startswith("escalated:") else ""


def minutes_spent(payload: dict[str, Any]) -> int:
    """``time_spent_minutes`` when the technician gave it, else ``started_at`` to ``ended_at``
    in whole minutes (at least 1 once work started)."""
    given = payload.get("time_spent_minutes")
    if isinstance(given, int) and not isinstance(given, bool) and given >= 0:
        return given
    started, ended = payload.get("started_at"), payload.get("ended_at")
    if not started or not ended:
        return 0
    try:
        seconds = (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()
    except (TypeError, ValueError):
        return 0
    return max(1, round(seconds / 60)) if seconds > 0 else 0
