"""Every ticketing adapter, answered 2xx with any body: a Delivery or a DeliveryError,
never another exception.

The answers come from a transport mounted on the adapter's own session, so each
delivery runs the adapter's whole code (HTTP plumbing included) without a socket. A
run draws one answer per call the adapter makes: mostly the shape that vendor sends at
that step with any part of it replaced by any JSON, sometimes any JSON or bytes at all.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.config import (
    DEFAULT_CONFIG,
    JiraSettings,
    RTSettings,
    ServiceNowSettings,
    WebhookSettings,
    ZammadSettings,
    ZendeskSettings,
    load_settings,
)
from kiosk.domain.visit import Requester, Visit, VisitEvent, VisitState
from kiosk.sync.adapters.jira import JiraAdapter
from kiosk.sync.adapters.rt import RTAdapter, _ticket_id
from kiosk.sync.adapters.servicenow import ServiceNowAdapter
from kiosk.sync.adapters.ticketing import ident
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.adapters.zammad import ZammadAdapter
from kiosk.sync.adapters.zendesk import ZendeskAdapter
from kiosk.sync.delivery import Delivery, DeliveryError, TicketingAdapter, TransientError
from kiosk.sync.payload import build_payload
from tests.support.canned_answers import Answer, CannedAnswers
from tests.support.fuzz import hostile_text

FUZZ = hypothesis_settings(max_examples=100, deadline=None)
URL = "http://tickets.test"
VISIT = str(uuid.UUID(int=7))
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@functools.cache
def payload(state: VisitState) -> dict[str, Any]:
    at = [T0 + timedelta(minutes=m) for m in (0, 5, 6, 20)]
    events = (
        VisitEvent(1, VISIT, "check_in", None, "waiting", at[0], "kiosk"),
        VisitEvent(2, VISIT, "call", "waiting", "called", at[1], "ana"),
        VisitEvent(3, VISIT, "start", "called", "in_service", at[2], "ana"),
        VisitEvent(4, VISIT, state.value.rstrip("d"), "in_service", state.value, at[3], "ana"),
    )
    visit = Visit(
        id=VISIT, ticket_number="L-007", site="hq", category="laptop", state=state,
        priority=0, requester=Requester("Zoë Ng", "zoe@example.com", "E123"),
        description="won't boot", checked_in_at=at[0], queued_at=at[0], called_at=at[1],
        started_at=at[2], ended_at=at[3], technician="ana", resolution_code="hardware",
        resolution_notes="new battery", version=4, events=events, time_spent_minutes=14,
        escalation_group="network" if state is VisitState.ESCALATED else "")
    return build_payload(visit, load_settings(DEFAULT_CONFIG, environ={}))


# ------------------------------------------------------------ answers


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text(max_size=12)
    | st.sampled_from([VISIT, "12", 12, "ABC-1", "done", "KioskSessionID", f"techbar-{VISIT}"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text(max_size=6)
                                                                | st.sampled_from(["id", "key"]),
                                                                inner, max_size=3),
    max_leaves=6)


def like(shape: Any) -> st.SearchStrategy[Any]:
    """``shape``, each part of it kept three times in four, else any JSON."""
    if isinstance(shape, dict):
        kept = st.fixed_dictionaries({k: like(v) for k, v in shape.items()})
    elif isinstance(shape, list):
        kept = st.lists(st.one_of(*map(like, shape)), max_size=len(shape) + 1) if shape \
            else st.just([])
    else:
        kept = st.just(shape)
    return st.one_of(kept, kept, kept, json_values)


def bodies(shape: Any) -> st.SearchStrategy[Answer]:
    as_json = st.one_of(like(shape), like(shape), like(shape), json_values).map(
        lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return st.builds(Answer, as_json | st.binary(max_size=60) | st.just(b"[" * 100_000),
                     st.sampled_from(["application/json", "application/json; charset=utf-8",
                                      "text/plain", "", "application/problem+json"]),
                     st.sampled_from([200, 200, 201, 204]))


TICKET = {"id": 12, "number": "INC0012", "tags": ["techbar"], "external_id": VISIT}
#: What each vendor answers, call by call, to deliver a visit (see each adapter's module).
CONVERSATIONS: dict[str, list[Any]] = {
    "webhook": [{"ticket_id": "T-12", "ticket_url": f"{URL}/tickets/12"}],
    "rt": [{"TicketCustomFields": [{"name": "KioskSessionID"}]}, {"items": []}, {"id": 12},
           {"CustomFields": [{"name": "KioskSessionID", "values": [VISIT]}]},
           ["Comment added", "Status changed"]],
    "servicenow": [{"result": [{"correlation_id": VISIT, "sys_id": "abc123", "number": "INC1",
                                "correlation_display": "Tech Bar"}]}, {"result": {}}],
    "jira": [{"issues": []}, {"issueKey": "HD-1"}, {"values": [], "isLastPage": True}, {},
             {"values": [{"id": "761", "name": "Resolve"}]}, {}],
    "zammad": [{"tickets": [12], "assets": {"Ticket": {"12": TICKET}}},
               [{"subject": "note"}], {}, TICKET],
    "zendesk": [{"tickets": []}, {"ticket": TICKET}, {"ticket": TICKET}],
}
#: Answers of the other paths (a ticket found, or already finished).
OTHER_SHAPES: dict[str, list[Any]] = {
    "webhook": [{"id": 12, "url": f"{URL}/12"}],
    "rt": [{"items": [{"id": 12}]}, {"items": [{"Type": "Comment", "Data": ""}]}],
    "servicenow": [{"result": {"sys_id": "abc123", "number": "INC1"}},
                   {"result": [{"correlation_id": VISIT, "sys_id": "abc123",
                                "correlation_display": "Tech Bar (sent)"}]}],
    "jira": [{"issues": [{"key": "HD-1", "fields": {"labels": [f"techbar-{VISIT}"], "status": {
        "statusCategory": {"key": "done"}}}}]}],
    "zammad": [{"tickets": [], "assets": {}}, {"id": 12, "number": 31001}],
    "zendesk": [{"tickets": [TICKET]}],
}


ADAPTERS: dict[str, Callable[[], TicketingAdapter]] = {
    "webhook": lambda: WebhookAdapter(WebhookSettings(url=f"{URL}/hook", secret="s")),
    "rt": lambda: RTAdapter(RTSettings(url=URL, token="t")),
    "servicenow": lambda: ServiceNowAdapter(ServiceNowSettings(url=URL, token="t")),
    "jira": lambda: JiraAdapter(JiraSettings(url=URL, service_desk_id="10", request_type_id="25",
                                             resolve_transition_id="761", token="t",
                                             escalation_field="components")),
    "zammad": lambda: ZammadAdapter(ZammadSettings(url=URL, token="t", uuid_field="kiosk_id")),
    "zendesk": lambda: ZendeskAdapter(ZendeskSettings(url=URL, email="a@b.test", token="t")),
}


@st.composite
def conversations(draw: st.DrawFn, vendor: str) -> list[Answer]:
    """An answer for each call: mostly like the one expected then, else like any other."""
    expected = CONVERSATIONS[vendor]
    shapes = st.sampled_from(expected + OTHER_SHAPES[vendor])
    return [draw(st.one_of(bodies(shape), bodies(shape), shapes.flatmap(bodies)))
            for shape in expected]


def deliver(vendor: str, answers: list[Answer], state: VisitState) -> Delivery | DeliveryError:
    adapter = ADAPTERS[vendor]()
    CannedAnswers(answers).mount_on(adapter._http.session())  # type: ignore[attr-defined]
    try:
        return adapter.send(payload(state))
    except DeliveryError as refusal:
        return refusal
    finally:
        adapter.close()


@pytest.mark.parametrize("vendor", sorted(CONVERSATIONS))
@FUZZ
@given(data=st.data(), state=st.sampled_from([VisitState.RESOLVED, VisitState.ESCALATED]))
def test_any_2xx_answer_is_a_delivery_or_a_delivery_error(vendor: str, data: st.DataObject,
                                                          state: VisitState) -> None:
    outcome = deliver(vendor, data.draw(conversations(vendor), label="answers"), state)
    event(type(outcome).__name__)
    if isinstance(outcome, DeliveryError):
        assert outcome.reason.strip(), "a DeliveryError without a reason"
    else:
        assert isinstance(outcome.external_id, str)
        assert isinstance(outcome.external_url, str)


@pytest.mark.parametrize("vendor", sorted(CONVERSATIONS))
def test_json_nested_too_deeply_is_a_delivery_error(vendor: str) -> None:
    """It was a RecursionError out of the adapter."""
    outcome = deliver(vendor, [Answer(b"[" * 100_000)], VisitState.RESOLVED)
    assert isinstance(outcome, DeliveryError)


def test_a_well_shaped_conversation_delivers() -> None:
    """The shapes above are right: answered as shown, every adapter delivers."""
    for vendor, shapes in CONVERSATIONS.items():
        answers = [Answer(json.dumps(shape).encode()) for shape in shapes]
        outcome = deliver(vendor, answers, VisitState.RESOLVED)
        assert isinstance(outcome, Delivery), (vendor, outcome)


@pytest.mark.parametrize(("vendor", "first"), [
    ("rt", {"TicketCustomFields": [{"name": []}]}),  # was a TypeError (unhashable list)
    ("zammad", {"tickets": [12], "assets": {"Ticket": {"12": 5}}}),  # was an AttributeError
    ("zammad", {"tickets": [12], "assets": [1]}),  # the same
])
def test_answers_the_fuzzing_found_are_delivery_errors(vendor: str, first: Any) -> None:
    outcome = deliver(vendor, [Answer(json.dumps(first).encode())], VisitState.RESOLVED)
    assert isinstance(outcome, DeliveryError)


@pytest.mark.parametrize("number", [{"a": 1}, "INC 1\n", True, None])
def test_a_malformed_ticket_number_falls_back_to_the_id(number: Any) -> None:
    found = {"result": [{"correlation_id": VISIT, "sys_id": "abc123", "number": number,
                         "correlation_display": "Tech Bar (sent)"}]}
    outcome = deliver("servicenow", [Answer(json.dumps(found).encode())], VisitState.RESOLVED)
    assert isinstance(outcome, Delivery)
    assert outcome.external_id == "abc123"


@pytest.mark.parametrize("read", [lambda v: ident(v, "Zendesk ticket"), _ticket_id])
@pytest.mark.parametrize("value", ["12\n", "12\n/../../admin"])
def test_an_id_with_a_line_break_is_malformed(read: Callable[[Any], str], value: str) -> None:
    """A trailing newline passed the ^...$ checks and went into the next request's URL."""
    with pytest.raises(TransientError, match="malformed"):
        read(value)
