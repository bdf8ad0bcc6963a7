"""The visitors' status links: a token per visit, looked up while it is valid."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.tables import VisitLinkRow, VisitRow


class LinkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: VisitLinkRow) -> None:
        self.session.add(row)

    def for_visit(self, visit_id: str) -> VisitLinkRow | None:
        return self.session.get(VisitLinkRow, visit_id)

    def valid_visits(self, tokens: Iterable[str], now: datetime) -> dict[str, VisitRow]:
        """The visit of each token still valid at ``now``; unknown or expired ones are left out."""
        wanted = list(dict.fromkeys(tokens))
        if not wanted:
            return {}
        rows = self.session.execute(
            select(VisitLinkRow.token, VisitRow)
            .join(VisitRow, VisitRow.id == VisitLinkRow.visit_id)
            .where(VisitLinkRow.token.in_(wanted), VisitLinkRow.expires_at > now))
        return {token: visit for token, visit in rows}
