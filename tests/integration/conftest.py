"""Integration fixtures: a private Request Tracker 5 on loopback, once per session.

Starting RT costs about ten seconds, so one instance serves every test; tests keep
apart by their visits' UUIDs. Without RT installed the tests that need it are skipped
on a developer's machine and fail under ``CI=true``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import require_or_skip
from tests.support.rt_server import RTInstance, RTServer, RTUnavailable, installed


@pytest.fixture(scope="session")
def rt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RTInstance]:
    """A running RT 5 with the ``KioskSessionID`` custom field and the ``kiosk-api`` user."""
    if not installed():
        require_or_skip("Request Tracker 5 is not installed (apt-get install request-tracker5 "
                        "rt5-db-sqlite rt5-standalone; .ci/run does it)")
    server = RTServer(tmp_path_factory.mktemp("rt"))
    try:
        instance = server.__enter__()
    except RTUnavailable as exc:
        server.stop()
        require_or_skip(f"Request Tracker 5 would not start: {exc}")
    try:
        yield instance
    finally:
        server.__exit__(None, None, None)
