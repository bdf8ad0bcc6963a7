"""Many technicians, one line: call_next, check-in and the change feed under concurrency.

Every test runs on SQLite and on PostgreSQL (the ``db_url`` fixture); the
multi-process test needs PostgreSQL, where several stations share one database.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import DEFAULT_CONFIG, Settings, load_settings
from kiosk.domain.priority import Priority
from kiosk.domain.visit import VisitState
from kiosk.errors import NothingWaiting
from kiosk.store import Database, UnitOfWork
from tests.conftest import START

THREADS = 8
PROCESSES = 4
WAITING = 300
WAITING_FOR_PROCESSES = 200  # spawning costs ~1.5 s of CPU per process
JOIN_TIMEOUT = 60.0
CATEGORIES = ("laptop", "account", "mobile", "software", "pickup")

T = TypeVar("T")


def run_in_threads(work: Callable[[int], T], count: int) -> list[T]:
    """Run ``work(index)`` on ``count`` threads at once; re-raise the first failure."""
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def body(index: int) -> None:
        try:
            results[index] = work(index)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test thread
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,), name=f"worker-{i}")
               for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not [t.name for t in threads if t.is_alive()], "a worker thread hung"
    if errors:
        raise errors[0]
    return [results[i] for i in range(count)]


def fill_line(url: str, settings: Settings, count: int, kiosks: int = 1) -> list[str]:
    """``count`` waiting visits (every tenth an appointment), checked in by ``kiosks`` threads."""

    def kiosk(index: int) -> list[str]:
        db = Database(url)
        try:
            service = VisitService(db, settings, ManualClock(START))
            return [service.check_in(
                name=f"Visitor {i}", category=CATEGORIES[i % len(CATEGORIES)],
                priority=Priority.APPOINTMENT if i % 10 == 0 else Priority.NORMAL).id
                for i in range(index, count, kiosks)]
        finally:
            db.dispose()

    return [vid for ids in run_in_threads(kiosk, kiosks) for vid in ids]


def claim_until_empty(service: VisitService, technician: str) -> list[str]:
    """Call the next visit again and again until nobody is left; the ids claimed."""
    claimed: list[str] = []
    while True:
        try:
            claimed.append(service.call_next(technician, several=True).id)
        except NothingWaiting:
            return claimed


def assert_each_claimed_once(url: str, settings: Settings, expected: Sequence[str],
                             claims: dict[str, list[str]]) -> None:
    """Every visit taken by exactly one technician, and the store agrees who."""
    taken = [visit_id for ids in claims.values() for visit_id in ids]
    duplicates = [vid for vid, n in Counter(taken).items() if n > 1]
    assert not duplicates, f"{len(duplicates)} visits were claimed twice"
    assert set(taken) == set(expected), f"{len(set(expected) - set(taken))} visits never claimed"
    owner = {vid: tech for tech, ids in claims.items() for vid in ids}
    db = Database(url)
    try:
        with UnitOfWork(db, readonly=True) as uow:
            rows = {r.id: (r.state, r.technician) for r in uow.visits.by_ids(expected)}
            calls = {vid: [e.actor for e in events if e.action == "call"]
                     for vid, events in uow.visits.events_for(list(expected)).items()}
            waiting = uow.visits.count_by_state(settings.site_id).get("waiting", 0)
    finally:
        db.dispose()
    assert waiting == 0
    assert all(rows[vid] == (VisitState.CALLED.value, owner[vid]) for vid in expected)
    assert all(calls[vid] == [owner[vid]] for vid in expected)


# ---------------------------------------------------------------- call_next, threads


def test_threads_never_call_the_same_visit(db_url: str, settings: Settings) -> None:
    """Half the technicians share one engine (windows of one app), half have their own."""
    expected = fill_line(db_url, settings, WAITING)
    shared = Database(db_url)
    barrier = threading.Barrier(THREADS)

    def technician(index: int) -> list[str]:
        db = shared if index % 2 else Database(db_url)
        try:
            service = VisitService(db, settings, ManualClock(START))
            barrier.wait(JOIN_TIMEOUT)
            return claim_until_empty(service, f"tech-{index}")
        finally:
            if db is not shared:
                db.dispose()

    try:
        results = run_in_threads(technician, THREADS)
    finally:
        shared.dispose()
    claims = {f"tech-{i}": ids for i, ids in enumerate(results)}
    assert_each_claimed_once(db_url, settings, expected, claims)
    assert sum(1 for ids in results if ids) > 1, "only one technician got any work"


# ---------------------------------------------------------------- call_next, processes


def claim_in_process(url: str, technician: str, barrier: Any, out: str) -> None:
    """Run in a spawned process: claim until the line is empty, write the ids as JSON."""
    db = Database(url)
    try:
        service = VisitService(db, load_settings(DEFAULT_CONFIG, environ={}), ManualClock(START))
        service.latest_change()  # connect before the start line
        barrier.wait(JOIN_TIMEOUT)
        Path(out).write_text(json.dumps(claim_until_empty(service, technician)), "utf-8")
    finally:
        db.dispose()


@pytest.mark.postgres
def test_processes_never_call_the_same_visit(postgres_url: str, settings: Settings,
                                             tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES + 1)
    outputs = {f"station-{i}": tmp_path / f"station-{i}.json" for i in range(PROCESSES)}
    processes = [context.Process(target=claim_in_process, name=name,
                                 args=(postgres_url, name, barrier, str(out)))
                 for name, out in outputs.items()]
    for process in processes:
        process.start()
    try:
        expected = fill_line(postgres_url, settings, WAITING_FOR_PROCESSES)  # while they start
        barrier.wait(JOIN_TIMEOUT)
        for process in processes:
            process.join(JOIN_TIMEOUT)
    finally:
        hung = [p.name for p in processes if p.is_alive()]
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    assert not hung, f"processes hung: {hung}"
    assert [p.exitcode for p in processes] == [0] * PROCESSES
    claims = {name: json.loads(out.read_text("utf-8")) for name, out in outputs.items()}
    assert_each_claimed_once(postgres_url, settings, expected, claims)


# ---------------------------------------------------------------- check-in


def test_concurrent_check_ins_get_unique_ticket_numbers(db_url: str,
                                                        settings: Settings) -> None:
    per_thread = 20
    barrier = threading.Barrier(THREADS)

    def kiosk(index: int) -> list[tuple[str, str]]:
        db = Database(db_url)
        try:
            service = VisitService(db, settings, ManualClock(START))
            barrier.wait(JOIN_TIMEOUT)
            return [(v.id, v.ticket_number) for v in (
                service.check_in(name=f"Visitor {index}-{n}",
                                 category=CATEGORIES[(index + n) % len(CATEGORIES)])
                for n in range(per_thread))]
        finally:
            db.dispose()

    visits = [pair for batch in run_in_threads(kiosk, THREADS) for pair in batch]
    tickets = [ticket for _, ticket in visits]
    total = THREADS * per_thread
    assert len(set(tickets)) == total
    numbers = sorted(int(t.split("-")[1]) for t in tickets if re.fullmatch(r"[A-Z]+-\d{3,}", t))
    assert numbers == list(range(1, total + 1))
    db = Database(db_url)
    try:
        with UnitOfWork(db, readonly=True) as uow:
            stored = {r.id: r.ticket_number for r in uow.visits.all_for_site(settings.site_id)}
    finally:
        db.dispose()
    assert stored == dict(visits)


# ---------------------------------------------------------------- change feed


def test_change_feed_reader_misses_nothing(db_url: str, settings: Settings) -> None:
    writers, cycles = 4, 15
    written: list[str] = []
    finished = threading.Event()

    def technician(index: int) -> None:
        db = Database(db_url)
        try:
            service = VisitService(db, settings, ManualClock(START))
            name = f"tech-{index}"
            for n in range(cycles):
                written.append(service.check_in(name=f"Visitor {index}-{n}",
                                                category=CATEGORIES[n % len(CATEGORIES)]).id)
                visit = service.call_next(name)
                service.start(visit.id, name)
                service.resolve(visit.id, name, "fixed", f"cycle {n}")
        finally:
            db.dispose()

    def all_writers() -> None:
        try:
            run_in_threads(technician, writers)
        finally:
            finished.set()

    reader_db = Database(db_url)
    try:
        reader = VisitService(reader_db, settings, ManualClock(START))
        seen: dict[str, int] = {}
        going_back: list[str] = []
        errors: list[BaseException] = []

        def poll(seq: int) -> int:
            batch = reader.changes_since(seq, limit=50)
            assert batch.latest >= seq
            for visit in batch.visits:
                if visit.version < seen.get(visit.id, 0):
                    going_back.append(visit.id)
                seen[visit.id] = visit.version
            return batch.latest

        driver = threading.Thread(target=_capture(all_writers, errors), name="writers")
        driver.start()
        seq = 0
        while not finished.is_set():
            seq = poll(seq)
        driver.join(JOIN_TIMEOUT)
        assert not driver.is_alive()
        if errors:
            raise errors[0]
        while (after := poll(seq)) != seq:
            seq = after
        final = {v.id: v.version for v in (reader.get(vid) for vid in written)}
    finally:
        reader_db.dispose()

    assert len(written) == writers * cycles
    assert set(seen) == set(written)
    assert not going_back
    assert seen == final
    assert all(version == 4 for version in final.values())


def _capture(work: Callable[[], None], errors: list[BaseException]) -> Callable[[], None]:
    def body() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test thread
            errors.append(exc)

    return body
