"""The liaison's plan for the coming week, and that it advises what `staffing` advises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.app.staffing_outlook import staffing_outlook
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.staffing import Walkin, fewest_per_hour
from kiosk.sim.replay_csv import Arrival
from kiosk.sim.staffing import advise_staffing
from kiosk.store import Database
from tests.perf.arrivals import arrival_day

TARGET = timedelta(minutes=15)


def test_the_pure_plan_advises_what_the_replay_through_the_services_advises(
        sqlite_url: str, settings: Settings) -> None:
    """The same day, the same rules: the liaison's fast plan and `staffing` agree hour by hour."""
    rows = arrival_day(seed=11, pattern="lunch-rush", visitors=70, impatient_share=0.25)
    arrivals = [Arrival(i + 2, r.arrived_at, r.category, timedelta(minutes=r.service_minutes),
                        None if r.patience_minutes is None
                        else timedelta(minutes=r.patience_minutes))
                for i, r in enumerate(rows)]
    db = Database(sqlite_url)
    db.migrate()
    try:
        replayed = advise_staffing(db, settings, arrivals, target_wait=TARGET, max_technicians=6)
    finally:
        db.dispose()
    day = [Walkin(a.arrived_at.astimezone(UTC), a.service, TARGET, a.patience) for a in arrivals]
    planned = fewest_per_hour([day], settings.utc_offset, max_technicians=6)
    assert planned == {h.hour: h.technicians for h in replayed.hours}


def test_the_coming_week_is_planned_from_the_same_weekdays(
        db: Database, service: VisitService, settings: Settings, clock: ManualClock) -> None:
    """Four Mondays with a rush at ten; other days quiet: the next Monday needs more at ten."""
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    for week in range(4):
        for day in range(5):
            start = monday + timedelta(days=7 * week + day, hours=2)
            count = 16 if day == 0 else 2
            events = sorted([(3 * i, "arrive", i) for i in range(count)]
                            + [(3 * i + 20, "done", i) for i in range(count)])
            visits: dict[int, str] = {}
            for minute, what, i in events:  # each visitor takes 20 minutes with T<i>
                clock.set(start + timedelta(minutes=minute))
                if what == "arrive":
                    visit = service.check_in(name=f"V{week}{day}{i}", category="laptop")
                    visits[i] = service.start(service.call(visit.id, f"T{i}").id, f"T{i}").id
                else:
                    service.resolve(visits[i], f"T{i}", "fixed")
    now = monday + timedelta(days=27, hours=12)  # a Sunday: the coming week starts Monday
    clock.set(now)
    outlook = staffing_outlook(db, settings, now)
    plans = {p.day.weekday(): p for p in outlook.days}
    assert len(outlook.days) == 7
    assert plans[0].history_days == 4
    assert plans[5].hours == {}, "nobody came on Saturdays"
    assert set(plans[1].hours) == {10}
    monday_rush, tuesday = plans[0].hours[10], plans[1].hours[10]
    assert monday_rush is not None
    assert tuesday is not None
    assert monday_rush >= 3 > tuesday
