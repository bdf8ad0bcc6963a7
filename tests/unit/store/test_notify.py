"""The change waiters and the NOTIFY of the change feed (real SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database, UnitOfWork
from kiosk.store.notify import (
    CHANNEL_PREFIX,
    PostgresChangeWaiter,
    SqliteChangeWaiter,
    change_channel,
    open_change_waiter,
)


def test_a_channel_is_a_safe_lower_case_identifier_per_site() -> None:
    assert change_channel("HQ") == "techbar_changes_hq"
    assert change_channel("hq") == change_channel("HQ")  # a collision: only extra wakes
    assert change_channel("hq") != change_channel("annex")
    odd = change_channel('Bldg "B"; DROP TABLE visits; --' + "x" * 200)
    assert odd.startswith(CHANNEL_PREFIX)
    assert set(odd) <= set("abcdefghijklmnopqrstuvwxyz0123456789_")
    assert len(odd.encode()) <= 63  # PostgreSQL cuts identifiers at 63 bytes
    assert change_channel("") == CHANNEL_PREFIX + "_"
    assert change_channel("Zürich") == "techbar_changes_z_rich"


def _listener(db: Database, channel: str) -> psycopg.Connection[tuple[object, ...]]:
    params = db.engine.dialect.create_connect_args(db.engine.url)[1]
    params.pop("context", None)
    conn = psycopg.connect(**params, autocommit=True)
    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
    return conn


@pytest.mark.postgres
def test_a_transaction_notifies_its_site_once_at_commit(
        postgres_url: str, settings: Settings, clock: ManualClock) -> None:
    core = assemble(Database(postgres_url), settings, clock)
    listener = _listener(core.visits.db, change_channel(settings.site_id))
    try:
        visit = core.visits.check_in(name="Ana", category="laptop")
        core.visits.call(visit.id, "Dana")  # two transactions, several appends each
        got = list(listener.notifies(timeout=2, stop_after=3))
        assert [(n.channel, n.payload) for n in got] == [("techbar_changes_hq", "")] * 2
        with UnitOfWork(core.visits.db) as uow:  # appended, then rolled back: nothing sent
            uow.changes.append("visit", visit.id, clock.now())
            uow.session.flush()
        assert list(listener.notifies(timeout=0.3)) == []
    finally:
        listener.close()
        core.close()


@pytest.fixture
def waiter(core: Core) -> Iterator[SqliteChangeWaiter | PostgresChangeWaiter]:
    made = core.visits.change_waiter()
    assert isinstance(made, SqliteChangeWaiter | PostgresChangeWaiter)
    yield made
    made.close()


def test_the_waiter_wakes_for_another_connection_s_commit(
        waiter: SqliteChangeWaiter | PostgresChangeWaiter, core: Core, db: Database) -> None:
    assert waiter.wait(5.0)  # (re)connected: whatever came before is to be read
    began = time.monotonic()
    assert not waiter.wait(0.3)
    assert time.monotonic() - began >= 0.29
    timer = threading.Timer(0.2, lambda: core.visits.check_in(name="Ana", category="laptop"))
    timer.start()
    began = time.monotonic()
    assert waiter.wait(5.0)
    assert time.monotonic() - began < 1.5
    timer.join()
    # A burst of commits wakes the waiter, never more often than it committed (a burst
    # arriving together is folded into one wake; a busy machine may split it), and then
    # the waiter rests.
    for i in range(3):
        core.visits.check_in(name=f"Visitor {i}", category="laptop")
    assert waiter.wait(2.0)
    wakes = 1
    while waiter.wait(0.5):
        wakes += 1
        assert wakes <= 3, "more wakes than commits"


def test_close_ends_a_wait_in_another_thread_at_once(
        waiter: SqliteChangeWaiter | PostgresChangeWaiter) -> None:
    assert waiter.wait(5.0)
    closer = threading.Timer(0.2, waiter.close)
    closer.start()
    began = time.monotonic()
    assert not waiter.wait(30.0)
    assert time.monotonic() - began < 2.0
    closer.join()
    assert not waiter.wait(5.0)  # closed for good: returns at once
    assert time.monotonic() - began < 2.5


def test_a_sqlite_waiter_on_a_missing_file_waits_without_creating_it(
        tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    path = f"{tmp_path}/nothing-here.db"
    waiter = SqliteChangeWaiter(path, poll_s=0.05)
    with caplog.at_level(logging.INFO, logger="kiosk.store.notify"):
        assert not waiter.wait(0.3)
    waiter.close()
    assert not (tmp_path / "nothing-here.db").exists()  # type: ignore[operator]
    assert len(caplog.records) == 1, "one line per outage, not one per attempt"


@pytest.mark.postgres
def test_a_postgres_waiter_keeps_trying_an_unreachable_server_quietly(
        caplog: pytest.LogCaptureFixture) -> None:
    waiter = PostgresChangeWaiter({"host": "127.0.0.1", "port": 1, "dbname": "x",
                                   "connect_timeout": 2, "autocommit": True}, "techbar_changes_x")
    began = time.monotonic()
    with caplog.at_level(logging.INFO, logger="kiosk.store.notify"):
        while time.monotonic() - began < 2.0:
            assert not waiter.wait(0.5)
    waiter.close()
    assert len(caplog.records) == 1
    assert "lost" in caplog.records[0].getMessage()


def test_the_open_waiter_follows_the_database_kind(db: Database) -> None:
    made = open_change_waiter(db, "HQ")
    try:
        if db.is_postgres:
            assert isinstance(made, PostgresChangeWaiter)
            assert made.channel == "techbar_changes_hq"
        else:
            assert isinstance(made, SqliteChangeWaiter)
    finally:
        made.close()
