"""Screenshots of the console in each state, rendered from the database without writing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.app.technicians import seed_demo_technicians
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.config import Settings
from ui.screenshots.console import SIZE, render_console_screenshots

pytestmark = pytest.mark.gui


def test_console_screenshots_in_every_state(core: Core, service: VisitService,
                                            settings: Settings, clock: ManualClock,
                                            tmp_path: Path) -> None:
    seed_demo_technicians(service.db, settings, clock)
    waiting = service.check_in(name="Ana", category="laptop", description="Will not boot")
    called = service.check_in(name="Ben", category="account")
    serving = service.check_in(name="Cleo", category="mobile", employee_id="E7")
    parked = service.check_in(name="Dev", category="software")
    service.call(called.id, "Luis")
    for visit in (parked, serving):  # one visitor at a time: park one, then serve the next
        service.call(visit.id, "Dana")
        service.start(visit.id, "Dana")
        if visit is parked:
            service.park(parked.id, "Dana", "Waiting for a part")
    service.add_note(serving.id, "Dana", "Tried a second dock: same. " * 300)
    assert waiting.id
    before = service.latest_change()
    paths = render_console_screenshots(core, tmp_path / "shots")
    assert [p.name for p in paths] == [
        "console-sign-in.png", "console-idle.png", "console-called.png",
        "console-in-service.png", "console-parked.png", "console-resolve-dialog.png",
        "console-offline.png", "console-offline-dialog.png", "console-feedback.png"]
    image = QImage(str(paths[1]))
    assert (image.width(), image.height()) == SIZE
    assert all(p.stat().st_size > 10_000 for p in paths)
    assert service.latest_change() == before, "screenshots only read the database"
