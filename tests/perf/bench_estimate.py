"""The wait forecast: what re-estimating the whole line costs on every change.

Issue 14's target: estimating for 200 waiting visitors costs at most 10x reading them
(``active_visits``) in the same run, so every change can re-estimate the whole line.
The floor is real, through the services: a history of finished visits (so the forecast
draws from real handling times), six technicians at work (two with skills, four with a
visitor in hand) and 200 waiting. The forecast is timed with the site's pace already
read (it is kept for a minute of the site's clock, as on a live floor: what each change
costs) and, separately, with the pace read afresh (what the first change of each minute
costs).
"""

from __future__ import annotations

from datetime import timedelta

from kiosk.app.technicians import TechnicianService
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database
from tests.perf.benchmarks import Sizes
from tests.perf.harness import CATEGORIES, START, Result, at_most, median_time, on_site

WAITING = 200
HISTORY = 400
QUICK_HISTORY = 60
REPEAT = 15
SKILLED = {"Luis": ("account", "mobile"), "Kim": ("laptop", "software", "pickup")}


def forecast_cost(label: str, url: str, settings: Settings, sizes: Sizes) -> list[Result]:
    """The whole line's forecast against reading the same line."""
    clock = ManualClock(START)
    db = Database(url)
    try:
        site = on_site(settings, "bench-forecast")
        service = VisitService(db, site, clock, send_to_ticketing=False)
        _floor(service, TechnicianService(db, site, clock), clock,
               QUICK_HISTORY if sizes.quick else HISTORY)
        read = median_time(service.active_visits, REPEAT)
        warm = median_time(service.line_forecast, REPEAT)

        def cold() -> object:
            clock.advance(timedelta(minutes=2))  # past the pace's minute
            return service.line_forecast()

        fresh = median_time(cold, REPEAT)
    finally:
        db.dispose()
    return [
        Result(label, f"forecast of {WAITING} waiting vs reading them (active_visits)",
               f"{warm * 1000:.1f} ms", f"{read * 1000:.1f} ms", warm / read,
               "cost of re-estimating the whole line on a change",
               value=warm, baseline_value=read, target=at_most(10)),
        Result(label, f"forecast of {WAITING} waiting, pace read afresh, vs reading them",
               f"{fresh * 1000:.1f} ms", f"{read * 1000:.1f} ms", fresh / read,
               "the first change of each minute also reads the pace",
               value=fresh, baseline_value=read),
    ]


def _floor(service: VisitService, technicians: TechnicianService, clock: ManualClock,
           history: int) -> None:
    """A morning's history, six technicians at work (four busy) and the line."""
    for i in range(history):
        visit = service.check_in(name=f"Earlier {i}", category=CATEGORIES[i % len(CATEGORIES)])
        clock.advance(timedelta(seconds=30))
        service.call(visit.id, "Dana")
        service.start(visit.id, "Dana")
        clock.advance(timedelta(minutes=4 + i % 11))
        service.resolve(visit.id, "Dana", "fixed")
    for name in ("Dana", "Luis", "Kim", "Ann", "Ben", "Cleo"):
        made = technicians.add(name=name, pin="1234", skills=SKILLED.get(name, ()))
        technicians.set_status(made.id, "available")
    for i in range(WAITING + 4):
        service.check_in(name=f"Visitor {i}", category=CATEGORIES[i % len(CATEGORIES)])
    for name in ("Dana", "Ann", "Ben", "Cleo"):
        called = service.call_next(name)
        service.start(called.id, name)
    clock.advance(timedelta(minutes=3))


PER_DATABASE = (forecast_cost,)
