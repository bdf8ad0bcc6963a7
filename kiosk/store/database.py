"""The database handle: engine set-up for SQLite (WAL) and PostgreSQL, and migrations."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import SchemaTooNew, StoreUnavailable
from kiosk.store.reserved import ReservedConnection

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
CONNECT_TIMEOUT_SECONDS = 5
STATEMENT_TIMEOUT_MS = 15000
#: The PostgreSQL advisory lock that lets one station at a time upgrade the schema.
MIGRATION_LOCK_KEY = 0x7EC4_BA2_0001
SQLITE_BUSY_TIMEOUT_MS = 15000
#: A station's connections: its task runner's four threads, with room for a burst (a
#: script or the sync worker's round); the feed's listening connection is its own, and
#: its read connection one of these, kept out of the pool (``kiosk/store/reserved.py``).
POOL_SIZE = 4
POOL_OVERFLOW = 6
#: How long a task waits for a free connection before it counts as an outage.
POOL_TIMEOUT_SECONDS = 10
#: Connections older than this are replaced (firewalls drop idle ones silently).
POOL_RECYCLE_SECONDS = 1800
#: Data unacknowledged this long means the server is gone (a cut cable, a dead host).
TCP_USER_TIMEOUT_MS = 20000
#: The key of a write session's ``info`` that names its change-feed NOTIFY channel.
CHANGE_CHANNEL_INFO = "techbar_change_channel"
#: Pages copied per step of a backup (4 MiB with SQLite's 4 KiB pages): writers get
#: the database between steps.
BACKUP_PAGES = 1024


def default_sqlite_url() -> str:
    """A SQLite file in the user's data directory (created if needed)."""
    folder = Path(platformdirs.user_data_dir("techbar", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'techbar.db'}"


class Database:
    """One engine and its session factory; built in the composition root and passed in.

    On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` so concurrent
    writers queue on the database lock instead of failing at commit; read-only work
    uses a deferred ``BEGIN`` and never blocks writers (WAL).
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        try:
            parsed = make_url(url)
            parsed.port  # noqa: B018 - a port that is not a number fails here
        except ValueError:
            raise StoreUnavailable(f"'{_masked(url)}': the port is not a number") from None
        except ArgumentError:
            raise StoreUnavailable(f"'{_masked(url)}' is not a database URL "
                                   "(e.g. sqlite:///techbar.db or "
                                   "postgresql+psycopg://user@host/db)") from None
        self.url = url
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreUnavailable(f"unsupported database '{self.dialect}': use sqlite or postgresql")
        try:
            self.engine = self._create_engine(url, echo)
        except (ArgumentError, ImportError, ValueError) as exc:
            raise StoreUnavailable(f"cannot use '{parsed.render_as_string()}': "
                                   f"{_first_line(exc)}") from None
        except OSError as exc:
            raise StoreUnavailable(f"cannot create the folder of the SQLite file "
                                   f"{parsed.database}: {exc.strerror or exc}") from None
        _keep_rows_out_of_logs()
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            self.engine.execution_options(techbar_readonly=True), expire_on_commit=False)
        # The change feed's read after every wake: on a connection kept for it (PostgreSQL).
        self.feed_connection = ReservedConnection(self.engine, keep=self.is_postgres,
                                                  recycle_s=POOL_RECYCLE_SECONDS)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def describe(self) -> str:
        """The URL without its password, fit for logs and messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def session(self, *, readonly: bool = False) -> Session:
        return self._reader() if readonly else self._writer()

    def notify_changes_on(self, channel: str) -> None:
        """Name the channel the change feed's writers notify on PostgreSQL (once per
        transaction; see ``kiosk/store/notify.py``). It travels in each write session's
        ``info`` under :data:`CHANGE_CHANNEL_INFO`."""
        self._writer.configure(info={CHANGE_CHANNEL_INFO: channel})

    def check(self) -> None:
        """Open one connection, so an unreachable database fails early and clearly."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            raise StoreUnavailable(
                f"cannot reach the database {self.describe()}: {_first_line(exc)}"
            ) from None

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision.

        A database already at :func:`head_revision` is told by one query on
        ``alembic_version``, without loading Alembic (it costs a window's start-up a
        tenth of a second). Otherwise the upgrade runs under a database-wide lock (an
        advisory lock on PostgreSQL, a lock file beside a SQLite file), so stations
        starting together upgrade once: the first upgrades, the others wait, find the
        schema current and go on.

        Raises:
            SchemaTooNew: a newer Tech Bar upgraded the database; it is left untouched.
            StoreUnavailable: the database cannot be reached, or the upgrade failed.
        """
        head = head_revision()
        if self._checked_revision(head) == head:
            return
        with self._migration_lock():
            if self._checked_revision(head) == head:  # another station upgraded meanwhile
                return
            from alembic import command

            try:
                command.upgrade(self.alembic_config(), "head")
            except OperationalError as exc:
                raise StoreUnavailable(f"migration failed on {self.describe()}: "
                                       f"{_first_line(exc)}") from None

    def _checked_revision(self, head: str) -> str | None:
        """The recorded revision, refused if it is newer than ``head``."""
        found = self.schema_revision()
        if found is not None and found > head:
            raise SchemaTooNew(
                f"the database {self.describe()} has schema version {found}, but this "
                f"Tech Bar knows versions up to {head}: a newer Tech Bar upgraded it. "
                "Install the version the other stations run on this machine, then start "
                "again (nothing was changed).")
        return found

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Hold the database-wide migration lock (waiting for whoever holds it)."""
        if self.is_postgres:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("SET statement_timeout = 0"))  # a long upgrade is waited for
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"),
                                 {"key": MIGRATION_LOCK_KEY})
            return
        database = make_url(self.url).database or ""
        if not database or database == ":memory:":
            yield  # one process's own database: nobody to wait for
            return
        import fcntl

        with open(f"{database}.migrate-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def schema_revision(self) -> str | None:
        """The one revision recorded in ``alembic_version``; None for a database without it.

        Raises:
            StoreUnavailable: the database cannot be reached.
        """
        try:
            with self.engine.execution_options(techbar_readonly=True).connect() as conn:
                return _recorded_revision(conn)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(
                f"cannot reach the database {self.describe()}: {_first_line(exc)}"
            ) from None

    def alembic_config(self) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["engine"] = self.engine
        return config

    def backup(self, target: Path, progress: Callable[[int, int], None] | None = None) -> int:
        """Copy the live SQLite database to ``target`` with SQLite's online backup API.

        Writers may go on meanwhile; the copy is consistent as of its end. It is written
        beside ``target`` and renamed into place, so a failed backup leaves no half file.

        Args:
            progress: called with (pages copied, pages in all) as the copy proceeds.

        Returns:
            The number of pages copied.

        Raises:
            StoreUnavailable: a PostgreSQL database (use ``pg_dump``), or a target that
                cannot be written.
        """
        if self.is_postgres:
            raise StoreUnavailable("backup copies SQLite files; for PostgreSQL use pg_dump "
                                   "(see the README)")
        folder = target.resolve().parent
        if target.is_dir() or not folder.is_dir():
            raise StoreUnavailable(f"cannot write the backup to {target}: name a file in an "
                                   "existing folder")
        partial = folder / f".{target.name}.partial"
        copied = 0

        def step(_status: int, remaining: int, total: int) -> None:
            nonlocal copied
            copied = total - remaining
            if progress is not None:
                progress(copied, total)

        try:
            source = self.engine.raw_connection()
            try:
                live = source.driver_connection
                assert isinstance(live, sqlite3.Connection)
                with contextlib.closing(sqlite3.connect(partial)) as copy:
                    live.backup(copy, pages=BACKUP_PAGES, progress=step)
            finally:
                source.close()
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise StoreUnavailable(f"backup to {target} failed: {exc}") from None
        return copied

    def has_schema(self) -> bool:
        return inspect(self.engine).has_table("visits")

    def dispose(self) -> None:
        self.feed_connection.close()
        self.engine.dispose()

    @staticmethod
    def _create_engine(url: str, echo: bool) -> Engine:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                url, echo=echo, hide_parameters=True,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            )
            _configure_sqlite(engine)
            return engine
        engine = create_engine(
            url, echo=echo, hide_parameters=True, pool_pre_ping=True, pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW, pool_timeout=POOL_TIMEOUT_SECONDS,
            pool_recycle=POOL_RECYCLE_SECONDS,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
                "application_name": "techbar",
                # A cut network is noticed in under half a minute, not the kernel's 15+.
                "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                "keepalives_count": 3, "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
            },
        )
        return engine


class _NoResultRows(logging.Filter):
    """Drops SQLAlchemy's DEBUG records of result rows: they hold names and e-mails.

    Parameters are hidden by ``hide_parameters``; rows have no such switch, and logs
    carry visit UUIDs, never a visitor's data, whatever the level.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.DEBUG and str(record.msg).startswith(("Row ", "Col ")))


_ROW_FILTER = _NoResultRows()


def _keep_rows_out_of_logs() -> None:
    engine_log = logging.getLogger("sqlalchemy.engine.Engine")
    if _ROW_FILTER not in engine_log.filters:
        engine_log.addFilter(_ROW_FILTER)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module, so BEGIN is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL, not NORMAL: a confirmed ticket must survive a power cut (NORMAL in WAL
        # mode may lose the last commits).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()
        dbapi_connection.create_aggregate(P90_FUNCTION, 1, NearestRankP90)

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get("techbar_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


P90_FUNCTION = "techbar_p90"


class NearestRankP90:
    """SQLite aggregate ``techbar_p90(x)``: the 90th percentile by nearest rank.

    The smallest value whose rank r (1-based, ascending) satisfies ``10 r >= 9 n``;
    NULLs are ignored, as PostgreSQL's ``percentile_disc(0.9)`` does. SQLite has no
    percentile function of its own before 3.47.
    """

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        if not self.values:
            return None
        self.values.sort()
        rank = -(-9 * len(self.values) // 10)  # ceil(0.9 n)
        return self.values[rank - 1]


def head_revision() -> str:
    """The newest revision the code knows, without loading Alembic.

    Every migration's file name starts with its revision id, four digits that each
    revise the one before (``0001_initial.py``, ``0002_kiosk.py``...), so the head is the
    highest of them; ``tests/integration/test_schema_revision.py`` checks that it is the
    head Alembic finds.
    """
    return max(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def _recorded_revision(conn: Connection) -> str | None:
    try:
        found: list[str] = list(
            conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except (OperationalError, ProgrammingError):  # no such table: never migrated
        return None
    return found[0] if len(found) == 1 else None


def _masked(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for a URL that does not parse)."""
    return re.sub(r":[^:/@\s]*@", ":***@", url)


def _first_line(exc: BaseException) -> str:
    origin = getattr(exc, "orig", None) or exc
    return str(origin).strip().splitlines()[0] if str(origin).strip() else type(origin).__name__
