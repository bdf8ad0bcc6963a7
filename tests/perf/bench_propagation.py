"""Propagation: a check-in committed in one process, seen by other processes' feeds.

Stations are separate machines, so each listener is a spawned process of its own (1 and
20 of them), with its own change waiter (its own listening connection on PostgreSQL)
and its own database handle: on a wake it reads ``changes_since`` as the FloorFeed does
and stamps the visit it finds. The writer (this process) stamps the moment it sends its
check-in's COMMIT, before any listener can see it (a stamp taken when the COMMIT returns
came late whenever twenty listeners kept the writer off the two cores: its medians fell
below zero). The baseline, measured in the same run with as many listening processes, is
the raw round trip with psycopg alone: the writer sends ``NOTIFY`` (its own commit), each
listener wakes and runs one raw ``SELECT`` of the new change rows (what any
push-then-read must do); the one-way NOTIFY is printed beside it. Both kinds are timed
alike, from the writer's commit sent to each listener's read done. On SQLite the wake is
``PRAGMA data_version`` read every 200 ms; its figures are printed against that interval,
without a target.
Each round starts at a random moment.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection

from kiosk.bootstrap import assemble
from kiosk.clock import SystemClock
from kiosk.config import Settings
from kiosk.store import Database
from kiosk.store.notify import SQLITE_POLL_SECONDS, change_channel
from tests.perf.benchmarks import Sizes
from tests.perf.harness import Result, at_most, on_site

#: Listening stations, one process each (fewer in a quick run: twenty processes importing
#: the core are most of its time there).
LISTENERS, QUICK_LISTENERS = (1, 20), (1, 4)
ROUNDS, QUICK_ROUNDS = 100, 12
TIMEOUT = 30.0
#: Twenty processes importing the core at once on a small machine take a while.
START_TIMEOUT = 180.0
#: ``raw``: psycopg LISTEN + one SELECT; ``wake``: the core's waiter + changes_since.
KINDS = ("raw", "wake")


def propagation(label: str, url: str, settings: Settings, sizes: Sizes) -> list[Result]:
    rounds, listeners = (QUICK_ROUNDS, QUICK_LISTENERS) if sizes.quick else (ROUNDS, LISTENERS)
    site = on_site(settings, f"bench-propagation-{label}")
    results: list[Result] = []
    for count in listeners:
        wake = _latencies(url, site, "wake", count, rounds)
        if label == "sqlite":
            results.append(_sqlite_result(count, wake))
            continue
        raw = _latencies(url, site, "raw", count, rounds)
        results.append(_result(count, wake, raw))
    return results


def _result(count: int, wake: _Figures, raw: _Figures) -> Result:
    return Result(
        "postgresql", f"propagation, {count} listener{'s' * (count > 1)} vs raw NOTIFY+SELECT",
        wake.text(), f"{raw.text()} (NOTIFY alone: median {raw.notify_ms:.2f} ms)",
        wake.median / raw.median,
        "commit to changes_since in the other process, against psycopg alone",
        value=wake.median, baseline_value=raw.median, target=at_most(3))


def _sqlite_result(count: int, wake: _Figures) -> Result:
    return Result(
        "sqlite", f"propagation, {count} listener{'s' * (count > 1)} (data_version wake)",
        wake.text(), f"poll {SQLITE_POLL_SECONDS * 1000:.0f} ms",
        wake.median / SQLITE_POLL_SECONDS, "commit to changes_since in the other process",
        value=wake.median, baseline_value=SQLITE_POLL_SECONDS)


class _Figures:
    def __init__(self, seconds: list[float], notify: list[float]) -> None:
        ordered = sorted(seconds)
        self.median = statistics.median(ordered)
        self.p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        self.notify_ms = statistics.median(notify) * 1000 if notify else 0.0

    def text(self) -> str:
        return f"median {self.median * 1000:.2f} ms, p99 {self.p99 * 1000:.2f} ms"


def _latencies(url: str, settings: Settings, kind: str, count: int, rounds: int) -> _Figures:
    """Seconds from each commit to each listener's read of it (rounds x count)."""
    context = multiprocessing.get_context("spawn")
    ready, stop, seen = context.Barrier(count + 1), context.Event(), context.Queue()
    listeners = [context.Process(target=listen, args=(url, settings.site_id, kind, ready,
                                                      stop, seen), daemon=True)
                 for _ in range(count)]
    for listener in listeners:
        listener.start()
    db = Database(url)
    core = assemble(db, settings, SystemClock())
    notify = _RawNotifier(db, settings.site_id) if kind == "raw" else None
    committed = [0.0]

    def stamp(_conn: Connection) -> None:
        committed[0] = time.time()  # the COMMIT is about to be sent

    latencies: list[float] = []
    one_way: list[float] = []
    event.listen(db.engine, "commit", stamp)
    try:
        ready.wait(START_TIMEOUT)
        for _ in range(rounds):
            time.sleep(random.uniform(0, SQLITE_POLL_SECONDS))  # any phase of a poll
            if notify is not None:
                began = time.time()  # its autocommit statement is about to be sent
                key = notify()
            else:
                key = core.visits.check_in(name="Bench Visitor", category="laptop").id
                began = committed[0]
            for _ in range(count):
                woke, read = _next(seen, key)
                latencies.append(read - began)
                one_way.append(woke - began)
    finally:
        event.remove(db.engine, "commit", stamp)
        stop.set()
        for listener in listeners:
            listener.join(TIMEOUT)
            if listener.is_alive():
                listener.kill()
        if notify is not None:
            notify.conn.close()
        db.dispose()
    return _Figures(latencies, one_way if kind == "raw" else [])


def _next(seen: Any, key: str) -> tuple[float, float]:
    """The next (woke, read) stamps of ``key`` (earlier keys' late reports are skipped)."""
    while True:
        found, woke, read = seen.get(timeout=TIMEOUT)
        if found == key:
            return woke, read


class _RawNotifier:
    """NOTIFY with psycopg alone; the payload names a row the listener then SELECTs."""

    def __init__(self, db: Database, site: str) -> None:
        import psycopg

        params = dict(db.engine.dialect.create_connect_args(db.engine.url)[1])
        params.pop("context", None)
        self.conn = psycopg.connect(**params, autocommit=True)
        self.channel = change_channel(site)
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        key = f"raw-{self.count}"
        self.conn.execute("SELECT pg_notify(%s, %s)", (self.channel, key))
        return key


def listen(url: str, site: str, kind: str, ready: Any, stop: Any, seen: Any) -> None:
    """A listening station (a spawned process): reports (key, woke, read) stamps."""
    from kiosk.config import DEFAULT_CONFIG, load_settings

    settings = on_site(load_settings(DEFAULT_CONFIG, environ={}), site)
    body = _raw_listener if kind == "raw" else _wake_listener
    body(url, settings, ready, stop, seen)


def _wake_listener(url: str, settings: Settings, ready: Any, stop: Any, seen: Any) -> None:
    db = Database(url)
    core = assemble(db, settings, SystemClock())
    waiter = core.visits.change_waiter()
    seq = core.visits.latest_change()
    waiter.wait(TIMEOUT)  # connected (its first wake)
    seq = core.visits.changes_since(seq).latest
    ready.wait(START_TIMEOUT)
    try:
        while not stop.is_set():
            if not waiter.wait(0.2):
                continue
            woke = time.time()
            batch = core.visits.changes_since(seq)
            read = time.time()
            seq = batch.latest
            for visit in batch.visits:
                seen.put((visit.id, woke, read))
    finally:
        waiter.close()
        db.dispose()


def _raw_listener(url: str, settings: Settings, ready: Any, stop: Any, seen: Any) -> None:
    import psycopg
    from psycopg import sql

    db = Database(url)
    params = dict(db.engine.dialect.create_connect_args(db.engine.url)[1])
    params.pop("context", None)
    db.dispose()
    conn = psycopg.connect(**params, autocommit=True)
    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(change_channel(settings.site_id))))
    row = conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
    seq = int(row[0]) if row else 0
    ready.wait(START_TIMEOUT)
    try:
        while not stop.is_set():
            for note in list(conn.notifies(timeout=0.2, stop_after=1)):  # (ends: unlocks)
                woke = time.time()
                rows = conn.execute("SELECT seq, topic, entity_id FROM changes WHERE seq > %s "
                                    "ORDER BY seq LIMIT 1000", (seq,)).fetchall()
                seq = rows[-1][0] if rows else seq
                seen.put((note.payload, woke, time.time()))
    finally:
        conn.close()


PER_DATABASE = (propagation,)
