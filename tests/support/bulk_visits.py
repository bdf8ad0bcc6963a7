"""Many finished visits at once, for sync tests that need volume.

Going through ``VisitService`` costs about 18 ms per visit (two transactions with
their change-feed rows); a thousand visits would take most of a test's budget. This
writes the same rows the service writes for a resolved visit (the visit, its four
events and its outbox row) in one transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import VisitEventRow, VisitRow

STEPS = (("check_in", None, "waiting", "kiosk"), ("call", "waiting", "called", "ana"),
         ("start", "called", "in_service", "ana"), ("resolve", "in_service", "resolved", "ana"))


def add_resolved_visits(db: Database, site: str, count: int, at: datetime) -> list[str]:
    """``count`` resolved visits (category ``laptop``), each with a pending outbox row."""
    ids: list[str] = []
    day = at.date().isoformat()
    with UnitOfWork(db) as uow:
        for n in range(count):
            visit_id = str(uuid.uuid4())
            moments = [at + timedelta(minutes=m) for m in (0, 4, 5, 17)]
            uow.visits.add(VisitRow(
                id=visit_id, site=site, service_day=day, ticket_number=f"Z-{n + 1:04d}",
                category="laptop", state="resolved", priority=0,
                requester_name=f"Visitor {n}", requester_email=f"v{n}@example.test",
                requester_employee_id=f"E{n}", description=f"Case {n}\nsome detail",
                technician="ana", checked_in_at=moments[0], queued_at=moments[0],
                called_at=moments[1], started_at=moments[2], ended_at=moments[3],
                resolution_code="hardware", resolution_notes=f"fixed {n}", version=4,
                device="Laptop", asset_tag=f"A-{n}", time_spent_minutes=12))
            uow.session.flush()  # no ORM relationships: write the visit before its children
            for (action, before, after, actor), moment in zip(STEPS, moments, strict=True):
                uow.visits.add_event(VisitEventRow(visit_id=visit_id, action=action,
                                                   from_state=before, to_state=after,
                                                   at=moment, actor=actor, note=""))
            uow.outbox.add(visit_id, moments[3])
            ids.append(visit_id)
        uow.commit()
    return ids
