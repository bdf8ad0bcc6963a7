"""Ticket numbers, service days and the visit's status link."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit

from kiosk.domain.text import printable_line

#: The longest ticket id and link a ticketing server's answer may give (as stored).
MAX_TICKET_ID = 128
MAX_TICKET_URL = 512
_TYPED_TICKET = re.compile(r"([A-Za-z]{1,3})\s*-?\s*([0-9]{1,4})")
"""A ticket number as people type or scan it: a prefix of 1-3 letters (as the settings
allow), a dash or not, a number; spaces around either part."""


def service_day(moment: datetime, utc_offset: timedelta) -> str:
    """The site's local calendar day of ``moment`` as ISO text (``2026-11-22``)."""
    return (moment + utc_offset).date().isoformat()


def format_ticket(prefix: str, number: int) -> str:
    """``L-042``: the prefix and a zero-padded daily counter."""
    return f"{prefix}-{number:03d}"


def is_ticket_number(text: str) -> bool:
    """Whether ``text`` reads as a ticket number (``L-042``, ``l42``, `` l 042 ``...)."""
    return _TYPED_TICKET.fullmatch(text.strip()) is not None


def normalise_ticket(text: str) -> str:
    """A typed ticket number as :func:`format_ticket` writes it: ``l42`` -> ``L-042``.

    People leave out the dash and the zeros, or add spaces; text that is not a ticket
    number comes back stripped, to be refused by whoever looks it up.
    """
    key = text.strip()
    match = _TYPED_TICKET.fullmatch(key)
    if match is None:
        return key
    return format_ticket(match.group(1).upper(), int(match.group(2)))


def end_of_service_day(day: str, utc_offset: timedelta) -> datetime:
    """The UTC moment the site's local day ``day`` (ISO text) ends: its next midnight."""
    midnight = datetime.fromisoformat(day).replace(tzinfo=UTC) + timedelta(days=1)
    return midnight - utc_offset


def status_url(template: str, visit_id: str, ticket_number: str, status_token: str = "") -> str:
    """The visit's status page from a template with ``{visit_id}``, ``{ticket_number}`` and
    ``{status_token}``; "" when the template needs a token the visit does not have."""
    if "{status_token}" in template and not status_token:
        return ""
    return (template.replace("{visit_id}", quote(visit_id, safe=""))
            .replace("{ticket_number}", quote(ticket_number, safe=""))
            .replace("{status_token}", quote(status_token, safe="")))


def safe_ticket_id(value: str) -> str:
    """A ticketing server's id of a ticket when it can be stored and shown as it is: one
    line of at most :data:`MAX_TICKET_ID` characters, no control characters or lone
    surrogates. Else "" (not told)."""
    text = (value or "").strip()
    return text if printable_line(text, MAX_TICKET_ID) == text else ""


def safe_ticket_url(url: str) -> str:
    """``url`` when it is an http(s) link with a host, else "" (a ticketing server's answer
    is not trusted: a ``file:`` or ``javascript:`` link must never be stored or opened; nor
    one that is too long to store, or holds what no driver can write)."""
    text = (url or "").strip()
    if printable_line(text, MAX_TICKET_URL) != text:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        return ""
    return text
