"""Python's garbage collector, run on the GUI thread only.

The collector runs whenever allocations cross a threshold, in whichever thread happens
to allocate: a worker thread of the task runner, say. If a reference cycle there holds
the last reference to a Qt object (a closed window and its timers), the C++ object is
destroyed from the wrong thread and the process crashes. So a window process turns the
automatic collector off and collects on a GUI timer instead, as often as the automatic
one would have (the pattern pyqtgraph and other long-lived Qt apps use).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

DEFAULT_INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Collects garbage on the thread it lives on (the GUI thread), never elsewhere."""

    def __init__(self, interval_ms: int = DEFAULT_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer, collect once more here, and give the automatic collector back."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def collect_if_due(self) -> int:
        """Collect the generations whose thresholds were crossed; the objects freed."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        freed = 0
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                return freed + gc.collect(generation)
        return freed
