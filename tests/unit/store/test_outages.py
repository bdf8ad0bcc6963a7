"""Outages leave a unit of work as DatabaseOffline; integrity and programming errors do not."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from kiosk.errors import DatabaseOffline, StoreUnavailable
from kiosk.store import Database, UnitOfWork
from kiosk.store import database as database_module


def _in_unit(db: Database, work: Callable[[UnitOfWork], object], *,
             readonly: bool = False) -> None:
    with UnitOfWork(db, readonly=readonly) as uow:
        work(uow)


def _kill(db_url: str, pid: int) -> None:
    admin = create_engine(make_url(db_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


@pytest.mark.postgres
def test_a_statement_timeout_is_an_outage(postgres_url: str) -> None:
    db = Database(postgres_url)
    try:
        def slow(uow: UnitOfWork) -> None:
            uow.session.execute(text("SET LOCAL statement_timeout = 50"))
            uow.session.execute(text("SELECT pg_sleep(2)"))

        with pytest.raises(DatabaseOffline) as caught:
            _in_unit(db, slow, readonly=True)
        assert caught.value.reason == "statement timeout"
        assert isinstance(caught.value.__cause__, OperationalError), "raised from the original"
        assert str(caught.value) == ("The database cannot be reached right now (statement "
                                     "timeout). Please try again in a moment.")
        with UnitOfWork(db, readonly=True) as uow:  # the next one works
            assert uow.session.scalar(text("SELECT 1")) == 1
    finally:
        db.dispose()


@pytest.mark.postgres
def test_a_killed_connection_is_an_outage_and_the_next_unit_reconnects(postgres_url: str) -> None:
    db = Database(postgres_url)
    try:
        def killed(uow: UnitOfWork) -> None:
            pid = uow.session.scalar(text("SELECT pg_backend_pid()"))
            assert isinstance(pid, int)
            _kill(postgres_url, pid)
            uow.session.execute(text("SELECT 1"))

        with pytest.raises(DatabaseOffline) as caught:
            _in_unit(db, killed)
        assert caught.value.reason in ("connection lost", "server shutting down")
        assert isinstance(caught.value, StoreUnavailable)
        with UnitOfWork(db, readonly=True) as uow:
            assert uow.session.scalar(text("SELECT 1")) == 1
    finally:
        db.dispose()


def test_an_unreachable_server_is_an_outage() -> None:
    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/techbar")
    try:
        with pytest.raises(DatabaseOffline, match="cannot connect"), \
                UnitOfWork(db, readonly=True) as uow:
            uow.session.execute(text("SELECT 1"))
    finally:
        db.dispose()


def test_a_busy_sqlite_file_is_an_outage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "busy.db"
    db = Database(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process writing, for longer than the wait
        with pytest.raises(DatabaseOffline) as caught, UnitOfWork(db) as uow:
            uow.session.execute(text("SELECT 1"))
        assert caught.value.reason == "database busy"
    finally:
        holder.close()
        db.dispose()


def test_integrity_and_programming_errors_are_not_outages(db: Database) -> None:
    def twice(uow: UnitOfWork) -> None:
        uow.session.execute(text("CREATE TEMPORARY TABLE pair (x INTEGER PRIMARY KEY)"))
        uow.session.execute(text("INSERT INTO pair VALUES (1)"))
        uow.session.execute(text("INSERT INTO pair VALUES (1)"))

    with pytest.raises(IntegrityError):
        _in_unit(db, twice)
    # SQLite says "no such table" with an OperationalError: still not an outage
    with pytest.raises((ProgrammingError, OperationalError)) as caught, \
            UnitOfWork(db, readonly=True) as uow:
        uow.session.execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(caught.value, DatabaseOffline)
    with UnitOfWork(db, readonly=True) as uow:
        assert uow.session.scalar(text("SELECT 1")) == 1
