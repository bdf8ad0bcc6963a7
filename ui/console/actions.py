"""The console's action buttons: what each is called, its shortcut and when it applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.permissions import allowed_actions, may_add_note
from kiosk.domain.visit import Action, Visit, VisitState


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    shortcut: str
    kind: str | None = None
    action: Action | None = None
    hint: str = ""


ACTIONS = (
    ActionSpec("call_next", "Call next", "F2", "primary", None,
               "Call the first person in line you can help"),
    ActionSpec("call", "Call this visitor", "F3", None, Action.CALL,
               "Call the selected person, out of order"),
    ActionSpec("recall", "Call again", "Ctrl+R", None, Action.RECALL,
               "Call the same person again (display board and sound)"),
    ActionSpec("start", "Start", "F4", "primary", Action.START, "They are at your desk"),
    ActionSpec("resolve", "Resolve\u2026", "F5", "primary", Action.RESOLVE,
               "Resolution code, notes and time spent"),
    ActionSpec("park", "Park", "F6", None, Action.PARK, "On hold; keeps their place"),
    ActionSpec("note", "Add note\u2026", "Ctrl+N", None, None, "A note on the timeline"),
    ActionSpec("transfer", "Transfer\u2026", "Ctrl+T", None, Action.TRANSFER,
               "To another technician or category"),
    ActionSpec("escalate", "Escalate\u2026", "Ctrl+E", None, Action.ESCALATE,
               "The ticket stays open, assigned to a backend group"),
    ActionSpec("return", "Return to queue", "F7", None, Action.RETURN_TO_QUEUE,
               "Back in line at their original place"),
    ActionSpec("no_show", "No-show", "F8", None, Action.NO_SHOW,
               "They did not come (offered a few minutes after the call)"),
    ActionSpec("cancel", "Cancel visit", "F9", "danger", Action.CANCEL,
               "They leave the queue"),
    ActionSpec("feedback", "Ask for feedback", "F12", None, None,
               "Turn the screen to the visitor: three faces"),
)
SPECS = {spec.key: spec for spec in ACTIONS}
RATEABLE = frozenset({VisitState.RESOLVED, VisitState.ESCALATED})


def enabled_actions(visit: Visit | None, *, me: str, now: datetime,
                    no_show_from: datetime | None, can_rate: bool) -> set[str]:
    """The keys of the buttons that apply to ``visit`` for technician ``me`` now.

    Who may do what is :mod:`kiosk.domain.permissions`' rule (the service enforces the
    same); this only maps it to buttons and waits out the no-show grace time.
    """
    keys = {"call_next"} | ({"feedback"} if can_rate else set())
    if visit is None:
        return keys
    allowed = allowed_actions(visit, me)
    keys |= {spec.key for spec in ACTIONS if spec.action in allowed}
    if Action.RESUME in allowed:
        keys.add("park")
    if no_show_from is None or now < no_show_from:
        keys.discard("no_show")
    if may_add_note(visit, me):
        keys.add("note")
    return keys


def next_step(visit: Visit | None) -> str:
    """A one-line hint: the obvious next thing to do with this visit."""
    if visit is None:
        return "Press F2 to call the next person in line."
    hints = {
        VisitState.WAITING: "Waiting. F3 calls this person out of order.",
        VisitState.CALLED: "Called. Press F4 to start when they reach your desk.",
        VisitState.IN_SERVICE: "In service. F5 resolves; Ctrl+N adds a note.",
        VisitState.PARKED: "Parked. F6 resumes the visit.",
    }
    return hints.get(visit.state, "This visit has ended.")
