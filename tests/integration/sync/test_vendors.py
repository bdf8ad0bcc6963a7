"""Contract tests: ServiceNow, Jira Service Management, Zammad and Zendesk adapters
against local servers that follow each vendor's documented API (tests/support)."""

from __future__ import annotations

import io
import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.app.feedback import FeedbackService
from kiosk.app.sync_health import ticket_link, ticket_links
from kiosk.app.visits import VisitService
from kiosk.cli.sync import run_sync_command
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import Visit
from kiosk.store import Database, UnitOfWork
from kiosk.sync.adapters.jira import JiraAdapter
from kiosk.sync.adapters.servicenow import ServiceNowAdapter
from kiosk.sync.adapters.text import timeline_subject
from kiosk.sync.adapters.zammad import ZammadAdapter
from kiosk.sync.adapters.zendesk import ZendeskAdapter
from kiosk.sync.delivery import Delivery, PermanentError, TicketingAdapter
from kiosk.sync.payload import build_payload
from kiosk.sync.worker import SyncReport, SyncWorker
from tests.support.vendor_servers import VENDORS, Fault, Ticket, VendorServer, http_date

ADAPTERS: dict[str, Callable[..., TicketingAdapter]] = {
    "servicenow": ServiceNowAdapter, "jira": JiraAdapter, "zammad": ZammadAdapter,
    "zendesk": ZendeskAdapter}


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test (migrating costs about 0.6 s)."""
    path = tmp_path_factory.mktemp("template") / "techbar.db"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    database.dispose()
    return path


@pytest.fixture
def db_url(migrated_sqlite: Path, tmp_path: Path) -> str:
    """SQLite is enough here: the worker on PostgreSQL is covered by test_sync_worker.py."""
    target = tmp_path / "techbar.db"
    for suffix in ("", "-wal", "-shm"):
        source = migrated_sqlite.with_name(migrated_sqlite.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return f"sqlite:///{target}"


@pytest.fixture(params=VENDORS)
def server(request: pytest.FixtureRequest) -> Iterator[VendorServer]:
    with VendorServer(request.param) as running:
        yield running
    assert running.errors == []
    assert running.overlaps == []


@pytest.fixture
def connect(db: Database, settings: Settings, clock: ManualClock) -> Iterator[Any]:
    adapters: list[TicketingAdapter] = []

    def make(server: VendorServer, **changes: Any) -> SyncWorker:
        adapter = ADAPTERS[server.vendor](server.settings(**changes), clock=clock)
        adapters.append(adapter)
        configured = replace(settings, backend=server.vendor,
                             **{server.vendor: server.settings(**changes)},
                             sync=replace(settings.sync, base_delay_seconds=0.5,
                                          max_delay_seconds=5, send_final_states=(
                                              "resolved", "escalated")))
        return SyncWorker(db, adapter, configured, clock, rng=random.Random(3))

    yield make
    for adapter in adapters:
        adapter.close()


def serve(service: VisitService, clock: ManualClock, email: str = "zoe@example.com") -> Visit:
    visit = service.check_in(name="Zoë Ng", category="laptop", email=email,
                             description="Screen flickers\nafter the update", device="ThinkPad T14",
                             asset_tag="A-4711")
    service.call(visit.id, "ana")
    service.start(visit.id, "ana")
    clock.advance(timedelta(minutes=12))
    return visit


def resolved(service: VisitService, clock: ManualClock) -> Visit:
    visit = serve(service, clock)
    return service.resolve(visit.id, "ana", "hardware", "replaced the display cable")


def outbox(db: Database, visit_id: str) -> dict[str, Any]:
    with UnitOfWork(db, readonly=True) as uow:
        row = uow.outbox.get(visit_id)
        assert row is not None
        return {k: getattr(row, k) for k in ("status", "attempts", "last_error", "external_id",
                                             "external_url", "next_attempt_at")}


def timeline_notes(server: VendorServer, ticket: Ticket, visit_id: str) -> list[dict[str, Any]]:
    marker = timeline_subject(visit_id)
    return [n for n in ticket.notes
            if marker in str(n.get("value") or n.get("subject") or n.get("body"))]


def note_text(note: dict[str, Any]) -> str:
    return str(note.get("value") or note.get("body"))


# ------------------------------------------------------------ the whole story, once


def check_resolved(server: VendorServer, ticket: Ticket, visit: Visit) -> None:
    """What each vendor holds for a resolved visit, in its own field names."""
    f = ticket.fields
    [note] = timeline_notes(server, ticket, visit.id)
    if server.vendor == "servicenow":
        assert (f["state"], f["close_code"]) == ("6", "Solution provided")
        assert f["close_notes"] == "replaced the display cable"
        assert f["correlation_id"] == visit.id
        assert f["short_description"].startswith("Laptop & hardware: Screen flickers [L-")
        assert (f["caller_id"], f["contact_type"]) == ("walk-up.visitor", "walk-in")
        assert f["assignment_group"] == "Service Desk"
        assert note["element"] == "work_notes"
    elif server.vendor == "jira":
        assert f["labels"] == [f"techbar-{visit.id}"]
        assert f["status"] == "Resolved"
        assert note["public"] is False
    elif server.vendor == "zammad":
        assert ticket.tags == [f"techbar-{visit.id}"]
        assert (f["state"], f["group"], f["customer_id"]) == (
            "closed", "Walk-up", "guess:zoe@example.com")
        assert (note["internal"], note["type"], note["time_unit"]) == (True, "note", "12")
        assert ticket.notes[0]["internal"] is False  # the check-in article
    else:
        assert (f["external_id"], f["status"], f["group_id"]) == (visit.id, "solved", 360001)
        assert f["requester"] == {"name": "Zoë Ng", "email": "zoe@example.com"}
        assert "techbar_timeline" in ticket.tags
        assert note["public"] is False
    text = note_text(note)
    for expected in ("start: called -> in_service by ana", "Technician: ana",
                     "Time spent: 12 min", "Resolution code: hardware",
                     "replaced the display cable", "Satisfaction: happy (3/3): \"quick!\""):
        assert expected in text


def test_a_resolved_visit_becomes_one_finished_ticket_with_its_story(
        server: VendorServer, connect: Any, service: VisitService, clock: ManualClock,
        db: Database, settings: Settings) -> None:
    visit = resolved(service, clock)
    FeedbackService(db, settings, clock).rate(visit.id, 3, "quick!")
    worker = connect(server)
    assert worker.drain() == SyncReport(sent=1)
    [ticket] = server.tickets_for(visit.id)
    check_resolved(server, ticket, visit)
    first = str(ticket.fields.get("description") or ticket.notes[0]["body"])
    for detail in ("Requester: Zoë Ng", "Device: ThinkPad T14", "Asset tag: A-4711",
                   f"Visit id: {visit.id}"):
        assert detail in first
    row = outbox(db, visit.id)
    assert row["status"] == "sent"
    assert ticket_link(db, visit.id) == (row["external_id"], row["external_url"])
    assert row["external_id"] in (ticket.number, ticket.id)
    assert row["external_url"].startswith(server.base_url)
    assert worker.drain() == SyncReport()


def test_an_escalated_visit_stays_open_with_its_group(
        server: VendorServer, connect: Any, service: VisitService, clock: ManualClock) -> None:
    visit = serve(service, clock, email="")
    service.escalate(visit.id, "ana", "network", "switch port dead")
    assert connect(server).drain() == SyncReport(sent=1)
    [ticket] = server.tickets_for(visit.id)
    [note] = timeline_notes(server, ticket, visit.id)
    assert "Escalated to: network" in note_text(note)
    f = ticket.fields
    if server.vendor == "servicenow":
        assert (f["state"], f["assignment_group"]) == ("1", "Network L2")
    elif server.vendor == "jira":
        assert (f["status"], f["customfield_10060"]) == ("Waiting for support",
                                                         {"name": "Network L2"})
    elif server.vendor == "zammad":
        assert (f["state"], f["group"], f["customer_id"]) == (
            "open", "Network L2", "guess:desk@example.test")
    else:
        assert (f["status"], f["group_id"]) == ("open", 360099)
        assert "requester" not in f


def test_sending_a_visit_twice_adds_nothing(
        server: VendorServer, service: VisitService, clock: ManualClock,
        settings: Settings) -> None:
    visit = resolved(service, clock)
    payload = build_payload(service.get(visit.id), settings)
    adapter = ADAPTERS[server.vendor](server.settings())
    try:
        first = adapter.send(payload)
        assert adapter.send(payload) == first
    finally:
        adapter.close()
    [ticket] = server.tickets_for(visit.id)
    assert len(timeline_notes(server, ticket, visit.id)) == 1
    assert first.external_id in (ticket.number, ticket.id)


@pytest.mark.parametrize(("vendor", "uuid_field"), [
    ("jira", "customfield_10050"), ("zammad", "kiosk_session_id")])
def test_the_uuid_can_live_in_a_custom_field(
        vendor: str, uuid_field: str, service: VisitService, clock: ManualClock,
        settings: Settings) -> None:
    visit = resolved(service, clock)
    other = resolved(service, clock)
    with VendorServer(vendor, uuid_field=uuid_field) as server:
        adapter = ADAPTERS[vendor](server.settings())
        try:
            for v in (visit, other, visit):
                adapter.send(build_payload(service.get(v.id), settings))
        finally:
            adapter.close()
        [ticket] = server.tickets_for(visit.id)
        assert ticket.fields[uuid_field] == visit.id
        assert len(timeline_notes(server, ticket, visit.id)) == 1
        assert len(server.tickets) == 2


# ------------------------------------------------------------ never twice


def test_a_lost_answer_on_create_makes_no_duplicate(
        server: VendorServer, connect: Any, service: VisitService, clock: ManualClock,
        db: Database) -> None:
    visit = resolved(service, clock)
    server.plan(Fault.none(), Fault.drop())  # the search, then the create is lost
    worker = connect(server)
    assert worker.drain() == SyncReport(retried=1)
    row = outbox(db, visit.id)
    assert "connection failed" in row["last_error"]
    clock.set(row["next_attempt_at"])
    assert worker.drain() == SyncReport(sent=1)
    creates = [r for r in server.requests if r.method == "POST" and r.path in (
        "/api/now/table/incident", "/rest/servicedeskapi/request", "/api/v1/tickets",
        "/api/v2/tickets")]
    assert len(creates) == 1
    [ticket] = server.tickets_for(visit.id)
    assert len(timeline_notes(server, ticket, visit.id)) == 1


def test_a_lost_answer_on_the_final_update_writes_one_note(
        server: VendorServer, connect: Any, service: VisitService, clock: ManualClock,
        db: Database) -> None:
    visit = resolved(service, clock)
    worker = connect(server)
    steps = {"servicenow": 2, "jira": 3, "zammad": 3, "zendesk": 2}[server.vendor]
    server.plan(*[Fault.none()] * steps, Fault.drop())  # the note (or final update) is lost
    assert worker.drain() == SyncReport(retried=1)
    clock.set(outbox(db, visit.id)["next_attempt_at"])
    assert worker.drain() == SyncReport(sent=1)
    [ticket] = server.tickets_for(visit.id)
    assert len(timeline_notes(server, ticket, visit.id)) == 1


def test_zendesk_repeats_the_create_with_its_idempotency_key(
        service: VisitService, clock: ManualClock, settings: Settings) -> None:
    """The listing misses the ticket (as if lagging): the key still prevents a second."""
    visit = resolved(service, clock)
    payload = build_payload(service.get(visit.id), settings)
    with VendorServer("zendesk") as server:
        empty = Fault.reply(200, {"tickets": [], "count": 0, "next_page": None})
        server.plan(Fault.none(), Fault.drop(), empty)
        adapter = ZendeskAdapter(server.settings())
        try:
            with pytest.raises(Exception, match="connection failed"):
                adapter.send(payload)
            delivery = adapter.send(payload)
        finally:
            adapter.close()
        posts = [r for r in server.requests if r.method == "POST"]
        assert [r.headers["idempotency-key"] for r in posts] == [visit.id, visit.id]
        assert posts[0].body == posts[1].body
        [ticket] = server.tickets_for(visit.id)
        assert delivery == Delivery(ticket.id, f"{server.base_url}/agent/tickets/{ticket.id}")


# ------------------------------------------------------------ rate limits and faults


def test_429_with_retry_after_is_honoured(
        server: VendorServer, connect: Any, service: VisitService, clock: ManualClock,
        db: Database) -> None:
    visit = resolved(service, clock)
    server.plan(server.rate_limited(7))
    worker = connect(server)
    assert worker.drain() == SyncReport(retried=1)
    row = outbox(db, visit.id)
    assert row["last_error"].startswith(
        {"servicenow": "ServiceNow", "jira": "Jira", "zammad": "Zammad",
         "zendesk": "Zendesk"}[server.vendor])
    assert "HTTP 429" in row["last_error"]
    assert row["next_attempt_at"] == clock.now() + timedelta(seconds=7)
    clock.advance(timedelta(seconds=6))
    assert worker.drain() == SyncReport()
    clock.advance(timedelta(seconds=1))
    assert worker.drain() == SyncReport(sent=1)


@pytest.mark.parametrize("vendor", ["servicenow", "jira"])
def test_429_with_only_a_reset_header_is_honoured(
        vendor: str, connect: Any, service: VisitService, clock: ManualClock,
        db: Database) -> None:
    """ServiceNow sends X-RateLimit-Reset as a unix time, Jira as ISO 8601."""
    visit = resolved(service, clock)
    with VendorServer(vendor) as server:
        limited = server.rate_limited(None)
        assert "Retry-After" not in dict(limited.headers)
        server.plan(limited)
        worker = connect(server)
        assert worker.drain() == SyncReport(retried=1)
    wait = (outbox(db, visit.id)["next_attempt_at"] - clock.now()).total_seconds()
    assert 0.9 <= wait <= 3.0  # 2 s ahead, read against the server's Date (1 s steps)


def test_503_with_an_http_date_is_honoured(
        connect: Any, service: VisitService, clock: ManualClock, db: Database) -> None:
    visit = resolved(service, clock)
    with VendorServer("servicenow") as server:
        server.plan(server.unavailable("Wed, 21 Oct 2015 07:28:00 GMT"),
                    server.unavailable(http_date(30)))
        worker = connect(server)
        assert worker.drain() == SyncReport(retried=1)  # a date in the past: backoff only
        clock.set(outbox(db, visit.id)["next_attempt_at"])
        assert worker.drain() == SyncReport(retried=1)
        wait = (outbox(db, visit.id)["next_attempt_at"] - clock.now()).total_seconds()
        assert 28 <= wait <= 31


@pytest.mark.parametrize("fault", ["500", "malformed", "slow"])
def test_server_errors_broken_bodies_and_timeouts_are_retried(
        server: VendorServer, connect: Any, service: VisitService, clock: ManualClock,
        db: Database, fault: str) -> None:
    visit = resolved(service, clock)
    planned = {"500": Fault.reply(500, {"error": "boom"}), "malformed": Fault.malformed(),
               "slow": Fault.slow(0.6)}[fault]
    server.plan(planned)
    worker = connect(server, timeout_seconds=0.3)
    assert worker.drain() == SyncReport(retried=1)
    reason = outbox(db, visit.id)["last_error"]
    assert {"500": "HTTP 500", "malformed": "malformed JSON", "slow": "timeout"}[fault] in reason
    clock.set(outbox(db, visit.id)["next_attempt_at"])
    assert worker.drain() == SyncReport(sent=1)
    assert len(server.tickets_for(visit.id)) == 1


def test_wrong_credentials_stop_with_the_reason(
        server: VendorServer, connect: Any, service: VisitService, clock: ManualClock,
        db: Database) -> None:
    visit = resolved(service, clock)
    wrong = {"servicenow": {"password": "nope"}, "jira": {"token": "nope"},
             "zammad": {"token": "nope"}, "zendesk": {"token": "nope"}}[server.vendor]
    worker = connect(server, **wrong)
    assert worker.drain() == SyncReport(failed=1)
    row = outbox(db, visit.id)
    assert row["status"] == "failed"
    assert "HTTP 401" in row["last_error"]
    assert "nope" not in row["last_error"]
    assert server.tickets == []


@pytest.mark.parametrize(("vendor", "changes", "reason"), [
    ("servicenow", {"table": "no_such_table"}, "HTTP 404"),
    ("jira", {"request_type_id": "99"}, "HTTP 400 Bad Request: The request type you specified"),
    ("jira", {"service_desk_id": "99"}, "HTTP 404"),
    ("jira", {"resolve_transition_id": "999"}, "transition 999 is not offered"),
    ("zammad", {"group": "Nowhere"}, "HTTP 422 Unprocessable Entity: No lookup value found"),
])
def test_configuration_mistakes_are_permanent(
        vendor: str, changes: dict[str, str], reason: str, connect: Any,
        service: VisitService, clock: ManualClock, db: Database) -> None:
    visit = resolved(service, clock)
    with VendorServer(vendor) as server:
        assert connect(server, **changes).drain() == SyncReport(failed=1)
    assert reason in outbox(db, visit.id)["last_error"]


def test_a_permanent_error_raises_permanent_from_the_adapter(
        service: VisitService, clock: ManualClock, settings: Settings) -> None:
    visit = resolved(service, clock)
    with VendorServer("zendesk") as server:
        server.plan(Fault.none(), Fault.reply(422, {
            "error": "RecordInvalid", "description": "Record validation errors",
            "details": {"requester": [{"description": "Requester email is invalid"}]}}))
        adapter = ZendeskAdapter(server.settings())
        try:
            with pytest.raises(PermanentError, match="HTTP 422.*RecordInvalid"):
                adapter.send(build_payload(service.get(visit.id), settings))
        finally:
            adapter.close()


# ------------------------------------------------------------ the sync command and links


def test_the_sync_command_reports_sent_and_failed_visits_with_reasons(
        service: VisitService, clock: ManualClock, db: Database, settings: Settings) -> None:
    refused = resolved(service, clock)
    clock.advance(timedelta(minutes=1))
    delivered = resolved(service, clock)
    with VendorServer("servicenow") as server:
        server.plan(Fault.none(), Fault.reply(403, {"error": {
            "message": "Operation Failed", "detail": "ACL Exception Insert Failed"},
            "status": "failure"}))
        # One delivery at a time: the planned answers meet the first visit's calls in order.
        configured = replace(settings, backend="servicenow", servicenow=server.settings(),
                             sync=replace(settings.sync, in_flight=1))
        out, err = io.StringIO(), io.StringIO()
        code = run_sync_command(db, configured, clock, once=True, out=out, err=err)
    assert (code, err.getvalue()) == (1, "")
    report = out.getvalue()
    assert report.startswith(f"sync to {server.base_url}: 1 sent, 0 to retry, 1 failed\n")
    assert (f"  {refused.ticket_number}  ServiceNow create an incident: HTTP 403 Forbidden: "
            "Operation Failed - ACL Exception Insert Failed  (1 attempt)") in report
    assert "Zoë" not in report
    links = ticket_links(db, [refused.id, delivered.id, "no-such-visit"])
    [ticket] = server.tickets_for(delivered.id)
    assert links == {delivered.id: (ticket.number, ServiceNowAdapter(
        server.settings()).ticket_url(ticket.id))}
    assert ticket_link(db, refused.id) is None
