"""A connection kept for one hot read: the change feed's read after every wake.

Each station reads the change feed whenever another one commits, so that read is what
a check-in's trip to the other windows waits for. Through the pool it pays more than its
one statement: the checkout's ``pool_pre_ping`` (a round trip of its own), the session's
set-up and the return's reset. On PostgreSQL a :class:`ReservedConnection` keeps one
autocommit connection out of the pool for it instead, so a read is one statement and one
round trip.

A kept connection is not pinged, so a dead one (the server restarted, the connection was
killed) shows when a read fails: the read is then tried once more on a fresh connection
from the pool (whose checkout pings), as the pre-ping would have done before it; a second
failure is an outage. Any outage drops the kept connection, and outages leave as
:class:`~kiosk.errors.DatabaseOffline`, as a unit of work's do. A read that finds the kept
connection busy (another thread is reading) takes a pooled one rather than wait.

A read may run its statement on the driver's own connection (``driver_connection``)
to skip SQLAlchemy's work per statement; the driver's errors are then told apart here as
SQLAlchemy tells its own (a lost connection is invalidated, an outage is an outage).

On SQLite there is nothing to save (no round trips, no pre-ping): each read takes a pooled
connection and a deferred read transaction, as any other read.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from kiosk.errors import DatabaseOffline
from kiosk.store.outages import outage_reason

log = logging.getLogger(__name__)
T = TypeVar("T")
#: How long ``close`` waits for a read in progress on the kept connection.
CLOSE_WAIT_SECONDS = 1.0


class ReservedConnection:
    """Runs reads on one connection kept for them (PostgreSQL), or on a pooled one.

    Args:
        engine: the database's engine; the kept connection is one of its pool's.
        keep: keep a connection (PostgreSQL); False reads on a pooled one each time.
        recycle_s: a kept connection older than this is replaced, as the pool replaces
            its own (firewalls drop connections that lived too long).
    """

    def __init__(self, engine: Engine, *, keep: bool, recycle_s: float) -> None:
        self._engine = engine
        self._keep = keep
        self._recycle_s = recycle_s
        self._conn: Connection | None = None
        self._since = 0.0
        self._lock = threading.Lock()  # held by the thread reading on the kept connection
        self._closing = False  # closed during a read: the reading thread lets it go

    def run(self, read: Callable[[Connection], T]) -> T:
        """``read(connection)``: statements that only read, each its own snapshot.

        Raises:
            DatabaseOffline: the database could not be reached (also on a fresh connection).
        """
        try:
            if self._keep and self._lock.acquire(blocking=False):
                try:
                    return self._on_kept(read)
                finally:
                    if self._closing:  # the pool was disposed of meanwhile: close it
                        self._closing = False
                        self._drop(discard=True)
                    self._lock.release()
            return self._on_pooled(read)
        except SQLAlchemyError as exc:
            reason = outage_reason(exc)
            if reason is not None:
                raise DatabaseOffline(reason) from exc
            raise

    def close(self) -> None:
        """Give the kept connection back (the database is being disposed of); a read in
        progress in another thread is waited for a moment, else gives it back itself."""
        if not self._lock.acquire(timeout=CLOSE_WAIT_SECONDS):
            self._closing = True
            if not self._lock.acquire(blocking=False):  # (the read may have just ended)
                return
        try:
            self._closing = False
            self._drop()
        finally:
            self._lock.release()

    def _on_kept(self, read: Callable[[Connection], T]) -> T:
        if self._conn is not None and time.monotonic() - self._since > self._recycle_s:
            self._drop()
        pinged = self._conn is None  # a connection fresh from the pool was pinged
        try:
            return self._call(read, self._kept())
        except DBAPIError as exc:
            self._drop(discard=True)
            if pinged or not exc.connection_invalidated:
                raise
        except SQLAlchemyError:
            self._drop(discard=True)
            raise
        # The kept connection had died while idle: once more, on a pinged one.
        log.debug("the change feed's connection was lost; reading on a new one")
        try:
            return self._call(read, self._kept())
        except SQLAlchemyError:
            self._drop(discard=True)
            raise

    def _kept(self) -> Connection:
        if self._conn is None:
            self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._since = time.monotonic()
        return self._conn

    def _drop(self, *, discard: bool = False) -> None:
        """Let the kept connection go: back to the pool, or (``discard``) closed, after a
        failure (in whatever state it left the connection, it serves nobody else)."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if discard and not conn.invalidated:
                conn.invalidate()
            conn.close()
        except SQLAlchemyError as error:  # a dead connection is dropped from the pool
            log.debug("closing the change feed's connection failed: %s", type(error).__name__)

    def _on_pooled(self, read: Callable[[Connection], T]) -> T:
        if self._keep:  # PostgreSQL: autocommit, as on the kept connection
            with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                return self._call(read, conn)
        with self._engine.execution_options(techbar_readonly=True).connect() as conn, \
                conn.begin():
            return self._call(read, conn)

    def _call(self, read: Callable[[Connection], T], conn: Connection) -> T:
        """``read(conn)``, with the driver's own errors raised as SQLAlchemy raises them."""
        dialect = self._engine.dialect
        try:
            return read(conn)
        except dialect.loaded_dbapi.Error as exc:
            lost = dialect.is_disconnect(exc, conn.connection.dbapi_connection, None)
            if lost:
                conn.invalidate(exc)
            wrapped = DBAPIError.instance(None, None, exc, dialect.loaded_dbapi.Error,
                                          hide_parameters=True, connection_invalidated=lost,
                                          dialect=dialect)
            assert isinstance(wrapped, DBAPIError)  # the driver's errors are all wrapped
            raise wrapped from exc
