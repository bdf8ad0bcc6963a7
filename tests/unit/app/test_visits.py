"""Services on a real store: every test runs on SQLite and on PostgreSQL."""

from datetime import timedelta

import pytest

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.domain.visit import VisitState
from kiosk.errors import IllegalTransition, LostRace, NotFound, NothingWaiting, ValidationError
from kiosk.store import Database, UnitOfWork


def served(service: VisitService, tech: str = "Dana") -> str:
    service.check_in(name="Ana", category="laptop")
    visit = service.call_next(tech)
    service.start(visit.id, tech)
    return visit.id


def test_check_in_gives_daily_ticket_numbers(service: VisitService, clock: ManualClock) -> None:
    first = service.check_in(name="Ana", category="laptop", email="ana@example.com")
    second = service.check_in(name="Bo", category="account")
    assert (first.ticket_number, second.ticket_number) == ("L-001", "A-002")
    assert first.state is VisitState.WAITING
    clock.advance(timedelta(days=1))
    assert service.check_in(name="Cy", category="laptop").ticket_number == "L-001"


def test_call_next_takes_priority_then_arrival(service: VisitService,
                                               clock: ManualClock) -> None:
    early = service.check_in(name="Early", category="laptop")
    clock.advance(timedelta(minutes=1))
    late = service.check_in(name="Late", category="laptop")
    clock.advance(timedelta(minutes=1))
    urgent = service.check_in(name="Urgent", category="mobile", priority=Priority.URGENT)
    order = [service.call_next("Dana", several=True).id for _ in range(3)]
    assert order == [urgent.id, early.id, late.id]
    with pytest.raises(NothingWaiting):
        service.call_next("Dana", several=True)


def test_call_next_respects_categories(service: VisitService) -> None:
    service.check_in(name="Ana", category="laptop")
    wanted = service.check_in(name="Bo", category="account")
    assert service.call_next("Dana", categories=["account"]).id == wanted.id
    with pytest.raises(NothingWaiting, match="in your categories"):
        service.call_next("Dana", categories=["account"], several=True)


def test_full_visit_writes_timeline_and_outbox(service: VisitService, clock: ManualClock,
                                               db: object) -> None:
    visit_id = served(service)
    clock.advance(timedelta(minutes=5))
    done = service.resolve(visit_id, "Dana", "fixed", "Replaced the charger.")
    assert done.state is VisitState.RESOLVED
    assert done.ended_at == clock.now()
    story = service.get(visit_id)
    assert [e.action for e in story.events] == ["check_in", "call", "start", "resolve"]
    assert story.events[-1].actor == "Dana"
    with UnitOfWork(service.db, readonly=True) as uow:
        row = uow.outbox.get(visit_id)
        assert row is not None
        assert row.status == "pending"


def test_no_outbox_row_until_the_visit_ends(service: VisitService) -> None:
    visit_id = served(service)
    with UnitOfWork(service.db, readonly=True) as uow:
        assert uow.outbox.get(visit_id) is None


def test_illegal_transition_changes_nothing(service: VisitService) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    before = service.get(visit.id)
    with pytest.raises(IllegalTransition, match="is waiting; it cannot be resolved"):
        service.resolve(visit.id, "Dana", "fixed")
    after = service.get(visit.id)
    assert after == before


def test_second_technician_loses_the_race(service: VisitService) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Ana Tech")
    with pytest.raises(LostRace, match="Ana Tech already called L-001"):
        service.call(visit.id, "Bob")
    with pytest.raises(LostRace, match="is with Ana Tech, not Bob"):
        service.start(visit.id, "Bob")


def test_park_and_return_keep_the_place(service: VisitService, clock: ManualClock) -> None:
    first = service.check_in(name="First", category="laptop")
    clock.advance(timedelta(minutes=1))
    service.check_in(name="Second", category="laptop")
    called = service.call_next("Dana")
    service.start(called.id, "Dana")
    service.park(called.id, "Dana", "Waiting for a part")
    back = service.return_to_queue(called.id, "Dana")
    assert back.state is VisitState.WAITING
    assert back.technician == ""
    assert service.position(first.id) == 1
    assert service.call_next("Kim").id == first.id


def test_resume_after_park(service: VisitService) -> None:
    visit_id = served(service)
    service.park(visit_id, "Dana")
    assert service.resume(visit_id, "Dana").state is VisitState.IN_SERVICE


def test_no_show_escalate_and_cancel_end_the_visit(service: VisitService) -> None:
    a = service.check_in(name="A", category="laptop")
    service.call(a.id, "Dana")
    assert service.no_show(a.id, "Dana").state is VisitState.NO_SHOW
    b_id = served(service)
    escalated = service.escalate(b_id, "Dana", "Network team", "Switch port dead")
    assert escalated.state is VisitState.ESCALATED
    assert escalated.resolution_code == "escalated:Network team"
    c = service.check_in(name="C", category="laptop")
    assert service.cancel(c.id, "front desk", "Left").state is VisitState.CANCELLED
    with UnitOfWork(service.db, readonly=True) as uow:
        assert uow.outbox.counts() == {"pending": 3}


def test_resolve_needs_a_code_and_keeps_long_notes(service: VisitService) -> None:
    visit_id = served(service)
    with pytest.raises(ValidationError, match="Choose a resolution code"):
        service.resolve(visit_id, "Dana", "  ")
    notes = ("Step " * 2000)[:10_000]
    done = service.resolve(visit_id, "Dana", "fixed", notes)
    assert service.get(done.id).resolution_notes == notes.strip()


def test_oversized_note_is_refused_and_nothing_changes(service: VisitService) -> None:
    visit_id = served(service)
    with pytest.raises(ValidationError, match="20,001 characters long; at most 20,000"):
        service.resolve(visit_id, "Dana", "fixed", "x" * 20_001)
    assert service.get(visit_id).state is VisitState.IN_SERVICE


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": "", "category": "laptop"}, "Please enter your name"),
    ({"name": "Ana", "category": "teleport"}, "Unknown category 'teleport'"),
    ({"name": "Ana", "category": "laptop", "email": "nope"}, "does not look like an email"),
    ({"name": "Ana", "category": "laptop", "description": "d" * 2001}, "at most 2,000"),
])
def test_bad_check_in_is_refused(service: VisitService, kwargs: dict[str, str],
                                 message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        service.check_in(**kwargs)  # type: ignore[arg-type]
    assert service.active_visits() == []


def test_html_name_is_stored_verbatim(service: VisitService) -> None:
    visit = service.check_in(name="<img src=x onerror=alert(1)>", category="laptop")
    assert service.get(visit.id).requester.name == "<img src=x onerror=alert(1)>"


def test_unknown_visit(service: VisitService) -> None:
    with pytest.raises(NotFound):
        service.start("00000000-0000-0000-0000-000000000000", "Dana")


def test_change_feed_reports_each_changed_visit(service: VisitService) -> None:
    start = service.latest_change()
    a = service.check_in(name="A", category="laptop")
    b = service.check_in(name="B", category="laptop")
    service.call(a.id, "Dana")
    batch = service.changes_since(start)
    assert [v.id for v in batch.visits] == [a.id, b.id]
    assert batch.visits[0].state is VisitState.CALLED
    assert service.changes_since(batch.latest).visits == ()


def test_floor_summary(service: VisitService, clock: ManualClock) -> None:
    service.check_in(name="A", category="laptop")
    clock.advance(timedelta(minutes=3))
    service.check_in(name="B", category="laptop")
    served(service)
    clock.advance(timedelta(minutes=2))
    floor = service.floor()
    # A was called by served(); B and served()'s own visitor wait since minute 3.
    assert (floor.waiting, floor.in_service) == (2, 1)
    assert floor.longest_wait == timedelta(minutes=2)
    assert floor.longest_wait_ticket == "L-002"


def test_wait_keeps_counting_after_return_to_queue(service: VisitService,
                                                   clock: ManualClock) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    clock.advance(timedelta(minutes=5))
    service.call_next("Dana")
    clock.advance(timedelta(minutes=1))
    service.return_to_queue(visit.id, "Dana")
    clock.advance(timedelta(minutes=30))
    assert service.floor().longest_wait == timedelta(minutes=36)


def test_simulated_days_never_reach_the_outbox(db: Database, settings: Settings,
                                               clock: ManualClock) -> None:
    quiet = VisitService(db, settings, clock, send_to_ticketing=False)
    visit = quiet.check_in(name="Sim", category="laptop")
    quiet.cancel(visit.id, "simulator")
    with UnitOfWork(db, readonly=True) as uow:
        assert uow.outbox.counts() == {}


def test_wait_estimate_for_a_waiting_visitor(service: VisitService, clock: ManualClock) -> None:
    for minutes in (8, 10, 12, 14, 16):  # five finished services of 8..16 minutes
        done = service.check_in(name="Done", category="laptop")
        service.call(done.id, "Dana")
        service.start(done.id, "Dana")
        clock.advance(timedelta(minutes=minutes))
        service.resolve(done.id, "Dana", "fixed")
    first = service.check_in(name="First", category="laptop")
    second = service.check_in(name="Second", category="laptop")
    near, far = service.estimate_wait(first.id), service.estimate_wait(second.id)
    assert (near.people_ahead, far.people_ahead) == (0, 1)
    assert near.samples == 5
    assert near.technicians == 1
    assert near.high <= far.high
    assert far.low > timedelta(0)


def test_the_wait_promised_per_category_is_the_one_the_ticket_then_gives(
        service: VisitService, clock: ManualClock) -> None:
    for name in ("Ana", "Ben", "Cleo"):
        service.check_in(name=name, category="laptop")
        clock.advance(timedelta(minutes=1))
    promised = service.category_waits()
    assert set(promised) == {c.id for c in service.settings.categories}
    visit = service.check_in(name="Dev", category="account")
    assert service.estimate_wait(visit.id) == promised["account"]
