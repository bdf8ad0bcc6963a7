"""Appointments booked ahead, checked in with a code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.tables import (
    AppointmentRow,
)


class AppointmentRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    def add(self, row: AppointmentRow) -> None:
        self.session.add(row)

    def get(self, code: str, *, for_update: bool = False) -> AppointmentRow | None:
        query = select(AppointmentRow).where(AppointmentRow.code == code)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def between(self, site: str, start: datetime, end: datetime) -> list[AppointmentRow]:
        return list(self.session.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.site == site, AppointmentRow.scheduled_at >= start,
                   AppointmentRow.scheduled_at < end)
            .order_by(AppointmentRow.scheduled_at)))
