"""Two technicians' consoles, each in its own process on one PostgreSQL database.

Each station is a real :class:`ConsoleView` (offscreen) built as ``main.py console``
builds it, in a spawned process; both select the same visitor and press "Call" at the
same moment. One wins; the other is told who did, and its card catches up.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.bootstrap import assemble
from kiosk.clock import SystemClock
from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.store import Database

pytestmark = pytest.mark.postgres

JOIN_TIMEOUT = 90.0
STATIONS = ("Ann", "Ben")


def _until(app: Any, done: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Run the station's event loop until ``done()`` or the timeout."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.005)
    return True


def console_station(url: str, technician: str, barrier: Any, out: str) -> None:
    """A spawned station: sign in, select the one visitor, wait for the other, press Call."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui.app import Process
    from ui.console.view import ConsoleView

    app = QApplication([])
    db = Database(url)
    core = assemble(db, load_settings(DEFAULT_CONFIG, environ={}), SystemClock())
    process = Process.start(core)
    view = ConsoleView(core, process.runner, process.feed)
    report: dict[str, Any] = {}
    try:
        process.feed.start()
        view.show()
        assert _until(app, lambda: process.feed.is_loaded), "the feed never loaded"
        me = next(t for t in core.technicians.list() if t.name == technician)
        view.sign_in_as(me)
        assert _until(app, lambda: process.runner.pending == 0)
        view.queue.table.selectRow(0)
        assert _until(app, lambda: view.current is not None), "no visitor on the card"
        assert _until(app, lambda: process.runner.pending == 0)
        button = view.action_card.buttons["call"]
        assert button.isEnabled(), "Call is disabled"
        barrier.wait(JOIN_TIMEOUT)
        button.click()
        assert _until(app, lambda: process.runner.pending == 0), "the call never answered"
        report["message"] = view.message.text()
        report["tone"] = view.message.tone
        # The loser's card catches up with the database (the winner's call, by the feed).
        report["caught_up"] = _until(
            app, lambda: view.current is not None and view.current.technician != "")
        report["card_technician"] = view.current.technician if view.current else None
        report["call_enabled"] = button.isEnabled()
    finally:
        view.close()
        process.shutdown()
        db.dispose()
        Path(out).write_text(json.dumps(report), "utf-8")


def test_two_consoles_race_for_one_visitor(postgres_url: str, tmp_path: Path) -> None:
    settings = load_settings(DEFAULT_CONFIG, environ={})
    db = Database(postgres_url)
    core = assemble(db, settings, SystemClock())
    for pin, name in enumerate(STATIONS, start=1111):
        core.technicians.add(name=name, pin=str(pin))
    visit = core.visits.check_in(name="Ana", category="laptop")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(STATIONS))
    outputs = {name: tmp_path / f"{name}.json" for name in STATIONS}
    stations = [context.Process(target=console_station, name=name,
                                args=(postgres_url, name, barrier, str(out)))
                for name, out in outputs.items()]
    for station in stations:
        station.start()
    try:
        for station in stations:
            station.join(JOIN_TIMEOUT)
    finally:
        hung = [s.name for s in stations if s.is_alive()]
        for station in stations:
            if station.is_alive():
                station.kill()
                station.join()
    assert not hung, f"stations hung: {hung}"
    assert [s.exitcode for s in stations] == [0, 0]
    reports = {name: json.loads(out.read_text("utf-8")) for name, out in outputs.items()}
    ended = core.visits.get(visit.id)
    calls = [e for e in ended.events if e.action == "call"]
    db.dispose()
    winner = ended.technician
    assert winner in STATIONS, "one of them called the visitor"
    assert [e.actor for e in calls] == [winner], "called exactly once"
    loser = next(name for name in STATIONS if name != winner)
    assert reports[winner]["tone"] != "error", reports[winner]
    assert reports[loser]["tone"] == "error"
    assert reports[loser]["message"] == f"{winner} already called {visit.ticket_number}."
    assert reports[loser]["caught_up"], "the loser's card never showed the winner's call"
    assert reports[loser]["card_technician"] == winner
    assert not reports[loser]["call_enabled"], "the loser cannot call it again"
