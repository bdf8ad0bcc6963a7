"""Appointments: codes, the on-time window, and going ahead of walk-ins."""

from datetime import timedelta

import pytest

from kiosk.app.appointments import AppointmentService, normalise_code
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.domain.priority import Priority
from kiosk.domain.visit import VisitState
from kiosk.errors import NotFound, ValidationError


@pytest.fixture
def appointments(service: VisitService, clock: ManualClock) -> AppointmentService:
    return AppointmentService(service, clock)


def book(appointments: AppointmentService, clock: ManualClock, minutes: int) -> str:
    return appointments.book(name="Mei Chen", email="mei@example.com", category="laptop",
                             scheduled_at=clock.now() + timedelta(minutes=minutes),
                             note="Screen replacement").code


@pytest.mark.parametrize("typed", ["TB-7K3Q9M", "tb-7k3q9m", " TB7K3Q9M ",
                                   "https://techbar.example.com/a/TB-7K3Q9M"])
def test_codes_are_read_from_what_people_type_or_scan(typed: str) -> None:
    assert normalise_code(typed) == "TB-7K3Q9M"


def test_nonsense_code() -> None:
    with pytest.raises(ValidationError, match="not an appointment code"):
        normalise_code("hello")


def test_on_time_appointment_goes_ahead_of_walk_ins(appointments: AppointmentService,
                                                    service: VisitService,
                                                    clock: ManualClock) -> None:
    code = book(appointments, clock, 10)
    walk_in = service.check_in(name="Walk In", category="laptop")
    clock.advance(timedelta(minutes=1))
    result = appointments.check_in(code.lower())
    assert result.on_time
    assert result.visit.priority == Priority.APPOINTMENT
    assert result.visit.appointment_code == code
    assert result.visit.description == "Screen replacement"
    assert service.call_next("Dana").id == result.visit.id
    assert service.call_next("Kim").id == walk_in.id
    assert appointments.find(code).status == "checked_in"


def test_a_code_works_once(appointments: AppointmentService, clock: ManualClock) -> None:
    code = book(appointments, clock, 0)
    appointments.check_in(code)
    with pytest.raises(ValidationError, match="already checked in"):
        appointments.check_in(code)


def test_too_early_is_told_when_to_come_back(appointments: AppointmentService,
                                             service: VisitService, clock: ManualClock) -> None:
    code = book(appointments, clock, 60)  # 10:00, may check in from 09:45
    with pytest.raises(ValidationError, match=r"at 10:00\. Please check in from 09:45"):
        appointments.check_in(code)
    assert service.active_visits() == []


def test_late_joins_as_a_walk_in(appointments: AppointmentService, clock: ManualClock) -> None:
    code = book(appointments, clock, 0)
    clock.advance(timedelta(minutes=30))
    result = appointments.check_in(code)
    assert not result.on_time
    assert result.visit.priority == Priority.NORMAL
    assert result.visit.state is VisitState.WAITING


def test_unknown_code(appointments: AppointmentService) -> None:
    with pytest.raises(NotFound, match="No appointment TB-AAAAAA"):
        appointments.check_in("TB-AAAAAA")


def test_booking_is_validated(appointments: AppointmentService, clock: ManualClock) -> None:
    with pytest.raises(ValidationError, match="Unknown category"):
        appointments.book(name="A", category="nope", scheduled_at=clock.now())
    with pytest.raises(ValidationError, match="Please enter your name"):
        appointments.book(name=" ", category="laptop", scheduled_at=clock.now())
    assert appointments.upcoming() == []


def test_a_time_that_has_passed_is_refused(appointments: AppointmentService,
                                           clock: ManualClock) -> None:
    with pytest.raises(ValidationError, match="2026-11-22 08:00 has passed"):
        appointments.book(name="Mei Chen", category="laptop",
                          scheduled_at=clock.now() - timedelta(hours=1))
    assert appointments.book(name="Mei Chen", category="laptop",
                             scheduled_at=clock.now() - timedelta(minutes=5)).code
