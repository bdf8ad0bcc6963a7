"""Which database a command opens: screenshots never see the live one."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.run import SessionOpener, main
from kiosk.config import Settings


def test_screenshots_are_taken_on_a_scratch_database_of_demo_data(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    seen: list[tuple[str, int]] = []

    def fake_screenshots(_args: argparse.Namespace, _settings: Settings,
                         open_session: SessionOpener) -> int:
        with open_session() as session:
            seen.append((session.core.database_name, len(session.core.visits.active_visits())))
        return 0

    code = main(["--db", f"sqlite:///{live}", "screenshots", "--out", str(tmp_path / "shots")],
                {"screenshots": fake_screenshots})
    assert code == 0
    [(name, active)] = seen
    assert "techbar-scratch-" in name
    assert active > 0, "the demo morning"
    assert not live.exists(), "the live database is not even opened"
    assert not Path(name.removeprefix("sqlite:///")).exists(), "the scratch database is gone"
