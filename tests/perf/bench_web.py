"""The web service: status pages per second, and live pages one process holds.

One real uvicorn (in this process, on a free loopback port) serves the status pages of
a line of :data:`LINE` visitors, and a bare ``/hello`` on the same server is the
baseline of the same run. The load comes from another process
(:mod:`tests.perf.web_load`), so client and server do not share an interpreter lock.

- status page (HTML) and its JSON: requests/s against ``/hello``'s requests/s;
- live pages: :data:`STREAMS` Server-Sent Events streams held open at once (spread over
  the line's tokens); the time until every one of them has the update after a
  technician calls the head of the line; and ``/hello``'s rate while they are held,
  against its rate without them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.responses import PlainTextResponse

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.server import BackgroundServer
from tests.perf.benchmarks import Sizes
from tests.perf.harness import START, Result, at_least, on_site

LINE = 30
THREADS = 8
STREAMS, QUICK_STREAMS = 1000, 100
SECONDS, QUICK_SECONDS = 5.0, 1.0
ROOT = Path(__file__).resolve().parents[2]


def web_service(label: str, url: str, settings: Settings, sizes: Sizes) -> list[Result]:
    core = assemble(Database(url), on_site(settings, f"bench-web-{label}"), ManualClock(START))
    try:
        tokens = [core.visits.check_in(name=f"Visitor {i}", category="laptop").status_token
                  for i in range(LINE)]
        with _serving(core) as server:
            seconds = QUICK_SECONDS if sizes.quick else SECONDS
            hello = _rate(f"{server.url}/hello", seconds)
            page = _rate(f"{server.url}/v/{tokens[-1]}?lang=en", seconds)
            data = _rate(f"{server.url}/v/{tokens[-1]}.json?lang=en", seconds)
            held = _held(core, server, tokens, QUICK_STREAMS if sizes.quick else STREAMS,
                         seconds)
    finally:
        core.close()
    return [_versus_hello(label, "status page (HTML) per second", page, hello),
            _versus_hello(label, "status JSON per second", data, hello), *_streams(label, *held,
                                                                                  hello)]


@contextmanager
def _serving(core: Core) -> Iterator[BackgroundServer]:
    app = create_app(core, rate_limit_per_minute=100_000_000, refresh_s=3600)
    app.add_api_route("/hello", lambda: PlainTextResponse("hello"))
    with BackgroundServer(app) as server:
        yield server


def _client(*argv: str, **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.perf.web_load", *argv], cwd=ROOT,
                            text=True, stdout=subprocess.PIPE, **options)  # type: ignore[call-overload]


def _rate(url: str, seconds: float) -> float:
    out, _ = _client("rate", url, str(seconds), str(THREADS)).communicate(timeout=seconds + 120)
    return float(out.strip())


def _held(core: Core, server: BackgroundServer, tokens: list[str], count: int,
          seconds: float) -> tuple[int, float, float]:
    """(streams held, seconds until all had the next update, /hello's rate meanwhile)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(f"/v/{tokens[i % len(tokens)]}/events?lang=en"
                                for i in range(count)))
    client = _client("streams", "127.0.0.1", str(server.port), listing.name,
                     stdin=subprocess.PIPE)
    try:
        assert client.stdout is not None
        assert client.stdin is not None
        assert client.stdout.readline().strip() == "ready", "the streams did not open"
        held = server.app.state.hub.streams
        client.stdin.write("go\n")
        client.stdin.flush()
        core.visits.call_next("Kim", counter="Desk 1")
        fan_out = float(client.stdout.readline())
        busy = _rate(f"{server.url}/hello", seconds)
    finally:
        client.kill()
        client.wait(timeout=30)
        Path(listing.name).unlink()
    return held, fan_out, busy


def _versus_hello(label: str, name: str, rate: float, hello: float) -> Result:
    return Result(label, f"web: {name} vs bare /hello", f"{rate:.0f} req/s", f"{hello:.0f} req/s",
                  rate / hello, "share of a bare endpoint's rate (each reads the line)",
                  value=rate, baseline_value=hello)


def _streams(label: str, held: int, fan_out: float, busy: float, hello: float) -> list[Result]:
    return [
        Result(label, f"web: /hello per second while {held} live pages are held",
               f"{busy:.0f} req/s", f"{hello:.0f} req/s", busy / hello,
               "holding live pages costs the other requests little", value=busy,
               baseline_value=hello, target=at_least(0.5)),
        Result(label, f"web: one change reaches all {held} live pages", f"{fan_out:.3f} s",
               "1.000 s", fan_out, "share of the one-second promise (lower is better)",
               value=fan_out, baseline_value=1.0),
    ]


PER_DATABASE = (web_service,)
