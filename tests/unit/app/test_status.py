"""The status page's use cases: the token, its day, what the page may show, leaving the line."""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import replace
from datetime import date, timedelta

import pytest

from kiosk.app.links import TOKEN_BYTES
from kiosk.app.status import LEFT_FROM_PHONE, PHONE_ACTOR, UNKNOWN_LINK, VisitStatus
from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import VisitState
from kiosk.errors import IllegalTransition, NotFound, ValidationError
from kiosk.store import Database
from tests.conftest import START


def test_a_token_is_random_long_unique_and_not_the_visit_id(core: Core) -> None:
    visits = [core.visits.check_in(name=f"Person {i}", category="laptop") for i in range(60)]
    tokens = [v.status_token for v in visits]
    assert len(set(tokens)) == len(tokens)
    for visit, token in zip(visits, tokens, strict=True):
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) == TOKEN_BYTES >= 16, "at least 128 bits"
        assert visit.id not in token
        assert visit.id.replace("-", "") not in token
        assert visit.ticket_number not in token
    # Not a counter: the tokens share no long common prefix.
    assert len({t[:6] for t in tokens}) == len(tokens)


def test_only_the_check_in_snapshot_carries_the_token(core: Core) -> None:
    visit = core.visits.check_in(name="Ada", category="laptop")
    assert visit.status_token
    assert core.visits.get(visit.id).status_token == ""
    assert visit.status_token not in repr(visit), "never in a log line"
    assert core.status.visit_status(visit.status_token).ticket_number == visit.ticket_number


def test_an_appointment_check_in_gets_a_link_too(core: Core, clock: ManualClock) -> None:
    booked = core.appointments.book(name="Jo", category="laptop",
                                    scheduled_at=clock.now() + timedelta(minutes=5))
    visit = core.appointments.check_in(booked.code).visit
    assert core.status.visit_status(visit.status_token).ticket_number == visit.ticket_number


def _site_at(db: Database, settings: Settings, clock: ManualClock, offset_hours: int) -> Core:
    return assemble(db, replace(settings, utc_offset=timedelta(hours=offset_hours)), clock)


def test_the_link_works_until_the_end_of_the_service_day_in_site_time(
        db: Database, settings: Settings, clock: ManualClock) -> None:
    core = _site_at(db, settings, clock, 2)  # 21:30 UTC is 23:30 on the site
    clock.set(START.replace(hour=21, minute=30))
    token = core.visits.check_in(name="Late", category="laptop").status_token
    clock.set(START.replace(hour=21, minute=59, second=59))
    assert core.status.visit_status(token).state is VisitState.WAITING
    clock.set(START.replace(hour=22))  # midnight on the site
    with pytest.raises(NotFound) as expired:
        core.status.visit_status(token)
    with pytest.raises(NotFound) as unknown:
        core.status.visit_status("A" * 32)
    assert str(expired.value) == str(unknown.value) == UNKNOWN_LINK


def test_a_site_west_of_utc_keeps_the_link_past_utc_midnight(
        db: Database, settings: Settings, clock: ManualClock) -> None:
    core = _site_at(db, settings, clock, -5)
    clock.set(START.replace(hour=20))  # 15:00 on the site
    token = core.visits.check_in(name="West", category="laptop").status_token
    clock.set(START.replace(hour=23) + timedelta(hours=4))  # 22:00 on the site, next UTC day
    assert core.status.visit_status(token).ticket_number
    clock.set(START + timedelta(days=1, hours=5))  # the site's midnight
    with pytest.raises(NotFound):
        core.status.visit_status(token)


def test_the_status_holds_no_name_email_or_description(core: Core) -> None:
    visit = core.visits.check_in(name="Zaphod Beeblebrox", email="zaphod@example.com",
                                 employee_id="E42", category="laptop",
                                 description="My secret password is hunter2")
    status = core.status.visit_status(visit.status_token)
    names = {f.name for f in dataclasses.fields(VisitStatus)}
    assert names.isdisjoint({"id", "visit_id", "name", "requester", "email", "employee_id",
                             "description", "device", "asset_tag", "technician"})
    shown = repr(status)
    for secret in ("Zaphod", "Beeblebrox", "zaphod@example.com", "E42", "hunter2", visit.id):
        assert secret not in shown


def test_the_place_in_line_the_wait_and_the_desk(core: Core) -> None:
    first = core.visits.check_in(name="A", category="laptop")
    second = core.visits.check_in(name="B", category="laptop")
    status = core.status.visit_status(second.status_token)
    assert (status.state, status.position) == (VisitState.WAITING, 2)
    assert status.wait is not None
    assert status.wait.people_ahead == 1
    assert status.wait == core.visits.estimate_wait(second.id), "the kiosk's own estimate"
    assert status.label("de") == "Laptop & Hardware"
    assert status.label("fr") == "Laptop & hardware"
    core.visits.call(first.id, "Kim", counter="Desk 2")
    assert core.status.visit_status(second.status_token).position == 1
    called = core.status.visit_status(first.status_token)
    assert (called.state, called.counter, called.position, called.wait) == (
        VisitState.CALLED, "Desk 2", 0, None)
    core.visits.start(first.id, "Kim")
    assert core.status.visit_status(first.status_token).counter == "", "only while called"


def test_many_statuses_in_one_read_leave_out_the_wrong_ones(core: Core) -> None:
    tokens = [core.visits.check_in(name=f"P{i}", category="account").status_token
              for i in range(3)]
    found = core.status.statuses([*tokens, "x" * 10_000, "", "B" * 32, "<script>" * 4])
    assert list(found) == tokens
    assert [s.position for s in found.values()] == [1, 2, 3]


def test_leaving_the_line_cancels_with_the_reason_once(core: Core) -> None:
    ahead = core.visits.check_in(name="A", category="laptop")
    visit = core.visits.check_in(name="B", category="laptop")
    left = core.status.leave(visit.status_token)
    assert left.state is VisitState.CANCELLED
    assert not left.may_leave
    assert core.status.leave(visit.status_token).state is VisitState.CANCELLED, "twice is fine"
    events = [e for e in core.visits.get(visit.id).events if e.action == "cancel"]
    assert [(e.actor, e.note) for e in events] == [(PHONE_ACTOR, LEFT_FROM_PHONE)]
    assert core.status.visit_status(ahead.status_token).position == 1


def test_leaving_is_refused_once_a_technician_has_started(core: Core) -> None:
    visit = core.visits.check_in(name="A", category="laptop")
    core.visits.call(visit.id, "Kim")
    assert core.status.visit_status(visit.status_token).may_leave, "called: may still go"
    core.visits.start(visit.id, "Kim")
    with pytest.raises(IllegalTransition):
        core.status.leave(visit.status_token)
    assert core.visits.get(visit.id).state is VisitState.IN_SERVICE
    with pytest.raises(NotFound):
        core.status.leave("C" * 32)


def test_status_link_of_a_ticket_today_or_another_day(core: Core, clock: ManualClock) -> None:
    visit = core.visits.check_in(name="A", category="laptop")
    link = core.status.status_link("l1")
    assert link == f"{core.settings.web.public_url}/v/{visit.status_token}"
    assert core.status.status_link(visit.ticket_number, START.date()) == link
    with pytest.raises(NotFound, match="No ticket L-002"):
        core.status.status_link("L-002")
    with pytest.raises(NotFound):
        core.status.status_link("L-001", date(2026, 11, 21))
    clock.advance(timedelta(days=1))
    with pytest.raises(NotFound, match="expired"):
        core.status.status_link("L-001", START.date())


def test_status_link_needs_a_public_url(db: Database, settings: Settings,
                                        clock: ManualClock) -> None:
    core = assemble(db, replace(settings, web=replace(settings.web, public_url="")), clock)
    core.visits.check_in(name="A", category="laptop")
    with pytest.raises(ValidationError, match="public_url"):
        core.status.status_link("L-001")
