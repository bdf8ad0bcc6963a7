from datetime import UTC, datetime, timedelta

import pytest

from kiosk.domain.text import clean_text
from kiosk.domain.tickets import format_ticket, service_day
from kiosk.domain.visit import FINAL_STATES, TRANSITIONS, Action, Requester, VisitState, queue_key, transition
from kiosk.errors import IllegalTransition, ValidationError

LEGAL = {(state, action) for action, (sources, _) in TRANSITIONS.items() for state in sources}


@pytest.mark.parametrize(("state", "action", "expected"), [
    (VisitState.WAITING, Action.CALL, VisitState.CALLED),
    (VisitState.CALLED, Action.RECALL, VisitState.CALLED),
    (VisitState.CALLED, Action.START, VisitState.IN_SERVICE),
    (VisitState.IN_SERVICE, Action.PARK, VisitState.PARKED),
    (VisitState.PARKED, Action.RESUME, VisitState.IN_SERVICE),
    (VisitState.PARKED, Action.RETURN_TO_QUEUE, VisitState.WAITING),
    (VisitState.IN_SERVICE, Action.RESOLVE, VisitState.RESOLVED),
    (VisitState.IN_SERVICE, Action.ESCALATE, VisitState.ESCALATED),
    (VisitState.CALLED, Action.NO_SHOW, VisitState.NO_SHOW),
    (VisitState.WAITING, Action.CANCEL, VisitState.CANCELLED),
])
def test_legal_transitions(state: VisitState, action: Action, expected: VisitState) -> None:
    assert transition("L-001", state, action) is expected


@pytest.mark.parametrize("state", list(VisitState))
@pytest.mark.parametrize("action", [a for a in Action if a is not Action.CHECK_IN])
def test_every_other_pair_is_illegal(state: VisitState, action: Action) -> None:
    if (state, action) in LEGAL:
        assert transition("L-001", state, action) in VisitState
        return
    with pytest.raises(IllegalTransition) as caught:
        transition("L-001", state, action)
    assert "L-001" in str(caught.value)


def test_final_states_have_no_way_out() -> None:
    for state in FINAL_STATES:
        assert all(state not in sources for sources, _ in TRANSITIONS.values())


def test_illegal_transition_message_is_readable() -> None:
    with pytest.raises(IllegalTransition, match=r"L-042 is resolved; it cannot be started"):
        transition("L-042", VisitState.RESOLVED, Action.START)


def test_queue_order_is_priority_then_arrival() -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    visits = [
        (0, t0 + timedelta(minutes=1), "L-002"),
        (30, t0 + timedelta(minutes=5), "L-005"),
        (0, t0, "L-001"),
        (10, t0 + timedelta(minutes=3), "L-003"),
    ]
    ordered = sorted(visits, key=lambda v: queue_key(*v))
    assert [v[2] for v in ordered] == ["L-005", "L-003", "L-001", "L-002"]


def test_service_day_uses_the_site_offset() -> None:
    late = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    assert service_day(late, timedelta(0)) == "2026-11-22"
    assert service_day(late, timedelta(hours=1)) == "2026-11-23"


def test_ticket_format() -> None:
    assert format_ticket("L", 42) == "L-042"
    assert format_ticket("AB", 1234) == "AB-1234"


def test_requester_is_cleaned_and_validated() -> None:
    person = Requester.create("  Ana \n García\x07 ", "Ana@Example.COM", " E1 ")
    assert person == Requester("Ana García", "ana@example.com", "E1")
    with pytest.raises(ValidationError, match="Please enter your name"):
        Requester.create("   ")
    with pytest.raises(ValidationError, match="does not look like an email"):
        Requester.create("Ana", "not-an-email")
    with pytest.raises(ValidationError, match="121 characters long; at most 120"):
        Requester.create("x" * 121)


def test_html_in_names_is_kept_as_text() -> None:
    assert Requester.create("<b>Ana</b>").name == "<b>Ana</b>"


def test_long_text_is_rejected_with_its_length() -> None:
    with pytest.raises(ValidationError, match="10,001 characters long; at most 10,000"):
        clean_text("n" * 10_001, "notes", 10_000)
    assert clean_text("line 1\r\nline 2", "notes", 100) == "line 1\nline 2"


def test_status_url_is_filled_and_escaped() -> None:
    from kiosk.domain.tickets import status_url

    url = status_url("https://help.example.com/v/{visit_id}?t={ticket_number}", "abc-1", "L 042")
    assert url == "https://help.example.com/v/abc-1?t=L%20042"


def test_sla_level_at_risk_from_80_percent() -> None:
    from kiosk.domain.sla import SlaLevel, sla_level

    target = timedelta(minutes=10)
    assert sla_level(timedelta(minutes=7, seconds=59), target) is SlaLevel.WITHIN
    assert sla_level(timedelta(minutes=8), target) is SlaLevel.AT_RISK
    assert sla_level(target, target) is SlaLevel.AT_RISK
    assert sla_level(target + timedelta(seconds=1), target) is SlaLevel.BREACHED
