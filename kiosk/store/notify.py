"""Waking the processes that follow the change feed when another one commits a change.

On PostgreSQL the transaction that appends to the change feed also sends
``pg_notify`` on its site's channel (:func:`change_channel`, see
:class:`kiosk.store.repositories.changes.ChangeFeed`), and a :class:`PostgresChangeWaiter`
holds one autocommit connection per process that ``LISTEN``\\s on it. On SQLite (one
machine) a :class:`SqliteChangeWaiter` reads ``PRAGMA data_version`` on a connection of its
own a few times a second: the number moves when any other connection commits.

A waiter only says "something may have changed"; the caller then reads
``changes_since`` itself. Notifications sent while the listening connection is down are
lost, so a waiter reports a wake right after (re)connecting, and callers keep a slow
safety poll.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sqlite3
import threading
import time
import urllib.parse
from typing import Any, Protocol

from sqlalchemy.engine import make_url

from kiosk.store.database import CONNECT_TIMEOUT_SECONDS, Database

log = logging.getLogger(__name__)

#: The PostgreSQL ``application_name`` of the listening connections (one per process).
LISTEN_APPLICATION_NAME = "techbar-listen"
CHANNEL_PREFIX = "techbar_changes_"
#: PostgreSQL identifiers are cut at 63 bytes; the channel stays well under.
_CHANNEL_SITE_CHARS = 40
#: How often the SQLite waiter reads ``PRAGMA data_version`` (a few microseconds each).
SQLITE_POLL_SECONDS = 0.2
#: Reconnection back-off of the listening connection: first and longest pause.
RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 5.0
#: How long ``close`` waits for a ``wait`` in progress to let go of the connection.
CLOSE_WAIT_SECONDS = 1.0


class ChangeWaiter(Protocol):
    """Blocks until another connection may have committed a change to the feed."""

    def wait(self, timeout_s: float) -> bool:
        """True when woken by a change (or a reconnection), False after ``timeout_s``."""
        ...

    def close(self) -> None:
        """End the waiter; a ``wait`` in progress in another thread returns at once."""
        ...


def change_channel(site_id: str) -> str:
    """The NOTIFY channel of a site: lower case letters, digits and ``_`` only.

    Two site ids that differ only in other characters share a channel: harmless, their
    processes just wake for each other's changes too.
    """
    safe = re.sub(r"[^a-z0-9_]", "_", site_id.lower())[:_CHANNEL_SITE_CHARS]
    return CHANNEL_PREFIX + (safe or "_")


def open_change_waiter(db: Database, site_id: str) -> ChangeWaiter:
    """A waiter for ``db``'s change feed; it connects on its first ``wait``, not here."""
    if db.is_postgres:
        return PostgresChangeWaiter(_listen_connect_args(db), change_channel(site_id))
    return SqliteChangeWaiter(make_url(db.url).database or "")


def _listen_connect_args(db: Database) -> dict[str, Any]:
    _args, params = db.engine.dialect.create_connect_args(db.engine.url)
    params = {k: v for k, v in params.items() if k != "context"}
    # Keepalives: an idle listener would not notice a cut network for hours otherwise.
    params.update(connect_timeout=CONNECT_TIMEOUT_SECONDS,
                  application_name=LISTEN_APPLICATION_NAME, autocommit=True,
                  keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
    return params


class _Outage:
    """One log line when the waiter's connection is lost, one when it is back."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.since: float | None = None
        self.pause = RETRY_FIRST_SECONDS

    def lost(self, reason: str) -> None:
        if self.since is None:
            self.since = time.monotonic()
            log.warning("%s lost (%s); reconnecting in the background", self.what, reason)

    def next_pause(self) -> float:
        pause, self.pause = self.pause, min(self.pause * 2, RETRY_MAX_SECONDS)
        return pause

    def back(self) -> None:
        if self.since is not None:
            log.info("%s back after %.1f s", self.what, time.monotonic() - self.since)
        self.since, self.pause = None, RETRY_FIRST_SECONDS


class PostgresChangeWaiter:
    """``LISTEN`` on one dedicated autocommit connection; reconnects by itself."""

    def __init__(self, connect_args: dict[str, Any], channel: str) -> None:
        self.channel = channel
        self._connect_args = connect_args
        self._conn: Any = None  # a psycopg.Connection (psycopg is imported on first use)
        self._lock = threading.Lock()  # guards _conn between wait() and close()
        self._use = threading.Lock()  # held by the thread inside wait()
        self._closed = threading.Event()
        self._retry_at = 0.0
        self._outage = _Outage(f"change notifications on {channel}")

    def wait(self, timeout_s: float) -> bool:
        with self._use:
            try:
                if self._closed.is_set():
                    return False
                if self._conn is None:
                    return self._connect(time.monotonic() + timeout_s)
                return self._listen(timeout_s)
            finally:
                if self._closed.is_set():
                    self._drop()

    def _listen(self, timeout_s: float) -> bool:
        import psycopg

        try:
            # Whole lists: the generator holds the connection's lock until it ends.
            got = bool(list(self._conn.notifies(timeout=timeout_s, stop_after=1)))
            if got:
                list(self._conn.notifies(timeout=0))  # fold a burst into one wake
        except psycopg.Error as exc:
            self._drop()
            if self._closed.is_set():
                return False
            self._outage.lost(_first_line(exc))
            return True  # read now: a database that went away shows at once
        return got and not self._closed.is_set()

    def _connect(self, deadline: float) -> bool:
        """Connect and LISTEN once the back-off pause is over; True once listening."""
        pause = min(self._retry_at - time.monotonic(), deadline - time.monotonic())
        if pause > 0 and self._closed.wait(pause):
            return False
        if time.monotonic() < self._retry_at:
            return False
        import psycopg
        from psycopg import sql

        try:
            conn = psycopg.connect(**self._connect_args)
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        except psycopg.Error as exc:
            self._outage.lost(_first_line(exc))
            self._retry_at = time.monotonic() + self._outage.next_pause()
            return False
        with self._lock:
            self._conn = conn
        self._outage.back()
        return not self._closed.is_set()  # notifications sent before LISTEN are lost: read

    def _drop(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        with self._lock:
            self._closed.set()
            conn = self._conn
        if conn is not None and not conn.closed:
            _shut_down_socket(conn.fileno())  # a wait in progress returns at once
        if self._use.acquire(timeout=CLOSE_WAIT_SECONDS):  # else the waiting thread drops it
            try:
                self._drop()
            finally:
                self._use.release()


def _shut_down_socket(fd: int) -> None:
    """Shut the connection's socket down from another thread: a ``poll`` on it returns."""
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already gone


class SqliteChangeWaiter:
    """Reads ``PRAGMA data_version`` every :data:`SQLITE_POLL_SECONDS` on its own connection."""

    def __init__(self, path: str, *, poll_s: float = SQLITE_POLL_SECONDS) -> None:
        self.path = path
        self._poll_s = poll_s
        self._conn: sqlite3.Connection | None = None
        self._version = 0
        self._use = threading.Lock()
        self._closed = threading.Event()
        self._outage = _Outage(f"watching {path or 'the database'} for changes")

    def wait(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while True:
            with self._use:
                if self._closed.is_set():
                    return False
                if self._changed():
                    return True
            left = deadline - time.monotonic()
            if left <= 0 or self._closed.wait(min(self._poll_s, left)):
                return False

    def _changed(self) -> bool:
        try:
            if self._conn is None:
                self._conn = _open_sqlite(self.path)
                self._version = _data_version(self._conn)
                self._outage.back()
                return True  # changes made before we looked are not lost
            version = _data_version(self._conn)
        except sqlite3.Error as exc:
            self._outage.lost(str(exc))
            self._drop()
            return False
        changed, self._version = version != self._version, version
        return changed

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        self._closed.set()  # a wait in progress returns within one pragma
        with self._use:
            self._drop()


def _open_sqlite(path: str) -> sqlite3.Connection:
    if not path or path == ":memory:":
        return sqlite3.connect(":memory:", check_same_thread=False)  # no other connection
    uri = path if path.startswith("file:") else f"file:{urllib.parse.quote(path)}?mode=rw"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def _data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
