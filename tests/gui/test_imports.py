"""What a window process loads: Qt and the core, never an HTTP client or an adapter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_gui_loads_no_http_client_and_no_ticketing_adapter() -> None:
    code = ("import sys\nimport ui.app, ui.board.view, ui.screenshots.render\n"
            "print('\\n'.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True, env={"QT_QPA_PLATFORM": "offscreen",
                                                        "PATH": "/usr/bin:/bin"})
    loaded = set(done.stdout.split())
    assert "ui.app" in loaded
    assert "PySide6.QtWidgets" in loaded
    assert not {m for m in loaded if m == "requests" or m.startswith(("requests.", "kiosk.sync."))}
    assert "kiosk.sync" not in loaded
