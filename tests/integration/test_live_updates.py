"""Live updates between OS processes: NOTIFY on PostgreSQL, ``data_version`` on SQLite.

A station is a spawned process with the app's :class:`ui.app.Process` (its FloorFeed
and the core's change waiter), as ``main.py console`` builds it; the test process
commits a check-in and the station reports when its feed saw it.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from kiosk.bootstrap import assemble
from kiosk.clock import SystemClock
from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.store import Database
from kiosk.store.notify import LISTEN_APPLICATION_NAME, change_channel, open_change_waiter

JOIN_TIMEOUT = 60.0
#: The safety poll of the station whose notifications are lost (the app's is 20 s).
SHORT_SAFETY_MS = 2_000


def feed_station(url: str, listen_site: str | None, ready: Any, go: Any, out: str) -> None:
    """A spawned station: start the feed, say ready, report when a new visit arrives.

    ``listen_site`` set, the waiter listens to that site's channel (the wrong one: its
    notifications never come) and the safety poll is short.
    """
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui.app import Process
    from ui.common.feed import FloorFeed

    app = QApplication([])
    db = Database(url)
    core = assemble(db, load_settings(DEFAULT_CONFIG, environ={}), SystemClock())
    process = Process.start(core)
    feed = process.feed
    if listen_site is not None:
        feed = FloorFeed(core.visits, process.runner, safety_poll_ms=SHORT_SAFETY_MS,
                         waiter=lambda: open_change_waiter(db, listen_site))
    seen: dict[str, float] = {}
    feed.changed.connect(lambda visits: seen.update({v.id: time.time() for v in visits}))
    report: dict[str, Any] = {}
    try:
        feed.start()
        deadline = time.monotonic() + 20
        while not (feed.is_loaded and process.runner.pending == 0 and feed.wakes >= 1):
            assert time.monotonic() < deadline, "the feed never loaded and listened"
            app.processEvents()
            time.sleep(0.002)
        wakes_before = feed.wakes
        ready.set()
        assert go.wait(JOIN_TIMEOUT)
        deadline = time.monotonic() + 30
        while not seen and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)
        report = {"seen": seen, "wakes": feed.wakes - wakes_before}
    finally:
        report["stopped"] = feed.stop()
        process.shutdown()
        db.dispose()
        Path(out).write_text(json.dumps(report), "utf-8")


def check_in_later(url: str, delay_s: float) -> None:
    """A spawned writer: one check-in after ``delay_s``."""
    time.sleep(delay_s)
    db = Database(url)
    core = assemble(db, load_settings(DEFAULT_CONFIG, environ={}), SystemClock())
    core.visits.check_in(name="Ana", category="laptop")
    db.dispose()


def _spawn(target: Any, *args: Any) -> multiprocessing.process.BaseProcess:
    child = multiprocessing.get_context("spawn").Process(target=target, args=args)
    child.start()
    return child


def _joined(child: multiprocessing.process.BaseProcess) -> int | None:
    child.join(JOIN_TIMEOUT)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("a station hung")
    return child.exitcode


def _commit_and_watch(url: str, tmp_path: Path, listen_site: str | None) -> tuple[float, dict[str, Any]]:
    """Start a station, check one visitor in here; (seconds until it saw it, its report)."""
    context = multiprocessing.get_context("spawn")
    ready, go = context.Event(), context.Event()
    out = tmp_path / "station.json"
    station = _spawn(feed_station, url, listen_site, ready, go, str(out))
    try:
        assert ready.wait(JOIN_TIMEOUT), "the station never started"
        db = Database(url)
        core = assemble(db, load_settings(DEFAULT_CONFIG, environ={}), SystemClock())
        visit = core.visits.check_in(name="Ana", category="laptop")
        committed = time.time()
        db.dispose()
    finally:
        go.set()
    assert _joined(station) == 0
    report = json.loads(out.read_text("utf-8"))
    assert report["stopped"], "the waiter's thread did not end when the feed stopped"
    assert visit.id in report["seen"], "the station never saw the check-in"
    return report["seen"][visit.id] - committed, report


@pytest.mark.postgres
def test_a_check_in_reaches_another_process_by_notify(postgres_url: str, tmp_path: Path) -> None:
    latency, report = _commit_and_watch(postgres_url, tmp_path, None)
    assert report["wakes"] >= 1, "it came by a wake, not a poll"
    assert latency < 1.0, f"{latency:.3f} s (the safety poll is 20 s)"


@pytest.mark.postgres
def test_lost_notifications_are_covered_by_the_safety_poll(postgres_url: str,
                                                           tmp_path: Path) -> None:
    latency, report = _commit_and_watch(postgres_url, tmp_path, "elsewhere")
    assert report["wakes"] == 0, "no notification on the wrong channel"
    assert latency < SHORT_SAFETY_MS / 1000 + 1.0


def test_a_sqlite_commit_in_another_process_wakes_the_waiter(sqlite_url: str) -> None:
    Database(sqlite_url).migrate()
    db = Database(sqlite_url)
    core = assemble(db, load_settings(DEFAULT_CONFIG, environ={}), SystemClock())
    waiter = core.visits.change_waiter()
    writer = None
    try:
        assert waiter.wait(5.0)  # the first look
        assert not waiter.wait(0.3)
        writer = _spawn(check_in_later, sqlite_url, 0.0)
        assert waiter.wait(JOIN_TIMEOUT)
        assert _joined(writer) == 0
        assert len(core.visits.changes_since(0).visits) == 1
    finally:
        waiter.close()
        if writer is not None and writer.is_alive():
            writer.kill()
        db.dispose()


def _listening_pids(admin: Any, database: str) -> list[int]:
    with admin.connect() as conn:
        return list(conn.execute(text(
            "SELECT pid FROM pg_stat_activity WHERE application_name = :app "
            "AND datname = :db"), {"app": LISTEN_APPLICATION_NAME, "db": database}).scalars())


@pytest.mark.postgres
def test_the_waiter_recovers_after_its_connection_is_killed(
        postgres_url: str, caplog: pytest.LogCaptureFixture) -> None:
    db = Database(postgres_url)
    core = assemble(db, load_settings(DEFAULT_CONFIG, environ={}), SystemClock())
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    database = db.engine.url.database or ""
    waiter = core.visits.change_waiter()
    writer = None
    try:
        assert waiter.wait(5.0)
        [pid] = _listening_pids(admin, database)
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        with caplog.at_level(logging.INFO, logger="kiosk.store.notify"):
            assert waiter.wait(5.0), "a lost connection wakes the feed (it reads, and fails)"
            assert waiter.wait(5.0), "reconnected: a wake, as notifications were lost"
        assert [r.getMessage().split(" (")[0].split(" after")[0] for r in caplog.records] == [
            f"change notifications on {change_channel('hq')} lost",
            f"change notifications on {change_channel('hq')} back"]
        [again] = _listening_pids(admin, database)
        assert again != pid
        writer = _spawn(check_in_later, postgres_url, 0.0)
        assert waiter.wait(JOIN_TIMEOUT), "the new connection listens"
        assert _joined(writer) == 0
    finally:
        waiter.close()
        if writer is not None and writer.is_alive():
            writer.kill()
        admin.dispose()
        db.dispose()
