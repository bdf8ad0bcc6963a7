"""The API: check-ins per second through ``POST /api/v1/visits`` against the core's own
check-in (the kiosk's use case, ``core.checkin.check_in``: the visit, its place in line
and its expected wait, the same work the API answer carries), in the same run.

One real uvicorn (in this process, on a free loopback port) and one client on one
keep-alive connection, one request after another: what an integration that checks people
in one at a time gets. Each side checks in the same number of visitors on a site of its
own, so both lines grow alike (the expected wait is read from the whole line).
"""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import replace

from kiosk.app.checkin import WalkIn
from kiosk.bootstrap import assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.server import BackgroundServer
from tests.perf.benchmarks import Sizes
from tests.perf.harness import START, Result, at_least, on_site

CHECK_INS, QUICK_CHECK_INS = 300, 30
CATEGORIES = ("laptop", "account", "software")


def api_check_ins(label: str, url: str, settings: Settings, sizes: Sizes) -> Result:
    count = QUICK_CHECK_INS if sizes.quick else CHECK_INS
    direct = _direct(url, on_site(settings, f"bench-api-direct-{label}"), count)
    through_api = _through_api(url, on_site(settings, f"bench-api-http-{label}"), count)
    return Result(label, f"api: check-ins per second, {count} one after another, vs the core's",
                  f"{through_api:.0f} /s", f"{direct:.0f} /s", through_api / direct,
                  "share of the core's own check-in rate (HTTP, JSON, token, answer)",
                  value=through_api, baseline_value=direct, target=at_least(0.25))


def _direct(url: str, settings: Settings, count: int) -> float:
    core = assemble(Database(url), settings, ManualClock(START))
    try:
        began = time.perf_counter()
        for i in range(count):
            core.checkin.check_in(WalkIn(name=f"Visitor {i}", email="", employee_id="",
                                         category=CATEGORIES[i % len(CATEGORIES)]))
        return count / (time.perf_counter() - began)
    finally:
        core.close()


def _through_api(url: str, settings: Settings, count: int) -> float:
    fast = replace(settings, web=replace(settings.web, api_rate_limit_per_minute=100_000_000))
    core = assemble(Database(url), fast, ManualClock(START))
    try:
        secret = core.api_tokens.create("bench", "write").secret
        with BackgroundServer(create_app(core, rate_limit_per_minute=100_000_000)) as server:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
            began = time.perf_counter()
            for i in range(count):
                body = json.dumps({"name": f"Visitor {i}",
                                   "category": CATEGORIES[i % len(CATEGORIES)]})
                connection.request("POST", "/api/v1/visits", body, headers)
                answer = connection.getresponse()
                answer.read()
                if answer.status != 201:
                    raise RuntimeError(f"the API answered {answer.status} to a check-in")
            rate = count / (time.perf_counter() - began)
            connection.close()
        return rate
    finally:
        core.close()


PER_DATABASE = (api_check_ins,)
