"""What the forecast reads from the floor and the site's history."""

from __future__ import annotations

from datetime import timedelta

from kiosk.app.visits import VisitService
from kiosk.app.waits import HOUR_SAMPLES, read_desks, read_pace
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.store import UnitOfWork


def _serve(service: VisitService, clock: ManualClock, minutes: int, count: int) -> None:
    for i in range(count):
        visit = service.check_in(name=f"V{minutes}-{i}", category="laptop")
        service.start(service.call(visit.id, "Dana").id, "Dana")
        clock.advance(timedelta(minutes=minutes))
        service.resolve(visit.id, "Dana", "fixed")


def test_handling_times_near_this_hour_are_used_when_there_are_enough(
        core: Core, service: VisitService, clock: ManualClock) -> None:
    """Quick fixes in the morning, long repairs in the afternoon: a forecast at ten
    draws from the morning's times, one at four from everything seen."""
    day = clock.now().replace(hour=8, minute=0) + timedelta(days=1)
    clock.set(day)
    _serve(service, clock, 2, HOUR_SAMPLES)  # 08:00-09:00
    clock.set(day.replace(hour=14))
    _serve(service, clock, 30, 4)  # 14:00-16:00: too few to stand alone
    with UnitOfWork(core.visits.db, readonly=True) as uow:
        morning = read_pace(uow, core.settings, day.replace(hour=9, minute=30))
        late = read_pace(uow, core.settings, day.replace(hour=16, minute=10))
    assert sorted(set(morning.handling["laptop"])) == [120.0]
    assert len(late.handling["laptop"]) == HOUR_SAMPLES + 4


def test_the_desks_are_who_is_at_work_and_what_each_is_doing(
        core: Core, service: VisitService, clock: ManualClock) -> None:
    luis = core.technicians.add(name="Luis", pin="5678", skills=["account"])
    core.technicians.set_status(luis.id, "available")
    core.technicians.add(name="Away", pin="1111")  # signed out: not at work
    visit = service.check_in(name="Ana", category="laptop")
    service.start(service.call(visit.id, "Dana").id, "Dana")  # not registered, but serving
    clock.advance(timedelta(minutes=7))
    with UnitOfWork(core.visits.db, readonly=True) as uow:
        desks = {d.name: d for d in read_desks(uow, core.settings.site_id, clock.now())}
    assert set(desks) == {"Dana", "Luis"}
    assert desks["Dana"].busy_for == timedelta(minutes=7)
    assert desks["Dana"].category == "laptop"
    assert desks["Luis"].busy_for is None
    assert desks["Luis"].categories == frozenset({"account"})
