"""Real processes killed with SIGKILL at random: nothing confirmed is lost, nothing is
sent twice.

- ``python main.py sync`` workers are killed and restarted while a receiver fails one
  request in three (a 503 or a lost answer): every ended visit becomes exactly one ticket.
- A process checking visitors in is killed mid-way: every check-in it confirmed is
  stored, and nothing is half-written (each visit has its timeline and feed entry).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from kiosk.app.visits import VisitService
from kiosk.bootstrap import build_core
from kiosk.config import Settings
from kiosk.store import Database
from tests.support.webhook_server import WebhookServer

ROOT = Path(__file__).resolve().parents[2]
SECRET = "crash-test-secret"
VISITS = 60


def _config(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "site.toml"
    config.write_text((ROOT / "resources" / "default-config.toml").read_text(encoding="utf-8")
                      .replace('kind = "none"', 'kind = "webhook"', 1)
                      .replace('[backend.webhook]\nurl = ""', f'[backend.webhook]\nurl = "{url}"')
                      .replace("base_delay_seconds = 2", "base_delay_seconds = 0.05")
                      .replace("max_delay_seconds = 600", "max_delay_seconds = 0.2")
                      .replace("poll_seconds = 2", "poll_seconds = 0.05")
                      .replace("max_attempts = 10", "max_attempts = 1000"), encoding="utf-8")
    return config


def _ended_visits(service: VisitService) -> list[str]:
    ids = []
    for number in range(VISITS):
        visit = service.check_in(name=f"Crash {number}", category="laptop")
        service.call(visit.id, "Kim")
        service.start(visit.id, "Kim")
        ids.append(service.resolve(visit.id, "Kim", "fixed").id)
    return ids


def _sync(db_url: str, config: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KIOSK_WEBHOOK_SECRET": SECRET, "KIOSK_NO_DEMO": "1"}
    with log.open("wb") as err:
        return subprocess.Popen([sys.executable, "main.py", "--db", db_url, "--config",
                                 str(config), "-v", "sync"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)


def _wait_started(log: Path, timeout: float = 60.0) -> None:
    """Until the worker says it started (a loaded machine may take seconds to get there)."""
    deadline = time.monotonic() + timeout
    while b"sync worker" not in log.read_bytes():
        assert time.monotonic() < deadline, f"no worker started: {log.read_text()[-500:]}"
        time.sleep(0.05)


def _unsent(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM outbox WHERE status <> 'sent'"))
                   .scalar_one())


def test_killed_sync_workers_send_each_visit_exactly_once(
        db_url: str, db: Database, service: VisitService, tmp_path: Path) -> None:
    ids = _ended_visits(service)
    rng = random.Random(7)
    kills = 0
    with WebhookServer(SECRET, latency=0.1, flaky=3) as server:
        config = _config(tmp_path, server.url)
        deadline = time.monotonic() + 120
        while _unsent(db) and time.monotonic() < deadline:
            logs = [tmp_path / f"worker-{kills + n}.log" for n in range(2)]
            workers = [_sync(db_url, config, log) for log in logs]
            for log in logs:
                _wait_started(log)
            time.sleep(rng.uniform(0.2, 1.5))
            for worker in workers:
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
            kills += len(workers)
            # Leases of killed workers end on their own; let the next ones take over now.
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE outbox SET claimed_until = NULL, claimed_by = '' "
                                  "WHERE status = 'pending'"))
        assert _unsent(db) == 0, f"still unsent after {kills} kills"
        interrupted = len(server.requests) - len(ids)
        tickets = server.tickets
        assert sorted(tickets) == sorted(ids), "one ticket per ended visit, none missing"
        # A worker killed between a request's headers and its body leaves a request cut
        # short (several are in flight at once); the others must all be signed.
        whole = [r for r in server.requests
                 if len(r.body) == int(r.headers.get("content-length") or 0)]
        assert all(r.signature_valid for r in whole)
    assert kills >= 4, "the workers were killed while visits were still being sent"
    assert interrupted > 0, "some deliveries were repeated (failed, lost or cut short)"


_CHECK_INS = """
import sys
from kiosk.bootstrap import build_core
from kiosk.config import DEFAULT_CONFIG, load_settings
core = build_core(DEFAULT_CONFIG, sys.argv[1])
number = 0
while True:
    visit = core.visits.check_in(name=f"Killed {number}", category="laptop",
                                 description="x" * 500)
    print(visit.id, flush=True)
    number += 1
"""


def test_check_ins_killed_mid_way_lose_nothing_confirmed(db_url: str, db: Database,
                                                          settings: Settings) -> None:
    confirmed: list[str] = []
    rng = random.Random(11)
    for _ in range(3):
        process = subprocess.Popen([sys.executable, "-c", _CHECK_INS, db_url], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 2.0))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=10)
        confirmed += out.decode().split()
    assert len(confirmed) > 10
    with build_core(database_url=db_url, settings=settings) as core:
        for visit_id in confirmed:
            stored = core.visits.get(visit_id)
            assert [e.action for e in stored.events] == ["check_in"]
    with db.engine.connect() as conn:
        visits = conn.execute(text("SELECT count(*) FROM visits")).scalar_one()
        events = conn.execute(text("SELECT count(DISTINCT visit_id) FROM visit_events")).scalar_one()
        changes = conn.execute(text("SELECT count(DISTINCT entity_id) FROM changes")).scalar_one()
        tickets = conn.execute(text("SELECT count(DISTINCT ticket_number) FROM visits")).scalar_one()
    assert visits == events == changes == tickets, "no visit without its timeline or feed entry"
    assert visits >= len(confirmed)
