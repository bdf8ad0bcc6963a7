"""``Database.migrate()``: one query when the schema is current, Alembic otherwise."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from kiosk.errors import SchemaTooNew
from kiosk.store import Database
from kiosk.store.database import head_revision

ROOT = Path(__file__).resolve().parents[2]
_MIGRATE_AND_LIST = """
import sys
from kiosk.store import Database
database = Database(sys.argv[1])
database.migrate()
database.dispose()
print("alembic" in sys.modules, database.schema_revision())
"""


def _migrate_in_a_new_process(url: str) -> tuple[bool, str]:
    """Whether a process that only migrates ``url`` loaded Alembic, and the revision after."""
    done = subprocess.run([sys.executable, "-c", _MIGRATE_AND_LIST, url], cwd=ROOT, check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded, revision = done.stdout.split()
    return loaded == "True", revision


def _set_revision(db: Database, revision: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :revision"),
                     {"revision": revision})


def test_the_head_found_from_the_file_names_is_alembics_head(db: Database) -> None:
    assert head_revision() == ScriptDirectory.from_config(db.alembic_config()).get_current_head()


def test_a_current_database_is_checked_without_loading_alembic(db: Database) -> None:
    assert db.schema_revision() == head_revision()
    assert _migrate_in_a_new_process(db.url) == (False, head_revision())


def test_an_empty_database_is_created_by_alembic(db: Database) -> None:
    command.downgrade(db.alembic_config(), "base")
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # as a database never migrated
    assert db.schema_revision() is None
    assert _migrate_in_a_new_process(db.url) == (True, head_revision())
    assert db.has_schema()


def test_a_new_sqlite_file_is_created_by_alembic(tmp_path: Path) -> None:
    assert _migrate_in_a_new_process(f"sqlite:///{tmp_path / 'new.db'}") == (True, head_revision())


def test_an_older_database_is_upgraded_by_alembic(db: Database) -> None:
    command.downgrade(db.alembic_config(), "-1")
    older = db.schema_revision()
    assert older is not None
    assert older < head_revision()
    assert _migrate_in_a_new_process(db.url) == (True, head_revision())
    assert "visits" in inspect(db.engine).get_table_names()


def test_a_database_newer_than_the_code_is_refused_in_one_line(db: Database) -> None:
    _set_revision(db, "9999")
    try:
        with pytest.raises(SchemaTooNew) as refused:
            db.migrate()
        message = str(refused.value)
        assert f"schema version 9999, but this Tech Bar knows versions up to {head_revision()}" in message
        assert "\n" not in message
        assert db.schema_revision() == "9999", "left as it was"
        done = subprocess.run([sys.executable, "main.py", "--db", db.url, "--no-demo",
                               "migrate"], cwd=ROOT, check=False, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "schema version 9999" in done.stderr
    finally:
        _set_revision(db, head_revision())  # PostgreSQL's test database serves the next tests


def test_stations_starting_together_upgrade_once(db: Database, tmp_path: Path) -> None:
    """Ten processes migrate one empty database at the same moment: all go on, at the head."""
    with _empty_database(db, tmp_path) as url:
        _start_together(url)


def _start_together(url: str) -> None:
    starts = [subprocess.Popen([sys.executable, "-c", _MIGRATE_AND_LIST, url], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(10)]
    outcomes = [start.communicate(timeout=180) for start in starts]
    failed = [err for start, (_out, err) in zip(starts, outcomes, strict=True)
              if start.returncode != 0]
    assert not failed, failed[0]
    assert {out.split()[1] for out, _err in outcomes} == {head_revision()}
    upgraded = Database(url)
    try:
        with upgraded.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        upgraded.dispose()


@contextmanager
def _empty_database(db: Database, tmp_path: Path) -> Iterator[str]:
    """A database of the same kind as ``db`` with no schema yet (dropped afterwards)."""
    if not db.is_postgres:
        yield f"sqlite:///{tmp_path / 'together.db'}"
        return
    name = f"techbar_together_{uuid.uuid4().hex[:8]}"
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(db.url).set(database=name).render_as_string(hide_password=False)
    finally:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
