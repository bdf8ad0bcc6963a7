"""Technicians of a site: who can sign in and what they can take."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.tables import (
    TechnicianRow,
)


class TechnicianRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    def add(self, row: TechnicianRow) -> None:
        self.session.add(row)

    def get(self, technician_id: str, *, for_update: bool = False) -> TechnicianRow | None:
        query = select(TechnicianRow).where(TechnicianRow.id == technician_id)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def all(self, site: str, *, active_only: bool = True) -> list[TechnicianRow]:
        query = select(TechnicianRow).where(TechnicianRow.site == site)
        if active_only:
            query = query.where(TechnicianRow.active.is_(True))
        return list(self.session.scalars(query.order_by(TechnicianRow.name)))

    def has_name(self, site: str, name: str) -> bool:
        """Whether an active technician of the site has exactly this name."""
        return self.session.scalars(
            select(TechnicianRow.id).where(TechnicianRow.site == site, TechnicianRow.name == name,
                                           TechnicianRow.active.is_(True)).limit(1)).first() is not None

    def by_name(self, site: str, name: str, *, for_update: bool = False) -> TechnicianRow | None:
        """The active technician of the site with exactly this name (visits name them)."""
        query = select(TechnicianRow).where(TechnicianRow.site == site, TechnicianRow.name == name,
                                            TechnicianRow.active.is_(True)).limit(1)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        return self.session.scalars(query).first()
