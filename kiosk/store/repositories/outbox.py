"""The ticket outbox: finished visits waiting to be sent, claimed by sync workers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from kiosk.store.tables import NotificationRow, OutboxRow, VisitRow

#: For the sync worker's one-row UPDATEs, run in sessions that hold no outbox objects:
#: skip the ORM's search of the session for objects to bring in line (most of their cost).
UNSYNCED = {"synchronize_session": False}


class OutboxRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    def add(self, visit_id: str, at: datetime) -> None:
        self.session.add(OutboxRow(
            visit_id=visit_id, status="pending", created_at=at, next_attempt_at=at,
            attempts=0, last_error="", claimed_by="", external_id="", external_url=""))

    def get(self, visit_id: str) -> OutboxRow | None:
        return self.session.scalars(select(OutboxRow).where(OutboxRow.visit_id == visit_id)).first()

    def claim_due(self, worker: str, now: datetime, lease: timedelta, limit: int, *,
                  due_by: datetime | None = None) -> list[OutboxRow]:
        """Lease up to ``limit`` due rows to ``worker``; others skip them until the lease ends.

        Args:
            due_by: only rows due by then (default ``now``). A drain passes its start
                time, so rows rescheduled during the drain wait for the next one.
        """
        return lease_due(self.session, self.dialect, OutboxRow, worker, now, lease, limit,
                         due_by=due_by or now)

    def finish(self, outbox_id: int, worker: str, **values: object) -> bool:
        """Record the outcome of an attempt, if ``worker`` still holds the lease."""
        result = self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == outbox_id, OutboxRow.claimed_by == worker)
            .values(claimed_by="", claimed_until=None, **values),
            execution_options=UNSYNCED,
        )
        return bool(getattr(result, "rowcount", 0))

    def retry(self, visit_id: str, now: datetime) -> bool:
        """Put a failed row back in line (after the configuration was fixed)."""
        result = self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.visit_id == visit_id, OutboxRow.status == "failed")
            .values(status="pending", next_attempt_at=now, attempts=0, last_error="",
                    claimed_by="", claimed_until=None)
        )
        return bool(getattr(result, "rowcount", 0))

    def counts(self) -> dict[str, int]:
        rows = self.session.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
        return {status: count for status, count in rows}

    def failed(self, limit: int = 100) -> list[OutboxRow]:
        return list(self.session.scalars(
            select(OutboxRow).where(OutboxRow.status == "failed")
            .order_by(OutboxRow.id.desc()).limit(limit)))

    def recently_sent(self, limit: int) -> list[OutboxRow]:
        """Delivered rows, newest first."""
        return list(self.session.scalars(
            select(OutboxRow).where(OutboxRow.status == "sent")
            .order_by(OutboxRow.sent_at.desc(), OutboxRow.id.desc()).limit(limit)))

    def last_sent_at(self) -> datetime | None:
        return self.session.scalar(select(func.max(OutboxRow.sent_at)))

    def next_due_at(self) -> datetime | None:
        return self.session.scalar(
            select(func.min(OutboxRow.next_attempt_at)).where(OutboxRow.status == "pending"))

    def release(self, outbox_id: int, worker: str) -> bool:
        """Give back a claimed row without recording an attempt (a worker stopping)."""
        result = self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == outbox_id, OutboxRow.claimed_by == worker)
            .values(claimed_by="", claimed_until=None),
            execution_options=UNSYNCED,
        )
        return bool(getattr(result, "rowcount", 0))

    def retry_all_failed(self, now: datetime) -> int:
        """Put every failed row back in line; returns how many."""
        result = self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.status == "failed")
            .values(status="pending", next_attempt_at=now, attempts=0, last_error="",
                    claimed_by="", claimed_until=None)
        )
        return int(getattr(result, "rowcount", 0))

    def retrying(self, limit: int = 100) -> list[OutboxRow]:
        """Pending rows that have failed at least once, soonest next attempt first."""
        return list(self.session.scalars(
            select(OutboxRow).where(OutboxRow.status == "pending", OutboxRow.attempts > 0)
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id).limit(limit)))

    def ticket_links(self, visit_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(external id, external URL) of each visit whose ticket the backend named."""
        if not visit_ids:
            return {}
        rows = self.session.execute(
            select(OutboxRow.visit_id, OutboxRow.external_id, OutboxRow.external_url)
            .where(OutboxRow.visit_id.in_(list(visit_ids)),
                   or_(OutboxRow.external_id != "", OutboxRow.external_url != "")))
        return {visit_id: (external_id, url) for visit_id, external_id, url in rows}

    def ticket_numbers(self, visit_ids: Sequence[str]) -> dict[str, str]:
        """Ticket number of each visit id (for reports about outbox rows)."""
        if not visit_ids:
            return {}
        rows = self.session.execute(
            select(VisitRow.id, VisitRow.ticket_number).where(VisitRow.id.in_(list(visit_ids))))
        return {visit_id: number for visit_id, number in rows}


Leased = TypeVar("Leased", OutboxRow, NotificationRow)


def lease_due(session: Session, dialect: str, table: type[Leased], worker: str, now: datetime,
              lease: timedelta, limit: int, *, due_by: datetime) -> list[Leased]:
    """Lease up to ``limit`` pending rows of an outbox table due by ``due_by`` to
    ``worker``, oldest due first; rows leased to another worker until after ``now`` are
    skipped (on PostgreSQL, rows another transaction is claiming too)."""
    query = (
        select(table)
        .where(table.status == "pending", table.next_attempt_at <= due_by,
               or_(table.claimed_until.is_(None), table.claimed_until < now))
        .order_by(table.next_attempt_at, table.id)
        .limit(limit)
    )
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.scalars(query))
    for row in rows:
        row.claimed_by = worker
        row.claimed_until = now + lease
    return rows
