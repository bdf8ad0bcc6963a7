"""One watcher thread per web process that keeps every open status page up to date.

Every live page (a Server-Sent Events stream) subscribes its token to the
:class:`StatusHub`. The hub's one thread blocks on the core's change waiter
(``visits.change_waiter()``: NOTIFY on PostgreSQL, ``data_version`` on SQLite), reads
``changes_since`` when woken, and when the floor changed (a visit, a technician: both
move the waits) reads the status of every token
subscribed, in one read and one forecast of the line (``status.statuses``), and hands
each page's stream what changed. However many pages are open, the database sees one
reader. A slow poll (:data:`REFRESH_SECONDS`) also refreshes the waits, which move with
time and with technicians signing in, and covers a lost notification.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from kiosk.app.status import StatusService, VisitStatus
from kiosk.app.visits import VisitService
from kiosk.errors import KioskError
from kiosk.store.notify import ChangeWaiter

log = logging.getLogger(__name__)

REFRESH_SECONDS = 15.0
#: After a failed read, how long the watcher waits before reading again.
RETRY_SECONDS = 2.0
#: What a page's queue gets when its token is gone (expired, or unknown).
GONE = None
Update = VisitStatus | None
_T = TypeVar("_T")


@dataclass(eq=False)
class Subscription:
    """One live page: its token and the queue its stream reads, on its event loop."""

    token: str
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Update] = field(default_factory=asyncio.Queue)

    def put(self, update: Update) -> None:
        """Hand ``update`` to the stream (called from the watcher thread)."""
        with contextlib.suppress(RuntimeError):  # a closed loop: the stream is gone
            self.loop.call_soon_threadsafe(self.queue.put_nowait, update)


class StatusHub:
    """Subscriptions by token, and the one thread that reads for all of them."""

    def __init__(self, status: StatusService, visits: VisitService, *,
                 refresh_s: float = REFRESH_SECONDS,
                 waiter_factory: Callable[[], ChangeWaiter] | None = None) -> None:
        self.status = status
        self.visits = visits
        self.refresh_s = refresh_s
        self._waiter_factory = waiter_factory or visits.change_waiter
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[Subscription]] = {}
        self._last: dict[str, Update] = {}
        self._stop = threading.Event()
        self._waiter: ChangeWaiter | None = None
        self._thread: threading.Thread | None = None
        self.reads = 0

    @property
    def streams(self) -> int:
        """How many pages are subscribed now."""
        with self._lock:
            return sum(len(s) for s in self._subscribers.values())

    def start(self) -> None:
        """Start the watcher thread (once)."""
        if self._thread is not None:
            return
        self._waiter = self._waiter_factory()
        self._thread = threading.Thread(target=self._run, name="techbar-web-hub", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the watcher: close the waiter (ends a wait in progress) and join the thread."""
        self._stop.set()
        if self._waiter is not None:
            self._waiter.close()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def subscribe(self, token: str, first: VisitStatus) -> Subscription:
        """A new live page of ``token``, which has just been shown ``first``."""
        subscription = Subscription(token, asyncio.get_running_loop())
        with self._lock:
            self._subscribers.setdefault(token, set()).add(subscription)
            self._last.setdefault(token, first)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            pages = self._subscribers.get(subscription.token)
            if pages is None:
                return
            pages.discard(subscription)
            if not pages:
                del self._subscribers[subscription.token]
                self._last.pop(subscription.token, None)

    def publish(self) -> int:
        """Read every subscribed token's status now and hand on what changed; how many
        pages were handed something."""
        with self._lock:
            tokens = list(self._subscribers)
        if not tokens:
            return 0
        found = self.status.statuses(tokens)
        self.reads += 1
        handed = 0
        with self._lock:
            for token in tokens:
                update = found.get(token, GONE)
                if token not in self._subscribers or self._last.get(token) == update:
                    continue
                self._last[token] = update
                for subscription in self._subscribers[token]:
                    subscription.put(update)
                    handed += 1
        return handed

    def _run(self) -> None:
        seq = self._read_safely(self.visits.latest_change, 0)
        while not self._stop.is_set():
            assert self._waiter is not None
            woke = self._wait(self._waiter)
            if self._stop.is_set():
                break
            if woke:
                batch = self._read_safely(partial(self.visits.changes_since, seq), None)
                if batch is None:
                    continue
                if batch.latest == seq:
                    continue  # a spurious wake
                seq = batch.latest
            self._read_safely(self.publish, 0)

    def _wait(self, waiter: ChangeWaiter) -> bool:
        try:
            return waiter.wait(self.refresh_s)
        except Exception:  # the watcher must outlive any failure
            log.warning("status pages: the change waiter failed; polling", exc_info=True)
            self._stop.wait(RETRY_SECONDS)
            return False

    def _read_safely(self, read: Callable[[], _T], failed: _T) -> _T:
        try:
            return read()
        except KioskError as exc:
            log.warning("status pages: reading failed (%s); retrying", type(exc).__name__)
        except Exception:  # the watcher must outlive any failure
            log.exception("status pages: reading failed; retrying")
        self._stop.wait(RETRY_SECONDS)
        return failed
