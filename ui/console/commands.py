"""What each action button asks the visit service to do, and what the console says after.

:meth:`VisitCommands.prepare` returns a :class:`Command` for the console to run off
the GUI thread, after a confirmation when the action cannot be undone. An action that
asks for something typed (a resolution, a transfer, an escalation, a note) opens its
dialog behind a seam and is performed from it: the dialog stays open, with what was
typed, until the command succeeds, so an outage or a refusal never loses a word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from kiosk.app.technicians import Technician
from kiosk.app.visits import VisitService
from kiosk.config import Category
from kiosk.domain.visit import Visit, VisitState
from ui.common.dialogs import (
    ConfirmDialog,
    EscalateDialog,
    NoteDialog,
    Reply,
    ResolveAnswer,
    ResolveDialog,
    Send,
    TransferDialog,
)

_Call = Callable[[VisitService], Visit]
_Said = Callable[[Visit], str]
_Act = Callable[[VisitService, Visit, Technician], Visit]
_Asking = Callable[[Visit, Technician], "Command | None"]
_Make = Callable[[Any], "Command"]


@dataclass(frozen=True)
class Command:
    """One action ready to run: its name (for logs), the work and the message after it."""

    name: str
    work: Callable[[], Visit]
    success: _Said


#: Runs a command for a dialog, then tells the dialog how it went.
Perform = Callable[[Command, Reply], None]


def _called(visit: Visit) -> str:
    return f"Called {visit.ticket_number}: {visit.requester.name}."


def _transferred(visit: Visit) -> str:
    to = f" to {visit.technician}" if visit.technician else ""
    return f"Transferred {visit.ticket_number}{to}."


#: The actions that ask nothing first: what each calls, and what it says after.
_DIRECT: dict[str, tuple[_Act, _Said]] = {
    "call": (lambda s, visit, tech: s.call(visit.id, tech.name, counter=tech.counter), _called),
    "recall": (lambda s, visit, tech: s.recall(visit.id, tech.name),
               lambda v: f"Called {v.ticket_number} again."),
    "start": (lambda s, visit, tech: s.start(visit.id, tech.name),
              lambda v: f"Started {v.ticket_number}."),
    "park": (lambda s, visit, tech: s.park(visit.id, tech.name),
             lambda v: f"Parked {v.ticket_number}; they keep their place."),
    "resume": (lambda s, visit, tech: s.resume(visit.id, tech.name),
               lambda v: f"Resumed {v.ticket_number}."),
    "return": (lambda s, visit, tech: s.return_to_queue(visit.id, tech.name),
               lambda v: f"{v.ticket_number} is back in the queue."),
    "no_show": (lambda s, visit, tech: s.no_show(visit.id, tech.name, check_grace=True),
                lambda v: f"{v.ticket_number} marked as a no-show."),
}


class VisitCommands:
    """Turns a button's key into a :class:`Command` for the visit on the card.

    Args:
        visits: the service every command calls.
        parent: where the dialogs open.
        colleagues: the names a visit may be transferred to, leaving out the one given.
        categories: the categories a visit may be moved to.
        perform: runs the command of a dialog and replies to it (the console's own runner).
    """

    def __init__(self, visits: VisitService, parent: QWidget,
                 colleagues: Callable[[str], list[str]], categories: Sequence[Category],
                 perform: Perform) -> None:
        self._visits = visits
        self._perform = perform
        #: The technician works on several visitors at once ("call next" while serving).
        self.several = False
        self._parent = parent
        self._colleagues = colleagues
        self._categories = categories
        self._asking: dict[str, _Asking] = {
            "resolve": self._resolve, "escalate": self._escalate, "transfer": self._transfer,
            "note": self._note, "cancel": self._cancel,
        }

    def prepare(self, key: str, visit: Visit | None, tech: Technician) -> Command | None:
        """The command for button ``key``; None when there is nothing to do, it was
        cancelled, or its dialog performed it already.

        "Park" resumes a parked visit.
        """
        if key == "call_next":
            several = self.several
            return self._run("call_next", lambda s: s.call_next(
                tech.name, tech.categories, counter=tech.counter, several=several), _called)
        if visit is None:
            return None
        if key == "park" and visit.state is VisitState.PARKED:
            key = "resume"
        if key in _DIRECT:
            act, said = _DIRECT[key]
            return self._run(key, lambda s: act(s, visit, tech), said)
        asking = self._asking.get(key)
        return asking(visit, tech) if asking is not None else None

    def _run(self, name: str, call: _Call, success: _Said) -> Command:
        visits = self._visits
        return Command(name, lambda: call(visits), success)

    # ------------------------------------------------------------ those that ask first

    def _sender(self, make: _Make) -> Send:
        """What a dialog's primary button does: perform the command made of its answer."""
        return lambda answer, reply: self._perform(make(answer), reply)

    def _resolve(self, visit: Visit, tech: Technician) -> None:
        def make(answer: Any) -> Command:
            code, notes, minutes = ResolveAnswer(*answer)
            return self._run("resolve", lambda s: s.resolve(
                visit.id, tech.name, code, notes, time_spent_minutes=minutes),
                lambda v: f"Resolved {v.ticket_number}.")

        ResolveDialog.ask(self._parent, visit, self._sender(make))

    def _escalate(self, visit: Visit, tech: Technician) -> None:
        def make(answer: Any) -> Command:
            return self._run("escalate", lambda s: s.escalate(
                visit.id, tech.name, answer.group, answer.notes,
                time_spent_minutes=answer.time_spent_minutes),
                lambda v: f"Escalated {v.ticket_number} to {v.escalation_group}.")

        EscalateDialog.ask(self._parent, visit, self._sender(make))

    def _transfer(self, visit: Visit, tech: Technician) -> None:
        def make(answer: Any) -> Command:
            return self._run("transfer", lambda s: s.transfer(
                visit.id, tech.name, technician=answer.technician or None,
                category=answer.category or None, note=answer.note), _transferred)

        TransferDialog.ask(self._parent, visit, self._colleagues(tech.name), self._categories,
                           self._sender(make))

    def _note(self, visit: Visit, tech: Technician) -> None:
        def make(note: Any) -> Command:
            return self._run("note", lambda s: s.add_note(visit.id, tech.name, note),
                             lambda v: f"Note added to {v.ticket_number}.")

        NoteDialog.ask(self._parent, visit, self._sender(make))

    def _cancel(self, visit: Visit, tech: Technician) -> Command | None:
        question = f"Cancel {visit.ticket_number} for {visit.requester.name}? They leave the queue."
        if not ConfirmDialog.ask(self._parent, f"Cancel {visit.ticket_number}", question):
            return None
        return self._run("cancel", lambda s: s.cancel(visit.id, tech.name),
                         lambda v: f"Cancelled {v.ticket_number}.")
