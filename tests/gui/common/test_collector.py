"""Garbage is collected on the GUI thread only, on a timer, while a window process runs."""

from __future__ import annotations

import gc
import weakref

from pytestqt.qtbot import QtBot

from ui.common.collector import MainThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_cycles_are_freed_by_the_gui_timer_and_gc_is_restored(qtbot: QtBot) -> None:
    gc.enable()
    collector = MainThreadCollector(interval_ms=10)
    collector.start()
    try:
        assert not gc.isenabled(), "no automatic collection in a worker thread"
        node = _Node()
        gone = weakref.ref(node)
        del node
        threshold = gc.get_threshold()[0]
        _ = [_Node() for _ in range(threshold + 10)]  # cross generation 0's threshold
        del _
        qtbot.waitUntil(lambda: gone() is None, timeout=5_000)
    finally:
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # as the GUI tests' own fixture left it
