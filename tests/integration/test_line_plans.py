"""The plans of the queries every call makes: the line's head, the technician's own
visits and the line's subscribers, each read from the rows it needs whatever the
statistics say, not from the whole line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text

from kiosk.app.visits import VisitService
from kiosk.store import Database, UnitOfWork
from tests.conftest import ON_POSTGRESQL

Plans = list[tuple[str, str]]  # (statement, its plan as the database chose it when sent)


@contextmanager
def plans_of(db: Database, wanted: Callable[[str], bool]) -> Iterator[Plans]:
    """The plan of each statement ``wanted`` picks, explained on the same connection,
    with the same parameters and settings, just before it runs."""
    found: Plans = []
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        if wanted(statement):
            raw = cursor.connection.cursor()
            raw.execute(prefix + statement, parameters)
            lines = [str(row[-1]) for row in raw.fetchall()]
            if prefix == "EXPLAIN ":
                raw.execute("SHOW enable_sort")
                lines.append(f"enable_sort = {raw.fetchone()[0]}")
            found.append((statement, "\n".join(lines)))
            raw.close()

    event.listen(db.engine, "before_cursor_execute", explain)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", explain)


_VISITS = """
INSERT INTO visits (id, site, service_day, ticket_number, category, state, priority,
    requester_name, requester_email, requester_employee_id, description, technician,
    checked_in_at, queued_at, ended_at, resolution_code, resolution_notes, version, device,
    asset_tag, appointment_code, language, remote)
SELECT 'rush-' || n, :site, '2026-11-22', 'L-' || lpad(n::text, 4, '0'), 'laptop',
    CASE WHEN n <= 1000 THEN 'waiting' ELSE 'resolved' END, 0, 'Visitor', '', '', '',
    CASE WHEN n <= 1000 THEN '' ELSE 'tech-' || n % 20 END,
    timestamptz '2026-11-22 08:00+00' + n * interval '1 second',
    timestamptz '2026-11-22 08:00+00' + n * interval '1 second',
    CASE WHEN n <= 1000 THEN NULL ELSE timestamptz '2026-11-22 09:00+00' END,
    '', '', 1, '', '', '', 'en', false
FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS n
"""


def _line_head(statement: str) -> bool:
    return "ORDER BY visits.priority DESC" in statement and "LIMIT" in statement


def _serving(statement: str) -> bool:
    return "visits.technician =" in statement and "visits.state IN" in statement


@ON_POSTGRESQL
def test_the_head_of_the_line_is_planned_without_sorts_and_the_sorts_come_back(
        db: Database, service: VisitService) -> None:
    # Statistics taken when the line was short, then a rush. The mistaken plan (fetch the
    # whole line and sort it) was seen in a simulated day's first minute; this small
    # table does not provoke it by itself, so the test holds the guard: sorts are off
    # while the line's head is planned, the head comes from walking ix_visits_line in
    # order, and the sorts are back for the rest of the transaction.
    site = service.settings.site_id
    with db.engine.begin() as conn:  # 3,000 ended and 40 waiting, analysed
        conn.execute(text(_VISITS), {"site": site, "first": 961, "last": 4000})
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE visits"))
    with db.engine.begin() as conn:  # then a rush: a thousand in line
        conn.execute(text(_VISITS), {"site": site, "first": 1, "last": 960})
    with plans_of(db, _line_head) as plans, UnitOfWork(db) as uow:
        head = uow.visits.next_waiting(site, "ana")
        ticket = None if head is None else head.ticket_number
        after = uow.session.scalar(text("SHOW enable_sort"))
    assert ticket == "L-0001"
    [(_, plan)] = plans
    assert "enable_sort = off" in plan
    assert "ix_visits_line" in plan
    assert "Sort" not in plan, plan
    assert after == "on"  # the rest of the transaction plans as configured


def test_a_technicians_own_visits_come_from_their_index(db: Database,
                                                         service: VisitService) -> None:
    for i in range(30):
        service.check_in(name=f"Visitor {i}", category="laptop")
    for technician in ("ana", "ben", "cy"):
        service.call_next(technician)
    if db.is_postgres:  # a table this small is read whole unless told otherwise
        event.listen(db.engine, "begin", _no_seqscan)
    try:
        with plans_of(db, _serving) as plans:
            service.call_next("dee")
    finally:
        if db.is_postgres:
            event.remove(db.engine, "begin", _no_seqscan)
    assert plans
    for _, plan in plans:
        assert "ix_visits_desk" in plan, plan


def _subscribers(statement: str) -> bool:
    return statement.startswith("SELECT") and (
        "FROM notify_subscriptions" in statement or "visits.id IN" in statement)


def test_the_lines_subscribers_are_read_from_the_subscriptions(db: Database,
                                                                 service: VisitService) -> None:
    # A long line and two subscribers (one of a visit since ended, which is forgotten):
    # the thresholds are read first, then their visits by key, and never the line. As
    # one join, SQLite walked the whole line on every move of it, and PostgreSQL did
    # when the subscriptions looked few enough.
    site = service.settings.site_id
    ids = [service.check_in(name=f"Visitor {i}", category="laptop").id for i in range(200)]
    with UnitOfWork(db) as uow:
        for visit_id in (ids[5], ids[150]):
            uow.notifications.subscribe(visit_id, "email", "v@example.com", 2, service.clock.now())
        uow.commit()
    service.cancel(ids[5], "front desk")
    if db.is_postgres:
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("ANALYZE visits, notify_subscriptions"))
    with plans_of(db, _subscribers) as plans, UnitOfWork(db) as uow:
        found = uow.notifications.waiting_subscribers(site)
    assert found == {ids[150]: 2}
    [(chosen, _), (waiting, plan)] = plans
    assert "visits" not in chosen.replace("notify_subscriptions", "")
    assert "ix_visits_line" not in plan, plan
    assert "pk_visits" in plan or "sqlite_autoindex_visits_1" in plan, plan


def _no_seqscan(conn: Any) -> None:
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
