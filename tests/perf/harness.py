"""What the benchmarks share: throwaway databases, timing, threads and the result table."""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.store import Database

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
CATEGORIES = ("laptop", "account", "mobile", "software", "pickup")
T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """What a ratio must be: at most ``at_most`` (costs), or at least ``at_least`` (rates)."""

    at_most: float | None = None
    at_least: float | None = None

    def holds(self, ratio: float) -> bool:
        if self.at_most is not None and ratio > self.at_most:
            return False
        return self.at_least is None or ratio >= self.at_least

    def __str__(self) -> str:
        if self.at_most is not None:
            return f"<= {self.at_most:g}x"
        return f">= {self.at_least:g}x" if self.at_least is not None else ""


@dataclass(frozen=True)
class Result:
    """One line of the table: a measurement, its baseline from the same run, their ratio.

    ``measured`` and ``baseline`` are the raw figures as read (with their unit);
    ``value`` and ``baseline_value`` the same as plain numbers for ``bench-results.json``.
    A result without a ``target`` is informative only.
    """

    database: str
    benchmark: str
    measured: str
    baseline: str
    ratio: float
    reading: str
    value: float = 0.0
    baseline_value: float = 0.0
    target: Target | None = None

    @property
    def holds(self) -> bool | None:
        return None if self.target is None else self.target.holds(self.ratio)

    def as_json(self) -> dict[str, object]:
        return {"name": self.benchmark, "database": self.database, "value": self.value,
                "baseline": self.baseline_value, "ratio": round(self.ratio, 4),
                "target": str(self.target) if self.target else None, "holds": self.holds,
                "measured": self.measured, "baseline_text": self.baseline,
                "reading": self.reading}


def at_most(ratio: float) -> Target:
    return Target(at_most=ratio)


def at_least(ratio: float) -> Target:
    return Target(at_least=ratio)


@contextmanager
def sqlite_database() -> Iterator[str]:
    """A migrated SQLite file in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="techbar-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        _migrate(url)
        yield url


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A migrated throwaway database on the PostgreSQL server, dropped afterwards."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 5})
    name = f"techbar_bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        try:
            _migrate(url)
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


#: How often PostgreSQL's autovacuum visits each database (its default naptime).
AUTOVACUUM_NAPTIME = 60.0


@contextmanager
def as_autovacuum_would(url: str) -> Iterator[None]:
    """While the block runs, vacuum and analyse the database at ``url`` once a naptime,
    when it is a PostgreSQL server's whose autovacuum is off (a test server may run
    without it; a production server does not).

    A long write-heavy run (a simulated day of 10,000 visitors) leaves dead row versions
    in the line's index and in the day's aggregate rows, which autovacuum clears; without
    it the run measures the bloat, not the code.
    """
    if make_url(url).get_backend_name() != "postgresql":
        yield
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            running = conn.execute(text("SHOW autovacuum")).scalar() == "on"
        if running:
            yield
            return

        def vacuum() -> None:
            with engine.connect() as conn:
                conn.execute(text("VACUUM (ANALYZE)"))

        with every(AUTOVACUUM_NAPTIME, vacuum, "bench-autovacuum"):
            yield
    finally:
        engine.dispose()


@contextmanager
def every(seconds: float, job: Callable[[], object], name: str) -> Iterator[None]:
    """Run ``job`` on a thread of its own every ``seconds`` while the block runs (not at
    its start; the thread is joined at its end)."""
    stop = threading.Event()

    def repeat() -> None:
        while not stop.wait(seconds):
            job()

    thread = threading.Thread(target=repeat, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def server_of(url: str) -> str:
    """The server of a PostgreSQL database URL, as :func:`postgres_database` takes it."""
    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def _migrate(url: str) -> None:
    db = Database(url)
    try:
        db.migrate()
    finally:
        db.dispose()


def on_site(settings: Settings, site: str) -> Settings:
    """The settings moved to their own site, so benchmarks sharing a database don't mix."""
    return replace(settings, site_id=site)


def fill_line(service: VisitService, count: int) -> None:
    """Check ``count`` visitors in (every tenth with an appointment)."""
    for i in range(count):
        service.check_in(name=f"Visitor {i}", category=CATEGORIES[i % len(CATEGORIES)],
                         priority=Priority.APPOINTMENT if i % 10 == 0 else Priority.NORMAL)


def new_service(db: Database, settings: Settings) -> VisitService:
    return VisitService(db, settings, ManualClock(START))


def timed(work: Callable[[], object]) -> float:
    """Seconds ``work()`` took."""
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def repeated(work: Callable[[], object], times: int) -> Callable[[], None]:
    """``work`` run ``times`` times in a row, as one callable."""

    def run() -> None:
        for _ in range(times):
            work()

    return run


def median_time(work: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs of ``work()`` after one warm-up run."""
    work()
    return statistics.median(timed(work) for _ in range(repeat))


def in_threads(work: Callable[[int], T], count: int, timeout: float = 120.0) -> list[T]:
    """Run ``work(index)`` on ``count`` threads started together; re-raise a failure."""
    barrier = threading.Barrier(count)
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def body(index: int) -> None:
        try:
            barrier.wait(timeout)
            results[index] = work(index)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the caller
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,), name=f"bench-{i}") for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(t.is_alive() for t in threads):
        raise RuntimeError("a benchmark thread hung")
    if errors:
        raise errors[0]
    return [results[i] for i in range(count)]


def print_table(results: list[Result]) -> None:
    headers = ("database", "benchmark", "measured", "baseline", "ratio", "target", "holds")
    rows = [(r.database, r.benchmark, r.measured, r.baseline, f"{r.ratio:.2f}x",
             str(r.target or ""), {True: "yes", False: "NO", None: ""}[r.holds])
            for r in results]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
