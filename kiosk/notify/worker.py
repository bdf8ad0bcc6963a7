"""The notification worker: claims due messages, checks each is still wanted, sends it.

Exactly once, as far as each channel allows: a row is claimed under a lease (SKIP LOCKED
on PostgreSQL), then marked "sending" in a committed transaction just before the send,
then marked "sent". A claim makes at most one attempt. A worker killed in between leaves
"sending"; once the lease is over, an e-mail is sent again with the same Message-ID (mail
systems take it as the same message), and any other channel is marked "unknown" and
never sent again. Just before sending, the visit is read again: nothing is sent once it
has ended, nor a "people ahead" message once the visitor is no longer waiting. All
database work is on the calling thread; ``run`` is meant for a process of its own
(``techbar notify``), never a GUI thread.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.nearby import CALLED
from kiosk.domain.visit import VisitState
from kiosk.notify.messages import Message, compose
from kiosk.notify.sending import Sender, SendFailed
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import VisitRow
from kiosk.sync.backoff import Backoff, RandomSource
from kiosk.sync.worker import SyncReport, default_worker_id

log = logging.getLogger(__name__)
#: Rows per claim. Messages are few (a handful a minute at a busy desk) and each is
#: checked again just before it is sent, so one at a time keeps leases short: a row a
#: killed worker held is free again within seconds.
BATCH = 1
#: Per row of a batch: room for the slowest channel (Teams makes four calls).
CALLS_PER_ROW = 4


#: What one round (or a whole drain) did: the sync worker's counts, read the same way
#: (sent, retried, failed, skipped: the visit ended or moved on, released: given back).
NotifyReport = SyncReport


@dataclass(frozen=True)
class _Ready:
    """A row checked and marked "sending": what to send, and where."""

    channel: str
    address: str
    message: Message
    message_id: str
    attempts: int


class NotifyWorker:
    """Drains the notifications outbox through the configured senders."""

    def __init__(self, db: Database, settings: Settings, clock: Clock,
                 senders: Mapping[str, Sender], *, worker_id: str | None = None,
                 rng: RandomSource | None = None, batch_size: int = BATCH) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.senders = dict(senders)
        self.worker_id = (worker_id or default_worker_id())[:64]
        self.batch_size = batch_size
        notify = settings.notify
        self._rng: RandomSource = rng if rng is not None else random.Random()
        self._backoff = Backoff(notify.base_delay_seconds, notify.max_delay_seconds)
        self._per_row = timedelta(seconds=CALLS_PER_ROW * notify.timeout_seconds)
        self._lease = batch_size * self._per_row + timedelta(seconds=2 * notify.timeout_seconds)

    def run_once(self) -> NotifyReport:
        """Claim one batch of due rows and try each once."""
        with UnitOfWork(self.db) as uow:
            now = self.clock.now()
            uow.notifications.abandoned(now)
            claimed = [(r.id, now + self._lease) for r in uow.notifications.claim_due(
                self.worker_id, now, self._lease, self.batch_size)]
            uow.commit()
        report = NotifyReport()
        for row_id, lease_ends in claimed:
            report += self._one(row_id, lease_ends)
        return report

    def drain(self) -> NotifyReport:
        """Rounds until nothing is due now."""
        total = NotifyReport()
        while True:
            report = self.run_once()
            total += report
            if report.claimed == 0 or report.claimed == report.released:
                return total

    def run(self, stop: threading.Event) -> None:
        """Until ``stop`` is set, resting ``notify.poll_seconds`` when idle; a failing round
        (database down) is logged and tried again after a rest."""
        log.info("notify worker %s started", self.worker_id)
        while not stop.is_set():
            try:
                report = self.run_once()
            except Exception as exc:  # noqa: BLE001 - keep the worker alive through outages
                log.warning("notify round failed (%s); trying again", type(exc).__name__)
                report = NotifyReport()
            if report.claimed == 0:
                stop.wait(self.settings.notify.poll_seconds)
        log.info("notify worker %s stopped", self.worker_id)

    # ------------------------------------------------------------ one row

    def _one(self, row_id: int, lease_ends: datetime) -> NotifyReport:
        if self.clock.now() + self._per_row > lease_ends:
            return self._finish(row_id, "", NotifyReport(released=1))
        ready = self._prepare(row_id)
        if isinstance(ready, NotifyReport):
            return ready
        try:
            self.senders[ready.channel].send(ready.address, ready.message, ready.message_id)
        except SendFailed as exc:
            return self._failed(row_id, ready, exc)
        except Exception as exc:  # a channel's bug must not stop the other rows
            log.exception("notification %d: the %s channel crashed", row_id, ready.channel)
            return self._failed(row_id, ready, SendFailed(
                f"unexpected {type(exc).__name__} in the channel", permanent=False))
        return self._finish(row_id, ready.message_id, NotifyReport(sent=1), status="sent",
                            last_error="", sent_at=self.clock.now())

    def _prepare(self, row_id: int) -> _Ready | NotifyReport:
        """Check the row is still wanted and mark it "sending" (one transaction)."""
        with UnitOfWork(self.db) as uow:
            row = uow.notifications.get(row_id)
            if row is None or row.claimed_by != self.worker_id:
                return NotifyReport(released=1)
            visit = uow.visits.get(row.visit_id)
            chosen = uow.notifications.subscription(row.visit_id)
            link = uow.links.for_visit(row.visit_id)
            skip = _unwanted(visit, row.threshold, chosen is not None)
            if skip is None and chosen is not None and chosen.channel not in self.senders:
                skip = f"the {chosen.channel} channel is not configured here"
            if skip is not None or visit is None or chosen is None:
                uow.notifications.finish(row_id, self.worker_id, status="skipped",
                                         last_error=skip or "")
                uow.commit()
                log.info("notification %d (visit %s) not sent: %s", row_id, row.visit_id, skip)
                return NotifyReport(skipped=1)
            if not uow.notifications.mark_sending(row_id, self.worker_id, chosen.channel):
                return NotifyReport(released=1)
            url = (f"{self.settings.web.public_url}/v/{link.token}"
                   if link is not None and self.settings.web.public_url else "")
            message = compose(visit.language, row.threshold, row.people_ahead,
                              visit.ticket_number, row.counter, url)
            ready = _Ready(chosen.channel, chosen.address, message,
                           f"techbar-{row_id}-{row.visit_id}", row.attempts + 1)
            uow.commit()
            return ready

    def _failed(self, row_id: int, ready: _Ready, exc: SendFailed) -> NotifyReport:
        if exc.permanent or ready.attempts >= self.settings.notify.max_attempts:
            reason = exc.reason if exc.permanent else (
                f"gave up after {ready.attempts} attempts: {exc.reason}")
            log.warning("notification %d: failed for good (%s)", row_id, exc.reason)
            return self._finish(row_id, ready.message_id, NotifyReport(failed=1),
                                status="failed", last_error=reason)
        delay = self._backoff.delay(ready.attempts, self._rng, exc.retry_after)
        log.info("notification %d: attempt %d failed (%s); next in %.1f s", row_id,
                 ready.attempts, exc.reason, delay)
        return self._finish(row_id, ready.message_id, NotifyReport(retried=1), status="pending",
                            last_error=exc.reason,
                            next_attempt_at=self.clock.now() + timedelta(seconds=delay))

    def _finish(self, row_id: int, message_id: str, report: NotifyReport,
                **values: object) -> NotifyReport:
        with UnitOfWork(self.db) as uow:
            kept = uow.notifications.finish(row_id, self.worker_id, **values)
            uow.commit()
        if not kept:
            log.warning("notification %d: lease lost before the outcome was recorded", row_id)
            return NotifyReport(released=1)
        if report.sent:
            log.info("notification %d sent (%s)", row_id, message_id)
        return report


def _unwanted(visit: VisitRow | None, threshold: int | None, subscribed: bool) -> str | None:
    """Why a message must not be sent now (None: send it)."""
    if visit is None:
        return "the visit no longer exists"
    if visit.ended_at is not None:
        return "the visit has ended"
    if not subscribed:
        return "the visitor chose the page only"
    if threshold is not None and threshold != CALLED and visit.state != VisitState.WAITING.value:
        return "the visitor is no longer waiting"
    return None

