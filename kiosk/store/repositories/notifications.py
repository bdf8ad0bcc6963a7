"""What visitors asked to be told, and the outbox of messages to them, claimed by notify workers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kiosk.domain.visit import VisitState
from kiosk.store.repositories.outbox import lease_due
from kiosk.store.repositories.visits import OPEN
from kiosk.store.tables import NotificationRow, NotifySubscriptionRow, VisitRow

#: For one-row UPDATEs in sessions that hold no notification objects (as the ticket outbox).
UNSYNCED = {"synchronize_session": False}


class NotificationRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    # ------------------------------------------------------------ subscriptions

    def subscription(self, visit_id: str) -> NotifySubscriptionRow | None:
        return self.session.get(NotifySubscriptionRow, visit_id)

    def subscribe(self, visit_id: str, channel: str, address: str, ahead: int | None,
                  now: datetime) -> None:
        row = self.subscription(visit_id)
        if row is None:
            self.session.add(NotifySubscriptionRow(visit_id=visit_id, channel=channel,
                                                   address=address, ahead=ahead, updated_at=now))
        else:
            row.channel, row.address, row.ahead, row.updated_at = channel, address, ahead, now

    def unsubscribe(self, visit_id: str) -> None:
        """Forget how to reach the visitor: they chose the page only, or the visit ended
        (nothing is sent for an ended visit; the table keeps only open visits' rows)."""
        self.session.execute(delete(NotifySubscriptionRow)
                             .where(NotifySubscriptionRow.visit_id == visit_id))

    def waiting_subscribers(self, site: str) -> dict[str, int]:
        """Visit id to threshold of the site's waiting visitors who chose one.

        Two reads that no statistics can turn into a walk of the line: the thresholds
        chosen (the table holds only visits not yet ended, see :meth:`unsubscribe`: the
        open visits of every site sharing the database that asked to be told, none at
        all as often as not), then which of those visits wait at ``site``, by primary
        key. As one join, SQLite walked the whole waiting line to probe for
        subscriptions on every move of it, and so did PostgreSQL when the subscriptions
        were few enough to look free.
        """
        chosen = {visit_id: int(ahead) for visit_id, ahead in self.session.execute(
            select(NotifySubscriptionRow.visit_id, NotifySubscriptionRow.ahead)
            .where(NotifySubscriptionRow.ahead.is_not(None))) if ahead is not None}
        if not chosen:
            return {}
        waiting = self.session.scalars(
            select(VisitRow.id).where(VisitRow.id.in_(list(chosen)), VisitRow.site == site,
                                      OPEN, VisitRow.state == VisitState.WAITING.value))
        return {visit_id: chosen[visit_id] for visit_id in waiting}

    # ------------------------------------------------------------ the outbox

    def queue(self, visit_id: str, threshold: int | None, people_ahead: int, counter: str,
              now: datetime) -> None:
        """Queue a message; a (visit, threshold) already queued is left as it is.

        ON CONFLICT DO NOTHING: two transactions that both see a visitor reach a threshold
        queue it once, and neither fails.
        """
        if self.dialect == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        else:
            from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]
        self.session.execute(dialect.insert(NotificationRow).values(
            visit_id=visit_id, threshold=threshold, people_ahead=people_ahead, counter=counter,
            channel="", status="pending", created_at=now, next_attempt_at=now, attempts=0, last_error="",
            claimed_by="").on_conflict_do_nothing())

    def get(self, row_id: int) -> NotificationRow | None:
        return self.session.get(NotificationRow, row_id)

    def for_visit(self, visit_id: str) -> list[NotificationRow]:
        return list(self.session.scalars(
            select(NotificationRow).where(NotificationRow.visit_id == visit_id)
            .order_by(NotificationRow.id)))

    def claim_due(self, worker: str, now: datetime, lease: timedelta,
                  limit: int) -> list[NotificationRow]:
        """Lease up to ``limit`` due rows to ``worker``; others skip them until the lease ends."""
        return lease_due(self.session, self.dialect, NotificationRow, worker, now, lease,
                         limit, due_by=now)

    def mark_sending(self, row_id: int, worker: str, channel: str) -> bool:
        """Record, before sending, that an attempt starts (if ``worker`` still holds the lease).

        A worker killed after this and before :meth:`finish` leaves the row "sending"
        until its lease ends; then :meth:`abandoned` decides.
        """
        result = self.session.execute(
            update(NotificationRow)
            .where(NotificationRow.id == row_id, NotificationRow.claimed_by == worker,
                   NotificationRow.status == "pending")
            .values(status="sending", channel=channel, attempts=NotificationRow.attempts + 1),
            execution_options=UNSYNCED)
        return bool(getattr(result, "rowcount", 0))

    def finish(self, row_id: int, worker: str, **values: object) -> bool:
        """Record the outcome of an attempt, if ``worker`` still holds the lease."""
        result = self.session.execute(
            update(NotificationRow)
            .where(NotificationRow.id == row_id, NotificationRow.claimed_by == worker)
            .values(claimed_by="", claimed_until=None, **values),
            execution_options=UNSYNCED)
        return bool(getattr(result, "rowcount", 0))

    def abandoned(self, now: datetime) -> int:
        """Rows left "sending" by a worker that died mid-send, once their lease is over.

        An e-mail goes back in line: it is sent again with the same Message-ID, which
        mail systems take as the same message. Any other channel has no such key, so the
        row becomes "unknown" and is never sent again (the message may have left).
        """
        stale = (NotificationRow.status == "sending", NotificationRow.claimed_until < now)
        retried = self.session.execute(
            update(NotificationRow).where(*stale, NotificationRow.channel == "email")
            .values(status="pending", claimed_by="", claimed_until=None, next_attempt_at=now,
                    last_error="the worker stopped while sending; sent again, same Message-ID"),
            execution_options=UNSYNCED)
        given_up = self.session.execute(
            update(NotificationRow).where(*stale)
            .values(status="unknown", claimed_by="", claimed_until=None,
                    last_error="the worker stopped while sending; not sent again"),
            execution_options=UNSYNCED)
        return int(getattr(retried, "rowcount", 0)) + int(getattr(given_up, "rowcount", 0))

    def counts(self) -> dict[str, int]:
        rows = self.session.execute(
            select(NotificationRow.status, func.count()).group_by(NotificationRow.status))
        return {status: count for status, count in rows}

    def failures(self, limit: int = 20) -> list[tuple[str, str, datetime]]:
        """(ticket number, reason, when queued) of the newest failed or uncertain messages."""
        rows = self.session.execute(
            select(VisitRow.ticket_number, NotificationRow.last_error, NotificationRow.created_at)
            .join(VisitRow, VisitRow.id == NotificationRow.visit_id)
            .where(NotificationRow.status.in_(["failed", "unknown"]))
            .order_by(NotificationRow.id.desc()).limit(limit))
        return [(ticket, reason, at) for ticket, reason, at in rows]

    def visits(self, visit_ids: Sequence[str]) -> dict[str, VisitRow]:
        if not visit_ids:
            return {}
        return {r.id: r for r in self.session.scalars(
            select(VisitRow).where(VisitRow.id.in_(list(visit_ids))))}
