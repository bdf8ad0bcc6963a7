"""When to try again: exponential backoff with jitter, and ``Retry-After`` parsing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

from kiosk.config import SyncSettings

#: The longest a server may postpone a visit by Retry-After (or a rate-limit reset).
MAX_RETRY_AFTER_SECONDS = 3600.0


class RandomSource(Protocol):
    """The part of :class:`random.Random` the backoff needs (injectable in tests)."""

    def random(self) -> float: ...


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with "equal jitter", capped, and never sooner than asked.

    The n-th failure waits ``min(cap, base * 2**(n-1))`` scaled by a random factor in
    ``[0.5, 1.0)``, so the delay is never zero and workers spread out. A server's
    ``Retry-After`` wins when it is longer.
    """

    base_seconds: float
    cap_seconds: float

    @classmethod
    def from_settings(cls, sync: SyncSettings) -> Backoff:
        return cls(sync.base_delay_seconds, sync.max_delay_seconds)

    def delay(self, failures: int, rng: RandomSource,
              retry_after: float | None = None) -> float:
        """Seconds to wait after ``failures`` consecutive failures (1 for the first)."""
        exponent = min(max(failures, 1) - 1, 60)
        ceiling = min(self.cap_seconds, self.base_seconds * 2.0 ** exponent)
        jittered = ceiling * (0.5 + 0.5 * rng.random())
        if retry_after is not None and retry_after > jittered:
            return min(retry_after, MAX_RETRY_AFTER_SECONDS)
        return jittered


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from ``now`` that a ``Retry-After`` header asks for.

    Accepts delta-seconds (``"120"``) or an HTTP date
    (``"Wed, 21 Oct 2026 07:28:00 GMT"``). Returns None when absent or unreadable;
    a date in the past gives 0.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():  # not "²" or "١٢", which float() refuses or reads
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)
