"""Backoff: exponential, jittered, capped, and never sooner than the server asked."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from kiosk.config import SyncSettings
from kiosk.sync.backoff import MAX_RETRY_AFTER_SECONDS, Backoff, parse_retry_after

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class FixedRandom:
    """A jitter source that always answers the same number."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def test_delay_doubles_per_failure_until_the_cap() -> None:
    backoff = Backoff(base_seconds=2, cap_seconds=60)
    top = FixedRandom(0.999999)
    delays = [backoff.delay(n, top) for n in range(1, 8)]
    assert delays == pytest.approx([2, 4, 8, 16, 32, 60, 60], rel=1e-5)


def test_jitter_keeps_delays_between_half_and_full_and_never_zero() -> None:
    backoff = Backoff(base_seconds=2, cap_seconds=600)
    assert backoff.delay(3, FixedRandom(0.0)) == pytest.approx(4.0)
    rng = random.Random(7)
    delays = [backoff.delay(3, rng) for _ in range(200)]
    assert all(4.0 <= d < 8.0 for d in delays)
    assert len({round(d, 6) for d in delays}) > 150  # actually spread out


def test_a_huge_failure_count_does_not_overflow() -> None:
    assert Backoff(2, 600).delay(10_000, FixedRandom(0.5)) == pytest.approx(450.0)


def test_retry_after_wins_only_when_longer() -> None:
    backoff = Backoff(base_seconds=2, cap_seconds=600)
    assert backoff.delay(1, FixedRandom(0.0), retry_after=30) == 30
    assert backoff.delay(5, FixedRandom(0.0), retry_after=1) == pytest.approx(16.0)


def test_retry_after_may_exceed_the_cap_but_not_an_hour() -> None:
    backoff = Backoff(base_seconds=2, cap_seconds=60)
    assert backoff.delay(1, FixedRandom(0.0), retry_after=120) == 120
    assert backoff.delay(1, FixedRandom(0.0), retry_after=10**9) == MAX_RETRY_AFTER_SECONDS
    assert backoff.delay(1, FixedRandom(0.0), retry_after=24 * 3600) == 3600, "a day is too long"


def test_backoff_reads_the_settings() -> None:
    backoff = Backoff.from_settings(SyncSettings(base_delay_seconds=3, max_delay_seconds=9))
    assert backoff == Backoff(3, 9)


@pytest.mark.parametrize(("header", "seconds"), [
    ("120", 120.0),
    (" 0 ", 0.0),
    (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
    (format_datetime(NOW - timedelta(seconds=90), usegmt=True), 0.0),
    ("Sun, 22 Nov 2026 09:01:00 +0000", 60.0),
])
def test_retry_after_is_read_as_seconds_or_an_http_date(header: str, seconds: float) -> None:
    assert parse_retry_after(header, NOW) == pytest.approx(seconds)


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "1.5e3", "Moonday, 99 Foo"])
def test_an_absent_or_unreadable_retry_after_is_ignored(header: str | None) -> None:
    assert parse_retry_after(header, NOW) is None
