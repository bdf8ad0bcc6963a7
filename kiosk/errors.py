"""Errors the core raises; each carries a message fit to show a person."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the core raises on purpose."""


class ConfigError(KioskError):
    """A settings file or environment value is invalid.

    The message names the source (file or variable), the key and the problem.
    """

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        super().__init__(f"{source}: {key}: {problem}")


class ValidationError(KioskError):
    """Input from a person (visitor, technician) that cannot be accepted."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(problem)


class IllegalTransition(KioskError):
    """A visit was asked to move to a state its current state does not allow."""

    def __init__(self, ticket: str, state: str, action: str) -> None:
        self.ticket = ticket
        self.state = state
        self.action = action
        super().__init__(f"Visit {ticket} is {state.replace('_', ' ')}; it cannot be {_past(action)}.")


class NotFound(KioskError):
    """A visit or other record does not exist."""


class LostRace(KioskError):
    """Someone else changed the visit first (e.g. another technician called it)."""


class NothingWaiting(KioskError):
    """call_next found nobody waiting that this technician may take."""


class StoreUnavailable(KioskError):
    """The database cannot be reached or opened."""


class DatabaseOffline(StoreUnavailable):
    """The database went away during the work: server down or restarting, network cut,
    connection killed, statement timeout, or SQLite busy past its timeout.

    The transaction was rolled back, so trying the same work again once the database is
    back is safe. Not for integrity or programming errors: those are not outages.

    Attributes:
        reason: what happened, in a few words fit for logs ("connection lost").
    """

    def __init__(self, reason: str = "") -> None:
        self.reason = reason or "unreachable"
        super().__init__(f"The database cannot be reached right now ({self.reason}). "
                         "Please try again in a moment.")


class SchemaTooNew(StoreUnavailable):
    """The database was upgraded by a newer Tech Bar than this one: it must not touch it."""


_PAST = {
    "call": "called",
    "recall": "called again",
    "start": "started",
    "park": "parked",
    "resume": "resumed",
    "return_to_queue": "returned to the queue",
    "resolve": "resolved",
    "escalate": "escalated",
    "no_show": "marked as a no-show",
    "cancel": "cancelled",
    "transfer": "transferred",
}


def _past(action: str) -> str:
    return _PAST.get(action, action.replace("_", " "))


class AlreadyInLine(KioskError):
    """The person already has a visit in progress (one active visit per person).

    Attributes:
        visit_id: the visit they have.
        ticket_number: its ticket, e.g. ``M-015``.
    """

    def __init__(self, visit_id: str, ticket_number: str) -> None:
        self.visit_id = visit_id
        self.ticket_number = ticket_number
        super().__init__(f"You're already in line as {ticket_number}.")


class StillServing(KioskError):
    """A technician tried to call someone while serving another visitor.

    Attributes:
        ticket_number: the visit they are with.
    """

    def __init__(self, technician: str, ticket_number: str) -> None:
        self.ticket_number = ticket_number
        super().__init__(f"{technician} is still with {ticket_number}: finish, park or hand it "
                         "back before calling someone else (or switch on 'work on several').")
