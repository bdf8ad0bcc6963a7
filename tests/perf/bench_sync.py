"""Sync throughput: visits a worker delivers per second to a webhook that answers in 50 ms.

The receiver is a threaded HTTP server on 127.0.0.1 (a free port) that waits
:data:`LATENCY` before answering each POST, and records its ``Idempotency-Key`` and
whether its signature is right. Like production web servers it sends small answers at
once (no Nagle delay: ``http.server`` writes the headers and the body apart, and the
client's delayed ACK would add 40 ms to every answer). The outbox is filled through the
real services (check in, call, start, resolve) on a throwaway SQLite database, and
drained by the real :class:`~kiosk.sync.worker.SyncWorker` through the configured
webhook adapter, as ``python main.py sync --once`` does. The baseline is the ideal
rate, ``in_flight / LATENCY``; every visit must arrive exactly once, or the benchmark
fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from tqdm import tqdm

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings, WebhookSettings
from kiosk.store import Database
from kiosk.sync.factory import build_adapter
from kiosk.sync.worker import SyncWorker
from tests.perf.harness import START, Result, at_least, every, sqlite_database

#: Seconds the receiver takes to answer each delivery.
LATENCY = 0.05
SECRET = "bench-sync-secret"
#: Visits delivered with the configured ``in_flight`` (full run, ``--quick``); the
#: one-at-a-time run delivers a quarter as many.
VISITS = 400
QUICK_VISITS = 80
ProgressFn = Callable[[int], None]


class HasQuick(Protocol):
    quick: bool


def sync_throughput(settings: Settings, sizes: HasQuick) -> list[Result]:
    """Visits/s with ``[sync] in_flight`` deliveries under way, and one at a time,
    each against the ideal ``in_flight / LATENCY``."""
    in_flight = settings.sync.in_flight
    count = QUICK_VISITS if sizes.quick else VISITS
    show = not sizes.quick and sys.stderr.isatty()
    many = _delivery_rate(settings, in_flight, count, show)
    one = _delivery_rate(settings, 1, max(count // 4, 1), show)
    return [_result(many, in_flight, target=True), _result(one, 1, target=False)]


def _result(rate: float, in_flight: int, *, target: bool) -> Result:
    ideal = in_flight / LATENCY
    return Result(
        "sqlite", f"sync throughput, {in_flight} in flight vs ideal {in_flight}/latency",
        f"{rate:.1f} visits/s", f"{ideal:.0f} visits/s", rate / ideal,
        f"share of the ideal rate with a {LATENCY * 1000:.0f} ms server",
        value=rate, baseline_value=ideal, target=at_least(0.8) if target else None)


def _delivery_rate(settings: Settings, in_flight: int, count: int, show: bool) -> float:
    """Visits/s of one drain of ``count`` ended visits, checked to arrive exactly once."""
    clock = ManualClock(START)
    with _receiving() as server, sqlite_database() as url:
        configured = replace(
            settings, site_id=f"bench-sync-{in_flight}", backend="webhook",
            webhook=WebhookSettings(url=server.url, secret=SECRET),
            sync=replace(settings.sync, in_flight=in_flight))
        db = Database(url)
        adapter = build_adapter(configured, clock=clock)
        if adapter is None:
            raise RuntimeError("the webhook adapter was not built")
        try:
            with _bar(f"{count} visits ended", count, show) as moved:
                ids = _ended_visits(VisitService(db, configured, clock), count, moved)
            worker = SyncWorker(db, adapter, configured, clock)
            with _bar(f"sending, {in_flight} in flight", count, show) as moved, \
                    _watching(server, moved, show):
                began = time.perf_counter()
                report = worker.drain()
                seconds = time.perf_counter() - began
        finally:
            adapter.close()
            db.dispose()
        _check_exactly_once(server, ids, report.sent)
    return count / seconds


def _ended_visits(service: VisitService, count: int, moved: ProgressFn) -> list[str]:
    """``count`` visits checked in, called, started and resolved, one after the other."""
    ids = []
    for number in range(count):
        service.check_in(name=f"Sync Visitor {number}", category="laptop")
        called = service.call_next("tech-1")
        service.start(called.id, "tech-1")
        ids.append(service.resolve(called.id, "tech-1", "fixed", "benchmark").id)
        moved(number + 1)
    return ids


def _check_exactly_once(server: Receiver, ids: list[str], sent: int) -> None:
    """Every visit received once and signed, nothing else received, every row sent.

    Raises:
        RuntimeError: naming how many visits were missed, repeated or unexpected.
    """
    keys, unsigned = server.received()
    received = Counter(keys)
    missing = sum(1 for visit_id in ids if received[visit_id] == 0)
    repeated = sum(1 for visit_id in ids if received[visit_id] > 1)
    unexpected = len(set(received) - set(ids))
    if missing or repeated or unexpected or unsigned or sent != len(ids):
        raise RuntimeError(
            f"sync benchmark: of {len(ids)} visits {missing} never arrived, {repeated} arrived "
            f"more than once, {unexpected} unknown keys and {unsigned} bad signatures "
            f"arrived; {sent} recorded as sent")


class Receiver(ThreadingHTTPServer):
    """The webhook receiver: records each POST's key, answers after :data:`LATENCY`."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Answering)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hook"
        self._keys: list[str] = []
        self._unsigned = 0
        self._lock = threading.Lock()

    def record(self, key: str, signed: bool) -> int:
        """Note one POST; its number."""
        with self._lock:
            self._keys.append(key)
            self._unsigned += not signed
            return len(self._keys)

    def received(self) -> tuple[list[str], int]:
        """The keys received so far, in order, and how many POSTs were badly signed."""
        with self._lock:
            return list(self._keys), self._unsigned


class _Answering(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(LATENCY)
        digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        signed = hmac.compare_digest(self.headers.get("X-TechBar-Signature", ""),
                                     f"sha256={digest}")
        number = self.server.record(self.headers.get("Idempotency-Key", ""), signed)
        answer = json.dumps({"ticket_id": f"B-{number}"}).encode()
        self.send_response(201 if signed else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextmanager
def _receiving() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="bench-sync-receiver")
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def _bar(label: str, total: int, show: bool) -> Iterator[ProgressFn]:
    """A callback ``(done)`` moving a bar on stderr when ``show`` (quiet when piped)."""
    bar = tqdm(desc=label, total=total, unit="visit", disable=not show, leave=False)

    def moved(done: int) -> None:
        bar.n = done
        bar.refresh()

    try:
        yield moved
    finally:
        bar.close()


@contextmanager
def _watching(server: Receiver, moved: ProgressFn, show: bool) -> Iterator[None]:
    """Report the requests the server has received, five times a second, while inside."""
    if not show:
        yield
        return
    with every(0.2, lambda: moved(len(server.received()[0])), "bench-sync-progress"):
        yield


ONCE = (sync_throughput,)
