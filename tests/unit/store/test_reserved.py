"""The connection kept for the change feed's reads (real SQLite and PostgreSQL).

It saves the pool's checkout and pre-ping on every wake; these tests hold it to what the
pool gave: a dead connection is found and replaced without the caller noticing, outages
are :class:`~kiosk.errors.DatabaseOffline`, other errors keep their class, and disposing
of the database gives the connection back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import DatabaseOffline
from kiosk.store import Database, reserved


def _driver(conn: Connection) -> Any:
    return conn.connection.driver_connection


def _backend(db: Database) -> int:
    """The server process of the connection the feed reads on."""
    return int(db.feed_connection.run(
        lambda conn: _driver(conn).execute("SELECT pg_backend_pid()").fetchone()[0]))


def _kill(url: str, pid: int) -> None:
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def _alive(url: str, pid: int) -> bool:
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            return bool(conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                    {"pid": pid}))
    finally:
        admin.dispose()


@pytest.fixture
def pg_core(postgres_url: str, settings: Settings, clock: ManualClock) -> Iterator[Core]:
    core = assemble(Database(postgres_url), settings, clock)
    yield core
    core.close()


@pytest.mark.postgres
def test_the_feed_reads_on_one_kept_connection_without_a_checkout(pg_core: Core) -> None:
    db = pg_core.visits.db
    seq = pg_core.visits.latest_change()
    first = _backend(db)
    checkouts: list[object] = []
    event.listen(db.engine.pool, "checkout", lambda *_args: checkouts.append(1))
    visit = pg_core.visits.check_in(name="Ana", category="laptop")
    writes = len(checkouts)
    for _ in range(3):
        assert [v.id for v in pg_core.visits.changes_since(seq).visits] == [visit.id]
    assert len(checkouts) == writes, "no checkout, so no pre-ping, per read"
    assert _backend(db) == first


@pytest.mark.postgres
def test_a_killed_feed_connection_is_replaced_unnoticed(pg_core: Core, postgres_url: str) -> None:
    db = pg_core.visits.db
    seq = pg_core.visits.latest_change()
    killed = _backend(db)
    _kill(postgres_url, killed)
    visit = pg_core.visits.check_in(name="Ana", category="laptop")
    assert [v.id for v in pg_core.visits.changes_since(seq).visits] == [visit.id]
    assert _backend(db) != killed


@pytest.mark.postgres
def test_a_statement_timeout_on_the_feed_connection_is_an_outage(pg_core: Core) -> None:
    db = pg_core.visits.db
    before = _backend(db)

    def slow(conn: Connection) -> None:
        _driver(conn).execute("SET statement_timeout = 50")
        _driver(conn).execute("SELECT pg_sleep(2)")

    with pytest.raises(DatabaseOffline) as caught:
        db.feed_connection.run(slow)
    assert caught.value.reason == "statement timeout"
    assert isinstance(caught.value.__cause__, OperationalError), "raised from the original"
    assert _backend(db) != before, "a connection that failed is not kept (nor pooled)"
    assert pg_core.visits.changes_since(0).visits == ()


def test_an_unreachable_server_is_an_outage_for_the_feed(settings: Settings,
                                                         clock: ManualClock) -> None:
    core = assemble(Database("postgresql+psycopg://nobody@127.0.0.1:1/techbar"), settings, clock)
    try:
        with pytest.raises(DatabaseOffline, match="cannot connect"):
            core.visits.changes_since(0)
    finally:
        core.close()


def test_other_errors_of_the_driver_keep_their_class(db: Database) -> None:
    with pytest.raises((ProgrammingError, OperationalError)) as caught:
        db.feed_connection.run(lambda conn: _driver(conn).execute("SELECT * FROM no_such_table"))
    assert not isinstance(caught.value, DatabaseOffline)
    assert db.feed_connection.run(lambda conn: conn.scalar(text("SELECT 1"))) == 1


@pytest.mark.postgres
def test_a_second_reader_meanwhile_takes_a_pooled_connection(pg_core: Core) -> None:
    db = pg_core.visits.db
    inside, release, pids, reader = _held_read(db)
    try:
        assert inside.wait(10)
        assert _backend(db) != pids[0], "not the kept one, and without waiting for it"
        assert pg_core.visits.changes_since(0).visits == ()
    finally:
        release.set()
        reader.join(10)
    assert _backend(db) == pids[0]


@pytest.mark.postgres
def test_disposing_of_the_database_gives_the_kept_connection_back(postgres_url: str) -> None:
    db = Database(postgres_url)
    pid = _backend(db)
    db.dispose()
    assert not _alive(postgres_url, pid)


@pytest.mark.postgres
def test_closing_during_a_read_gives_the_connection_back_when_it_ends(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reserved, "CLOSE_WAIT_SECONDS", 0.1)
    db = Database(postgres_url)
    inside, release, pids, reader = _held_read(db)
    try:
        assert inside.wait(10)
        db.dispose()  # does not wait for the read
        assert _alive(postgres_url, pids[0])
    finally:
        release.set()
        reader.join(10)
    assert not _alive(postgres_url, pids[0])


def _held_read(db: Database) -> tuple[threading.Event, threading.Event, list[int],
                                        threading.Thread]:
    """A read on the kept connection that holds it until ``release`` is set: ``inside``
    once it holds it, and the backend pid it holds in ``pids``."""
    inside, release = threading.Event(), threading.Event()
    pids: list[int] = []

    def held(conn: Connection) -> None:
        pids.append(_driver(conn).execute("SELECT pg_backend_pid()").fetchone()[0])
        inside.set()
        assert release.wait(10)

    reader = threading.Thread(target=db.feed_connection.run, args=(held,))
    reader.start()
    return inside, release, pids, reader
