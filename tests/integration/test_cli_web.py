"""``techbar web`` and ``techbar status-link``: real processes, exit codes, one-line reasons."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import main
from kiosk.bootstrap import build_core

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _checked_in(url: str) -> str:
    with build_core(database_url=url) as core:
        core.migrate()
        return core.visits.check_in(name="Ada", category="laptop").status_token


def test_status_link_prints_todays_ticket(capsys: pytest.CaptureFixture[str],
                                          sqlite_url: str) -> None:
    token = _checked_in(sqlite_url)
    code, out, err = run(capsys, "status-link", "l1", "--db", sqlite_url)
    assert (code, err) == (0, "")
    assert out == f"http://127.0.0.1:8080/v/{token}\n"


@pytest.mark.parametrize(("argv", "reason"), [
    (["L-002"], "No ticket L-002"),
    (["L-001", "--date", "2020-01-01"], "No ticket L-001"),
    (["x" * 10_000], "is not a ticket number"),
    (["L-001", "--date", "yesterday"], "is not a date"),
])
def test_status_link_of_an_unknown_ticket_is_one_line_exit_2(
        capsys: pytest.CaptureFixture[str], sqlite_url: str, argv: list[str], reason: str) -> None:
    _checked_in(sqlite_url)
    code, out, err = run(capsys, "status-link", *argv, "--db", sqlite_url)
    assert (code, out) == (2, "")
    assert err.startswith("techbar: ")
    assert reason in err
    assert err.count("\n") == 1
    assert len(err) < 300


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_web_serves_until_terminated(sqlite_url: str) -> None:
    token = _checked_in(sqlite_url)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "main.py", "web", "--port", str(port), "--db", sqlite_url], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "KIOSK_NO_DEMO": "1"})
    try:
        assert process.stdout is not None
        assert "serving status pages" in process.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as health:
                    assert json.load(health) == {"status": "ok"}
                break
            except OSError:
                assert time.monotonic() < deadline, "the service never answered"
                time.sleep(0.1)
        with urllib.request.urlopen(f"{base}/v/{token}.json", timeout=5) as answer:
            assert json.load(answer)["ticket"] == "L-001"
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    # Uvicorn shuts down gracefully, then dies of the signal it caught (as systemd expects).
    assert process.returncode in (0, -signal.SIGTERM)
    assert token not in err, "no address with a token in the log"
    assert "Traceback" not in err


def test_web_on_a_taken_port_is_one_line_exit_1(capsys: pytest.CaptureFixture[str],
                                                sqlite_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run(capsys, "web", "--port", str(port), "--db", sqlite_url)
    assert code == 1
    assert err.startswith("techbar: cannot listen on 127.0.0.1:")
    assert err.count("\n") == 1


def test_other_commands_never_load_the_web_framework(sqlite_url: str) -> None:
    script = ("import sys, main; main.main(['migrate', '--db', sys.argv[1]]); "
              "print(sorted(m for m in ('fastapi', 'starlette', 'uvicorn', 'jinja2') "
              "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script, sqlite_url], cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]"
