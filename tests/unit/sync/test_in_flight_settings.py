"""``[sync] in_flight``: the deliveries a sync worker keeps under way at once, and the
messages for values it cannot take."""

from __future__ import annotations

import io
from contextlib import redirect_stderr
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli.run import main
from kiosk.clock import ManualClock
from kiosk.config import DEFAULT_CONFIG, Settings, load_settings
from kiosk.config.ticketing import DEFAULT_IN_FLIGHT, MAX_IN_FLIGHT
from kiosk.errors import ConfigError
from kiosk.store import Database
from kiosk.sync.delivery import Delivery
from kiosk.sync.worker import SyncWorker

MINIMAL = """
[site]
id = "b2"

[[categories]]
id = "laptop"
"""
WANTED = "a whole number from 1 to 32 (deliveries under way at once)"


def write(tmp_path: Path, sync: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(MINIMAL + ("[sync]\n" + sync + "\n" if sync else ""), encoding="utf-8")
    return path


def test_four_are_in_flight_unless_told_otherwise(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, ""), environ={}).sync.in_flight == 4 == DEFAULT_IN_FLIGHT
    assert load_settings(DEFAULT_CONFIG, environ={}).sync.in_flight == 4
    assert "in_flight = 4" in DEFAULT_CONFIG.read_text(encoding="utf-8"), "documented there"


@pytest.mark.parametrize("value", [1, 5, MAX_IN_FLIGHT])
def test_a_whole_number_in_range_is_taken(tmp_path: Path, value: int) -> None:
    settings = load_settings(write(tmp_path, f"in_flight = {value}"), environ={})
    assert settings.sync.in_flight == value


@pytest.mark.parametrize(("value", "problem"), [
    ("0", f"0 is out of range: it must be {WANTED}"),
    ("-2", f"-2 is out of range: it must be {WANTED}"),
    ("33", f"33 is out of range: it must be {WANTED}"),
    ("9223372036854775807", f"9223372036854775807 is out of range: it must be {WANTED}"),
    ("2.5", f"must be {WANTED}, not 2.5"),
    ("4.0", f"must be {WANTED}, not 4.0"),
    ("nan", f"must be {WANTED}, not nan"),
    ('"4"', f"must be {WANTED}, not str"),
    ("true", f"must be {WANTED}, not bool"),
    ("[4]", f"must be {WANTED}, not list"),
])
def test_other_values_are_refused_naming_the_key_and_the_range(
        tmp_path: Path, value: str, problem: str) -> None:
    path = write(tmp_path, f"in_flight = {value}")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert (caught.value.key, caught.value.problem) == ("sync.in_flight", problem)
    assert str(caught.value) == f"{path}: sync.in_flight: {problem}"


def test_the_command_line_says_what_is_wrong_without_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "in_flight = 0")
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["--config", str(path), "sync", "--once"], {})
    assert code == 2
    assert err.getvalue().strip().endswith(f"sync.in_flight: 0 is out of range: it must be {WANTED}")
    assert "Traceback" not in err.getvalue()


@pytest.mark.parametrize("value", [0, -1, MAX_IN_FLIGHT + 1])
def test_a_worker_built_in_code_refuses_a_count_out_of_range(
        tmp_path: Path, settings: Settings, clock: ManualClock, value: int) -> None:
    configured = replace(settings, sync=replace(settings.sync, in_flight=value))
    db = Database(f"sqlite:///{tmp_path}/unused.db")
    try:
        with pytest.raises(ValueError, match="sync.in_flight must be from 1 to 32"):
            SyncWorker(db, NeverSends(), configured, clock)
    finally:
        db.dispose()


class NeverSends:
    def send(self, payload: dict[str, Any]) -> Delivery:
        raise AssertionError("a worker that cannot be built sends nothing")

    def close(self) -> None:
        pass
