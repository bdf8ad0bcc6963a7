"""Demo data: every state, nothing in the future, and only on an empty database."""

from datetime import UTC, datetime

from kiosk.config import Settings
from kiosk.domain.visit import VisitState
from kiosk.sim.demo import seed_demo
from kiosk.store import Database


def test_demo_morning_is_in_the_past_and_covers_every_active_state(db: Database,
                                                                   settings: Settings) -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    visits = seed_demo(db, settings, now)
    assert {v.state for v in visits} >= {VisitState.WAITING, VisitState.CALLED,
                                         VisitState.IN_SERVICE, VisitState.PARKED,
                                         VisitState.RESOLVED, VisitState.NO_SHOW,
                                         VisitState.CANCELLED}
    assert max(e.at for v in visits for e in v.events) <= now
    assert seed_demo(db, settings, now) == []
