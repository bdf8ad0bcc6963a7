"""The public page's summary of the floor, read once per change for every open page.

:func:`read_summary` reads what the public page shows (open or closed, today's hours, how
many are waiting, a newcomer's wait per category, the active notices) from the core; no
name, e-mail, description or ticket is ever part of it.

:class:`PublicFeed` keeps the newest summary. While anyone follows the page live (a
Server-Sent Events stream), one watcher thread, started with the first stream, blocks on
the core's change waiter and reads the summary again after every change and every
``refresh_s`` (waits move with time, opening hours begin and end); every stream is handed
the same summary, and the texts of each language are made once per summary. Without live
pages, a page load reads at most once per :data:`CACHE_SECONDS`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.app.notices import Notice
from kiosk.bootstrap import Core
from kiosk.config.hours import Span
from kiosk.domain.estimate import WaitEstimate
from kiosk.errors import KioskError
from kiosk.store.notify import ChangeWaiter

log = logging.getLogger(__name__)

#: How long a summary read for a page load serves others while no watcher runs.
CACHE_SECONDS = 5.0
REFRESH_SECONDS = 15.0
#: After a failed read, how long the watcher waits before reading again.
RETRY_SECONDS = 2.0


@dataclass(frozen=True)
class PublicSummary:
    """What the public page shows, for everyone alike."""

    open: bool
    hours: Span | None
    waiting: int
    waits: tuple[tuple[str, WaitEstimate], ...]
    notices: tuple[Notice, ...]


def read_summary(core: Core) -> PublicSummary:
    """The floor now: one forecast of the line and one read of the notices."""
    settings = core.settings
    local = core.clock.now() + settings.utc_offset
    forecast = core.visits.line_forecast()
    hours = settings.web.opening_hours
    return PublicSummary(
        open=hours.is_open(local), hours=hours.on(local), waiting=len(forecast.visits),
        waits=tuple((c.id, forecast.newcomers[c.id]) for c in settings.categories
                    if c.id in forecast.newcomers),
        notices=tuple(core.notices.active()))


@dataclass(eq=False)
class Follower:
    """One live page: the queue its stream reads (newest ``(version, summary)``)."""

    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[tuple[int, PublicSummary]] = field(default_factory=asyncio.Queue)

    def put(self, update: tuple[int, PublicSummary]) -> None:
        with contextlib.suppress(RuntimeError):  # a closed loop: the stream is gone
            self.loop.call_soon_threadsafe(self.queue.put_nowait, update)


class PublicFeed:
    """The newest summary, its texts per language, and the thread that keeps it fresh."""

    def __init__(self, read: Callable[[], PublicSummary],
                 waiter_factory: Callable[[], ChangeWaiter], *,
                 refresh_s: float = REFRESH_SECONDS) -> None:
        self._read = read
        self._waiter_factory = waiter_factory
        self.refresh_s = refresh_s
        self._lock = threading.Lock()
        self._reading = threading.Lock()
        self._followers: set[Follower] = set()
        self._current: tuple[int, PublicSummary] | None = None
        self._read_at = 0.0
        self._live = False  # the watcher keeps _current up to date
        self._texts: dict[tuple[int, str], object] = {}
        self._stop = threading.Event()
        self._waiter: ChangeWaiter | None = None
        self._thread: threading.Thread | None = None
        self.reads = 0

    @property
    def followers(self) -> int:
        with self._lock:
            return len(self._followers)

    def summary(self) -> tuple[int, PublicSummary]:
        """The newest summary and its version (read now when none is fresh)."""
        with self._lock:
            if self._fresh():
                assert self._current is not None
                return self._current
        with self._reading:  # one read for every page loaded at the same moment
            with self._lock:
                if self._fresh():
                    assert self._current is not None
                    return self._current
            return self._store(self._read())

    def texts(self, version: int, language: str, make: Callable[[], object]) -> object:
        """``make()`` once per summary version and language, then the kept result."""
        key = (version, language)
        with self._lock:
            if key in self._texts:
                return self._texts[key]
        made = make()
        with self._lock:
            self._texts = {k: v for k, v in self._texts.items() if k[0] >= version}
            self._texts[key] = made
        return made

    def follow(self) -> Follower:
        """A new live page (on the running event loop); starts the watcher if needed."""
        follower = Follower(asyncio.get_running_loop())
        with self._lock:
            self._followers.add(follower)
            if self._thread is None and not self._stop.is_set():
                self._waiter = self._waiter_factory()
                self._thread = threading.Thread(target=self._run, name="techbar-public-feed",
                                                daemon=True)
                self._thread.start()
        return follower

    def unfollow(self, follower: Follower) -> None:
        with self._lock:
            self._followers.discard(follower)

    def stop(self) -> None:
        """End the watcher (the app is shutting down)."""
        self._stop.set()
        with self._lock:
            waiter, thread = self._waiter, self._thread
        if waiter is not None:
            waiter.close()
        if thread is not None:
            thread.join(timeout=10)

    def publish(self) -> None:
        """Read the summary now; hand it to every live page when it changed."""
        summary = self._read()
        with self._reading:
            update = self._store(summary, live=True)
        with self._lock:
            followers = list(self._followers)
        for follower in followers:
            follower.put(update)

    def _fresh(self) -> bool:
        return self._current is not None and (
            self._live or time.monotonic() - self._read_at < CACHE_SECONDS)

    def _store(self, summary: PublicSummary, *, live: bool = False) -> tuple[int, PublicSummary]:
        with self._lock:
            self.reads += 1
            self._read_at = time.monotonic()
            self._live = live
            if self._current is None or self._current[1] != summary:
                self._current = ((self._current[0] + 1) if self._current else 1, summary)
            return self._current

    def _run(self) -> None:
        assert self._waiter is not None
        waiter = self._waiter
        self._safely(self.publish)
        while not self._stop.is_set():
            try:
                waiter.wait(self.refresh_s)
            except Exception:  # the watcher must outlive any failure
                log.warning("public page: the change waiter failed; polling", exc_info=True)
                self._stop.wait(RETRY_SECONDS)
            if self._stop.is_set():
                break
            with self._lock:
                watched = bool(self._followers)
                self._live = self._live and watched
            if watched:
                self._safely(self.publish)

    def _safely(self, read: Callable[[], None]) -> None:
        try:
            read()
            return
        except KioskError as exc:
            log.warning("public page: reading failed (%s); retrying", type(exc).__name__)
        except Exception:  # the watcher must outlive any failure
            log.exception("public page: reading failed; retrying")
        with self._lock:
            self._live = False
        self._stop.wait(RETRY_SECONDS)
