"""The front desk's floor: snapshot, SLA alerts, acting for visitors, the delay message, the board."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.app.floor import FloorService, short_name, sla_alerts
from kiosk.app.notices import NoticeService
from kiosk.app.technicians import TechnicianService
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.domain.visit import VisitState
from kiosk.errors import IllegalTransition, ValidationError
from kiosk.store import Database


@pytest.fixture
def floor(service: VisitService) -> FloorService:
    return FloorService(service)


def test_snapshot_counts_alerts_and_technicians(floor: FloorService, service: VisitService,
                                                db: Database, settings: Settings,
                                                clock: ManualClock) -> None:
    technicians = TechnicianService(db, settings, clock)
    dana = technicians.add(name="Dana", pin="246810", counter="Desk 1")
    technicians.add(name="Kim", pin="135790")
    technicians.sign_in(dana.id, "246810")
    account = service.check_in(name="Ana", category="account")  # wait target 10 min
    clock.advance(timedelta(seconds=30))
    laptop = service.check_in(name="Ben", category="laptop")  # 15 min
    served = service.check_in(name="Cleo", category="pickup")  # resolution target 10 min
    service.call(served.id, "Dana")
    service.start(served.id, "Dana")
    clock.advance(timedelta(minutes=8))  # account waited 8.5 of 10, pickup served 8 of 10
    snap = floor.snapshot()
    assert (snap.waiting, snap.called, snap.in_service, snap.parked) == (2, 0, 1, 0)
    assert (snap.longest_wait, snap.longest_wait_ticket) == (timedelta(minutes=8, seconds=30),
                                                               account.ticket_number)
    assert [(a.ticket_number, a.kind, a.level) for a in snap.alerts] == [
        (account.ticket_number, "wait", "at_risk"), (served.ticket_number, "service", "at_risk")]
    clock.advance(timedelta(minutes=4))  # laptop waited 12 of 15: at risk
    snap = floor.snapshot()
    assert [(a.ticket_number, a.level) for a in snap.alerts] == [
        (account.ticket_number, "breached"), (served.ticket_number, "breached"),
        (laptop.ticket_number, "at_risk")]
    by_name = {t.name: t for t in snap.technicians}
    assert (by_name["Dana"].status, by_name["Dana"].counter) == ("busy", "Desk 1"), (
        "the status follows the work")
    assert (by_name["Dana"].ticket_number, by_name["Dana"].visit_state) == (
        served.ticket_number, "in_service")
    assert (by_name["Kim"].status, by_name["Kim"].ticket_number) == ("away", "")
    team = floor.team()  # what the liaison reads: the same people, without the line
    assert (team.technicians, team.broadcast) == (snap.technicians, snap.broadcast)


def test_check_in_on_behalf_reprioritise_move_and_remove(floor: FloorService,
                                                         service: VisitService) -> None:
    first = service.check_in(name="Ana", category="laptop")
    visit = floor.check_in(name="Ben Ortiz", category="laptop", description="Screen",
                           priority=Priority.NORMAL, employee_id="E7")
    assert service.get(visit.id).events[0].actor == "front desk"
    urgent = floor.reprioritise(visit.id, Priority.URGENT)
    assert urgent.priority == Priority.URGENT
    assert [v.id for v in service.active_visits()] == [visit.id, first.id]
    event = service.get(visit.id).events[-1]
    assert (event.action, event.actor, event.note) == ("reprioritise", "front desk",
                                                       "Normal \u2192 Urgent")
    with pytest.raises(ValidationError, match="already Urgent"):
        floor.reprioritise(visit.id, Priority.URGENT)
    with pytest.raises(ValidationError, match="Unknown priority"):
        floor.reprioritise(visit.id, 7)
    moved = floor.move(visit.id, "software")
    assert (moved.category, moved.state) == ("software", VisitState.WAITING)
    with pytest.raises(ValidationError, match="Say why"):
        floor.remove(visit.id, "  ")
    removed = floor.remove(visit.id, "Came back tomorrow instead")
    assert removed.state is VisitState.CANCELLED
    assert service.get(visit.id).events[-1].note == "Came back tomorrow instead"
    with pytest.raises(IllegalTransition):
        floor.reprioritise(visit.id, Priority.VIP)


def test_broadcast_replaces_and_ends(floor: FloorService, clock: ManualClock) -> None:
    assert floor.current_broadcast() is None
    with pytest.raises(ValidationError):
        floor.broadcast("   ")
    with pytest.raises(ValidationError, match="future"):
        floor.broadcast("Late", ends_at=clock.now())
    first = floor.broadcast("About 20 minutes' delay", ends_at=clock.now() + timedelta(hours=1))
    second = floor.broadcast("About 40 minutes' delay")
    current = floor.current_broadcast()
    assert current is not None
    assert current.id == second.id != first.id
    assert floor.snapshot().broadcast == current
    ended = floor.end_broadcast()
    assert ended is not None
    assert ended.id == second.id
    assert floor.current_broadcast() is None
    assert floor.end_broadcast() is None
    timed = floor.broadcast("Back at 2 pm", ends_at=clock.now() + timedelta(minutes=30))
    assert floor.current_broadcast() == timed
    clock.advance(timedelta(minutes=31))
    assert floor.current_broadcast() is None


def test_board_shows_tickets_places_and_only_short_names(
        floor: FloorService, service: VisitService, db: Database, settings: Settings,
        clock: ManualClock) -> None:
    TechnicianService(db, settings, clock).add(name="Kim", pin="135790", counter="Desk 3")
    called = service.check_in(name="Ana María García", category="laptop", email="a@x.org")
    by_counter = service.check_in(name="Ben", category="laptop")
    waiting = service.check_in(name="Cleo Ng", category="account", description="secret")
    service.call(called.id, "Kim")
    clock.advance(timedelta(seconds=5))
    service.call(by_counter.id, "Luis", counter="Window 2")
    NoticeService(db, settings, clock).post(title="Wi-Fi down")
    board = floor.board()
    assert [(e.ticket_number, e.place, e.name) for e in board.now_serving] == [
        (by_counter.ticket_number, "Window 2", ""), (called.ticket_number, "Desk 3", "")]
    assert [(e.ticket_number, e.name, e.place) for e in board.next_up] == [
        (waiting.ticket_number, "", "")]
    assert [n.title for n in board.notices] == ["Wi-Fi down"]
    named = floor.board(show_names=True)
    assert [e.name for e in named.now_serving] == ["Ben", "Ana G."]
    assert [e.name for e in named.next_up] == ["Cleo N."]


def test_a_stale_call_leaves_the_board(floor: FloorService, service: VisitService,
                                       clock: ManualClock) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    service.call(visit.id, "Kim", counter="Desk 3")
    clock.advance(timedelta(minutes=9))
    assert [e.ticket_number for e in floor.board().now_serving] == [visit.ticket_number]
    clock.advance(timedelta(minutes=2))  # display.stale_call_minutes = 10
    assert floor.board().now_serving == ()
    assert service.no_show_from(service.get(visit.id)) is not None, "offered as a no-show"


@pytest.mark.parametrize(("name", "short"), [
    ("Ana García", "Ana G."), ("Ana", "Ana"), ("  ", ""), ("Алёна Фёдорова", "Алёна Ф."),
    ("Jean-Luc de la Croix", "Jean-Luc C."),
])
def test_short_name(name: str, short: str) -> None:
    assert short_name(name) == short


def test_sla_alerts_from_the_visits_a_window_holds(service: VisitService, settings: Settings,
                                                  clock: ManualClock) -> None:
    visit = service.check_in(name="Ana", category="account")  # wait target 10 min
    held = service.active_visits()
    assert sla_alerts(held, clock.now(), settings) == ()
    later = clock.now() + timedelta(minutes=11)
    (alert,) = sla_alerts(held, later, settings)
    assert (alert.ticket_number, alert.kind, alert.level) == (visit.ticket_number, "wait",
                                                              "breached")
