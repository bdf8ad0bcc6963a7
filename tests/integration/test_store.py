"""The store on real databases: migrations, pragmas, errors at start."""

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from kiosk.errors import StoreUnavailable
from kiosk.store import Database, UnitOfWork


def test_migrations_create_every_table(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {"visits", "visit_events", "changes", "ticket_counters", "outbox",
            "alembic_version"} <= tables


def test_downgrade_and_upgrade_round_trip(db: Database) -> None:
    command.downgrade(db.alembic_config(), "base")
    assert not db.has_schema()
    db.migrate()
    assert db.has_schema()


def test_migrate_is_idempotent(db: Database) -> None:
    db.migrate()
    db.migrate()
    assert db.has_schema()


def test_sqlite_runs_in_wal_mode(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    try:
        db.migrate()
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose()


def test_sqlite_file_folder_is_created(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}/deep/er/techbar.db")
    try:
        db.migrate()
        assert (tmp_path / "deep" / "er" / "techbar.db").exists()
    finally:
        db.dispose()


def test_unreachable_postgres_is_a_clear_error() -> None:
    db = Database("postgresql+psycopg://techbar:secret@127.0.0.1:1/techbar")
    with pytest.raises(StoreUnavailable) as caught:
        db.migrate()
    message = str(caught.value)
    assert "cannot reach the database" in message
    assert "127.0.0.1:1" in message
    assert "secret" not in message


@pytest.mark.parametrize(("url", "message"), [
    ("mysql://x/y", "unsupported database 'mysql'"),
    ("not a url", "is not a database URL"),
])
def test_bad_database_urls(url: str, message: str) -> None:
    with pytest.raises(StoreUnavailable, match=message):
        Database(url)


def test_unwritable_sqlite_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises((StoreUnavailable, OSError)):
        Database(f"sqlite:///{blocker}/techbar.db").migrate()


def test_a_failed_statement_shows_no_visitor_data(db: Database, caplog: pytest.LogCaptureFixture
                                                  ) -> None:
    secret = "Zoë Secretname zoe@example.com"
    with pytest.raises(SQLAlchemyError) as caught, UnitOfWork(db) as uow:
        uow.session.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"),
                            {"name": secret})
    assert secret not in str(caught.value)
    assert "hidden due to hide_parameters" in str(caught.value)
    assert secret not in caplog.text


def test_sqlite_confirms_only_what_is_on_disk(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        database.dispose()
