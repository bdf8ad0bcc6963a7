"""Joining from a desk: the one-time codes, the site's switches, remote visitors waiting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.visit import VisitState
from kiosk.store.tables import JoinCodeRow, SiteSwitchRow, VisitRow


class RemoteJoinRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    def add_code(self, row: JoinCodeRow) -> None:
        self.session.add(row)

    def code(self, site: str, code_id: str, *, for_update: bool = False) -> JoinCodeRow | None:
        """The code row ``code_id`` of ``site``; locked for the transaction on PostgreSQL."""
        query = select(JoinCodeRow).where(JoinCodeRow.site == site, JoinCodeRow.id == code_id)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def codes_for_email(self, site: str, email: str, since: datetime) -> int:
        """How many codes were sent to ``email`` since ``since``."""
        return int(self.session.scalar(select(func.count()).select_from(JoinCodeRow).where(
            JoinCodeRow.site == site, JoinCodeRow.email == email,
            JoinCodeRow.created_at >= since)) or 0)

    def codes_for_client(self, site: str, client: str, since: datetime) -> int:
        """How many codes one client asked for since ``since``."""
        return int(self.session.scalar(select(func.count()).select_from(JoinCodeRow).where(
            JoinCodeRow.site == site, JoinCodeRow.client == client,
            JoinCodeRow.created_at >= since)) or 0)

    def wrong_tries_for_client(self, site: str, client: str, since: datetime) -> int:
        """Wrong codes typed on the codes one client asked for since ``since``."""
        return int(self.session.scalar(select(func.coalesce(func.sum(JoinCodeRow.attempts), 0))
                                       .where(JoinCodeRow.site == site,
                                              JoinCodeRow.client == client,
                                              JoinCodeRow.created_at >= since)) or 0)

    def remove_codes_before(self, site: str, before: datetime) -> None:
        """Forget codes made before ``before`` (their limits no longer count)."""
        for row in self.session.scalars(select(JoinCodeRow).where(
                JoinCodeRow.site == site, JoinCodeRow.created_at < before).limit(500)):
            self.session.delete(row)

    def remote_waiting(self, site: str) -> int:
        """Remote visitors waiting (not yet called) now."""
        return int(self.session.scalar(select(func.count()).select_from(VisitRow).where(
            VisitRow.site == site, VisitRow.remote.is_(True),
            VisitRow.state == VisitState.WAITING.value)) or 0)

    def switch(self, site: str, name: str) -> SiteSwitchRow | None:
        return self.session.get(SiteSwitchRow, (site, name))

    def set_switch(self, site: str, name: str, on: bool, at: datetime, by: str) -> None:
        row = self.switch(site, name)
        if row is None:
            self.session.add(SiteSwitchRow(site=site, name=name, on=on, changed_at=at,
                                           changed_by=by))
        else:
            row.on, row.changed_at, row.changed_by = on, at, by
