"""Visits: the waiting line, a visit and its timeline, ticket numbers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from kiosk.domain.visit import ACTIVE_STATES, Requester, Visit, VisitEvent, VisitState
from kiosk.store.tables import OutboxRow, TicketCounterRow, VisitEventRow, VisitRow

# The line's order, as ``ix_visits_line`` holds it: priority first, then arrival.
LINE_ORDER = (VisitRow.priority.desc(), VisitRow.queued_at, VisitRow.ticket_number)
# Every query about visits not yet ended says so, so ``ix_visits_line`` (a partial
# index of exactly those) serves it, however long the site's history.
OPEN = VisitRow.ended_at.is_(None)
# A visit a technician has, in the words of ``ix_visits_desk``'s condition (a literal,
# not a bound parameter, so the planners see that the condition holds).
AT_A_DESK = text("visits.technician <> ''")
# For one statement of a transaction (PostgreSQL): see VisitRepository.next_waiting.
_SORTS_OFF = text("SET LOCAL enable_sort = off")
_SORTS_AS_CONFIGURED = text("SET LOCAL enable_sort TO DEFAULT")


class VisitRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    def add(self, row: VisitRow) -> None:
        self.session.add(row)

    def get(self, visit_id: str, *, for_update: bool = False) -> VisitRow | None:
        """The visit; ``for_update`` locks its row (PostgreSQL) and reads it afresh, even
        when the session holds a copy read before the lock."""
        query = select(VisitRow).where(VisitRow.id == visit_id)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(query).first()

    def find_by_ticket(self, site: str, service_day: str, ticket_number: str) -> VisitRow | None:
        return self.session.scalars(select(VisitRow).where(
            VisitRow.site == site, VisitRow.service_day == service_day,
            VisitRow.ticket_number == ticket_number)).first()

    def next_waiting(self, site: str, technician: str,
                     categories: Sequence[str] | None = None) -> VisitRow | None:
        """The head of the line for ``technician``, locked for this transaction.

        Visits transferred to another technician are skipped. On PostgreSQL rows
        locked by another caller are skipped too (SKIP LOCKED), so concurrent callers
        each take a different visit; on SQLite the write transaction already holds the
        database lock.

        On PostgreSQL the query is planned without sorts (``enable_sort`` off for it
        alone), so the head comes from walking ``ix_visits_line`` in order. Without
        statistics, or with statistics from when the line was short (a new database's
        first minute, a morning rush after a quiet night), the planner expects the
        technician filter to leave a row or two and prefers fetching every waiting
        visit and sorting them: a step per visitor in line on every call.
        """
        query = (
            select(VisitRow)
            .where(VisitRow.site == site, OPEN, VisitRow.state == VisitState.WAITING.value,
                   or_(VisitRow.technician == "", VisitRow.technician == technician))
            .order_by(*LINE_ORDER)
            .limit(1)
        )
        if categories is not None:
            query = query.where(VisitRow.category.in_(list(categories)))
        if self.dialect != "postgresql":
            return self.session.scalars(query).first()
        self.session.execute(_SORTS_OFF)
        head = self.session.scalars(query.with_for_update(skip_locked=True)).first()
        self.session.execute(_SORTS_AS_CONFIGURED)
        return head

    def active_for_person(self, site: str, *, employee_id: str, email: str) -> VisitRow | None:
        """The person's visit not yet ended, matched by employee id, else by e-mail."""
        if employee_id:
            match = func.lower(VisitRow.requester_employee_id) == employee_id.lower()
        elif email:
            match = VisitRow.requester_email == email.lower()
        else:
            return None
        return self.session.scalars(
            select(VisitRow)
            .where(VisitRow.site == site, OPEN,
                   VisitRow.state.in_([s.value for s in ACTIVE_STATES]), match)
            .order_by(VisitRow.checked_in_at).limit(1)).first()

    def serving(self, site: str, technician: str) -> list[VisitRow]:
        """The technician's visits called or in service (parked ones wait on something),
        from ``ix_visits_desk``: a step per visit of theirs, not per technician at work."""
        return list(self.session.scalars(
            select(VisitRow)
            .where(VisitRow.site == site, OPEN, AT_A_DESK, VisitRow.technician == technician,
                   VisitRow.state.in_([VisitState.CALLED.value, VisitState.IN_SERVICE.value]))
            .order_by(VisitRow.called_at)))

    def earlier_visits(self, site: str, *, employee_id: str, email: str, before: datetime,
                       exclude_id: str, limit: int) -> list[tuple[VisitRow, OutboxRow | None]]:
        """A person's visits checked in before ``before``, newest first, with their outbox row.

        Matched by employee id when there is one, else by email; neither: no visits.
        """
        if employee_id:
            person = VisitRow.requester_employee_id == employee_id
        elif email:
            person = VisitRow.requester_email == email
        else:
            return []
        query = (
            select(VisitRow, OutboxRow)
            .outerjoin(OutboxRow, OutboxRow.visit_id == VisitRow.id)
            .where(VisitRow.site == site, person, VisitRow.id != exclude_id,
                   VisitRow.checked_in_at <= before)
            .order_by(VisitRow.checked_in_at.desc(), VisitRow.id)
            .limit(limit)
        )
        return [(visit, outbox) for visit, outbox in self.session.execute(query)]

    def active(self, site: str) -> list[VisitRow]:
        """Every visit not yet ended, in queue order (a range of ``ix_visits_line``)."""
        query = (
            select(VisitRow)
            .where(VisitRow.site == site, OPEN,
                   VisitRow.state.in_([s.value for s in ACTIVE_STATES]))
            .order_by(*LINE_ORDER)
        )
        return list(self.session.scalars(query))

    def waiting_ids(self, site: str) -> list[str]:
        """The ids of the waiting visits in queue order, without loading the visits."""
        return list(self.session.scalars(
            select(VisitRow.id)
            .where(VisitRow.site == site, OPEN, VisitRow.state == VisitState.WAITING.value)
            .order_by(*LINE_ORDER)))

    def waiting_line(self, site: str, limit: int | None = None) -> list[tuple[str, str]]:
        """(id, category) of the waiting visits in queue order (the first ``limit``)."""
        rows = self.session.execute(
            select(VisitRow.id, VisitRow.category)
            .where(VisitRow.site == site, OPEN, VisitRow.state == VisitState.WAITING.value)
            .order_by(*LINE_ORDER).limit(limit))
        return [(vid, category) for vid, category in rows]

    def held(self, site: str) -> list[tuple[str, str, str, datetime | None, datetime | None]]:
        """(technician, category, state, called_at, started_at) of the visits called or in
        service now."""
        rows = self.session.execute(
            select(VisitRow.technician, VisitRow.category, VisitRow.state, VisitRow.called_at,
                   VisitRow.started_at)
            .where(VisitRow.site == site, OPEN,
                   VisitRow.state.in_([VisitState.CALLED.value, VisitState.IN_SERVICE.value])))
        return [(t, c, s, called, started) for t, c, s, called, started in rows]

    def ended_by(self, site: str, since: datetime) -> set[str]:
        """The technicians who ended a visit since ``since``."""
        return set(self.session.scalars(
            select(VisitRow.technician).where(VisitRow.site == site, VisitRow.technician != "",
                                              VisitRow.ended_at >= since)))

    def recent_ended(self, site: str, since: datetime, limit: int
                     ) -> list[tuple[str, str, datetime | None, datetime | None, datetime]]:
        """(category, state, called_at, started_at, ended_at) of the newest ``limit`` visits
        ended since ``since``: the newest end of ``ix_visits_ended``, whatever the history."""
        rows = self.session.execute(
            select(VisitRow.category, VisitRow.state, VisitRow.called_at, VisitRow.started_at,
                   VisitRow.ended_at)
            .where(VisitRow.site == site, VisitRow.ended_at >= since)
            .order_by(VisitRow.ended_at.desc()).limit(limit))
        return [(c, s, called, started, ended) for c, s, called, started, ended in rows
                if ended is not None]

    def ended_between(self, site: str, start: datetime, end: datetime
                      ) -> list[tuple[datetime, str, str, datetime | None, datetime]]:
        """(checked_in_at, category, state, called_at, ended_at) of the visits ended in
        [start, end), by check-in (``ix_visits_ended``)."""
        rows = self.session.execute(
            select(VisitRow.checked_in_at, VisitRow.category, VisitRow.state,
                   VisitRow.called_at, VisitRow.ended_at)
            .where(VisitRow.site == site, VisitRow.ended_at >= start, VisitRow.ended_at < end)
            .order_by(VisitRow.checked_in_at))
        return [(at, c, s, called, ended) for at, c, s, called, ended in rows
                if ended is not None]

    def count_waiting(self, site: str) -> int:
        return int(self.session.scalar(
            select(func.count()).select_from(VisitRow)
            .where(VisitRow.site == site, OPEN,
                   VisitRow.state == VisitState.WAITING.value)) or 0)

    def in_state(self, site: str, state: VisitState, limit: int | None = None) -> list[VisitRow]:
        """Visits in one state, in queue order, the first ``limit`` of them if given."""
        query = (select(VisitRow).where(VisitRow.site == site, OPEN, VisitRow.state == state.value)
                 .order_by(*LINE_ORDER).limit(limit))
        return list(self.session.scalars(query))

    def by_ids(self, ids: Iterable[str]) -> list[VisitRow]:
        wanted = list(ids)
        if not wanted:
            return []
        return list(self.session.scalars(select(VisitRow).where(VisitRow.id.in_(wanted))))

    def count_by_state(self, site: str) -> dict[str, int]:
        """Visits of the site by state, over its whole history (reports, not windows)."""
        rows = self.session.execute(
            select(VisitRow.state, func.count()).where(VisitRow.site == site)
            .group_by(VisitRow.state)
        )
        return {state: count for state, count in rows}

    def all_for_site(self, site: str) -> list[VisitRow]:
        """The site's whole history in check-in order (reports and checks, not windows)."""
        return list(self.session.scalars(
            select(VisitRow).where(VisitRow.site == site).order_by(VisitRow.checked_in_at)))

    def next_ticket_number(self, site: str, service_day: str) -> int:
        """Take the next daily number atomically (an upsert that returns the new value)."""
        # The dialect's insert, loaded when first needed: no window pays for the other's.
        if self.dialect == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        else:
            from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]
        values = dialect.insert(TicketCounterRow).values(site=site, service_day=service_day, last_number=1)
        upsert = values.on_conflict_do_update(
            index_elements=["site", "service_day"],
            set_={"last_number": TicketCounterRow.last_number + 1},
        ).returning(TicketCounterRow.last_number)
        return int(self.session.execute(upsert).scalar_one())

    def add_event(self, event: VisitEventRow) -> None:
        self.session.add(event)

    def events(self, visit_id: str) -> list[VisitEventRow]:
        return list(self.session.scalars(
            select(VisitEventRow).where(VisitEventRow.visit_id == visit_id)
            .order_by(VisitEventRow.seq)))

    def events_for(self, visit_ids: Sequence[str]) -> dict[str, list[VisitEventRow]]:
        result: dict[str, list[VisitEventRow]] = {vid: [] for vid in visit_ids}
        if not visit_ids:
            return result
        rows = self.session.scalars(
            select(VisitEventRow).where(VisitEventRow.visit_id.in_(list(visit_ids)))
            .order_by(VisitEventRow.seq))
        for row in rows:
            result[row.visit_id].append(row)
        return result


def to_visit(row: VisitRow | SimpleNamespace, events: Sequence[VisitEventRow] = ()) -> Visit:
    """An immutable snapshot of a row (an ORM row, or the visits table's columns by name),
    safe outside the session and thread."""
    return Visit(
        id=row.id,
        ticket_number=row.ticket_number,
        site=row.site,
        category=row.category,
        state=VisitState(row.state),
        priority=row.priority,
        requester=Requester(row.requester_name, row.requester_email, row.requester_employee_id),
        description=row.description,
        checked_in_at=row.checked_in_at,
        queued_at=row.queued_at,
        called_at=row.called_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
        technician=row.technician,
        resolution_code=row.resolution_code,
        resolution_notes=row.resolution_notes,
        version=row.version,
        events=tuple(VisitEvent(e.seq, e.visit_id, e.action, e.from_state, e.to_state, e.at,
                                e.actor, e.note) for e in events),
        device=row.device,
        asset_tag=row.asset_tag,
        appointment_code=row.appointment_code,
        language=row.language,
        time_spent_minutes=row.time_spent_minutes,
        escalation_group=row.escalation_group,
        counter=row.counter,
        remote=bool(row.remote),
    )
