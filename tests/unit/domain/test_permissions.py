"""Who may act on a visit: the console's buttons and the service's checks share this rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from kiosk.domain.permissions import (
    allowed_actions,
    check_actor,
    check_note,
    may_act,
    may_add_note,
)
from kiosk.domain.visit import Action, Requester, Visit, VisitState
from kiosk.errors import LostRace, ValidationError

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
WAITING = Visit(id="v1", ticket_number="L-001", site="hq", category="laptop",
                state=VisitState.WAITING, priority=0, requester=Requester("Ana"),
                description="", checked_in_at=NOW, queued_at=NOW)


def _held(state: VisitState, holder: str = "Dana") -> Visit:
    return replace(WAITING, state=state, technician=holder)


def test_anyone_may_call_a_waiting_visit_even_one_transferred_to_someone() -> None:
    assert allowed_actions(WAITING, "Dana") == {Action.CALL, Action.TRANSFER, Action.CANCEL}
    assert may_act(_held(VisitState.WAITING, "Luis"), Action.CALL, "Dana")


def test_the_holder_works_the_visit() -> None:
    assert allowed_actions(_held(VisitState.CALLED), "Dana") == {
        Action.RECALL, Action.START, Action.PARK, Action.RETURN_TO_QUEUE, Action.TRANSFER,
        Action.NO_SHOW, Action.CANCEL}
    assert allowed_actions(_held(VisitState.IN_SERVICE), "Dana") == {
        Action.PARK, Action.RETURN_TO_QUEUE, Action.TRANSFER, Action.RESOLVE, Action.ESCALATE}
    assert allowed_actions(_held(VisitState.PARKED), "Dana") == {
        Action.RESUME, Action.RETURN_TO_QUEUE, Action.TRANSFER, Action.CANCEL}


def test_another_technician_may_only_transfer_or_cancel() -> None:
    assert allowed_actions(_held(VisitState.CALLED), "Ben") == {Action.TRANSFER, Action.CANCEL}
    assert allowed_actions(_held(VisitState.IN_SERVICE), "Ben") == {Action.TRANSFER}


def test_the_front_desk_may_return_or_mark_a_no_show_on_any_visit() -> None:
    called = _held(VisitState.CALLED)
    assert may_act(called, Action.NO_SHOW, "front desk")
    assert may_act(called, Action.RETURN_TO_QUEUE, "front desk")
    assert not may_act(called, Action.START, "front desk")
    check_actor("L-001", VisitState.CALLED, "Dana", "front desk", Action.NO_SHOW)


def test_ended_visits_offer_nothing() -> None:
    for state in (VisitState.RESOLVED, VisitState.ESCALATED, VisitState.NO_SHOW,
                  VisitState.CANCELLED):
        assert allowed_actions(_held(state), "Dana") == frozenset()


def test_the_service_refuses_with_a_lost_race() -> None:
    with pytest.raises(LostRace, match="Ann already called L-001"):
        check_actor("L-001", VisitState.CALLED, "Ann", "Ben", Action.CALL)
    with pytest.raises(LostRace, match="L-001 is with Ann, not Ben"):
        check_actor("L-001", VisitState.IN_SERVICE, "Ann", "Ben", Action.RESOLVE)
    check_actor("L-001", VisitState.IN_SERVICE, "Ann", "Ann", Action.RESOLVE)
    check_actor("L-001", VisitState.IN_SERVICE, "Ann", "Ben", Action.TRANSFER)


@pytest.mark.parametrize(("state", "holder", "actor", "allowed"), [
    (VisitState.CALLED, "Dana", "Dana", True),
    (VisitState.IN_SERVICE, "Dana", "Dana", True),
    (VisitState.PARKED, "Dana", "Dana", True),
    (VisitState.IN_SERVICE, "Dana", "Ben", False),
    (VisitState.WAITING, "", "Dana", False),
    (VisitState.RESOLVED, "Dana", "Dana", False),
])
def test_notes_go_with_the_holder_while_they_work(state: VisitState, holder: str, actor: str,
                                                  allowed: bool) -> None:
    assert may_add_note(_held(state, holder), actor) is allowed


def test_refused_notes_say_why() -> None:
    with pytest.raises(ValidationError, match="has ended; notes go to its ticket"):
        check_note("L-001", VisitState.RESOLVED, "Dana", "Dana")
    with pytest.raises(ValidationError, match="is waiting"):
        check_note("L-001", VisitState.WAITING, "", "Dana")
    with pytest.raises(LostRace, match="L-001 is with Dana, not Ben"):
        check_note("L-001", VisitState.IN_SERVICE, "Dana", "Ben")
