"""The console's use cases on a real store: transfer, escalate, time spent, no-show grace..."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.app.technicians import TechnicianService
from kiosk.app.visits import VisitService, minutes_since
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.domain.visit import VisitState
from kiosk.errors import LostRace, NothingWaiting, ValidationError
from kiosk.store import Database, UnitOfWork


@pytest.fixture
def techs(db: Database, settings: Settings, clock: ManualClock) -> TechnicianService:
    service = TechnicianService(db, settings, clock)
    service.add(name="Dana", pin="1234", skills=["laptop"], counter="Desk 1")
    service.add(name="Luis", pin="1234", skills=["account", "mobile"], counter="Desk 2")
    return service


def _in_service(service: VisitService, tech: str = "Dana", category: str = "laptop") -> str:
    visit = service.check_in(name="Ana", category=category)
    service.call(visit.id, tech)
    return service.start(visit.id, tech).id


def test_call_next_respects_skills_and_sets_the_counter(service: VisitService,
                                                        techs: TechnicianService,
                                                        clock: ManualClock) -> None:
    account = service.check_in(name="Ana", category="account")
    clock.advance(timedelta(minutes=1))
    laptop = service.check_in(name="Ben", category="laptop")
    luis, dana = techs.list()[1], techs.list()[0]
    called = service.call_next(dana.name, dana.categories, counter=dana.counter)
    assert (called.id, called.counter) == (laptop.id, "Desk 1")
    with pytest.raises(NothingWaiting, match="in your categories"):
        service.call_next(dana.name, dana.categories, several=True)
    assert service.call_next(luis.name, luis.categories, counter="Desk 2").id == account.id


def test_two_consoles_one_visit(db: Database, settings: Settings, clock: ManualClock) -> None:
    ann_console = VisitService(db, settings, clock)
    ben_console = VisitService(db, settings, clock)
    visit = ann_console.check_in(name="Ana", category="laptop")
    ann_console.call(visit.id, "Ann")
    with pytest.raises(LostRace, match=f"^Ann already called {visit.ticket_number}.$"):
        ben_console.call(visit.id, "Ben")
    with pytest.raises(LostRace, match=f"{visit.ticket_number} is with Ann, not Ben"):
        ben_console.start(visit.id, "Ben")
    assert ben_console.get(visit.id).technician == "Ann"


def test_transfer_to_a_technician_keeps_the_place(service: VisitService,
                                                  techs: TechnicianService,
                                                  clock: ManualClock) -> None:
    first = service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(minutes=1))
    second = service.check_in(name="Ben", category="laptop")
    service.call(first.id, "Dana", counter="Desk 1")
    clock.advance(timedelta(minutes=2))
    moved = service.transfer(first.id, "Dana", technician="Luis", note="Needs a Mac expert")
    assert (moved.state, moved.technician, moved.counter) == (VisitState.WAITING, "Luis", "")
    assert moved.queued_at == first.queued_at
    assert service.position(first.id) == 1
    assert service.call_next("Kim").id == second.id, "left for Luis by everyone else"
    assert service.call_next("Luis").id == first.id
    events = service.get(first.id).events
    assert (events[-2].action, events[-2].note) == ("transfer", "To Luis: Needs a Mac expert")


def test_transfer_to_a_category_joins_its_line(service: VisitService, techs: TechnicianService,
                                               clock: ManualClock) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(minutes=1))
    other = service.check_in(name="Ben", category="account")
    clock.advance(timedelta(minutes=1))
    service.call(visit.id, "Dana")
    moved = service.transfer(visit.id, "Dana", category="account")
    assert (moved.category, moved.technician, moved.queued_at) == ("account", "", clock.now())
    assert moved.checked_in_at == visit.checked_in_at, "the wait still counts from check-in"
    assert [v.id for v in service.active_visits()] == [other.id, visit.id]
    assert service.get(visit.id).events[-1].note == "To Account & password"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "Choose a technician or a category"),
    ({"category": "teleport"}, "Unknown category 'teleport'"),
    ({"technician": "Nobody"}, "no technician called Nobody"),
    ({"category": "laptop"}, "already there"),
])
def test_bad_transfers(service: VisitService, techs: TechnicianService,
                       kwargs: dict[str, str], message: str) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    with pytest.raises(ValidationError, match=message):
        service.transfer(visit.id, "Dana", **kwargs)  # type: ignore[arg-type]
    assert service.get(visit.id).version == 1


def test_escalate_sets_the_group_and_keeps_a_code(service: VisitService,
                                                  clock: ManualClock) -> None:
    visit_id = _in_service(service)
    clock.advance(timedelta(minutes=7, seconds=10))
    done = service.escalate(visit_id, "Dana", "Network team", "Switch port dead",
                            code="hardware_fault")
    assert (done.state, done.escalation_group, done.resolution_code) == (
        VisitState.ESCALATED, "Network team", "hardware_fault")
    assert done.time_spent_minutes == 8
    other = _in_service(service)
    assert service.escalate(other, "Dana", "Desktop").resolution_code == "escalated:Desktop"
    with pytest.raises(ValidationError, match="enter your group"):
        service.escalate(_in_service(service), "Dana", "  ")


def test_time_spent_given_or_counted(service: VisitService, clock: ManualClock) -> None:
    visit_id = _in_service(service)
    clock.advance(timedelta(minutes=12))
    assert service.resolve(visit_id, "Dana", "fixed").time_spent_minutes == 12
    given = _in_service(service)
    assert service.resolve(given, "Dana", "fixed", time_spent_minutes=0).time_spent_minutes == 0


@pytest.mark.parametrize("minutes", [-1, 1441, True])
def test_time_spent_out_of_range_is_refused(service: VisitService, minutes: int) -> None:
    visit_id = _in_service(service)
    with pytest.raises(ValidationError, match="from 0 to 1,440"):
        service.resolve(visit_id, "Dana", "fixed", time_spent_minutes=minutes)
    assert service.get(visit_id).state is VisitState.IN_SERVICE


def test_minutes_since() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert minutes_since(None, start) == 0
    assert minutes_since(start, start + timedelta(seconds=61)) == 2
    assert minutes_since(start, start + timedelta(days=3)) == 1440


def test_no_show_is_offered_after_the_grace_time(db: Database, settings: Settings,
                                                 clock: ManualClock) -> None:
    service = VisitService(db, settings, clock, no_show_grace=timedelta(minutes=3))
    visit = service.check_in(name="Ana", category="laptop")
    called = service.call(visit.id, "Dana")
    assert service.no_show_from(called) == clock.now() + timedelta(minutes=3)
    assert service.no_show_from(visit) is None
    clock.advance(timedelta(minutes=2))
    with pytest.raises(ValidationError, match=f"Give {visit.ticket_number} until 09:03"):
        service.no_show(visit.id, "Dana", check_grace=True)
    clock.advance(timedelta(minutes=1))
    assert service.no_show(visit.id, "Dana", check_grace=True).state is VisitState.NO_SHOW


def test_recall_and_return_keep_or_clear_the_counter(service: VisitService) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Dana", counter="Desk 1")
    assert service.recall(visit.id, "Dana").counter == "Desk 1"
    assert service.return_to_queue(visit.id, "Dana").counter == ""


def test_earlier_visits_with_outcome_and_ticket_link(service: VisitService,
                                                     clock: ManualClock) -> None:
    ids = []
    for index in range(7):
        visit = service.check_in(name="Ana", category="laptop", employee_id="E1",
                                 priority=Priority.NORMAL)
        service.call(visit.id, "Dana")
        service.start(visit.id, "Dana")
        service.resolve(visit.id, "Dana", f"code{index}")
        ids.append(visit.id)
        clock.advance(timedelta(days=1))
    service.check_in(name="Ben", category="laptop", employee_id="E2")
    with UnitOfWork(service.db) as uow:
        row = uow.outbox.get(ids[-1])
        assert row is not None
        row.external_id, row.external_url = "4711", "https://rt.example.com/Ticket/4711"
        uow.commit()
    now = service.check_in(name="Ana", category="account", employee_id="E1")
    earlier = service.earlier_visits(now.id)
    assert [e.id for e in earlier] == ids[::-1][:5]
    assert earlier[0].resolution_code == "code6"
    assert earlier[0].state is VisitState.RESOLVED
    assert (earlier[0].ticket_id, earlier[0].ticket_url) == (
        "4711", "https://rt.example.com/Ticket/4711")
    assert earlier[1].ticket_url == ""
    guest = service.check_in(name="Guest", category="laptop")
    assert service.earlier_visits(guest.id) == ()


def test_earlier_visits_by_email(service: VisitService, clock: ManualClock) -> None:
    old = service.check_in(name="Ana", category="laptop", email="ana@example.com")
    service.cancel(old.id, "kiosk")
    clock.advance(timedelta(hours=1))
    new = service.check_in(name="Ana", category="laptop", email="ana@example.com")
    assert [(e.id, e.state) for e in service.earlier_visits(new.id)] == [
        (old.id, VisitState.CANCELLED)]


def test_notes_join_the_timeline_whole(service: VisitService) -> None:
    visit_id = _in_service(service)
    long_note = "Checked the BIOS battery. " * 400
    noted = service.add_note(visit_id, "Dana", long_note)
    assert noted.state is VisitState.IN_SERVICE
    assert noted.events[-1].action == "note"
    assert noted.events[-1].note == long_note.strip()
    assert len(service.get(visit_id).events[-1].note) == len(long_note.strip())
    with pytest.raises(ValidationError, match="Type a note first"):
        service.add_note(visit_id, "Dana", "   ")
    service.resolve(visit_id, "Dana", "fixed")
    with pytest.raises(ValidationError, match="has ended"):
        service.add_note(visit_id, "Dana", "late")


def test_only_the_holder_notes_a_visit_they_are_working(service: VisitService) -> None:
    waiting = service.check_in(name="Ana", category="laptop")
    with pytest.raises(ValidationError):
        service.add_note(waiting.id, "Dana", "before anyone called them")
    visit_id = _in_service(service)
    with pytest.raises(LostRace):
        service.add_note(visit_id, "Kim", "on Dana's visit")
    assert service.add_note(visit_id, "Dana", "mine").events[-1].note == "mine"
    assert [e.action for e in service.get(waiting.id).events] == ["check_in"]
