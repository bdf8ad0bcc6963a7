"""A station for the outage tests, run as its own process: a liaison window offscreen,
following its feed, with a kiosk-like check-in every :data:`CHECK_IN_MS` through the
same task runner.

``python -m tests.integration.outage_station URL STOP_FILE`` prints JSON lines on
stdout: ``{"event": "banner", "shown": bool}`` when the offline banner shows or goes,
``{"event": "checked_in", "id": ...}`` for each check-in that succeeded, and, once
``STOP_FILE`` exists, it stops checking in, lets its feed catch up for
:data:`SETTLE_MS` and ends with ``{"event": "final", "shown": [visit ids the window's
queue holds]}``. Its log (INFO) goes to stderr.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

CHECK_IN_MS = 500
SETTLE_MS = 1500


def _say(**event: object) -> None:
    sys.stdout.write(json.dumps({"t": round(time.monotonic(), 3), **event}) + "\n")
    sys.stdout.flush()


def main(url: str, stop_file: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.bootstrap import build_core
    from ui.app import Process, make_window
    from ui.common.offline import OfflineBanner

    app = QApplication(sys.argv[:1])
    core = build_core(database_url=url)
    process = Process.start(core, poll_ms=250)
    window = make_window(process, "liaison")
    window.show()
    banner = window.findChild(OfflineBanner)
    assert banner is not None
    shown = [False]
    visits, runner = core.visits, process.runner
    count = [0]

    def check_in() -> None:
        count[0] += 1
        number = count[0]
        runner.run(lambda: visits.check_in(name=f"Visitor {number}", category="laptop"),
                   lambda visit: _say(event="checked_in", id=visit.id),
                   lambda _error: None, name="station.check_in")

    def watch() -> None:
        if banner.isVisible() != shown[0]:
            shown[0] = banner.isVisible()
            _say(event="banner", shown=shown[0])
        if stop_file.exists() and ticker.isActive():
            ticker.stop()
            process.feed.poll_now()
            QTimer.singleShot(SETTLE_MS, final)

    def final() -> None:
        model = window.floor_tab.model  # type: ignore[attr-defined]
        _say(event="final", shown=sorted(v.id for v in model.visits()))
        app.quit()

    ticker = QTimer()
    ticker.timeout.connect(check_in)
    ticker.start(CHECK_IN_MS)
    watcher = QTimer()
    watcher.timeout.connect(watch)
    watcher.start(50)
    process.feed.start()
    _say(event="started")
    try:
        return app.exec()
    finally:
        ticker.stop()
        process.shutdown()
        core.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
