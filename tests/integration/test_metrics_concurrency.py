"""Technicians ending visits at once keep the running aggregates exact, without deadlocks.

Six technicians on six threads serve a line of identified people on the wall clock:
each ends visits (resolved, escalated, no-show), rates some, and checks the person in
again for the same reason now and then (a return within 7 days, which takes the first
visit's resolution back), all at once. The rows every visit's transaction wrote must
give the report the raw visits give, on SQLite (one writer at a time) and PostgreSQL
(row locks taken in key order by concurrent transactions).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

from kiosk.app.feedback import FeedbackService
from kiosk.app.metrics import MetricsService
from kiosk.app.visits import VisitService
from kiosk.clock import SystemClock
from kiosk.config import Settings
from kiosk.errors import NothingWaiting
from kiosk.store import Database
from tests.integration.test_metrics_aggregates_properties import floored

THREADS = 6
WAITING = 90
CATEGORIES = ("laptop", "account", "mobile")
JOIN_TIMEOUT = 120.0


def serve(db: Database, settings: Settings, index: int, errors: list[BaseException]) -> None:
    clock = SystemClock()
    visits = VisitService(db, settings, clock)
    feedback = FeedbackService(db, settings, clock)
    technician = f"Tech {index}"
    try:
        for turn in range(1000):
            try:
                visit = visits.call_next(technician)
            except NothingWaiting:
                return
            if turn % 5 == 4:
                visits.no_show(visit.id, technician)
                continue
            visits.start(visit.id, technician)
            if turn % 4 == 3:
                visits.escalate(visit.id, technician, "Network L2")
                continue
            visits.resolve(visit.id, technician, "fixed")
            if turn % 2:
                feedback.rate(visit.id, 1 + turn % 3)
            if turn % 3 == 0 and visit.requester.employee_id:
                visits.check_in(name="Back again", category=visit.category,
                                employee_id=visit.requester.employee_id,
                                second_visit_reason="came back")
    except BaseException as exc:  # noqa: BLE001 - handed back to the test thread
        errors.append(exc)


def test_concurrent_ends_keep_the_aggregates_exact(db: Database, settings: Settings) -> None:
    site = replace(settings, site_id="busy")
    line = VisitService(db, site, SystemClock())
    for n in range(WAITING):
        line.check_in(name=f"Visitor {n}", category=CATEGORIES[n % 3],
                      employee_id=f"E{n % 25}", second_visit_reason="in line twice")
    errors: list[BaseException] = []
    threads = [threading.Thread(target=serve, args=(db, site, i, errors), name=f"tech-{i}")
               for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not [t.name for t in threads if t.is_alive()], "a technician thread hung"
    assert not errors, errors[0]

    metrics = MetricsService(db, site, SystemClock())
    today = SystemClock().now().date()
    period = metrics.days(today - timedelta(days=1), today + timedelta(days=1))
    found = metrics.report_from_aggregates(period)
    assert found is not None
    assert found == floored(metrics.report_from_visits(period))
    assert found.total.visits >= WAITING
    assert found.total.first_visit_resolution not in (None, 1.0)  # some came back
