"""The outbox worker: claims due rows, sends each visit, records what happened."""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import uuid
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.text import printable_line
from kiosk.domain.tickets import safe_ticket_id, safe_ticket_url
from kiosk.domain.visit import Visit
from kiosk.store import Database, UnitOfWork
from kiosk.sync.backoff import Backoff, RandomSource
from kiosk.sync.delivery import Delivery, PermanentError, TicketingAdapter, TransientError
from kiosk.sync.factory import delivery_limits
from kiosk.sync.payload import Satisfaction, build_payload, load_visit

log = logging.getLogger(__name__)
DEFAULT_BATCH = 10
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
    #: The visit and its survey answer, read in the claiming transaction (None: gone).
    loaded: tuple[Visit, Satisfaction | None] | None = None


def default_worker_id() -> str:
    """``host:pid:random``, unique enough to tell leases apart (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SyncWorker:
    """Drains the outbox through one adapter.

    Several workers (threads, processes, machines) may run on one database: a row is
    leased to one worker at a time (SKIP LOCKED on PostgreSQL, the write lock on
    SQLite), and each transaction uses its own session in the calling thread.

    Args:
        db: the database.
        adapter: where visits go.
        settings: backoff, the active backend's attempts and timeout (the lease), the
            final states to send and the site's categories for the payload.
        clock: the time used for leases and schedules.
        worker_id: the lease owner's name (default: host, pid and a random suffix).
        rng: jitter source (a seeded ``random.Random`` in tests).
        batch_size: rows claimed per round.
    """

    def __init__(self, db: Database, adapter: TicketingAdapter, settings: Settings,
                 clock: Clock, *, worker_id: str | None = None,
                 rng: RandomSource | None = None, batch_size: int = DEFAULT_BATCH) -> None:
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
        self._lease = timedelta(seconds=batch_size * timeout + LEASE_GRACE_SECONDS)

    def run_once(self, *, due_by: datetime | None = None,
                 stop: threading.Event | None = None) -> SyncReport:
        """Claim up to ``batch_size`` due rows and try each once.

        Args:
            due_by: only rows due by then (default: now).
            stop: when set, rows not yet sent are given back for others to take.
        """
        lease_ends = self.clock.now() + self._lease
        claims = self._claim(due_by)
        report = SyncReport()
        done = 0
        try:
            for claim in claims:
                if stop is not None and stop.is_set():
                    break
                if self.clock.now() + self._delivery > lease_ends:
                    log.info("lease ending: %d visit(s) given back unsent", len(claims) - done)
                    break
                report += self._process(claim)
                done += 1
        finally:
            report += self._release(claims[done:])
        return report

    def drain(self) -> SyncReport:
        """Try every row due now exactly once (rescheduled rows wait for a later drain)."""
        cutoff = self.clock.now()
        total = SyncReport()
        while True:
            report = self.run_once(due_by=cutoff)
            total += report
            if report.claimed == 0 or report.claimed == report.released:
                return total

    def run(self, stop: threading.Event) -> None:
        """Drain continuously until ``stop`` is set, resting ``sync.poll_seconds`` when idle.

        A failing round (database down, say) is logged and tried again after a rest.
        """
        log.info("sync worker %s started", self.worker_id)
        while not stop.is_set():
            try:
                report = self.run_once(stop=stop)
            except Exception as exc:  # noqa: BLE001 - keep the worker alive through outages
                log.warning("sync round failed (%s: %s); trying again in %g s",
                            type(exc).__name__, str(exc).splitlines()[0][:200] if str(exc) else "",
                            self.settings.sync.poll_seconds)
                report = SyncReport()
            if report.claimed == 0:
                stop.wait(self.settings.sync.poll_seconds)
        log.info("sync worker %s stopped", self.worker_id)

    # ------------------------------------------------------------ one row

    def _claim(self, due_by: datetime | None) -> list[_Claim]:
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            rows = uow.outbox.claim_due(self.worker_id, now, self._lease, self.batch_size,
                                        due_by=due_by)
            claims = [_Claim(r.id, r.visit_id, r.attempts, load_visit(uow, r.visit_id))
                      for r in rows]
            uow.commit()
        return claims

    def _process(self, claim: _Claim) -> SyncReport:
        if claim.loaded is None:
            return self._fail(claim, "the visit no longer exists")
        visit, satisfaction = claim.loaded
        if visit.state.value not in self.settings.sync.send_final_states:
            reason = f"not sent: '{visit.state.value}' is not in sync.send_final_states"
            return self._record(claim, SyncReport(skipped=1), status="skipped",
                                last_error=reason)
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

    def _sent(self, claim: _Claim, delivery: Delivery) -> SyncReport:
        ticket = safe_ticket_id(delivery.external_id)
        log.info("visit %s delivered (ticket %s)", claim.visit_id, ticket or "?")
        if delivery.external_id and not ticket:
            log.warning("visit %s: the ticket id is not one line of text; not stored",
                        claim.visit_id)
        url = safe_ticket_url(delivery.external_url)
        if delivery.external_url and not url:
            log.warning("visit %s: the ticket link is not an http(s) URL; not stored",
                        claim.visit_id)
        return self._record(claim, SyncReport(sent=1), status="sent",
                            attempts=claim.attempts + 1, last_error="",
                            sent_at=self.clock.now(), external_id=ticket, external_url=url)

    def _retry(self, claim: _Claim, reason: str, retry_after: float | None) -> SyncReport:
        reason = printable_line(reason, MAX_REASON)  # it may quote the server's answer
        attempts = claim.attempts + 1
        if attempts >= self.max_attempts:
            return self._fail(claim, f"gave up after {attempts} attempts: {reason}")
        delay = self._backoff.delay(attempts, self._rng, retry_after)
        log.info("visit %s: attempt %d failed (%s); next in %.1f s",
                 claim.visit_id, attempts, _summary(reason), delay)
        return self._record(claim, SyncReport(retried=1), status="pending", attempts=attempts,
                            last_error=reason,
                            next_attempt_at=self.clock.now() + timedelta(seconds=delay))

    def _fail(self, claim: _Claim, reason: str) -> SyncReport:
        reason = printable_line(reason, MAX_REASON)
        log.warning("visit %s: delivery failed for good (%s)", claim.visit_id, _summary(reason))
        return self._record(claim, SyncReport(failed=1), status="failed",
                            attempts=claim.attempts + 1, last_error=reason)

    def _record(self, claim: _Claim, outcome: SyncReport, **values: object) -> SyncReport:
        with UnitOfWork(self.db) as uow:
            kept = uow.outbox.finish(claim.outbox_id, self.worker_id, **values)
            uow.commit()
        if not kept:
            log.warning("visit %s: lease lost before the outcome was recorded", claim.visit_id)
            return SyncReport(released=1)
        return outcome

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
