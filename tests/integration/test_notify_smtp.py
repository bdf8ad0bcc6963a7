"""A real SMTP server (aiosmtpd) and ``python main.py notify`` killed with SIGKILL at random.

The visitor chose "when 2 people are ahead of me" by e-mail; technicians call people
while notification workers are started and killed. The "2 ahead" e-mail arrives as one
message (one Message-ID: a copy resent after a kill mid-send carries the same one), with
the status page's link, and nothing is sent once the visit has ended.
"""

from __future__ import annotations

import asyncio
import email
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from kiosk.bootstrap import Core, assemble
from kiosk.clock import SystemClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.notify.factory import build_senders
from kiosk.notify.worker import NotifyWorker
from kiosk.store import Database

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://help.example.com"


class Inbox:
    """aiosmtpd handler: keeps every message; answers after ``delay`` (a slow server)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        await asyncio.sleep(self.delay)
        return "250 OK"


@pytest.fixture
def inbox() -> Any:
    handler = Inbox(delay=0.4)
    with socket.socket() as probe:  # a free port (aiosmtpd cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "site.toml"
    config.write_text((ROOT / "resources" / "default-config.toml").read_text(encoding="utf-8")
                      + "\n[notify]\npoll_seconds = 0.05\ntimeout_seconds = 1\n"
                      "base_delay_seconds = 0.05\nmax_delay_seconds = 0.2\n", encoding="utf-8")
    return config


def _worker(db_url: str, config: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KIOSK_NO_DEMO": "1", "KIOSK_PUBLIC_URL": PUBLIC,
           "KIOSK_NOTIFY_SMTP_URL": f"mailto://127.0.0.1:{port}?from=techbar@example.com"}
    with log.open("wb") as err:
        return subprocess.Popen([sys.executable, "main.py", "--db", db_url, "--config",
                                 str(config), "-v", "notify"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)


def _core(db: Database, settings: Settings, port: int) -> Core:
    return assemble(db, replace(settings, web=replace(settings.web, public_url=PUBLIC), notify=NotifySettings(
        smtp_url=f"mailto://127.0.0.1:{port}?from=techbar@example.com", timeout_seconds=1,
        base_delay_seconds=0.05, max_delay_seconds=0.2)), SystemClock())


def _status(db: Database) -> list[tuple[int | None, str]]:
    with db.engine.connect() as conn:
        return [(t, s) for t, s in conn.execute(text(
            "SELECT threshold, status FROM notifications ORDER BY id"))]


def test_the_two_ahead_email_arrives_once_while_workers_are_killed(
        db_url: str, db: Database, settings: Settings, inbox: Any, tmp_path: Path) -> None:
    handler, port = inbox
    db.migrate()
    core = _core(db, settings, port)
    ids = [core.visits.check_in(name=f"P{i}", category="laptop", email=f"p{i}@example.com").id
           for i in range(5)]
    ada = core.visits.check_in(name="Ada <b>L</b>", category="laptop", email="ada@example.com",
                               description="<script>secret</script>")
    core.notify.choose(ada.id, "email", ahead=2)
    config = _config(tmp_path)
    rng = random.Random(15)
    kills = 0
    deadline = time.monotonic() + 90
    calls = iter(ids)
    while time.monotonic() < deadline:
        next(calls, None) and core.visits.call_next("Kim", several=True)
        log = tmp_path / f"notify-{kills}.log"
        worker = _worker(db_url, config, port, log)
        started = time.monotonic() + 30
        while b"notify worker" not in log.read_bytes():
            assert time.monotonic() < started, log.read_text()[-500:]
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.8))
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        kills += 1
        if kills >= 6 and (2, "sent") in _status(db):
            break
    time.sleep(3)  # the last killed worker's lease ends (timeout x 4 + 2 s)
    NotifyWorker(db, core.settings, SystemClock(), build_senders(core.settings.notify)).drain()
    assert (2, "sent") in _status(db), f"after {kills} kills: {_status(db)}"
    mine = [m for m in handler.messages if m["To"] == "ada@example.com"]
    assert len({m["Message-ID"] for m in mine}) == 1, "one message, whatever the kills did"
    message = mine[0]
    body = message.get_payload(decode=True).decode()
    assert "2 people are ahead of you" in body
    assert f"{PUBLIC}/v/{ada.status_token}" in body
    assert "<" not in body
    assert "secret" not in body
    assert "Ada" not in body
    assert message["Subject"] == f"Tech Bar {ada.ticket_number}: almost your turn"
    assert kills >= 6

    # Nothing is sent once the visit has ended, even what was queued before.
    core.visits.call(ada.id, "Kim", several=True)
    core.visits.cancel(ada.id, "Kim")
    before = len(handler.messages)
    NotifyWorker(db, core.settings, SystemClock(), build_senders(core.settings.notify)).drain()
    assert len(handler.messages) == before
    assert _status(db)[-1] == (-1, "skipped")
