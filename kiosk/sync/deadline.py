"""A wall-clock deadline for one delivery, and the size cap of every answer.

``requests`` gives each socket operation a timeout, not a request: a server that
trickles a byte a second, in its headers or its body, never trips it. Here every
connection an adapter uses registers its socket with the delivery's :class:`Deadline`,
which shuts those sockets down when the time is up, ending any blocked read or write at
once. One watchdog thread per process keeps every deadline (a timer thread per call
would cost a thread start on every delivery, several at once with ``in_flight``). The
body is read in pieces and refused past :data:`MAX_ANSWER_BYTES` once decoded, so
neither an endless body nor a gzip bomb can grow the worker.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

#: The most an answer may hold once decoded; tickets' answers are a few kilobytes.
MAX_ANSWER_BYTES = 4 * 1024 * 1024
_CHUNK = 64 * 1024
_current = threading.local()


class AnswerTooLarge(Exception):
    """The answer's decoded body passed :data:`MAX_ANSWER_BYTES`."""


class Deadline:
    """Ends every connection registered with it when ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.ends_at = time.monotonic() + max(seconds, 0.0)
        self.expired = False
        self.ended = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def left(self) -> float:
        return self.ends_at - time.monotonic()

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    @contextlib.contextmanager
    def running(self) -> Iterator[Deadline]:
        """Arm the timer for the calls made by this thread inside the block."""
        previous = getattr(_current, "deadline", None)
        _current.deadline = self
        _WATCHDOG.keep(self)
        try:
            yield self
        finally:
            _current.deadline = previous
            with self._lock:
                self.ended = True
                self._sockets.clear()

    def _expire(self) -> None:
        with self._lock:
            if self.ended:  # the calls ended just in time
                return
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)


class _Watchdog:
    """A daemon thread that expires each running :class:`Deadline` when its time is up."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._due: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def keep(self, deadline: Deadline) -> None:
        with self._changed:
            heapq.heappush(self._due, (deadline.ends_at, next(self._order), deadline))
            if self._thread is None or not self._thread.is_alive():  # first use, or forked
                self._thread = threading.Thread(target=self._run, name="sync-deadlines",
                                                daemon=True)
                self._thread.start()
            elif self._due[0][2] is deadline:  # sooner than any other: wake up for it
                self._changed.notify()

    def _run(self) -> None:
        while True:
            for deadline in self._next_expired():
                deadline._expire()

    def _next_expired(self) -> list[Deadline]:
        """Wait until a deadline that has not ended is due; every such one due by then."""
        with self._changed:
            while True:
                while self._due and self._due[0][2].ended:
                    heapq.heappop(self._due)
                left = self._due[0][0] - time.monotonic() if self._due else None
                if left is not None and left <= 0:
                    break
                self._changed.wait(left)
            now = time.monotonic()
            due = []
            while self._due and self._due[0][0] <= now:
                due.append(heapq.heappop(self._due)[2])
            return due


_WATCHDOG = _Watchdog()


def read_capped(raw: Any, limit: int = MAX_ANSWER_BYTES) -> bytes:
    """The decoded body of a streamed urllib3 response, refused past ``limit`` bytes.

    Raises:
        AnswerTooLarge: the body (after gzip/deflate decoding) is longer than ``limit``.
    """
    body = bytearray()
    for piece in raw.stream(_CHUNK, decode_content=True):
        body += piece
        if len(body) > limit:
            raise AnswerTooLarge(f"the answer is larger than {limit // (1024 * 1024)} MiB")
    return bytes(body)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _register(connection: HTTPConnection) -> None:
    deadline: Deadline | None = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(connection.sock)


class _WatchedHTTP(HTTPConnection):
    """A connection whose socket the current :class:`Deadline` may shut down."""

    def connect(self) -> None:
        super().connect()
        _register(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)
        super().request(*args, **kwargs)


class _WatchedHTTPS(_WatchedHTTP, HTTPSConnection):
    """The same for TLS (the method order puts the watching around HTTPS's connect)."""


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTP


class _WatchedTLSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPS


class DeadlineAdapter(HTTPAdapter):
    """``requests``' adapter whose direct connections obey the current :class:`Deadline`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager


_POOLS = {"http": _WatchedPool, "https": _WatchedTLSPool}
