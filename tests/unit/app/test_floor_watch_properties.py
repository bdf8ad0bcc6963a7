"""FloorWatch answers what the full pass over the visits answers, at any moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kiosk.app.floor import sla_alerts
from kiosk.app.floor_watch import FloorWatch
from kiosk.app.visit_queries import summarise_floor
from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.domain.visit import Requester, Visit, VisitState

SETTINGS = load_settings(DEFAULT_CONFIG, environ={})
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACTIVE = (VisitState.WAITING, VisitState.CALLED, VisitState.IN_SERVICE, VisitState.PARKED)
CATEGORIES = [c.id for c in SETTINGS.categories] + ["retired-category"]
# Minutes before (or, for clocks out of step, after) now; ties are likely on purpose.
offsets = st.integers(min_value=-5, max_value=180).map(lambda m: timedelta(minutes=m))


@st.composite
def visits(draw: st.DrawFn) -> list[Visit]:
    found = []
    for number in range(draw(st.integers(min_value=0, max_value=40))):
        state = draw(st.sampled_from(ACTIVE))
        checked_in = NOW - draw(offsets)
        started = NOW - draw(offsets) if state is VisitState.IN_SERVICE and draw(
            st.booleans()) else None
        found.append(Visit(
            id=f"v{number}", ticket_number=f"L-{number:03d}", site="hq",
            category=draw(st.sampled_from(CATEGORIES)), state=state, priority=0,
            requester=Requester("Someone"), description="", checked_in_at=checked_in,
            queued_at=checked_in, called_at=None if state is VisitState.WAITING else NOW,
            started_at=started))
    return found


@given(visits(), st.lists(offsets, min_size=1, max_size=4),
       st.none() | st.integers(min_value=0, max_value=10))
def test_the_watch_answers_as_the_full_pass(active: list[Visit], later: list[timedelta],
                                            limit: int | None) -> None:
    watch = FloorWatch(active, SETTINGS)
    for step in later:  # one watch, several moments: nothing is stale
        now = NOW + step
        every = sla_alerts(active, now, SETTINGS)
        assert watch.summary(now) == summarise_floor(active, now)
        assert watch.alerts(now, limit) == (every if limit is None else every[:limit],
                                            len(every))


def test_a_long_line_answers_without_visiting_every_visit() -> None:
    line = [Visit(id=f"v{i}", ticket_number=f"L-{i:04d}", site="hq", category="laptop",
                  state=VisitState.WAITING, priority=0, requester=Requester("Someone"),
                  description="", checked_in_at=NOW - timedelta(seconds=i),
                  queued_at=NOW - timedelta(seconds=i)) for i in range(5000)]
    watch = FloorWatch(line, SETTINGS)
    shown, total = watch.alerts(NOW + timedelta(hours=2), limit=5)
    assert total == 5000
    assert [a.ticket_number for a in shown] == ["L-4999", "L-4998", "L-4997", "L-4996",
                                                "L-4995"]
