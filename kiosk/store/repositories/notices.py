"""Incident notices and the liaison's broadcast messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.store.tables import (
    BroadcastRow,
    NoticeRow,
)


class NoticeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: NoticeRow) -> None:
        self.session.add(row)

    def get(self, notice_id: int) -> NoticeRow | None:
        return self.session.get(NoticeRow, notice_id)

    def active(self, site: str, now: datetime) -> list[NoticeRow]:
        """Notices in their time window now, most severe and newest first."""
        rows = self.session.scalars(
            select(NoticeRow)
            .where(NoticeRow.site == site, NoticeRow.starts_at <= now,
                   or_(NoticeRow.ends_at.is_(None), NoticeRow.ends_at > now))
            .order_by(NoticeRow.id.desc()))
        return list(rows)

    def all(self, site: str, limit: int = 200) -> list[NoticeRow]:
        return list(self.session.scalars(
            select(NoticeRow).where(NoticeRow.site == site).order_by(NoticeRow.id.desc())
            .limit(limit)))


class BroadcastRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: BroadcastRow) -> None:
        self.session.add(row)

    def get(self, broadcast_id: int) -> BroadcastRow | None:
        return self.session.get(BroadcastRow, broadcast_id)

    def current(self, site: str, now: datetime) -> BroadcastRow | None:
        """The newest broadcast still in force."""
        return self.session.scalars(
            select(BroadcastRow)
            .where(BroadcastRow.site == site,
                   or_(BroadcastRow.ends_at.is_(None), BroadcastRow.ends_at > now))
            .order_by(BroadcastRow.id.desc()).limit(1)).first()
