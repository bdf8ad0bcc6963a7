"""How the sync is doing, for the liaison window and ``main.py sync --once``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import Clock
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import OutboxRow

#: Visit ids per query (well under every database's bound-parameter limit).
_BATCH = 500


@dataclass(frozen=True)
class DeliveryProblem:
    """One visit whose delivery failed (for good, or so far).

    Attributes:
        next_attempt_at: when it is tried again; None once it has failed for good.
    """

    visit_id: str
    ticket_number: str
    attempts: int
    reason: str
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class Delivered:
    """A visit the ticketing system accepted, with the ticket it became."""

    visit_id: str
    ticket_number: str
    external_id: str
    external_url: str
    sent_at: datetime | None


@dataclass(frozen=True)
class SyncHealth:
    """A snapshot of the outbox.

    Attributes:
        backend: the configured backend kind ("none" means nothing is sent).
        pending: visits still to send (including those being retried).
        sent: visits delivered.
        failed: visits that stopped retrying; each needs a person to look.
        skipped: visits not sent on purpose (their final state is not synced).
        failures: the failed visits, newest first, with their reasons.
        retrying: pending visits that failed at least once, soonest retry first.
        last_success_at: when a visit was last delivered.
        next_attempt_at: the earliest scheduled attempt of a pending visit.
        delivered: the latest delivered visits with their ticket id and URL.
    """

    backend: str
    pending: int
    sent: int
    failed: int
    skipped: int
    failures: tuple[DeliveryProblem, ...]
    retrying: tuple[DeliveryProblem, ...]
    last_success_at: datetime | None
    next_attempt_at: datetime | None
    delivered: tuple[Delivered, ...] = ()

    @property
    def healthy(self) -> bool:
        """Nothing failed and nothing is being retried."""
        return self.failed == 0 and not self.retrying


def sync_health(db: Database, backend: str, *, limit: int = 50) -> SyncHealth:
    """Read the outbox's state in one read-only transaction.

    Args:
        db: the database.
        backend: ``settings.backend``, passed through for display.
        limit: at most this many failures and retries are listed (counts are exact).
    """
    with UnitOfWork(db, readonly=True) as uow:
        counts = uow.outbox.counts()
        failed_rows = uow.outbox.failed(limit)
        retry_rows = uow.outbox.retrying(limit)
        sent_rows = uow.outbox.recently_sent(limit)
        tickets = uow.outbox.ticket_numbers(
            [r.visit_id for r in failed_rows + retry_rows + sent_rows])
        return SyncHealth(
            backend=backend,
            pending=counts.get("pending", 0),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            skipped=counts.get("skipped", 0),
            failures=tuple(_problem(r, tickets, scheduled=False) for r in failed_rows),
            retrying=tuple(_problem(r, tickets, scheduled=True) for r in retry_rows),
            last_success_at=uow.outbox.last_sent_at(),
            next_attempt_at=uow.outbox.next_due_at(),
            delivered=tuple(Delivered(r.visit_id, tickets.get(r.visit_id, "?"), r.external_id,
                                      r.external_url, r.sent_at) for r in sent_rows),
        )


def ticket_link(db: Database, visit_id: str) -> tuple[str, str] | None:
    """The visit's ticket in the ticketing system: (external id, URL), either may be "".

    None until a delivery recorded what the backend answered (or when it named nothing).
    """
    return ticket_links(db, [visit_id]).get(visit_id)


def ticket_links(db: Database, visit_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """:func:`ticket_link` for several visits in one read (visits without one are left out)."""
    wanted = list(dict.fromkeys(visit_ids))
    links: dict[str, tuple[str, str]] = {}
    with UnitOfWork(db, readonly=True) as uow:
        for start in range(0, len(wanted), _BATCH):
            links.update(uow.outbox.ticket_links(wanted[start:start + _BATCH]))
    return links


def retry_failed(db: Database, clock: Clock, visit_id: str | None = None) -> int:
    """Put failed deliveries back in line now (after the cause was fixed).

    Args:
        visit_id: one visit; None retries every failed one.

    Returns:
        How many visits were put back (0 if the visit had not failed).
    """
    now = clock.now()
    with UnitOfWork(db) as uow:
        count = (uow.outbox.retry_all_failed(now) if visit_id is None
                 else int(uow.outbox.retry(visit_id, now)))
        uow.commit()
    return count


def _problem(row: OutboxRow, tickets: dict[str, str], *, scheduled: bool) -> DeliveryProblem:
    return DeliveryProblem(
        visit_id=row.visit_id,
        ticket_number=tickets.get(row.visit_id, "?"),
        attempts=row.attempts,
        reason=row.last_error,
        next_attempt_at=row.next_attempt_at if scheduled else None,
    )


class SyncHealthService:
    """The sync's health and ticket links for the windows, bound to one database and backend."""

    def __init__(self, db: Database, clock: Clock, backend: str) -> None:
        self._db = db
        self._clock = clock
        self.backend = backend

    def health(self, *, limit: int = 50) -> SyncHealth:
        return sync_health(self._db, self.backend, limit=limit)

    def ticket_link(self, visit_id: str) -> tuple[str, str] | None:
        return ticket_link(self._db, visit_id)

    def ticket_links(self, visit_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return ticket_links(self._db, visit_ids)

    def retry(self, visit_id: str | None = None) -> int:
        """:func:`retry_failed`: one visit, or every failed one when ``visit_id`` is None."""
        return retry_failed(self._db, self._clock, visit_id)
