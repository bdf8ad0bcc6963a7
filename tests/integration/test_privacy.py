"""Privacy: a busy day at the most verbose log level, through a ticketing outage and a
database outage, leaves no name, e-mail, description, secret or signature in any log."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import random
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.config import Settings, WebhookSettings
from kiosk.errors import KioskError
from kiosk.sim.simulate import run_simulation
from kiosk.store import Database, DatabaseError
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.worker import SyncWorker
from tests.support.webhook_server import Fault, WebhookServer

SECRET = "hmac-secret-that-must-never-be-logged"
PEOPLE = [(f"Privatperson {n} Ñandú", f"private.person{n}@example.org",
           f"My confidential problem number {n}") for n in range(24)]


def _busy_day(core: Core, clock: ManualClock) -> None:
    rng = random.Random(3)
    for name, email, description in PEOPLE:
        core.visits.check_in(name=name, email=email, category="laptop", description=description,
                             device=f"{name}'s laptop")
        clock.advance(timedelta(minutes=rng.randint(1, 4)))
    for _ in range(18):
        called = core.visits.call_next("Kim", counter="Desk 3")
        core.visits.start(called.id, "Kim")
        core.visits.add_note(called.id, "Kim", f"note about {called.requester.name}")
        clock.advance(timedelta(minutes=rng.randint(3, 9)))
        if rng.random() < 0.8:
            core.visits.resolve(called.id, "Kim", "fixed", f"Fixed for {called.requester.email}")
        else:
            core.visits.escalate(called.id, "Kim", "Network team", called.description)


def _cut_every_connection(db_url: str) -> None:
    """A database outage: every session of the test database is killed by the server."""
    url = make_url(db_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                          "datname = :name AND pid <> pg_backend_pid()"),
                     {"name": url.database})
    admin.dispose()


def test_a_busy_day_through_outages_logs_no_personal_data(
        core: Core, db: Database, db_url: str, clock: ManualClock, settings: Settings,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)  # SQL and its parameters
    try:
        _busy_day(core, clock)
        configured = replace(settings, backend="webhook",
                             webhook=WebhookSettings(url="", secret=SECRET, timeout_seconds=2))
        with WebhookServer(SECRET) as server:
            server.plan(Fault.unavailable(retry_after=0), Fault.lost_response(),
                        Fault.reply(422, json.dumps({"error": "bad", "echo": PEOPLE[0][0]})),
                        Fault.malformed())
            hook = replace(configured, webhook=replace(configured.webhook, url=server.url))
            adapter = WebhookAdapter(hook.webhook)
            worker = SyncWorker(db, adapter, hook, clock)
            try:
                for _ in range(4):
                    worker.drain()
                    clock.advance(timedelta(minutes=30))
                if db.is_postgres:
                    _cut_every_connection(db_url)
                for _ in range(2):
                    with contextlib.suppress(DatabaseError, KioskError):  # the outage
                        worker.drain()
                    clock.advance(timedelta(minutes=30))
            finally:
                adapter.close()
            bodies = [r.body for r in server.requests]
            signatures = [r.headers.get("x-techbar-signature", "") for r in server.requests]
        run_simulation(db, settings, visitors=40, technicians=2, seed=5)
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logged = caplog.text
    assert "sqlalchemy.engine" in logged, "the SQL itself was logged, at DEBUG"
    assert len(server.tickets) >= 10
    forbidden = [SECRET, *[s.split("=", 1)[-1] for s in signatures if s]]
    for name, email, description in PEOPLE:
        forbidden += [name, email, description, name.split()[0]]
    leaked = sorted({word for word in forbidden if word in logged})
    assert leaked == [], f"the logs carry {leaked[:3]}"
    expected = "sha256=" + hmac.new(SECRET.encode(), bodies[0], hashlib.sha256).hexdigest()
    assert expected in signatures, "the signatures checked for are the real ones"
