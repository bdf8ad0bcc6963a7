"""Guard against a Qt for Python release that leaks references on signal emission.

PySide6 6.12.0 drops a reference to ``True``/``None`` on every signal emitted from
Python; the interpreter aborts ("bool_dealloc") after a few thousand, which a kiosk
reaches within hours. pyproject.toml excludes that release; this test fails on any
installed release with the same fault. It runs in a child process, since the fault
aborts the interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

_PROBE = """
import sys
from PySide6.QtCore import QObject, Signal

class Source(QObject):
    fired = Signal(object)

source = Source()
seen = []
source.fired.connect(seen.append)
before = sys.getrefcount(True), sys.getrefcount(None)
for index in range(20_000):
    source.fired.emit(index % 2 == 0)
    source.fired.emit(None)
after = sys.getrefcount(True), sys.getrefcount(None)
print(len(seen), after[0] - before[0], after[1] - before[1] - len(seen) // 2)
"""


def test_emitting_signals_keeps_reference_counts() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                            timeout=120, env=env, check=False)
    assert result.returncode == 0, f"the interpreter died: {result.stderr[-500:]}"
    emitted, true_delta, none_delta = (int(x) for x in result.stdout.split())
    assert emitted == 40_000
    assert true_delta >= 10_000 - 10, "each emitted True kept alive by `seen` holds a reference"
    assert abs(none_delta) < 100, f"None references drifted by {none_delta}"
