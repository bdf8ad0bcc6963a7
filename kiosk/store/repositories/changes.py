"""The change feed: every change to a visit, in commit order, for the windows to follow.

On PostgreSQL a transaction that appends also notifies its site's channel
(``kiosk/store/notify.py``), so the processes that follow the feed read it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, text
from sqlalchemy.orm import Session

from kiosk.store.database import CHANGE_CHANNEL_INFO
from kiosk.store.tables import ChangeRow, VisitRow

# Any constant works; it names the lock that orders change-feed writers on PostgreSQL.
_CHANGE_FEED_LOCK = 7_042_019


@dataclass(frozen=True)
class Change:
    seq: int
    topic: str
    entity_id: str
    at: datetime


class ChangeFeed:
    """Append and read the change feed ("what changed since sequence N")."""

    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect
        self._locked = False

    def append(self, topic: str, entity_id: str, at: datetime) -> None:
        """Add a change; on PostgreSQL the first one of the transaction also takes the
        writers' lock and queues the NOTIFY that wakes the other processes at commit."""
        if self.dialect == "postgresql" and not self._locked:
            # Writers take sequence numbers in commit order, so a reader that has
            # seen N never later finds an older number appear behind it.
            channel = self.session.info.get(CHANGE_CHANNEL_INFO)
            if channel:  # delivered at commit, once per transaction
                self.session.execute(text("SELECT pg_advisory_xact_lock(:key), "
                                          "pg_notify(:channel, '')"),
                                     {"key": _CHANGE_FEED_LOCK, "channel": channel})
            else:
                self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                     {"key": _CHANGE_FEED_LOCK})
            self._locked = True
        self.session.add(ChangeRow(topic=topic, entity_id=entity_id, at=at))

    def since(self, seq: int, limit: int = 1000) -> list[Change]:
        rows = self.session.scalars(
            select(ChangeRow).where(ChangeRow.seq > seq).order_by(ChangeRow.seq).limit(limit))
        return [Change(r.seq, r.topic, r.entity_id, r.at) for r in rows]

    def since_with_visits(self, seq: int, limit: int = 1000
                          ) -> tuple[list[Change], dict[str, VisitRow]]:
        """:meth:`since` and the newest row of every visit it names, in one statement
        (a station's feed reads this on every wake: one round trip, not two)."""
        found = self.session.execute(
            select(ChangeRow.seq, ChangeRow.topic, ChangeRow.entity_id, ChangeRow.at, VisitRow)
            .outerjoin(VisitRow, and_(ChangeRow.topic == "visit",
                                      VisitRow.id == ChangeRow.entity_id))
            .where(ChangeRow.seq > seq).order_by(ChangeRow.seq).limit(limit))
        changes: list[Change] = []
        visits: dict[str, VisitRow] = {}
        for number, topic, entity_id, at, visit in found:
            changes.append(Change(number, topic, entity_id, at))
            if visit is not None:
                visits[visit.id] = visit
        return changes, visits

    def latest(self) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(ChangeRow.seq), 0))) or 0)
