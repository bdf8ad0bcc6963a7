"""Queue 'you're close' messages in the transaction of the change that calls for them.

Every change to a visit ends in :func:`kiosk.app.visits.record_event` (calls, cancels,
no-shows, transfers, returns to the line, reprioritising, check-ins), which calls
:func:`queue_notifications`: one place that sees every way people move in line. A
change that cannot bring anyone closer (a service starting or ending, a check-in: see
:func:`line_moved`) reads nothing more. One that can costs one small query when
nobody of the site's line asked to be told (the usual case): the subscribers waiting
now; only when there are some is the line's order read (ids only, the partial line
index) and each subscriber's place compared with its threshold. The insert skips a
(visit, threshold) already queued, so nobody is told twice.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.domain.nearby import CALLED, reached
from kiosk.domain.visit import VisitState
from kiosk.store import UnitOfWork
from kiosk.store.tables import VisitRow


def queue_notifications(uow: UnitOfWork, row: VisitRow, now: datetime, *,
                        line_moved: bool = True) -> None:
    """After ``row`` changed: queue the call's message, and every threshold now reached.

    Args:
        line_moved: whether the change can have brought anyone within their threshold
            (see :func:`line_moved`; False for a service starting or ending, a check-in).
    """
    uow.session.flush()
    if row.state == VisitState.CALLED.value and uow.notifications.subscription(row.id):
        uow.notifications.queue(row.id, CALLED, 0, row.counter, now)
    if line_moved:
        queue_reached(uow, row.site, now)


def line_moved(uow: UnitOfWork, row: VisitRow, before: str | None) -> bool:
    """Whether the change of ``row`` from state ``before`` can have brought a waiting
    visitor within their threshold: someone left the waiting line or moved within it,
    or a visitor who asked to be told came (back) into it. A check-in or a return only
    puts the others further back."""
    if before == VisitState.WAITING.value:
        return True
    return (row.state == VisitState.WAITING.value
            and uow.notifications.subscription(row.id) is not None)


def queue_reached(uow: UnitOfWork, site: str, now: datetime) -> None:
    """Queue a message for every waiting subscriber of ``site`` within its threshold."""
    subscribers: dict[str, int | None] = dict(uow.notifications.waiting_subscribers(site))
    if not subscribers:
        return
    for visit_id, threshold, ahead in reached(subscribers, uow.visits.waiting_ids(site)):
        uow.notifications.queue(visit_id, threshold, ahead, "", now)
