"""The visit: its states, the legal transitions, queue order and input rules.

Pure functions and immutable values; no storage, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from kiosk.domain.text import MAX_EMPLOYEE_ID, MAX_NAME, clean_email, clean_line
from kiosk.errors import IllegalTransition


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


def queue_key(priority: int, queued_at: datetime, ticket_number: str) -> tuple[int, datetime, str]:
    """Sort key for the waiting line: priority first, then arrival."""
    return (-priority, queued_at, ticket_number)


# ---------------------------------------------------------------- input rules

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
    #: Joined from the web (``/join``) rather than at the kiosk or the front desk.
    remote: bool = False
    #: The status page's token (``/v/{token}``): only on the snapshot check-in returns.
    status_token: str = field(default="", repr=False, compare=False)

    def wait(self, now: datetime) -> timedelta:
        """Time from check-in until the (latest) call; until now while still in line.

        A visit sent back to the queue keeps counting from its original check-in.
        """
        waiting = self.state is VisitState.WAITING
        end = now if waiting else self.called_at or self.ended_at or now
        return max(end - self.checked_in_at, timedelta(0))


