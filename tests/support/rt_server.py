"""A private, throwaway Request Tracker 5 on loopback, for integration tests.

Installed from Debian's packages by ``.ci/run`` (request-tracker5, rt5-db-sqlite,
rt5-standalone). Each test session gets its own instance in a temporary folder:
its own SQLite database, Mason caches and site config, set through the
``RT_SITE_CONFIG`` / ``RT_SITE_CONFIG_DIR`` environment variables, so nothing in
/etc is touched. The data file adds the ``KioskSessionID`` custom field and the
privileged API user ``kiosk-api``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

SETUP_DATABASE = Path("/usr/sbin/rt-setup-database-5")
RT_SERVER = Path("/usr/share/request-tracker5/libexec/rt-server")
INITIAL_DATA = Path(__file__).with_name("rt5-initialdata.pl")
API_USER = "kiosk-api"
API_PASSWORD = "kiosk-api-pass"
ROOT_PASSWORD = "password"


class RTUnavailable(RuntimeError):
    """Request Tracker is not installed here or would not start."""


@dataclass(frozen=True)
class RTInstance:
    base_url: str  # e.g. http://127.0.0.1:18123/rt
    username: str
    password: str

    @property
    def rest2(self) -> str:
        return f"{self.base_url}/REST/2.0"


def installed() -> bool:
    return SETUP_DATABASE.exists() and RT_SERVER.exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RTServer:
    """Starts and stops one instance; use as a context manager."""

    def __init__(self, folder: Path, *, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "rt-server.log"
        self.instance = RTInstance(f"http://127.0.0.1:{self.port}/rt", API_USER, API_PASSWORD)

    def __enter__(self) -> RTInstance:
        self.start()
        return self.instance

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["RT_SITE_CONFIG"] = str(self.folder / "RT_SiteConfig.pm")
        env["RT_SITE_CONFIG_DIR"] = str(self.folder / "siteconfig.d")
        return env

    def _write_config(self) -> None:
        conf = self.folder / "siteconfig.d"
        conf.mkdir(parents=True, exist_ok=True)
        for sub in ("mason", "sessions"):
            (self.folder / sub).mkdir(exist_ok=True)
        (self.folder / "RT_SiteConfig.pm").write_text("1;\n")
        (conf / "10-test.pm").write_text(f"""
Set($WebDomain, '127.0.0.1');
Set($WebPort, {self.port});
Set($WebPath, '/rt');
Set($DatabaseType, 'SQLite');
Set($DatabaseName, '{self.folder / "rt.db"}');
Set($MasonDataDir, '{self.folder / "mason"}');
Set($MasonSessionDir, '{self.folder / "sessions"}');
Set($MailCommand, 'testfile');
Set($LogToSTDERR, 'warning');
Set($LogToSyslog, undef);
1;
""")
        (self.folder / "root-password").write_text(ROOT_PASSWORD)

    def _setup(self, *args: str) -> None:
        result = subprocess.run([str(SETUP_DATABASE), *args], env=self._environment(),
                                capture_output=True, text=True, timeout=300, check=False)
        if result.returncode != 0:
            raise RTUnavailable(f"rt-setup-database {' '.join(args)} failed: "
                                f"{(result.stderr or result.stdout)[-800:]}")

    def start(self, timeout: float = 90.0) -> None:
        if not installed():
            raise RTUnavailable("Request Tracker 5 is not installed (apt-get install "
                                "request-tracker5 rt5-db-sqlite rt5-standalone; .ci/run does it)")
        self._write_config()
        self._setup("--action", "init", "--root-password-file", str(self.folder / "root-password"))
        self._setup("--action", "insert", "--datafile", str(INITIAL_DATA))
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(RT_SERVER), "--server", "Starlet", "--host", "127.0.0.1",
                 "--port", str(self.port), "--webpath", "/rt", "--max-workers", "2"],
                env=self._environment(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RTUnavailable(f"rt-server exited with {self.process.returncode}: "
                                    f"{self.log.read_text(errors='replace')[-800:]}")
            try:
                answer = requests.get(f"{self.instance.rest2}/rt", timeout=5,
                                      auth=(API_USER, API_PASSWORD))
                if answer.status_code == 200 and "Version" in answer.json():
                    return
                last = f"HTTP {answer.status_code}"
            except (requests.RequestException, ValueError) as exc:
                last = type(exc).__name__
            time.sleep(0.3)
        self.stop()
        raise RTUnavailable(f"rt-server not ready after {timeout:g} s ({last})")

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
