"""The outbox worker: claims due rows, sends each visit, records what happened.

A worker keeps up to ``[sync] in_flight`` deliveries under way at once, each on a
thread of its pool with the adapter's HTTP session for that thread. The pool threads
only send: the calling thread claims rows, reads their visits and records every
outcome, so the database is used from one thread and its lock is taken once for
several outcomes. A visit is in one delivery at a time, because rows are claimed
under a lease that one worker holds.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import random
import socket
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.config.ticketing import MAX_IN_FLIGHT
from kiosk.domain.text import printable_line
from kiosk.domain.tickets import safe_ticket_id, safe_ticket_url
from kiosk.domain.visit import Visit
from kiosk.store import Database, UnitOfWork
from kiosk.sync.backoff import Backoff, RandomSource
from kiosk.sync.delivery import Delivery, PermanentError, TicketingAdapter, TransientError
from kiosk.sync.factory import delivery_limits
from kiosk.sync.inflight import Ended, InFlight
from kiosk.sync.payload import Satisfaction, build_payload, load_visits

log = logging.getLogger(__name__)
DEFAULT_BATCH = 10
#: A round claims enough rows to fill every delivery slot this many times over.
WAVES_PER_ROUND = 4
#: The next round is claimed when this many waves of deliveries are left to end (one
#: running, one waiting), so the slots never wait for the claim.
AHEAD = 2
LEASE_GRACE_SECONDS = 30.0
#: How long past its timeout a delivery may take to end (the deadline timer, closing).
DEADLINE_SLACK_SECONDS = 2.0
MAX_REASON = 1000


@dataclass(frozen=True)
class SyncReport:
    """What one round (or a whole drain) did.

    Attributes:
        sent: delivered and recorded with the external ticket id.
        retried: failed for now; a later attempt is scheduled.
        failed: stopped for good (permanent error or too many attempts).
        skipped: not sent because its final state is not in ``sync.send_final_states``.
        released: claimed but given back unsent (stopping, or the lease was lost).
    """

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped + self.released

    def __add__(self, other: SyncReport) -> SyncReport:
        return SyncReport(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                             for f in fields(self)})


@dataclass(frozen=True)
class _Claim:
    outbox_id: int
    visit_id: str
    attempts: int
    #: When this worker's lease on the row ends: no delivery starts that could outlive it.
    lease_ends: datetime
    #: The visit and its survey answer, read in the claiming transaction (None: gone).
    loaded: tuple[Visit, Satisfaction | None] | None


@dataclass(frozen=True)
class _Outcome:
    """One attempt, to record: its count in the report and the outbox row's new values."""

    claim: _Claim
    report: SyncReport
    values: dict[str, object]


@dataclass
class _Tally:
    """What the deliveries of one call have come to so far."""

    report: SyncReport = SyncReport()
    #: Attempts that have ended, not recorded yet.
    outcomes: list[_Outcome] = field(default_factory=list)
    #: Rows not attempted (or whose attempt raised): to give back.
    unsent: list[_Claim] = field(default_factory=list)
    error: BaseException | None = None

    @property
    def clean(self) -> bool:
        """Nothing given back and nothing raised: more rows may be claimed."""
        return not self.unsent and self.error is None

    def add(self, ended: list[Ended[_Claim, _Outcome | None]]) -> None:
        for one in ended:
            if one.outcome is None:
                self.unsent.append(one.item)
            else:
                self.outcomes.append(one.outcome)
            self.error = self.error or one.error

    def take(self) -> list[_Outcome]:
        """The outcomes to record now (each is handed out once)."""
        taken, self.outcomes = self.outcomes, []
        return taken

    def result(self) -> SyncReport:
        if self.error is not None:
            raise self.error
        return self.report


def default_worker_id() -> str:
    """``host:pid:random``, unique enough to tell leases apart (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SyncWorker:
    """Drains the outbox through one adapter.

    Several workers (threads, processes, machines) may run on one database: a row is
    leased to one worker at a time (SKIP LOCKED on PostgreSQL, the write lock on
    SQLite), and each transaction uses its own session in the calling thread. Within
    a worker, up to ``settings.sync.in_flight`` claimed rows are sent at once on a
    thread pool; the adapter must be safe to share between threads (every adapter
    here keeps one HTTP session per thread).

    Args:
        db: the database.
        adapter: where visits go.
        settings: backoff, deliveries in flight, the active backend's attempts and
            timeout (the lease), the final states to send and the site's categories
            for the payload.
        clock: the time used for leases and schedules.
        worker_id: the lease owner's name (default: host, pid and a random suffix).
        rng: jitter source (a seeded ``random.Random`` in tests).
        batch_size: rows claimed per round (default: enough to fill every delivery
            slot :data:`WAVES_PER_ROUND` times, and at least :data:`DEFAULT_BATCH`).
    """

    def __init__(self, db: Database, adapter: TicketingAdapter, settings: Settings,
                 clock: Clock, *, worker_id: str | None = None,
                 rng: RandomSource | None = None, batch_size: int | None = None) -> None:
        self.in_flight = settings.sync.in_flight
        if not 1 <= self.in_flight <= MAX_IN_FLIGHT:
            raise ValueError(f"sync.in_flight must be from 1 to {MAX_IN_FLIGHT}")
        if batch_size is None:
            batch_size = max(DEFAULT_BATCH, WAVES_PER_ROUND * self.in_flight)
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.db = db
        self.adapter = adapter
        self.settings = settings
        self.clock = clock
        self.worker_id = (worker_id or default_worker_id())[:64]
        self.batch_size = batch_size
        self._rng: RandomSource = rng if rng is not None else random.Random()
        self._backoff = Backoff.from_settings(settings.sync)
        timeout, self.max_attempts = delivery_limits(settings)
        self._delivery = timedelta(seconds=timeout + DEADLINE_SLACK_SECONDS)
        # A batch is claimed while up to AHEAD waves of deliveries are still to end; its
        # last wave starts once they and its own earlier waves have ended.
        waves = math.ceil(batch_size / self.in_flight) + AHEAD
        self._lease = timedelta(seconds=waves * timeout + LEASE_GRACE_SECONDS)

    def run_once(self, *, due_by: datetime | None = None,
                 stop: threading.Event | None = None) -> SyncReport:
        """Claim up to ``batch_size`` due rows and try each once, ``in_flight`` at a time.

        Args:
            due_by: only rows due by then (default: now).
            stop: when set, rows not yet sent are given back for others to take (those
                under way end first, each within its timeout).
        """
        with self._pool() as pool:
            return self._deliver(pool, due_by, stop, claims=1)

    def drain(self) -> SyncReport:
        """Try every row due now exactly once (rescheduled rows wait for a later drain)."""
        cutoff = self.clock.now()
        total = SyncReport()
        with self._pool() as pool:
            while True:
                report = self._deliver(pool, cutoff, None)
                total += report
                # Rows given back as a lease ran out are claimed again, with a new lease,
                # as long as the others went somewhere.
                if report.released in (0, report.claimed):
                    return total

    def run(self, stop: threading.Event) -> None:
        """Drain continuously until ``stop`` is set, resting ``sync.poll_seconds`` when idle.

        A failing round (database down, say) is logged and tried again after a rest.
        """
        log.info("sync worker %s started (%d in flight)", self.worker_id, self.in_flight)
        with self._pool() as pool:
            while not stop.is_set():
                try:
                    report = self._deliver(pool, None, stop)
                except Exception as exc:  # noqa: BLE001 - keep the worker alive through outages
                    log.warning("sync round failed (%s: %s); trying again in %g s",
                                type(exc).__name__,
                                str(exc).splitlines()[0][:200] if str(exc) else "",
                                self.settings.sync.poll_seconds)
                    report = SyncReport()
                if report.claimed == 0:
                    stop.wait(self.settings.sync.poll_seconds)
        log.info("sync worker %s stopped", self.worker_id)

    # ------------------------------------------------------------ rows in flight

    @contextlib.contextmanager
    def _pool(self) -> Iterator[ThreadPoolExecutor]:
        """The delivery threads of one call; they end with it."""
        pool = ThreadPoolExecutor(self.in_flight, thread_name_prefix="sync-delivery")
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _deliver(self, pool: ThreadPoolExecutor, due_by: datetime | None,
                 stop: threading.Event | None, *, claims: int | None = None) -> SyncReport:
        """Claim batches and deliver them on ``pool``, ``in_flight`` at a time.

        The next batch is claimed while :data:`AHEAD` waves of deliveries are still to
        end, so no delivery slot waits for a round to end. Claiming stops after ``claims``
        batches, when a claim finds nothing due, when a row had to be given back (the
        lease ending, or ``stop``), or at the first error (the database gone, say);
        deliveries not yet started then stay unsent. Outcomes are recorded as their
        deliveries end, those that ended together in one transaction. Every delivery
        has ended when this returns or raises (Ctrl+C included): a row is given back
        only once it cannot be under way here any more.

        Raises:
            Exception: the first error a delivery raised, once the rest have ended and
                the unsent rows are given back.
        """
        flight: InFlight[_Claim, _Outcome | None] = InFlight(
            pool, lambda claim, halt: self._attempt(claim, halt, stop))
        tally = _Tally()
        left = math.inf if claims is None else claims
        try:
            while True:
                if left and len(flight) <= AHEAD * self.in_flight and tally.clean:
                    batch = self._claim(due_by)
                    flight.submit(batch)
                    left = left - 1 if batch else 0
                if not len(flight):
                    break
                tally.add(flight.ended())
                tally.report += self._record(tally.take())
                if not tally.clean or (stop is not None and stop.is_set()):
                    left = 0
                    flight.halt()
        finally:
            flight.halt()
            tally.add(flight.ended(every=True))
            tally.report += self._record(tally.take()) + self._release(tally.unsent)
        return tally.result()

    def _attempt(self, claim: _Claim, halt: threading.Event,
                 stop: threading.Event | None) -> _Outcome | None:
        """Deliver one claimed row (on a pool thread); None when it must stay unsent."""
        if halt.is_set() or (stop is not None and stop.is_set()):
            return None
        if self.clock.now() + self._delivery > claim.lease_ends:
            log.info("visit %s: lease ending; given back unsent", claim.visit_id)
            return None
        return self._process(claim)

    # ------------------------------------------------------------ one row

    def _claim(self, due_by: datetime | None) -> list[_Claim]:
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            rows = uow.outbox.claim_due(self.worker_id, now, self._lease, self.batch_size,
                                        due_by=due_by)
            loaded = load_visits(uow, [r.visit_id for r in rows])
            claims = [_Claim(r.id, r.visit_id, r.attempts, now + self._lease,
                             loaded.get(r.visit_id)) for r in rows]
            uow.commit()
        return claims

    def _process(self, claim: _Claim) -> _Outcome:
        """Send one visit (on a pool thread) and say what to record; no database here."""
        if claim.loaded is None:
            return self._fail(claim, "the visit no longer exists")
        visit, satisfaction = claim.loaded
        if visit.state.value not in self.settings.sync.send_final_states:
            reason = f"not sent: '{visit.state.value}' is not in sync.send_final_states"
            return _Outcome(claim, SyncReport(skipped=1), {"status": "skipped",
                                                           "last_error": reason})
        try:
            payload = build_payload(visit, self.settings, satisfaction=satisfaction)
        except ValueError as exc:
            return self._fail(claim, str(exc))
        try:
            delivery = self.adapter.send(payload)
        except TransientError as exc:
            return self._retry(claim, exc.reason, exc.retry_after)
        except PermanentError as exc:
            return self._fail(claim, exc.reason)
        except Exception as exc:  # an adapter bug must not stop the other rows
            log.exception("visit %s: the adapter crashed", claim.visit_id)
            return self._retry(claim, f"unexpected {type(exc).__name__} in the adapter", None)
        return self._sent(claim, delivery)

    def _sent(self, claim: _Claim, delivery: Delivery) -> _Outcome:
        ticket = safe_ticket_id(delivery.external_id)
        log.info("visit %s delivered (ticket %s)", claim.visit_id, ticket or "?")
        if delivery.external_id and not ticket:
            log.warning("visit %s: the ticket id is not one line of text; not stored",
                        claim.visit_id)
        url = safe_ticket_url(delivery.external_url)
        if delivery.external_url and not url:
            log.warning("visit %s: the ticket link is not an http(s) URL; not stored",
                        claim.visit_id)
        return _Outcome(claim, SyncReport(sent=1), {
            "status": "sent", "attempts": claim.attempts + 1, "last_error": "",
            "sent_at": self.clock.now(), "external_id": ticket, "external_url": url})

    def _retry(self, claim: _Claim, reason: str, retry_after: float | None) -> _Outcome:
        reason = printable_line(reason, MAX_REASON)  # it may quote the server's answer
        attempts = claim.attempts + 1
        if attempts >= self.max_attempts:
            return self._fail(claim, f"gave up after {attempts} attempts: {reason}")
        delay = self._backoff.delay(attempts, self._rng, retry_after)
        log.info("visit %s: attempt %d failed (%s); next in %.1f s",
                 claim.visit_id, attempts, _summary(reason), delay)
        return _Outcome(claim, SyncReport(retried=1), {
            "status": "pending", "attempts": attempts, "last_error": reason,
            "next_attempt_at": self.clock.now() + timedelta(seconds=delay)})

    def _fail(self, claim: _Claim, reason: str) -> _Outcome:
        reason = printable_line(reason, MAX_REASON)
        log.warning("visit %s: delivery failed for good (%s)", claim.visit_id, _summary(reason))
        return _Outcome(claim, SyncReport(failed=1), {
            "status": "failed", "attempts": claim.attempts + 1, "last_error": reason})

    def _record(self, outcomes: list[_Outcome]) -> SyncReport:
        """Record attempts in one transaction; a row whose lease was lost counts as released."""
        if not outcomes:
            return SyncReport()
        with UnitOfWork(self.db) as uow:
            kept = [uow.outbox.finish(o.claim.outbox_id, self.worker_id, **o.values)
                    for o in outcomes]
            uow.commit()
        report = SyncReport()
        for outcome, recorded in zip(outcomes, kept, strict=True):
            if not recorded:
                log.warning("visit %s: lease lost before the outcome was recorded",
                            outcome.claim.visit_id)
            report += outcome.report if recorded else SyncReport(released=1)
        return report

    def _release(self, claims: list[_Claim]) -> SyncReport:
        if not claims:
            return SyncReport()
        with UnitOfWork(self.db) as uow:
            for claim in claims:
                uow.outbox.release(claim.outbox_id, self.worker_id)
            uow.commit()
        return SyncReport(released=len(claims))


def _summary(reason: str) -> str:
    """The reason's head ('HTTP 503 Service Unavailable'), without any echoed body text."""
    return reason.split(":", 1)[0][:80]
