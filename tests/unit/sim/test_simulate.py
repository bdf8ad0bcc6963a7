"""The simulated day: real services, simulated time, a report managers can read."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import FINAL_STATES, VisitState
from kiosk.errors import ValidationError
from kiosk.sim.simulate import (
    CLOSED_REASON,
    MAX_TECHNICIANS,
    MAX_VISITORS,
    SimulationReport,
    run_simulation,
    simulation_site,
)
from kiosk.store import Database, UnitOfWork

OPENING = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def simulate(db: Database, settings: Settings, visitors: int, technicians: int,
             seed: int = 1) -> SimulationReport:
    return run_simulation(db, settings, visitors=visitors, technicians=technicians, seed=seed,
                          start=OPENING)


def without_wall_time(report: SimulationReport) -> SimulationReport:
    return dataclasses.replace(report, wall_seconds=0.0)


def sim_service(db: Database, settings: Settings) -> VisitService:
    site = dataclasses.replace(settings, site_id=simulation_site(settings))
    return VisitService(db, site, ManualClock(OPENING + timedelta(days=1)))


def stored_timelines(db: Database, site: str) -> list[list[tuple[str, str, datetime]]]:
    """(action, note, at) of every stored event, per visit of ``site``."""
    with UnitOfWork(db, readonly=True) as uow:
        rows = uow.visits.all_for_site(site)
        events = uow.visits.events_for([r.id for r in rows])
        return [[(e.action, e.note, e.at) for e in timeline] for timeline in events.values()]


@pytest.fixture
def unmigrated_db(sqlite_url: str) -> Iterator[Database]:
    """A database handle that is never touched: argument checks come first."""
    database = Database(sqlite_url)
    yield database
    database.dispose()


def test_same_seed_gives_the_same_day(db: Database, settings: Settings) -> None:
    first = simulate(db, settings, visitors=25, technicians=2, seed=7)
    second = simulate(db, settings, visitors=25, technicians=2, seed=7)
    other = simulate(db, settings, visitors=25, technicians=2, seed=8)

    assert without_wall_time(first) == without_wall_time(second)
    assert without_wall_time(first) != without_wall_time(other)
    assert first.seed == 7
    assert first.simulated_day == "2026-11-22"


def test_a_day_takes_every_path_and_ends_every_visit(db: Database, settings: Settings) -> None:
    report = simulate(db, settings, visitors=50, technicians=2, seed=9)

    assert report.visits == 50
    assert set(report.by_state) == {s.value for s in FINAL_STATES}
    assert sum(report.by_state.values()) == report.visits
    assert sum(report.per_category.values()) == report.visits
    assert report.by_state[VisitState.RESOLVED] > report.visits / 2
    assert sim_service(db, settings).active_visits() == []
    with UnitOfWork(db, readonly=True) as uow:
        stored = uow.visits.count_by_state(report.site)
    assert stored == {state: n for state, n in report.by_state.items() if n}
    timelines = stored_timelines(db, report.site)
    actions = {action for timeline in timelines for action, _, _ in timeline}
    assert {"check_in", "call", "recall", "start", "resolve", "escalate", "no_show", "cancel",
            "park", "resume", "return_to_queue"} <= actions
    times = [at for timeline in timelines for _, _, at in timeline]
    assert min(times) >= OPENING
    assert max(times) < OPENING + timedelta(hours=10)


def test_more_technicians_shorten_the_wait(db: Database, settings: Settings) -> None:
    short_staffed = simulate(db, settings, visitors=40, technicians=1, seed=5)
    well_staffed = simulate(db, settings, visitors=40, technicians=4, seed=5)

    assert short_staffed.average_wait_seconds is not None
    assert well_staffed.average_wait_seconds is not None
    assert well_staffed.average_wait_seconds < short_staffed.average_wait_seconds / 2
    assert well_staffed.p90_wait_seconds is not None
    assert short_staffed.p90_wait_seconds is not None
    assert well_staffed.p90_wait_seconds < short_staffed.p90_wait_seconds
    assert well_staffed.wait_sla_attainment is not None
    assert short_staffed.wait_sla_attainment is not None
    assert well_staffed.wait_sla_attainment > short_staffed.wait_sla_attainment
    assert well_staffed.per_category == short_staffed.per_category


def test_people_still_waiting_at_closing_are_cancelled(db: Database, settings: Settings) -> None:
    report = simulate(db, settings, visitors=40, technicians=1, seed=2)

    assert report.closed_unserved > 0
    closed = [timeline[-1] for timeline in stored_timelines(db, report.site)
              if timeline[-1][:2] == ("cancel", CLOSED_REASON)]
    assert len(closed) == report.closed_unserved
    assert all(at == OPENING + timedelta(hours=8) for _, _, at in closed)
    assert report.walked_out + report.closed_unserved == report.by_state["cancelled"]


def test_the_real_line_is_left_alone(db: Database, settings: Settings,
                                     clock: ManualClock) -> None:
    real = VisitService(db, settings, clock)
    waiting = real.check_in(name="Real Person", category="laptop")

    report = simulate(db, settings, visitors=8, technicians=2)

    assert report.site != settings.site_id
    assert real.get(waiting.id).state is VisitState.WAITING
    assert [v.id for v in real.active_visits()] == [waiting.id]


def test_leftovers_of_an_interrupted_run_are_closed_first(db: Database,
                                                          settings: Settings) -> None:
    leftover_service = sim_service(db, settings)
    leftover = leftover_service.check_in(name="Left Over", category="account")
    in_service = leftover_service.check_in(name="Half Done", category="laptop")
    leftover_service.call(in_service.id, "sim-tech-01")
    leftover_service.start(in_service.id, "sim-tech-01")

    report = simulate(db, settings, visitors=10, technicians=1)

    assert report.visits == 10
    assert leftover_service.get(leftover.id).state is VisitState.CANCELLED
    assert leftover_service.get(in_service.id).state is VisitState.CANCELLED
    assert leftover_service.active_visits() == []


def test_an_empty_day(db: Database, settings: Settings) -> None:
    report = simulate(db, settings, visitors=0, technicians=3)

    assert report.visits == 0
    assert sum(report.by_state.values()) == 0
    assert report.average_wait_seconds is None
    assert report.wait_sla_attainment is None
    assert report.technician_busy_share == 0.0
    assert "n/a" in report.format_text()


def test_report_as_json_and_text(db: Database, settings: Settings) -> None:
    report = simulate(db, settings, visitors=12, technicians=2)

    data = json.loads(json.dumps(report.as_dict()))
    assert data["visits"] == 12
    assert data["by_state"] == dict(report.by_state)
    assert data["technicians"] == 2
    assert 0 <= data["wait_sla_attainment"] <= 1
    assert 0 <= data["resolution_sla_attainment"] <= 1
    assert 0 <= data["p90_wait_seconds"] <= data["longest_wait_seconds"]
    text = report.format_text()
    assert "12 visitors, 2 technicians" in text
    assert f"resolved {report.by_state['resolved']}" in text
    assert "p90" in text
    assert "SLA met" in text


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        ({"visitors": -1, "technicians": 1}, "visitors", "from 0 to 10,000, not -1"),
        ({"visitors": MAX_VISITORS + 1, "technicians": 1}, "visitors", "not 10001"),
        ({"visitors": 2.5, "technicians": 1}, "visitors", "not 2.5"),
        ({"visitors": True, "technicians": 1}, "visitors", "not True"),
        ({"visitors": 10, "technicians": 0}, "technicians", f"from 1 to {MAX_TECHNICIANS}"),
        ({"visitors": 10, "technicians": MAX_TECHNICIANS + 1}, "technicians", "not 201"),
        ({"visitors": 10, "technicians": 1, "seed": "x"}, "seed", "whole number"),
        ({"visitors": 10, "technicians": 1, "start": datetime(2026, 11, 22, 8)},
         "start", "time zone"),
    ],
)
def test_bad_arguments_are_refused_clearly(unmigrated_db: Database, settings: Settings,
                                           arguments: dict[str, object], field: str,
                                           words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        run_simulation(unmigrated_db, settings, **arguments)  # type: ignore[arg-type]

    assert caught.value.field == field
    assert words in str(caught.value)
