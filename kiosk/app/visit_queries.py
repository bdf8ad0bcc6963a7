"""The read side of the visit use cases: snapshots, the queue, estimates, the change feed.

:class:`kiosk.app.visits.VisitService` inherits these; each is one read-only transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from kiosk.app.waits import PaceCache, floor_forecast
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.forecast import Forecast
from kiosk.domain.visit import Visit, VisitState
from kiosk.errors import NotFound
from kiosk.store import Database, UnitOfWork
from kiosk.store.notify import ChangeWaiter, open_change_waiter
from kiosk.store.repositories.changes import since_with_visits
from kiosk.store.repositories.visits import to_visit
from kiosk.store.tables import OutboxRow, VisitRow

EARLIER_VISITS = 5


@dataclass(frozen=True)
class FloorSummary:
    waiting: int
    called: int
    in_service: int
    parked: int
    longest_wait: timedelta
    longest_wait_ticket: str


@dataclass(frozen=True)
class EarlierVisit:
    """One of a visitor's previous visits, as the console shows it."""

    id: str
    ticket_number: str
    category: str
    state: VisitState
    checked_in_at: datetime
    ended_at: datetime | None
    technician: str
    resolution_code: str
    escalation_group: str
    ticket_id: str = ""
    ticket_url: str = ""


@dataclass(frozen=True)
class ChangeBatch:
    """Visits changed since a sequence number, and the sequence to ask from next."""

    visits: tuple[Visit, ...]
    latest: int


class VisitQueries:
    """Queries about visits; needs ``db``, ``settings`` and ``clock`` attributes."""

    db: Database
    settings: Settings
    clock: Clock

    def get(self, visit_id: str) -> Visit:
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.visits.get(visit_id)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            return to_visit(row, uow.visits.events(visit_id))

    def earlier_visits(self, visit_id: str, limit: int = EARLIER_VISITS
                       ) -> tuple[EarlierVisit, ...]:
        """The same person's previous visits, newest first, with their ticket once synced.

        The person is matched by employee id, else by email; a guest with neither
        has no history.
        """
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.visits.get(visit_id)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            found = uow.visits.earlier_visits(
                row.site, employee_id=row.requester_employee_id, email=row.requester_email,
                before=row.checked_in_at, exclude_id=row.id, limit=limit)
            return tuple(_earlier(v, o) for v, o in found)

    def active_visits(self) -> list[Visit]:
        """Every visit not yet ended, in queue order."""
        with UnitOfWork(self.db, readonly=True) as uow:
            return [to_visit(r) for r in uow.visits.active(self.settings.site_id)]

    def position(self, visit_id: str) -> int:
        """1-based place in the waiting line, 0 when not waiting."""
        with UnitOfWork(self.db, readonly=True) as uow:
            waiting = self._waiting_ids(uow)
        return next((i + 1 for i, vid in enumerate(waiting) if vid == visit_id), 0)

    def estimate_wait(self, visit_id: str) -> WaitEstimate:
        """This waiting visitor's wait from now: a point and a 10th-90th percentile range,
        from the floor played forward (:mod:`kiosk.app.waits`); for a visit no longer
        waiting, what a newcomer of its category would wait."""
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.visits.get(visit_id)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            forecast = floor_forecast(uow, self.settings, self.clock.now(), self._pace,
                                      also=(row.category,))
        found = forecast.of(visit_id)
        return found if found is not None else forecast.newcomers[row.category]

    def category_waits(self) -> dict[str, WaitEstimate]:
        """The wait a visitor checking in now would be told, per category.

        From the same forecast as :meth:`estimate_wait` (a newcomer is behind everyone
        waiting), so what the kiosk's tiles promise is what the ticket says.
        """
        newcomers = self.line_forecast().newcomers
        return {c.id: newcomers[c.id] for c in self.settings.categories}

    def line_forecast(self, limit: int | None = None) -> Forecast:
        """Every waiting visitor's wait and a newcomer's per category, in one read.

        Args:
            limit: forecast only the first ``limit`` in line (staff screens: a long line's
                tail costs time and changes nothing anyone acts on); the newcomers'
                waits are then not meaningful.
        """
        with UnitOfWork(self.db, readonly=True) as uow:
            return floor_forecast(uow, self.settings, self.clock.now(), self._pace,
                                  limit=limit)

    @cached_property
    def _pace(self) -> PaceCache:
        return PaceCache()

    def _waiting_ids(self, uow: UnitOfWork) -> list[str]:
        """The waiting visits in queue order."""
        return uow.visits.waiting_ids(self.settings.site_id)

    def latest_change(self) -> int:
        with UnitOfWork(self.db, readonly=True) as uow:
            return uow.changes.latest()

    def change_waiter(self) -> ChangeWaiter:
        """A waiter that blocks until another connection commits to the change feed.

        ``wait(timeout_s)`` returns True when woken (then read :meth:`changes_since`),
        False after the timeout; ``close()`` ends it, also from another thread. On
        PostgreSQL it listens to the site's NOTIFY channel on a connection of its own
        (made on the first ``wait``, remade after a loss); on SQLite it watches the file's
        ``PRAGMA data_version``. Wakes may be spurious, and notifications sent while its
        connection is down are lost: keep a slow poll as well. One per process is enough.
        """
        return open_change_waiter(self.db, self.settings.site_id)

    def changes_since(self, seq: int, limit: int = 1000) -> ChangeBatch:
        """Visits changed after ``seq`` (each once, newest state) and the new high-water mark."""
        changes, visits = since_with_visits(self.db, seq, limit)
        if not changes:
            return ChangeBatch((), seq)
        ids = dict.fromkeys(c.entity_id for c in changes if c.topic == "visit")
        return ChangeBatch(tuple(visits[i] for i in ids if i in visits), changes[-1].seq)

    def floor(self) -> FloorSummary:
        return summarise_floor(self.active_visits(), self.clock.now())


def summarise_floor(active: Sequence[Visit], now: datetime) -> FloorSummary:
    """Counts by state and the longest wait among the active visits."""
    waiting = [v for v in active if v.state is VisitState.WAITING]
    longest = max(waiting, key=lambda v: v.wait(now), default=None)
    return FloorSummary(
        waiting=len(waiting),
        called=sum(v.state is VisitState.CALLED for v in active),
        in_service=sum(v.state is VisitState.IN_SERVICE for v in active),
        parked=sum(v.state is VisitState.PARKED for v in active),
        longest_wait=longest.wait(now) if longest else timedelta(0),
        longest_wait_ticket=longest.ticket_number if longest else "",
    )


def _earlier(row: VisitRow, outbox: OutboxRow | None) -> EarlierVisit:
    return EarlierVisit(
        id=row.id, ticket_number=row.ticket_number, category=row.category,
        state=VisitState(row.state), checked_in_at=row.checked_in_at, ended_at=row.ended_at,
        technician=row.technician, resolution_code=row.resolution_code,
        escalation_group=row.escalation_group,
        ticket_id=outbox.external_id if outbox else "",
        ticket_url=outbox.external_url if outbox else "")
