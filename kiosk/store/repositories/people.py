"""The directory of people: badge, employee id and e-mail look-ups, imports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.store.tables import (
    PersonRow,
    VisitRow,
)


class PeopleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, employee_id: str) -> PersonRow | None:
        return self.session.get(PersonRow, employee_id)

    def by_badge(self, badge_id: str) -> PersonRow | None:
        return self.session.scalars(select(PersonRow).where(PersonRow.badge_id == badge_id)).first()

    def by_email(self, email: str) -> PersonRow | None:
        return self.session.scalars(
            select(PersonRow).where(PersonRow.email == email).order_by(PersonRow.employee_id)).first()

    def by_employee_id_folded(self, employee_id: str) -> PersonRow | None:
        return self.session.scalars(select(PersonRow).where(
            func.lower(PersonRow.employee_id) == employee_id.lower())).first()

    def search(self, text: str, limit: int) -> list[PersonRow]:
        """People whose name, email or employee id contains ``text`` (case-insensitive)."""
        pattern = f"%{_escape_like(text.lower())}%"
        query = (
            select(PersonRow)
            .where(or_(func.lower(PersonRow.name).like(pattern, escape="\\"),
                       func.lower(PersonRow.email).like(pattern, escape="\\"),
                       func.lower(PersonRow.employee_id).like(pattern, escape="\\")))
            .order_by(PersonRow.name, PersonRow.employee_id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def badge_owners(self, badges: Iterable[str]) -> dict[str, str]:
        """Which employee holds each of these badge ids now."""
        wanted = [b for b in badges if b]
        if not wanted:
            return {}
        rows = self.session.execute(
            select(PersonRow.badge_id, PersonRow.employee_id).where(PersonRow.badge_id.in_(wanted)))
        return {badge: employee for badge, employee in rows if badge}

    def upsert(self, employee_id: str, name: str, email: str, badge_id: str | None,
               department: str, at: datetime) -> bool:
        """Insert or update one person; True when the person is new."""
        row = self.session.get(PersonRow, employee_id)
        if row is None:
            self.session.add(PersonRow(employee_id=employee_id, name=name, email=email,
                                       badge_id=badge_id, department=department, updated_at=at))
            return True
        row.name, row.email, row.badge_id = name, email, badge_id
        row.department, row.updated_at = department, at
        return False

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(PersonRow)) or 0)

    def last_visit(self, employee_id: str, site: str) -> VisitRow | None:
        return self.session.scalars(
            select(VisitRow)
            .where(VisitRow.requester_employee_id == employee_id, VisitRow.site == site)
            .order_by(VisitRow.checked_in_at.desc())
            .limit(1)).first()


    def visits_with_devices(self, employee_id: str, site: str, limit: int = 20
                            ) -> list[VisitRow]:
        """The person's most recent visits that named a device or an asset tag."""
        return list(self.session.scalars(
            select(VisitRow)
            .where(VisitRow.requester_employee_id == employee_id, VisitRow.site == site,
                   or_(VisitRow.device != "", VisitRow.asset_tag != ""))
            .order_by(VisitRow.checked_in_at.desc())
            .limit(limit)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
