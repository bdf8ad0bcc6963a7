"""Demo data: a normal morning with every state, nothing in the future, only on an empty
database, and one or two things for the liaison to act on (not "all red")."""

from datetime import UTC, datetime, timedelta

from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import VisitState
from kiosk.sim.demo import seed_demo
from kiosk.store import Database


def test_demo_morning_is_in_the_past_and_covers_every_state(db: Database,
                                                            settings: Settings) -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    visits = seed_demo(db, settings, now)
    assert {v.state for v in visits} == set(VisitState)
    assert max(e.at for v in visits for e in v.events) <= now
    assert seed_demo(db, settings, now) == []


def test_demo_morning_is_a_good_one_with_little_to_act_on(db: Database, settings: Settings,
                                                          core: Core, clock: ManualClock) -> None:
    seed_demo(db, settings, clock.now())
    floor = core.floor.snapshot()
    assert 1 <= len(floor.alerts) <= 2
    assert floor.longest_wait < timedelta(minutes=15)
    assert (floor.waiting, floor.called, floor.in_service, floor.parked) == (4, 1, 2, 1)
    busy = [t.name for t in floor.technicians if t.visit_id]
    assert sorted(busy) == ["Dana", "Kim", "Luis"], "each technician serves one visitor"
