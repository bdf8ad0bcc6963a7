"""The kiosk's use cases: a walk-in's ticket, appointment codes, a visit to rate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.app.checkin import (
    AppointmentRefused,
    CheckInService,
    Refusal,
    UnknownBadge,
    WalkIn,
    is_appointment_code,
    looks_like_lookup,
)
from kiosk.app.directory import Person
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.domain.visit import Visit, VisitState
from kiosk.errors import AlreadyInLine, NotFound, StoreUnavailable, ValidationError

BADGE = "04A1B2C3"
ANA = Person("E1001", "Ana García", "ana.garcia@example.com", BADGE, "Finance")


@pytest.fixture
def checkin(core: Core) -> CheckInService:
    core.directory.import_people([ANA])
    return core.checkin


def walk_in(name: str = "Sam Guest", category: str = "laptop", **more: str) -> WalkIn:
    return WalkIn(name=name, email=more.pop("email", ""), employee_id="", category=category,
                  **more)


def finished(core: Core, name: str = "Ana García", employee_id: str = "E1001") -> Visit:
    visit = core.visits.check_in(name=name, employee_id=employee_id, category="account")
    core.visits.call(visit.id, "Dana")
    core.visits.start(visit.id, "Dana")
    return core.visits.resolve(visit.id, "Dana", "fixed")


def book(core: Core, clock: ManualClock, minutes: int) -> str:
    return core.appointments.book(name="Jonas Müller", category="laptop",
                                  scheduled_at=clock.now() + timedelta(minutes=minutes)).code


def test_the_core_builds_the_kiosk_service_once(core: Core) -> None:
    assert isinstance(core.checkin, CheckInService)
    assert core.checkin.visits is core.visits
    assert core.checkin.appointments is core.appointments


def test_a_walk_in_gets_a_ticket_with_place_and_the_core_estimate(
        checkin: CheckInService, core: Core) -> None:
    core.visits.check_in(name="Before you", category="account")
    ticket = checkin.check_in(walk_in(description="Will not wake", device="X1", language="de"))
    stored = core.visits.get(ticket.visit.id)
    assert (stored.requester.name, stored.category, stored.device) == ("Sam Guest", "laptop", "X1")
    assert stored.description == "Will not wake"
    assert ticket.visit.ticket_number == "L-002"
    assert ticket.position == 2
    assert ticket.estimate == core.visits.estimate_wait(ticket.visit.id)
    assert ticket.appointment is None


def test_a_refused_walk_in_stores_nothing(checkin: CheckInService, core: Core) -> None:
    with pytest.raises(ValidationError) as refused:
        checkin.check_in(walk_in(name="   "))
    assert refused.value.field == "name"
    with pytest.raises(ValidationError, match="Unknown category"):
        checkin.check_in(walk_in(category="nope"))
    assert core.visits.active_visits() == []


def test_the_ticket_is_shown_even_when_place_or_estimate_cannot_be_read(
        checkin: CheckInService, core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(visit_id: str) -> None:
        raise StoreUnavailable("the database went away")

    monkeypatch.setattr(core.visits, "estimate_wait", unreadable)
    ticket = checkin.check_in(walk_in())
    assert (ticket.position, ticket.estimate) == (1, None)
    monkeypatch.setattr(core.visits, "position", unreadable)
    ticket = checkin.check_in(walk_in(name="Ben"))
    assert (ticket.visit.ticket_number, ticket.position, ticket.estimate) == ("L-002", 0, None)


def test_an_on_time_appointment_goes_first(checkin: CheckInService, core: Core,
                                           clock: ManualClock) -> None:
    code = book(core, clock, 5)
    core.visits.check_in(name="Walk-in", category="laptop")
    ticket = checkin.check_in_appointment(code.lower(), "es")
    assert ticket.position == 1
    assert ticket.appointment is not None
    assert ticket.appointment.on_time
    assert ticket.visit.appointment_code == code
    assert ticket.estimate is not None


def test_refused_codes_say_why(checkin: CheckInService, core: Core, clock: ManualClock) -> None:
    def reason(code: str) -> AppointmentRefused:
        with pytest.raises(AppointmentRefused) as refused:
            checkin.check_in_appointment(code, "en")
        return refused.value

    assert reason("hello").reason is Refusal.NOT_A_CODE
    unknown = reason("TB-AAAAAA")
    assert (unknown.reason, unknown.appointment) == (Refusal.UNKNOWN, None)
    assert isinstance(unknown.error, NotFound)
    early = book(core, clock, 90)
    too_early = reason(early)
    assert too_early.reason is Refusal.EARLY
    assert too_early.appointment is not None
    assert too_early.appointment.code == early
    assert too_early.opens_at == clock.now() + timedelta(minutes=75)
    used = book(core, clock, 0)
    checkin.check_in_appointment(used, "en")
    assert reason(used).reason is Refusal.USED
    assert len(core.visits.active_visits()) == 1


def test_any_other_refusal_keeps_the_core_message(checkin: CheckInService, core: Core,
                                                  clock: ManualClock,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code = book(core, clock, 0)

    def refuse(text: str, *, language: str) -> None:
        raise ValidationError("description", "Too long.")

    monkeypatch.setattr(core.appointments, "check_in", refuse)
    with pytest.raises(AppointmentRefused) as refused:
        checkin.check_in_appointment(code, "en")
    assert (refused.value.reason, str(refused.value)) == (Refusal.OTHER, "Too long.")


@pytest.mark.parametrize("typed", ["a1", "A-001", " a 001 "])
def test_feedback_by_a_typed_ticket_number(checkin: CheckInService, core: Core,
                                           typed: str) -> None:
    visit = finished(core)
    target = checkin.find_feedback(typed, scanned=False)
    assert (target.visit_id, target.ticket_number) == (visit.id, "A-001")


def test_feedback_by_a_scanned_badge_or_ticket(checkin: CheckInService, core: Core) -> None:
    visit = finished(core)
    assert checkin.find_feedback(BADGE, scanned=True).visit_id == visit.id
    assert checkin.find_feedback("A001", scanned=True).visit_id == visit.id
    with pytest.raises(UnknownBadge):
        checkin.find_feedback("DEADBEEF", scanned=True)
    checkin.rate(visit.id, 2, "Fine")
    assert core.feedback.score(visit.id) == 2
    with pytest.raises(NotFound):
        checkin.find_feedback("A-001", scanned=False)


def test_identify_and_notices_come_from_the_core(checkin: CheckInService, core: Core) -> None:
    finished(core)
    found = checkin.identify("e1001")
    assert found is not None
    assert found.person == ANA
    assert checkin.identify("nobody@example.com") is None
    core.notices.post(title="Wi-Fi is down", categories=("laptop",))
    assert [n.title for n in checkin.active_notices()] == ["Wi-Fi is down"]


@pytest.mark.parametrize(("typed", "lookup"), [
    ("E1001", True), ("ana@example.com", True), ("Ana García", False), ("Ana", False),
    ("  ", False), ("E 1001", False)])
def test_ids_and_emails_are_looked_up_names_are_not(typed: str, lookup: bool) -> None:
    assert looks_like_lookup(typed) is lookup


@pytest.mark.parametrize(("scanned", "is_code"), [
    ("TB-7K3Q9M", True), ("https://techbar.example.com/a/TB-7K3Q9M", True),
    ("04A1B2C3", False), ("L-001", False)])
def test_appointment_codes_are_told_apart_from_badges(scanned: str, is_code: bool) -> None:
    assert is_appointment_code(scanned) is is_code


def test_someone_already_in_line_may_change_the_reason_or_leave(core: Core) -> None:
    checkin = core.checkin
    first = checkin.check_in(WalkIn("Mei Chen", "", "E1005", "mobile"))
    with pytest.raises(AlreadyInLine) as already:
        checkin.check_in(WalkIn("Mei Chen", "", "E1005", "laptop"))
    assert already.value.ticket_number == first.visit.ticket_number
    changed = checkin.change_reason(already.value.visit_id, "laptop")
    assert (changed.visit.id, changed.visit.category) == (first.visit.id, "laptop")
    assert changed.position == 1
    left = checkin.leave_line(first.visit.id)
    assert left.state is VisitState.CANCELLED
    assert checkin.check_in(WalkIn("Mei Chen", "", "E1005", "laptop"))
