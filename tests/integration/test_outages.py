"""A station through real outages: its connections killed, then its PostgreSQL server
stopped for 15 s and started again, while it keeps working.

The server is a private cluster made for the test (``pg_createcluster`` on a free port)
and dropped at the end, even on failure: the machine's shared cluster is never touched.
The station (``tests/integration/outage_station.py``) is a liaison window offscreen in
its own process, checking a visitor in every half second through its task runner.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from kiosk.bootstrap import build_core
from kiosk.store import Database
from tests.conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
DOWN_SECONDS = 15
#: The banner shows within this long of the server stopping, and goes within this long of
#: it starting again.
BANNER_WITHIN_S = 5
RECOVERY_WITHIN_S = 8


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pg_version() -> str:
    versions = sorted((p.name for p in Path("/usr/lib/postgresql").glob("*")
                       if (p / "bin" / "postgres").exists()), key=int)
    if not versions:
        require_or_skip("no PostgreSQL server binaries in /usr/lib/postgresql")
    return versions[-1]


def _ctl(version: str, name: str, action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
                   check=True, capture_output=True, timeout=60)


@pytest.fixture
def private_cluster() -> Iterator[tuple[str, Callable[[str], None]]]:
    """A private PostgreSQL cluster: its URL and how to start or stop it."""
    if shutil.which("pg_createcluster") is None:
        require_or_skip("pg_createcluster is missing (apt-get install postgresql; .ci/run does)")
    version = _pg_version()
    name = f"techbar_outage_{os.getpid()}"
    port = _free_port()
    made = subprocess.run(["pg_createcluster", version, name, "-p", str(port), "--",
                           "--auth=trust"], capture_output=True, text=True, timeout=120)
    if made.returncode != 0:
        require_or_skip(f"pg_createcluster failed: {made.stderr.strip()[:300]}")
    try:
        _ctl(version, name, "start")
        yield (f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
               lambda action: _ctl(version, name, action))
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], capture_output=True,
                       timeout=120)


class Station:
    """The station process and what it said so far."""

    def __init__(self, url: str, folder: Path) -> None:
        self.stop_file = folder / "stop"
        self.out_path, self.err_path = folder / "station.out", folder / "station.err"
        self._out, self._err = self.out_path.open("w"), self.err_path.open("w")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.outage_station", url, str(self.stop_file)],
            cwd=ROOT, env=env, stdout=self._out, stderr=self._err)

    def events(self) -> list[dict[str, Any]]:
        lines = self.out_path.read_text("utf-8").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def log(self) -> str:
        return self.err_path.read_text("utf-8")

    def wait_for(self, what: Callable[[list[dict[str, Any]]], bool], timeout: float,
                 why: str) -> float:
        """Seconds until ``what(events)`` holds."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if what(self.events()):
                return time.monotonic() - started
            assert self.process.poll() is None, f"the station died:\n{self.log()[-3000:]}"
            time.sleep(0.05)
        raise AssertionError(f"{why}: not within {timeout} s\n{self.log()[-3000:]}")

    def checked_in(self) -> list[str]:
        return [e["id"] for e in self.events() if e["event"] == "checked_in"]

    def more_check_ins(self, count: int, timeout: float, why: str) -> None:
        before = len(self.checked_in())
        self.wait_for(lambda events: sum(e["event"] == "checked_in" for e in events)
                      >= before + count, timeout, why)

    def banner(self) -> list[bool]:
        return [e["shown"] for e in self.events() if e["event"] == "banner"]

    def stop(self) -> dict[str, Any]:
        self.stop_file.touch()
        try:
            self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._out.close()
            self._err.close()
        return next(e for e in self.events() if e["event"] == "final")


def _kill_station_connections(url: str) -> int:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            return len(conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'techbar' AND pid <> pg_backend_pid()")).all())
    finally:
        admin.dispose()


@pytest.mark.postgres
def test_a_station_rides_out_killed_connections_and_a_server_restart(
        private_cluster: tuple[str, Callable[[str], None]], tmp_path: Path) -> None:
    url, control = private_cluster
    database = Database(url)
    database.migrate()
    database.dispose()
    with build_core(database_url=url) as core:
        before = [core.visits.check_in(name=f"Early {n}", category="laptop").id for n in range(3)]
    station = Station(url, tmp_path)
    try:
        station.wait_for(lambda events: any(e["event"] == "started" for e in events), 30,
                         "the station started")
        station.more_check_ins(2, 10, "the station checks in")

        killed = _kill_station_connections(url)  # the server kills every connection it has
        assert killed >= 1
        station.more_check_ins(3, 10, "the station reconnected by itself after the kill")
        log_before_stop = len(station.log())

        stop_began = time.monotonic()
        control("stop")
        station.wait_for(lambda _e: station.banner()[-1:] == [True], BANNER_WITHIN_S,
                         "the banner shows")
        time.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - stop_began)))
        back_at = time.monotonic()
        control("start")
        station.wait_for(lambda _e: station.banner()[-1:] == [False], RECOVERY_WITHIN_S,
                         "the banner goes once the server is back")
        station.more_check_ins(2, 10, "check-ins go on after the restart")
        with build_core(database_url=url) as core:
            after = [core.visits.check_in(name=f"Late {n}", category="laptop").id
                     for n in range(2)]
        final = station.stop()
        with build_core(database_url=url) as core:
            active = {v.id for v in core.visits.active_visits()}
    finally:
        if station.process.poll() is None:
            station.process.kill()
            station.process.wait()
    log = station.log()
    shown_at, gone_at = (next(e["t"] for e in reversed(station.events())
                              if e["event"] == "banner" and e["shown"] is shown)
                         for shown in (True, False))
    timings = (f"banner {shown_at - stop_began:.2f} s after the stop began, "
               f"gone {gone_at - back_at:.2f} s after its start began")
    assert shown_at - stop_began < BANNER_WITHIN_S, timings
    assert gone_at - back_at < RECOVERY_WITHIN_S, timings
    made = set(before) | set(after) | set(station.checked_in())
    assert made <= active, "every visit checked in before, during and after is there"
    assert set(final["shown"]) == active, "the window's queue shows exactly the floor"
    assert station.banner()[-1] is False
    assert "Traceback" not in log, log[-3000:]
    outage = log[log_before_stop:]
    assert outage.count("database unreachable") == 1, outage[-3000:]
    assert outage.count("database reachable again") == 1, outage[-3000:]
    assert log.count("database unreachable") == log.count("database reachable again")
    assert station.process.returncode == 0
