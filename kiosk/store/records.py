"""Repositories for the directory, appointments, notices and surveys."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.store.tables import (
    AppointmentRow,
    BroadcastRow,
    NoticeRow,
    PersonRow,
    SurveyRow,
    TechnicianRow,
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


class SurveyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, visit_id: str) -> SurveyRow | None:
        return self.session.get(SurveyRow, visit_id)

    def add(self, row: SurveyRow) -> None:
        self.session.add(row)

    def unrated_visits(self, site: str, *, ticket_number: str = "", employee_id: str = "",
                       ended_after: datetime, states: Iterable[str]) -> list[VisitRow]:
        """Ended visits without a survey answer, newest first."""
        query = (
            select(VisitRow)
            .outerjoin(SurveyRow, SurveyRow.visit_id == VisitRow.id)
            .where(VisitRow.site == site, SurveyRow.visit_id.is_(None),
                   VisitRow.ended_at >= ended_after, VisitRow.state.in_(list(states)))
            .order_by(VisitRow.ended_at.desc())
        )
        if ticket_number:
            query = query.where(VisitRow.ticket_number == ticket_number)
        if employee_id:
            query = query.where(VisitRow.requester_employee_id == employee_id)
        return list(self.session.scalars(query.limit(5)))


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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
