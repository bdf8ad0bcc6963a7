"""Fault injection: many visits through a vendor server that fails a third of all requests
(503 with Retry-After in seconds or as a date, 500, 429 with the vendor's rate-limit
headers, timeouts, connections dropped after the work was done, broken bodies), drained
by two workers in threads while a ManualClock moves on between drains. Afterwards every
visit exists exactly once at the server, with one timeline note, and every outbox row
is sent with the ticket's id; no visit was ever in flight from two workers at once.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from kiosk.app.sync_health import sync_health, ticket_links
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database, UnitOfWork
from kiosk.sync.adapters.text import timeline_subject
from kiosk.sync.worker import SyncReport, SyncWorker
from tests.integration.sync.test_vendors import (  # noqa: F401 - fixtures used here
    ADAPTERS,
    db_url,
    migrated_sqlite,
)
from tests.support.bulk_visits import add_resolved_visits
from tests.support.vendor_servers import VendorServer

#: Timeouts are one fault kind in twenty (about 1 request in 60): each costs a timeout.
KINDS = ("503", "503-date", "500", "429", "429-reset", "drop", "malformed") * 3 + ("slow",)
TIMEOUT = 0.15
MAX_ROUNDS = 200




def drain_together(workers: list[SyncWorker]) -> SyncReport:
    """Both workers drain at the same time, each in its own thread."""
    reports: list[SyncReport] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(workers))

    def drain(worker: SyncWorker) -> None:
        try:
            start.wait(timeout=10)
            reports.append(worker.drain())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=drain, args=(w,), name=w.worker_id) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return sum(reports, SyncReport())


def pending(db: Database) -> int:
    with UnitOfWork(db, readonly=True) as uow:
        return uow.outbox.counts().get("pending", 0)


@pytest.mark.parametrize(("vendor", "count"), [
    ("zendesk", 1000), ("servicenow", 100), ("jira", 50), ("zammad", 50)])
def test_every_visit_arrives_exactly_once_through_a_failing_server(
        vendor: str, count: int, db: Database, settings: Settings, clock: ManualClock) -> None:
    started = time.monotonic()
    visit_ids = add_resolved_visits(db, settings.site_id, count, clock.now() - timedelta(hours=1))
    with VendorServer(vendor, chaos=1 / 3, seed=count, slow_seconds=TIMEOUT * 1.6,
                      chaos_kinds=KINDS) as server:
        backend = server.settings(timeout_seconds=TIMEOUT, max_attempts=100)
        configured = replace(settings, backend=vendor, **{vendor: backend},
                             sync=replace(settings.sync, base_delay_seconds=1.0,
                                          max_delay_seconds=8.0))
        adapters = [ADAPTERS[vendor](backend, clock=clock) for _ in range(2)]
        workers = [SyncWorker(db, adapter, configured, clock, worker_id=f"w{n}", batch_size=20,
                              rng=random.Random(n)) for n, adapter in enumerate(adapters)]
        total, rounds = SyncReport(), 0
        try:
            while pending(db) and rounds < MAX_ROUNDS:
                total += drain_together(workers)
                clock.advance(timedelta(seconds=12))  # past the longest backoff or Retry-After
                rounds += 1
        finally:
            for adapter in adapters:
                adapter.close()
        requests = server.requests
        tickets = server.tickets
        assert server.errors == []
        assert server.overlaps == [], "two workers sent one visit at the same time"

    faults = [r.fault for r in requests if r.fault]
    assert len(faults) / len(requests) == pytest.approx(1 / 3, abs=0.05)
    assert {"reply", "drop", "malformed", "slow"} <= set(faults)
    assert (total.sent, total.failed) == (count, 0)
    health = sync_health(db, vendor)
    assert (health.sent, health.pending, health.failed) == (count, 0, 0)
    by_visit: dict[str, list[Any]] = {}
    for ticket in tickets:
        by_visit.setdefault(ticket.visit_id, []).append(ticket)
    assert sorted(by_visit) == sorted(visit_ids)
    assert all(len(found) == 1 for found in by_visit.values()), "a visit made two tickets"
    links = ticket_links(db, visit_ids)
    for visit_id in visit_ids:
        [ticket] = by_visit[visit_id]
        marker = timeline_subject(visit_id)
        notes = [n for n in ticket.notes if marker in str(n.get("value") or n.get("subject")
                                                           or n.get("body"))]
        assert len(notes) == 1, f"visit {visit_id} has {len(notes)} timeline notes"
        assert links[visit_id][0] in (ticket.id, ticket.number)
    print(f"{vendor}: {count} visits, {len(requests)} requests ({len(faults)} faulted), "  # noqa: T201
          f"{total.retried} retries, {rounds} rounds, {time.monotonic() - started:.1f} s")
