"""Rules of the floor: one active visit per person, one visitor per technician, and a
technician's status that follows the work (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from kiosk.app.technicians import TechnicianService, TechnicianStatus
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.errors import AlreadyInLine, StillServing


def test_one_active_visit_per_person(service: VisitService) -> None:
    first = service.check_in(name="Mei Chen", category="mobile", employee_id="E1005",
                             email="mei.chen@example.com")
    for again in ({"employee_id": "e1005"}, {"email": "MEI.CHEN@example.com"}):
        with pytest.raises(AlreadyInLine, match=f"already in line as {first.ticket_number}") as why:
            service.check_in(name="Mei Chen", category="laptop", **again)
        assert why.value.visit_id == first.id
    service.cancel(first.id, "kiosk")
    assert service.check_in(name="Mei Chen", category="laptop", employee_id="E1005").id


def test_guests_without_an_id_or_email_are_never_matched(service: VisitService) -> None:
    service.check_in(name="Guest", category="pickup")
    assert service.check_in(name="Guest", category="pickup").id


def test_the_front_desk_may_allow_a_second_visit_with_a_reason(core: Core) -> None:
    first = core.visits.check_in(name="Mei Chen", category="mobile", employee_id="E1005")
    second = core.floor.check_in(name="Mei Chen", category="laptop", employee_id="E1005",
                                 second_visit_reason="Phone and laptop are separate problems")
    assert second.id != first.id
    stored = core.visits.get(second.id)
    assert stored.events[0].note == "Second visit allowed: Phone and laptop are separate problems"


def test_a_technician_serves_one_visitor_at_a_time(service: VisitService) -> None:
    ana, ben, cleo = (service.check_in(name=n, category="laptop") for n in ("Ana", "Ben", "Cleo"))
    called = service.call_next("Dana")
    assert called.id == ana.id
    with pytest.raises(StillServing, match=f"Dana is still with {ana.ticket_number}"):
        service.call_next("Dana")
    with pytest.raises(StillServing):
        service.call(cleo.id, "Dana")
    service.start(ana.id, "Dana")
    service.park(ana.id, "Dana", "waiting for a part")  # parked: free for the next one
    assert service.call_next("Dana").id == ben.id
    assert service.call(cleo.id, "Dana", several=True).id == cleo.id, "work on several"


def test_the_status_follows_the_work(core: Core) -> None:
    technicians: TechnicianService = core.technicians
    dana = technicians.sign_in(technicians.add(name="Dana", pin="2468").id, "2468")
    assert dana.status is TechnicianStatus.AVAILABLE
    visit = core.visits.check_in(name="Ana", category="laptop")
    core.visits.call(visit.id, "Dana")
    assert technicians.get(dana.id).status is TechnicianStatus.BUSY
    core.visits.start(visit.id, "Dana")
    core.visits.resolve(visit.id, "Dana", "fixed")
    assert technicians.get(dana.id).status is TechnicianStatus.AVAILABLE
    technicians.set_status(dana.id, TechnicianStatus.AWAY)
    later = core.visits.check_in(name="Ben", category="laptop")
    core.visits.call(later.id, "Dana")
    assert technicians.get(dana.id).status is TechnicianStatus.AWAY, "away stays away"
