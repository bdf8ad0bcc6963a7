"""The visitor's rating after a visit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.tables import (
    SurveyRow,
    VisitRow,
)


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
