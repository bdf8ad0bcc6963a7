"""The change feed: every change to a visit, in commit order, for the windows to follow.

On PostgreSQL a transaction that appends also notifies its site's channel
(``kiosk/store/notify.py``), so the processes that follow the feed read it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Connection,
    Dialect,
    FromClause,
    Select,
    and_,
    bindparam,
    func,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session

from kiosk.domain.visit import Visit
from kiosk.store.database import CHANGE_CHANNEL_INFO, Database
from kiosk.store.repositories.visits import to_visit
from kiosk.store.tables import ChangeRow, VisitRow

# Any constant works; it names the lock that orders change-feed writers on PostgreSQL.
_CHANGE_FEED_LOCK = 7_042_019


def _since_with_visits(dialect: str) -> Select[Any]:
    """The changes after ``:after`` (at most ``:limit``) and the row of every visit they
    name, in one statement.

    On PostgreSQL each change finds its visit through a LATERAL subquery that the planner
    may not fold into the join (``OFFSET 0``): one primary-key lookup per change, whatever
    the statistics say. A plain join is planned from them, and a young table's are wrong
    enough for a hash join over every visit, which costs more than the round trip.
    SQLite has no LATERAL, and always joins a row by its primary key.
    """
    changes, visits = ChangeRow.__table__, VisitRow.__table__
    columns = (changes.c.seq, changes.c.topic, changes.c.entity_id, changes.c.at)
    if dialect == "postgresql":
        visit: FromClause = (select(visits)
                             .where(changes.c.topic == "visit", visits.c.id == changes.c.entity_id)
                             .offset(0).lateral("visit"))
        joined = changes.outerjoin(visit, true())
    else:
        visit = visits
        joined = changes.outerjoin(visits, and_(changes.c.topic == "visit",
                                                visits.c.id == changes.c.entity_id))
    return (select(*columns, *visit.c).select_from(joined)
            .where(changes.c.seq > bindparam("after")).order_by(changes.c.seq)
            .limit(bindparam("limit")))


#: The names of the visit's columns, in the order the statement selects them.
_VISIT_COLUMNS = tuple(column.key for column in VisitRow.__table__.c)


@dataclass(frozen=True)
class Change:
    seq: int
    topic: str
    entity_id: str
    at: datetime


class ChangeFeed:
    """Append and read the change feed ("what changed since sequence N")."""

    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect
        self._locked = False

    def append(self, topic: str, entity_id: str, at: datetime) -> None:
        """Add a change; on PostgreSQL the first one of the transaction also takes the
        writers' lock and queues the NOTIFY that wakes the other processes at commit."""
        if self.dialect == "postgresql" and not self._locked:
            # Writers take sequence numbers in commit order, so a reader that has
            # seen N never later finds an older number appear behind it.
            channel = self.session.info.get(CHANGE_CHANNEL_INFO)
            if channel:  # delivered at commit, once per transaction
                self.session.execute(text("SELECT pg_advisory_xact_lock(:key), "
                                          "pg_notify(:channel, '')"),
                                     {"key": _CHANGE_FEED_LOCK, "channel": channel})
            else:
                self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                     {"key": _CHANGE_FEED_LOCK})
            self._locked = True
        self.session.add(ChangeRow(topic=topic, entity_id=entity_id, at=at))

    def since(self, seq: int, limit: int = 1000) -> list[Change]:
        rows = self.session.scalars(
            select(ChangeRow).where(ChangeRow.seq > seq).order_by(ChangeRow.seq).limit(limit))
        return [Change(r.seq, r.topic, r.entity_id, r.at) for r in rows]

    def latest(self) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(ChangeRow.seq), 0))) or 0)


def since_with_visits(db: Database, seq: int, limit: int = 1000
                      ) -> tuple[list[Change], dict[str, Visit]]:
    """The changes after ``seq`` and the current state of every visit they name, read in
    one statement on the database's feed connection (see :mod:`kiosk.store.reserved`).

    A station reads this on every wake, so it skips the ORM (entities, identity map,
    session), and with psycopg (PostgreSQL) also SQLAlchemy's work per statement: the
    statement, compiled once, runs on the driver's connection as a prepared statement,
    and its rows are turned into domain objects here. On a wake of twenty stations at
    once that work, not the round trip, was what the last of them waited for.

    Raises:
        DatabaseOffline: the database could not be reached.
    """
    read = _read_on_driver if db.engine.dialect.driver == "psycopg" else _read
    rows = db.feed_connection.run(partial(read, seq, limit))
    changes: list[Change] = []
    visits: dict[str, Visit] = {}
    for number, topic, entity_id, at, visit_id, *values in rows:
        changes.append(Change(number, topic, entity_id, _utc(at)))
        if visit_id is not None and visit_id not in visits:
            columns = dict(zip(_VISIT_COLUMNS, (visit_id, *map(_utc, values)), strict=True))
            visits[visit_id] = to_visit(SimpleNamespace(**columns))
    return changes, visits


def _read(seq: int, limit: int, conn: Connection) -> Sequence[Sequence[Any]]:
    return conn.execute(_statement(conn.dialect)[0], {"after": seq, "limit": limit}).all()


def _read_on_driver(seq: int, limit: int, conn: Connection) -> Sequence[Sequence[Any]]:
    _, sql, defaults = _statement(conn.dialect)
    driver: Any = conn.connection.driver_connection  # psycopg's
    with driver.cursor() as cursor:
        rows: list[tuple[Any, ...]] = cursor.execute(
            sql, {**defaults, "after": seq, "limit": limit}, prepare=True).fetchall()
    return rows


_COMPILED: dict[tuple[str, str], tuple[Select[Any], str, dict[str, Any]]] = {}


def _statement(dialect: Dialect) -> tuple[Select[Any], str, dict[str, Any]]:
    """The feed's statement for ``dialect``, its SQL and the values of its constant
    parameters (compiled on first use: the dialect is the engine's)."""
    key = (dialect.name, dialect.driver)
    if key not in _COMPILED:
        statement = _since_with_visits(dialect.name)
        compiled = statement.compile(dialect=dialect)
        _COMPILED[key] = (statement, compiled.string,
                          dict(compiled.construct_params({"after": 0, "limit": 0})))
    return _COMPILED[key]


def _utc(value: Any) -> Any:
    """Timestamps as the ORM gives them (``UTCDateTime``): aware, in UTC."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value
