"""The fixed-bucket histogram of durations: buckets, merging, the 90th percentile, blobs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.domain.histogram import (
    BUCKETS,
    FLOORS,
    Histogram,
    bucket_floor,
    bucket_of,
    merge_blobs,
)

durations = st.integers(min_value=-600, max_value=60 * 3600)
samples = st.lists(durations, max_size=60)
RUNS = hypothesis_settings(max_examples=300)


def nearest_rank_p90(values: list[int]) -> int | None:
    """The reference: the smallest value whose rank r satisfies 10 r >= 9 n."""
    if not values:
        return None
    ordered = sorted(values)
    rank = next(r for r in range(1, len(ordered) + 1) if 10 * r >= 9 * len(ordered))
    return ordered[rank - 1]


@pytest.mark.parametrize(("seconds", "floor"), [
    (-5, 0), (0, 0), (1, 1), (599, 599), (600, 600), (609, 600), (610, 610),
    (3599, 3590), (3600, 3600), (3659, 3600), (3660, 3660), (8 * 3600 - 1, 8 * 3600 - 60),
    (8 * 3600, 8 * 3600), (8 * 3600 + 899, 8 * 3600), (48 * 3600 - 1, 48 * 3600 - 900),
    (48 * 3600, 48 * 3600), (400 * 3600, 48 * 3600),
])
def test_buckets_are_1s_10s_1min_15min_then_one_overflow(seconds: int, floor: int) -> None:
    assert bucket_floor(seconds) == floor


def test_the_floors_ascend_and_start_at_zero() -> None:
    assert FLOORS[0] == 0
    assert all(a < b for a, b in zip(FLOORS, FLOORS[1:], strict=False))
    assert BUCKETS == 600 + 300 + 420 + 160 + 1


@RUNS
@given(a=durations, b=durations)
def test_bucketing_is_monotone_and_floors_are_at_or_below(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert bucket_of(low) <= bucket_of(high)
    assert bucket_floor(low) <= bucket_floor(high)
    assert bucket_floor(high) <= max(high, 0)
    assert bucket_floor(bucket_floor(high)) == bucket_floor(high)


@RUNS
@given(values=samples)
def test_p90_is_the_bucket_floor_of_the_exact_nearest_rank_p90(values: list[int]) -> None:
    exact = nearest_rank_p90(values)
    assert Histogram.of(values).p90() == (None if exact is None else bucket_floor(exact))


@RUNS
@given(parts=st.lists(samples, max_size=8))
def test_merging_equals_counting_everything_at_once(parts: list[list[int]]) -> None:
    everything = Histogram.of(v for part in parts for v in part)
    added = sum((Histogram.of(part) for part in parts), Histogram())
    assert added == everything
    assert merge_blobs(Histogram.of(part).to_blob() for part in parts) == everything
    assert everything.total() == sum(map(len, parts))


@RUNS
@given(values=samples)
def test_a_blob_round_trips_and_counts_by_bucket(values: list[int]) -> None:
    histogram = Histogram.of(values)
    assert Histogram.from_blob(histogram.to_blob()) == histogram
    counts = histogram.counts()
    for value in values:
        assert counts[bucket_of(value)] >= 1
    assert sum(counts) == len(values)
    assert not counts or counts[-1] > 0  # no trailing empty buckets


def test_counts_past_16_bits_stay_in_their_field() -> None:
    histogram = Histogram.of([]) + Histogram((70_000 << (32 * 5)) + 3)
    assert histogram.counts()[:6] == [3, 0, 0, 0, 0, 70_000]
    assert histogram.p90() == 5


def test_empty() -> None:
    assert Histogram().p90() is None
    assert Histogram().to_blob() == b""
    assert Histogram.from_blob(b"") == Histogram()
    assert Histogram.from_blob(None) == Histogram()
    assert merge_blobs([]) == Histogram()


def test_a_few_scattered_values_are_stored_as_pairs_many_as_a_run_of_fields() -> None:
    scattered = Histogram.of([5, 3000, 20_000])
    assert scattered.to_blob()[0] == 1
    assert len(scattered.to_blob()) == 1 + 3 * 6
    crowded = Histogram.of(range(300, 400))
    assert crowded.to_blob()[0] == 3
    assert len(crowded.to_blob()) == 3 + 100  # from the first filled bucket, not from 0
    for histogram in (scattered, crowded):
        assert Histogram.from_blob(histogram.to_blob()) == histogram


@pytest.mark.parametrize(("largest", "form", "width"), [
    (255, 3, 1), (256, 4, 2), (65_535, 4, 2), (65_536, 2, 4), (2**32 - 1, 2, 4),
])
def test_a_run_of_fields_is_as_narrow_as_its_largest_count(largest: int, form: int,
                                                           width: int) -> None:
    fields = [7] * 40
    fields[23] = largest
    histogram = Histogram(sum(count << (32 * (100 + i)) for i, count in enumerate(fields)))
    blob = histogram.to_blob()
    assert (blob[0], len(blob)) == (form, 3 + width * 40)
    assert Histogram.from_blob(blob) == histogram


def test_a_blob_written_before_the_narrow_forms_still_reads() -> None:
    # Form 2, four bytes a field, as every dense blob was stored until 2026-11-29.
    old = bytes([2]) + (300).to_bytes(2, "little") + b"".join(
        count.to_bytes(4, "little") for count in (3, 0, 70_000, 1))
    assert Histogram.from_blob(old).counts()[300:] == [3, 0, 70_000, 1]
    assert merge_blobs([old, Histogram.of([300]).to_blob()]).counts()[300] == 4


@RUNS
@given(fields=st.dictionaries(st.integers(0, BUCKETS - 1), st.integers(1, 2**32 - 1),
                              max_size=40))
def test_any_counts_round_trip_through_the_smallest_blob(fields: dict[int, int]) -> None:
    histogram = Histogram(sum(count << (32 * bucket) for bucket, count in fields.items()))
    blob = histogram.to_blob()
    assert Histogram.from_blob(blob) == histogram
    assert merge_blobs([blob, blob]) == histogram + histogram
    if fields:
        widths = (1 if max(fields.values()) < 2**8 else 2 if max(fields.values()) < 2**16
                  else 4)
        dense = 3 + widths * (max(fields) - min(fields) + 1)
        sparse = 1 + 6 * len(fields) if len(fields) <= 16 else dense + 1
        assert len(blob) == min(dense, sparse)


def test_a_blob_of_another_form_is_refused() -> None:
    with pytest.raises(ValueError, match="not a histogram blob"):
        Histogram.from_blob(b"\x07abc")
