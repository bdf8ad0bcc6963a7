"""Who may act on a visit: one rule for the console's buttons and the service's checks.

A technician who calls a visit holds it until it ends or goes back to the line. Only
the holder may call it again, start, park, resume, resolve, escalate or add notes;
anyone may call a waiting visit, transfer or cancel one. The front desk may also
return a visit to the line or mark a no-show; at a technician's desk those two are
offered on the technician's own visits only.
"""

from __future__ import annotations

from kiosk.domain.visit import TRANSITIONS, Action, Visit, VisitState
from kiosk.errors import KioskError, LostRace, ValidationError

#: Actions only the technician holding the visit may take.
HOLDER_ONLY = frozenset({Action.RECALL, Action.START, Action.PARK, Action.RESUME,
                         Action.RESOLVE, Action.ESCALATE})
#: Actions the front desk takes on any visit and a technician on their own only.
OWN_AT_DESK = frozenset({Action.RETURN_TO_QUEUE, Action.NO_SHOW})
#: The states in which the holder adds notes (while they work on the visit).
NOTE_STATES = frozenset({VisitState.CALLED, VisitState.IN_SERVICE, VisitState.PARKED})
_DESK_ACTIONS = tuple(a for a in Action if a is not Action.CHECK_IN)


def holds(holder: str, actor: str) -> bool:
    """Whether ``actor`` may act as the visit's holder: nobody holds it, or they do."""
    return not holder or holder == actor


def check_actor(ticket: str, state: VisitState, holder: str, actor: str, action: Action) -> None:
    """Refuse ``action`` when someone else holds the visit and the action is theirs.

    Raises:
        LostRace: another technician already called the visit, or holds it.
    """
    refusal = _actor_refusal(ticket, state, holder, actor, action)
    if refusal is not None:
        raise refusal


def check_note(ticket: str, state: VisitState, holder: str, actor: str) -> None:
    """Refuse a note unless ``actor`` holds the visit and is working on it.

    Raises:
        ValidationError: the visit has ended, or is waiting for someone to call it.
        LostRace: another technician holds the visit.
    """
    refusal = _note_refusal(ticket, state, holder, actor)
    if refusal is not None:
        raise refusal


def may_act(visit: Visit, action: Action, actor: str) -> bool:
    """Whether the visit's state allows ``action`` and ``actor`` may take it."""
    return (visit.state in TRANSITIONS[action][0]
            and _actor_refusal(visit.ticket_number, visit.state, visit.technician, actor,
                               action) is None)


def may_add_note(visit: Visit, actor: str) -> bool:
    """Whether ``actor`` may add a note to the visit's timeline now."""
    return _note_refusal(visit.ticket_number, visit.state, visit.technician, actor) is None


def allowed_actions(visit: Visit, technician: str) -> frozenset[Action]:
    """What a technician's desk offers ``technician`` for ``visit`` now."""
    return frozenset(action for action in _DESK_ACTIONS if may_act(visit, action, technician)
                     and (action not in OWN_AT_DESK or holds(visit.technician, technician)))


def _actor_refusal(ticket: str, state: VisitState, holder: str, actor: str,
                   action: Action) -> KioskError | None:
    if action is Action.CALL and state is not VisitState.WAITING and holder:
        return LostRace(f"{holder} already called {ticket}.")
    if action in HOLDER_ONLY and not holds(holder, actor):
        return LostRace(f"{ticket} is with {holder}, not {actor}.")
    return None


def _note_refusal(ticket: str, state: VisitState, holder: str, actor: str) -> KioskError | None:
    if state.is_final:
        return ValidationError("notes", f"{ticket} has ended; notes go to its ticket now.")
    if state not in NOTE_STATES:
        return ValidationError("notes", f"{ticket} is waiting; notes are added once it is called.")
    if not holds(holder, actor):
        return LostRace(f"{ticket} is with {holder}, not {actor}.")
    return None
