"""Ticket numbers, service days and the visit's status link."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote


def service_day(moment: datetime, utc_offset: timedelta) -> str:
    """The site's local calendar day of ``moment`` as ISO text (``2026-11-22``)."""
    return (moment + utc_offset).date().isoformat()


def format_ticket(prefix: str, number: int) -> str:
    """``L-042``: the prefix and a zero-padded daily counter."""
    return f"{prefix}-{number:03d}"


def status_url(template: str, visit_id: str, ticket_number: str) -> str:
    """The visit's status page from a template with ``{visit_id}`` and ``{ticket_number}``."""
    return (template.replace("{visit_id}", quote(visit_id, safe=""))
            .replace("{ticket_number}", quote(ticket_number, safe="")))
