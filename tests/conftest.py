"""Shared fixtures: settings, a movable clock, and real databases (SQLite and PostgreSQL).

PostgreSQL comes from ``KIOSK_TEST_POSTGRES_URL`` (a server URL; each test gets a
scratch database, emptied before each test). Without it the PostgreSQL half of
the suite is skipped on a developer's machine; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import DEFAULT_CONFIG, Settings, load_settings
from kiosk.store import Database
from kiosk.store.tables import Base

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def require_or_skip(reason: str) -> None:
    """Skip on a developer machine; fail in CI, where every service must be there."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def settings() -> Settings:
    return load_settings(DEFAULT_CONFIG, environ={})


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/techbar.db"


class PostgresServer:
    """One scratch database per test session, emptied before each test.

    Creating and dropping a database per test costs about a second on PostgreSQL 15
    (DROP DATABASE waits for a checkpoint); truncating every table costs milliseconds.
    """

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT",
                                   connect_args={"connect_timeout": 5})
        self.name = f"techbar_t_{os.getpid()}_{uuid.uuid4().hex[:6]}"

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def prepare(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))

    def new_database(self) -> str:
        """The scratch database at the newest schema, with every table empty."""
        url = self.url_for(self.name)
        with self.admin.connect() as conn:  # a test that leaked a connection must not block us
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :name AND pid <> pg_backend_pid()"),
                         {"name": self.name})
        db = Database(url)
        try:
            db.migrate()
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        finally:
            db.dispose()
        return url

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    url = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")
    if not url:
        require_or_skip("KIOSK_TEST_POSTGRES_URL is not set")
    server = PostgresServer(url)
    try:
        server.prepare()
    except Exception as exc:  # noqa: BLE001 - any failure to reach it means "not there"
        server.admin.dispose()
        require_or_skip(f"PostgreSQL at {server.url.render_as_string()} is unusable: {exc}")
    yield server
    server.close()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.new_database()


#: A test's ``db`` (and all built on it) on PostgreSQL only: a plan or a lock SQLite has not.
ON_POSTGRESQL = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """A migrated, empty database: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        database = Database(sqlite_url)
        database.migrate()
        database.dispose()
        return sqlite_url
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def core(db: Database, settings: Settings, clock: ManualClock) -> Core:
    """Every service on the test's database, built as the bootstrap builds them."""
    return assemble(db, settings, clock)


@pytest.fixture
def service(core: Core) -> VisitService:
    return core.visits


@pytest.fixture(autouse=True)
def _no_dangling_threads() -> Iterator[None]:
    """Fail a test that leaves a Python thread of its own running."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    while True:
        left = [t for t in threading.enumerate() if t not in before and t.is_alive()
                and not t.daemon]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not left, f"test left threads running: {[t.name for t in left]}"


# Hypothesis: each property test sets its own number of examples. No deadline (a database
# call may stall on a shared machine), and a failure prints the blob that replays it
# (@reproduce_failure). Under CI=true the examples come in a fixed order, so a CI run is
# repeatable; locally each run explores anew and .hypothesis/ keeps what failed
# (HYPOTHESIS_PROFILE chooses either).
import hypothesis  # noqa: E402 - kept with its settings, below the fixtures

hypothesis.settings.register_profile("techbar", deadline=None, print_blob=True)
hypothesis.settings.register_profile("ci", parent=hypothesis.settings.get_profile("techbar"),
                                     derandomize=True, database=None)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "techbar"))
