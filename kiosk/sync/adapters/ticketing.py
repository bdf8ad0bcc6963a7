"""Small pieces the ticketing-system adapters share (beyond HTTP and ticket text)."""

from __future__ import annotations

import re
from typing import Any

from kiosk.sync.delivery import TransientError

_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def visit_of(payload: dict[str, Any]) -> str:
    """The visit's UUID."""
    return str(payload["visit_id"])


def requester_email(payload: dict[str, Any]) -> str:
    return str((payload.get("requester") or {}).get("email") or "")


def mapped_group(groups: tuple[tuple[str, str], ...], group: str) -> str:
    """The backend's name for a visit's escalation group (the group itself when unmapped)."""
    return dict(groups).get(group, group)


def ident(value: Any, what: str) -> str:
    """A ticket id or key from an answer, checked so a malformed answer cannot go further.

    Raises:
        TransientError: not a short id made of letters, digits, '-', '_' or '.'.
    """
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not _IDENT.fullmatch(text):
        raise TransientError(f"{what}: the answer holds a malformed id {text[:40]!r}")
    return text


def ticket_number(value: Any, fallback: str) -> str:
    """A ticket's number as its system shows it (``INC0010023``, ``31001``) when the answer
    holds a well-formed one, else ``fallback`` (the ticket's id)."""
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    return text if _IDENT.fullmatch(text) else fallback


def items(data: dict[str, Any], key: str, what: str) -> list[dict[str, Any]]:
    """``data[key]`` as a list of objects.

    Raises:
        TransientError: it is missing or not a list of objects.
    """
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TransientError(f"{what}: the answer has no '{key}' list")
    return value


def member(data: dict[str, Any], key: str, what: str) -> dict[str, Any]:
    """``data[key]`` as an object.

    Raises:
        TransientError: it is missing or not an object.
    """
    value = data.get(key)
    if not isinstance(value, dict):
        raise TransientError(f"{what}: the answer has no '{key}' object")
    return value
