"""One command's core: the database handle the command line owns, and the services on it."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from kiosk.bootstrap import Core, assemble
from kiosk.clock import SystemClock
from kiosk.config import Settings
from kiosk.store import Database, default_sqlite_url


@dataclass(frozen=True)
class Session:
    """The core for one command, and its database for the workers that drain outboxes."""

    core: Core
    database: Database

    def __enter__(self) -> Session:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.core.close()


def open_session(args: argparse.Namespace, settings: Settings, *, demo: bool,
                 migrate: bool = True) -> Session:
    """Build the core on ``--db`` (or the settings' URL), migrate, and maybe add demo data.

    Demo data goes only into an empty database, and never with ``--no-demo`` or
    ``KIOSK_NO_DEMO`` set. ``migrate=False`` leaves the schema as it is (a backup must
    copy the database as it was).
    """
    url = args.db or settings.database_url or default_sqlite_url()
    database = Database(url)
    core = assemble(database, settings, SystemClock())
    try:
        if migrate:
            core.migrate()
        if demo and not args.no_demo and not os.environ.get("KIOSK_NO_DEMO"):
            core.seed_demo()
    except BaseException:
        core.close()
        raise
    return Session(core, database)


@contextmanager
def scratch_session(settings: Settings) -> Iterator[Session]:
    """A new SQLite database of demo data only, removed at the end (for screenshots: a
    picture never shows a real visitor)."""
    with tempfile.TemporaryDirectory(prefix="techbar-scratch-") as folder:
        database = Database(f"sqlite:///{Path(folder) / 'demo.db'}")
        core = assemble(database, settings, SystemClock())
        try:
            core.migrate()
            core.seed_demo()
            yield Session(core, database)
        finally:
            core.close()
