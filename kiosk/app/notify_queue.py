"""Queue 'you're close' messages in the transaction of the change that calls for them.

Every change to a visit ends in :func:`kiosk.app.visits.record_event` (calls, cancels,
no-shows, transfers, returns to the line, reprioritising, check-ins), which calls
:func:`queue_notifications`: one place that sees every way people move in line. It
costs one small query when nobody of the site's line asked to be told (the usual case):
the subscribers waiting now; only when there are some is the line's order read (ids only,
the partial line index) and each subscriber's place compared with its threshold. The
insert skips a (visit, threshold) already queued, so nobody is told twice.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.domain.nearby import CALLED, reached
from kiosk.domain.visit import VisitState
from kiosk.store import UnitOfWork
from kiosk.store.tables import VisitRow


def queue_notifications(uow: UnitOfWork, row: VisitRow, now: datetime) -> None:
    """After ``row`` changed: queue the call's message, and every threshold now reached."""
    uow.session.flush()
    if row.state == VisitState.CALLED.value and uow.notifications.subscription(row.id):
        uow.notifications.queue(row.id, CALLED, 0, row.counter, now)
    queue_reached(uow, row.site, now)


def queue_reached(uow: UnitOfWork, site: str, now: datetime) -> None:
    """Queue a message for every waiting subscriber of ``site`` within its threshold."""
    subscribers: dict[str, int | None] = dict(uow.notifications.waiting_subscribers(site))
    if not subscribers:
        return
    for visit_id, threshold, ahead in reached(subscribers, uow.visits.waiting_ids(site)):
        uow.notifications.queue(visit_id, threshold, ahead, "", now)
