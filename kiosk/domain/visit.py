"""The visit: its states, the legal transitions, queue order and input rules.

Pure functions and immutable values; no storage, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from urllib.parse import quote

from kiosk.errors import IllegalTransition, ValidationError

MAX_NAME = 120
MAX_EMAIL = 254
MAX_EMPLOYEE_ID = 64
MAX_DESCRIPTION = 2000
MAX_NOTES = 20000
MAX_RESOLUTION_CODE = 64
MAX_DEVICE = 120
MAX_ASSET_TAG = 64
LANGUAGES = ("en", "es", "de")


class VisitState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    IN_SERVICE = "in_service"
    PARKED = "parked"
    RESOLVED = "resolved"
    ESCALATED = "escalated"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


FINAL_STATES = frozenset(
    {VisitState.RESOLVED, VisitState.ESCALATED, VisitState.NO_SHOW, VisitState.CANCELLED}
)
ACTIVE_STATES = frozenset(VisitState) - FINAL_STATES


class Action(StrEnum):
    CHECK_IN = "check_in"
    CALL = "call"
    RECALL = "recall"
    START = "start"
    PARK = "park"
    RESUME = "resume"
    RETURN_TO_QUEUE = "return_to_queue"
    TRANSFER = "transfer"
    RESOLVE = "resolve"
    ESCALATE = "escalate"
    NO_SHOW = "no_show"
    CANCEL = "cancel"


_S = VisitState
TRANSITIONS: dict[Action, tuple[frozenset[VisitState], VisitState]] = {
    Action.CALL: (frozenset({_S.WAITING}), _S.CALLED),
    Action.RECALL: (frozenset({_S.CALLED}), _S.CALLED),
    Action.START: (frozenset({_S.CALLED}), _S.IN_SERVICE),
    Action.PARK: (frozenset({_S.CALLED, _S.IN_SERVICE}), _S.PARKED),
    Action.RESUME: (frozenset({_S.PARKED}), _S.IN_SERVICE),
    Action.RETURN_TO_QUEUE: (frozenset({_S.CALLED, _S.IN_SERVICE, _S.PARKED}), _S.WAITING),
    Action.TRANSFER: (frozenset({_S.WAITING, _S.CALLED, _S.IN_SERVICE, _S.PARKED}), _S.WAITING),
    Action.RESOLVE: (frozenset({_S.IN_SERVICE}), _S.RESOLVED),
    Action.ESCALATE: (frozenset({_S.IN_SERVICE}), _S.ESCALATED),
    Action.NO_SHOW: (frozenset({_S.CALLED}), _S.NO_SHOW),
    Action.CANCEL: (frozenset({_S.WAITING, _S.CALLED, _S.PARKED}), _S.CANCELLED),
}


def transition(ticket: str, state: VisitState, action: Action) -> VisitState:
    """The state a visit in ``state`` reaches by ``action``.

    Raises:
        IllegalTransition: the action is not allowed from ``state``.
    """
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise IllegalTransition(ticket, state.value, action.value)
    return target


class Priority(IntEnum):
    """Higher is served first; equal priorities are served by arrival."""

    NORMAL = 0
    APPOINTMENT = 10
    VIP = 20
    URGENT = 30


AT_RISK_SHARE = 0.8
"""A wait or a service is "at risk" from this share of its target."""


class SlaLevel(StrEnum):
    """Where a wait or a service stands against its target."""

    WITHIN = "within"
    AT_RISK = "at_risk"
    BREACHED = "breached"


def sla_level(elapsed: timedelta, target: timedelta) -> SlaLevel:
    """Within target, at risk from :data:`AT_RISK_SHARE` of it, breached beyond it."""
    if elapsed > target:
        return SlaLevel.BREACHED
    if elapsed >= target * AT_RISK_SHARE:
        return SlaLevel.AT_RISK
    return SlaLevel.WITHIN


def queue_key(priority: int, queued_at: datetime, ticket_number: str) -> tuple[int, datetime, str]:
    """Sort key for the waiting line: priority first, then arrival."""
    return (-priority, queued_at, ticket_number)


def service_day(moment: datetime, utc_offset: timedelta) -> str:
    """The site's local calendar day of ``moment`` as ISO text (``2026-11-22``)."""
    return (moment + utc_offset).date().isoformat()


def format_ticket(prefix: str, number: int) -> str:
    """``L-042``: the prefix and a zero-padded daily counter."""
    return f"{prefix}-{number:03d}"


# ---------------------------------------------------------------- input rules

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_line(value: str, field_name: str, limit: int, *, required: bool = False) -> str:
    """One line of visitor text: normalised, trimmed, no control characters."""
    text = unicodedata.normalize("NFC", value or "").replace("\r", " ").replace("\n", " ")
    text = _CONTROL.sub("", text).strip()
    text = re.sub(r"\s{2,}", " ", text)
    if required and not text:
        raise ValidationError(field_name, f"Please enter your {field_name.replace('_', ' ')}.")
    if len(text) > limit:
        raise ValidationError(
            field_name,
            f"The {field_name.replace('_', ' ')} is {len(text)} characters long; "
            f"at most {limit} are allowed.",
        )
    return text


def clean_text(value: str, field_name: str, limit: int) -> str:
    """Multi-line text (descriptions, notes): control characters removed, length checked."""
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).strip()
    if len(text) > limit:
        raise ValidationError(
            field_name,
            f"The {field_name.replace('_', ' ')} is {len(text):,} characters long; "
            f"at most {limit:,} are allowed.",
        )
    return text


def clean_email(value: str) -> str:
    text = clean_line(value, "email", MAX_EMAIL).lower()
    if text and not _EMAIL.match(text):
        raise ValidationError("email", f"'{text}' does not look like an email address.")
    return text


@dataclass(frozen=True)
class Requester:
    """Who the visit is for, as given at check-in."""

    name: str
    email: str = ""
    employee_id: str = ""

    @classmethod
    def create(cls, name: str, email: str = "", employee_id: str = "") -> Requester:
        """Validated requester; raises ValidationError with a message for the visitor."""
        return cls(
            name=clean_line(name, "name", MAX_NAME, required=True),
            email=clean_email(email),
            employee_id=clean_line(employee_id, "employee_id", MAX_EMPLOYEE_ID),
        )


@dataclass(frozen=True)
class VisitEvent:
    """One entry of a visit's append-only timeline."""

    seq: int
    visit_id: str
    action: str
    from_state: str | None
    to_state: str
    at: datetime
    actor: str
    note: str = ""


@dataclass(frozen=True)
class Visit:
    """A plain, immutable snapshot of a visit, safe to hand to any thread or window."""

    id: str
    ticket_number: str
    site: str
    category: str
    state: VisitState
    priority: int
    requester: Requester
    description: str
    checked_in_at: datetime
    queued_at: datetime
    called_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    technician: str = ""
    resolution_code: str = ""
    resolution_notes: str = ""
    version: int = 1
    events: tuple[VisitEvent, ...] = field(default=())
    device: str = ""
    asset_tag: str = ""
    appointment_code: str = ""
    language: str = "en"
    time_spent_minutes: int | None = None
    escalation_group: str = ""
    counter: str = ""

    def wait(self, now: datetime) -> timedelta:
        """Time from check-in until the (latest) call; until now while still in line.

        A visit sent back to the queue keeps counting from its original check-in.
        """
        waiting = self.state is VisitState.WAITING
        end = now if waiting else self.called_at or self.ended_at or now
        return max(end - self.checked_in_at, timedelta(0))


def status_url(template: str, visit_id: str, ticket_number: str) -> str:
    """The visit's status page from a template with ``{visit_id}`` and ``{ticket_number}``."""
    return (template.replace("{visit_id}", quote(visit_id, safe=""))
            .replace("{ticket_number}", quote(ticket_number, safe="")))
