"""Work under way at once on a thread pool, handed back as each piece ends.

The sync worker keeps its deliveries here: it submits claimed rows, tops up when
room frees, and reads each outcome (or error) as soon as that delivery has ended.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Ended(Generic[T, R]):
    """One piece of work that has ended.

    Attributes:
        item: what was submitted.
        outcome: what the work returned (None when it raised or never ran).
        error: what it raised, if anything.
    """

    item: T
    outcome: R | None
    error: BaseException | None = None


class InFlight(Generic[T, R]):
    """Calls of ``work(item, halt)`` on ``pool``, collected as they end.

    ``halt`` is an event that :meth:`halt` sets, and so does a call that raises: a call
    that has not started by then should return at once without doing anything (the
    sync worker returns None, "not attempted"). The pool's size bounds how many run at
    once; more may be queued. Used by one thread (the one that submits and collects).
    """

    def __init__(self, pool: Executor, work: Callable[[T, threading.Event], R]) -> None:
        self._pool = pool
        self._work = work
        self._halt = threading.Event()
        self._under_way: dict[Future[R], T] = {}

    def __len__(self) -> int:
        """Calls submitted that have not been collected yet (queued, running or ended)."""
        return len(self._under_way)

    def submit(self, items: Iterable[T]) -> None:
        for item in items:
            self._under_way[self._pool.submit(self._call, item)] = item

    def halt(self) -> None:
        """Tell the calls not yet started to do nothing."""
        self._halt.set()

    def _call(self, item: T) -> R:
        try:
            return self._work(item, self._halt)
        except BaseException:
            self._halt.set()  # at once, before the caller hears of it
            raise

    def ended(self, *, every: bool = False) -> list[Ended[T, R]]:
        """Wait until a call ends (every call with ``every``) and collect all that have."""
        if not self._under_way:
            return []
        done, _ = wait(self._under_way, return_when=ALL_COMPLETED if every else FIRST_COMPLETED)
        return [self._collect(future) for future in done]

    def _collect(self, future: Future[R]) -> Ended[T, R]:
        item = self._under_way.pop(future)
        if future.cancelled():
            return Ended(item, None)
        error = future.exception()
        return Ended(item, None, error) if error is not None else Ended(item, future.result())
