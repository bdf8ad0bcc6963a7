"""The technician console's queue with a long line: a change and a tick cost what they cost
with a short one, and a tick redraws only the rows in view.

The console is built as the app builds it (:class:`ui.console.view.ConsoleView` on the
bootstrap's core, over a throwaway SQLite database filled by real check-ins), shown
offscreen at its real size, signed in as a technician whose skills filter the queue,
with the visit being worked on selected. Each change is made by the real services
(call, reprioritise, cancel, check-in of a visitor in view), then handed to the window as
the process's feed hands it (its ``changed`` signal) and timed until the window has
repainted (``processEvents``); the cells painted are counted in the table's delegate.
A tick is the feed's ``ticked`` signal after the clock moved on by a second.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from PySide6.QtCore import QEventLoop, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from kiosk.bootstrap import Core, build_core
from kiosk.cli.progress import progress_bar
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.domain.visit import Visit, VisitState
from tests.perf.harness import CATEGORIES, START, Result, at_most, sqlite_database
from ui.common.arrivals import ArrivalHighlighter
from ui.common.feed import FloorFeed
from ui.common.models import is_tick
from ui.common.tasks import TaskRunner
from ui.common.theme import apply_theme

SHORT_LINE = 50
LONG_LINE = 5000
QUICK_LONG_LINE = 500
#: Each round makes four changes: a call, a move up the line, a cancel and an arrival.
ROUNDS, QUICK_ROUNDS = 30, 6
TICKS, QUICK_TICKS = 60, 10
SKILLS = ("laptop", "account", "mobile")
_QUIET_MS = 3_600_000  # the feed never polls on its own during a measurement
_DRAIN_MS = 200  # at most this long for the window's pending events after a change
_Index = QModelIndex | QPersistentModelIndex


class HasQuick(Protocol):
    quick: bool


@dataclass(frozen=True)
class Figures:
    """One console's measurements: medians in seconds, rows and cells counted."""

    line: int
    changes: int
    change: float
    cells: float
    tick: float
    told: int
    in_view: int
    told_minimised: int


def console_change_handling(settings: Settings, sizes: HasQuick) -> list[Result]:
    """One visit change applied and painted, with a long line against a short one."""
    short, long = _measured(settings, sizes.quick)
    return [
        Result("sqlite", f"console change handling, {long.line:,} waiting vs {short.line}",
               _ms(long.change), _ms(short.change), long.change / short.change,
               f"median of {long.changes} changes (call, move, cancel, arrival), painted",
               long.change, short.change, at_most(2.0)),
        Result("sqlite", f"console cells painted per change, {long.line:,} vs {short.line}",
               f"{long.cells:.0f} cells", f"{short.cells:.0f} cells",
               long.cells / max(short.cells, 1), "only what the change moved, in view",
               long.cells, short.cells),
    ]


def console_tick(settings: Settings, sizes: HasQuick) -> list[Result]:
    """One per-second tick, long line against short; and the rows a tick tells."""
    short, long = _measured(settings, sizes.quick)
    return [
        Result("sqlite", f"console tick, {long.line:,} waiting vs {short.line}",
               _ms(long.tick), _ms(short.tick), long.tick / short.tick,
               f"median of the ticks, {long.told} rows told each", long.tick, short.tick,
               at_most(2.0)),
        Result("sqlite", f"console rows a tick tells, {long.line:,} waiting",
               f"{long.told} rows ({long.told_minimised} minimised)",
               f"{long.in_view} rows in view", long.told / long.in_view,
               "the rows in view and no other; none while minimised", long.told,
               long.in_view, at_most(1.0)),
    ]


_MEASURED: dict[bool, tuple[Figures, Figures]] = {}


def _measured(settings: Settings, quick: bool) -> tuple[Figures, Figures]:
    """Both consoles measured once per run (the two benchmarks share them)."""
    if quick not in _MEASURED:
        long = QUICK_LONG_LINE if quick else LONG_LINE
        rounds, ticks = (QUICK_ROUNDS, QUICK_TICKS) if quick else (ROUNDS, TICKS)
        _MEASURED[quick] = (_measure(settings, SHORT_LINE, rounds, ticks),
                            _measure(settings, long, rounds, ticks))
    return _MEASURED[quick]


# ---------------------------------------------------------------- one console


@dataclass
class Bench:
    """A console on the screen, its core and what the measurement needs of it."""

    app: QApplication
    core: Core
    clock: ManualClock
    feed: FloorFeed
    view: Any  # ui.console.view.ConsoleView
    worked_on: str
    cells: list[int]

    def settle(self) -> None:
        for _ in range(3):
            self.view.runner.wait_idle()
            self.app.processEvents()


def _measure(settings: Settings, line: int, rounds: int, ticks: int) -> Figures:
    gc.disable()  # no collection on a worker thread while Qt objects are about
    try:
        with _console(settings, line) as bench:
            changes = [_applied(bench, visit) for visit in _changes(bench, rounds)]
            told, in_view = _rows_told(bench)
            bench.view.showMinimized()
            bench.app.processEvents()
            told_minimised, _ = _rows_told(bench)
            bench.view.showNormal()
            bench.settle()
            tick = statistics.median(_ticked(bench) for _ in range(ticks))
    finally:
        gc.collect()
        gc.enable()
    return Figures(line, len(changes), statistics.median(t for t, _ in changes),
                   statistics.median(c for _, c in changes), tick, told, in_view,
                   told_minimised)


@contextmanager
def _console(settings: Settings, line: int) -> Iterator[Bench]:
    """A signed-in console over ``line`` waiting, shown at its real size."""
    from ui.app import SIZES
    from ui.console.view import ConsoleView

    app = _application(settings)
    with sqlite_database() as url, _counting_cells() as cells:
        clock = ManualClock(START)
        core = build_core(database_url=url, settings=settings, clock=clock)
        runner = TaskRunner()
        feed = FloorFeed(core.visits, runner, interval_ms=_QUIET_MS)
        try:
            worked_on = _fill(core, clock, line)
            view = ConsoleView(core, runner, feed)
            view.resize(*SIZES["console"])
            view.show()
            bench = Bench(app, core, clock, feed, view, worked_on, cells)
            _sign_in(bench)
            yield bench
            view.close()
            view.deleteLater()
        finally:
            feed.stop()
            runner.shutdown(10_000)
            app.processEvents()
            core.close()


def _application(settings: Settings) -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["techbar-bench"])
    apply_theme(app, settings.kiosk.theme)
    return app


def _fill(core: Core, clock: ManualClock, line: int) -> str:
    """The visit being worked on (urgent: first in line), then ``line - 1`` walk-ins
    (every tenth with an appointment). Returns the first one's id."""
    worked_on = core.visits.check_in(name="Worked On", category="laptop",
                                     priority=Priority.URGENT)
    with progress_bar(f"console: {line:,} checking in", "visitors") as progress:
        for i in range(1, line):
            clock.advance(timedelta(milliseconds=100))
            core.visits.check_in(name=f"Visitor {i}", category=CATEGORIES[i % len(CATEGORIES)],
                                 priority=Priority.APPOINTMENT if i % 10 == 0 else
                                 Priority.NORMAL)
            if i % 100 == 0:
                progress(i, line)
    return worked_on.id


def _sign_in(bench: Bench) -> None:
    """Dana (three of the five categories: "My skills" filters the queue) on the visit
    worked on, selected, so an arrival never scrolls it away."""
    view, core = bench.view, bench.core
    while not bench.feed.is_loaded:
        bench.settle()
    dana = core.technicians.add(name="Dana", pin="1234", skills=SKILLS)
    view.sign_in_as(dana)
    view.queue.table.selectRow(0)
    bench.settle()
    if view.current is None or view.current.id != bench.worked_on:
        raise RuntimeError("the visit worked on is not the one selected")
    if not view.queue.skills_check.isChecked():
        raise RuntimeError("the queue is not filtered by the technician's skills")


# ---------------------------------------------------------------- changes and ticks


def _changes(bench: Bench, rounds: int) -> Iterator[Visit]:
    """Four real changes a round, each to a visit in view: a call, a move (the last one
    waiting in view made a VIP, or a VIP made normal again), a cancel (the visit called
    ends) and an arrival."""
    core, clock = bench.core, bench.clock
    for i in range(rounds):
        clock.advance(timedelta(seconds=5))
        waiting = _waiting_in_view(bench)
        called = core.visits.call(waiting[1].id, f"Bench {i}")
        yield called
        last = waiting[-1]
        yield core.floor.reprioritise(
            last.id, Priority.NORMAL if last.priority == Priority.VIP else Priority.VIP)
        yield core.visits.cancel(called.id, f"Bench {i}", "benchmark")
        yield core.visits.check_in(name=f"Arrival {i}", category="laptop")


def _waiting_in_view(bench: Bench) -> list[Visit]:
    table, proxy = bench.view.queue.table, bench.view.queue.proxy
    shown = [proxy.visit_at(r) for r in _rows_in_view(bench)]
    waiting = [v for v in shown if v.state is VisitState.WAITING and v.id != bench.worked_on]
    if len(waiting) < 3:
        raise RuntimeError(f"only {len(waiting)} waiting in view of {table.height()} px")
    return waiting


def _rows_in_view(bench: Bench) -> list[int]:
    """The rows whose cells the viewport shows (from the geometry, not the code measured)."""
    table = bench.view.queue.table
    proxy, area = table.model(), table.viewport().rect()
    return [r for r in range(proxy.rowCount())
            if table.visualRect(proxy.index(r, 0)).intersects(area)]


def _applied(bench: Bench, visit: Visit) -> tuple[float, int]:
    """Seconds to hand one changed visit to the window until it has repainted; cells."""
    bench.settle()
    bench.cells[0] = 0
    began = time.perf_counter()
    bench.feed.changed.emit((visit,))
    _repainted(bench)
    took = time.perf_counter() - began
    return took, bench.cells[0]


def _repainted(bench: Bench) -> None:
    """Until the window has no event left: the delayed layout of the rows, then the paint
    it asks for, are each an event of their own."""
    bench.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, _DRAIN_MS)


def _ticked(bench: Bench) -> float:
    """Seconds of one tick (the clock a second on), until the window has repainted."""
    bench.clock.advance(timedelta(seconds=1))
    bench.app.processEvents()
    began = time.perf_counter()
    bench.feed.ticked.emit()
    _repainted(bench)
    return time.perf_counter() - began


def _rows_told(bench: Bench) -> tuple[int, int]:
    """Rows one tick tells the views about (from the model's signals), and rows in view."""
    told: list[int] = []

    def count(first: _Index, last: _Index, *_roles: object) -> None:
        if is_tick(first, last):
            told.append(last.row() - first.row() + 1)

    model = bench.view.queue.model
    model.dataChanged.connect(count)
    try:
        bench.feed.ticked.emit()
        bench.app.processEvents()
    finally:
        model.dataChanged.disconnect(count)
    return sum(told), len(_rows_in_view(bench))


@contextmanager
def _counting_cells() -> Iterator[list[int]]:
    """Counts the cells the queue tables paint (their delegate's ``paint``)."""
    cells = [0]
    paint = ArrivalHighlighter.paint

    def counted(self: ArrivalHighlighter, painter: QPainter, option: QStyleOptionViewItem,
                index: _Index) -> None:
        cells[0] += 1
        paint(self, painter, option, index)

    ArrivalHighlighter.paint = counted  # type: ignore[method-assign]
    try:
        yield cells
    finally:
        ArrivalHighlighter.paint = paint  # type: ignore[method-assign]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


ONCE: tuple[Callable[[Settings, HasQuick], list[Result]], ...] = (
    console_change_handling, console_tick)
