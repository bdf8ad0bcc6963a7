"""Fixed-bucket histograms of durations in whole seconds: mergeable by addition.

The buckets are the same everywhere and forever, so the histograms of two days (or
two technicians) add bucket by bucket into the histogram of both:

==========================  ============
durations                   bucket width
==========================  ============
below 0 (clock skew)        counted as 0
0 s to 10 min               1 s
10 min to 1 h               10 s
1 h to 8 h                  1 min
8 h to 48 h                 15 min
48 h and more               one bucket
==========================  ============

A value stands for the lower bound of its bucket (:func:`bucket_floor`). Bucketing
is monotone, so the k-th smallest value of a histogram is ``bucket_floor`` of the k-th
smallest duration it counted: the 90th percentile read from the buckets is exactly
``bucket_floor`` of the exact one (at most 1 s low under 10 min, 10 s under an hour).

A histogram is one Python integer holding every bucket's count in a 32-bit field
(bucket i in bits 32 i to 32 i + 31); adding two is one integer addition, which is what
makes a year of daily histograms cheap to merge. A bucket holds fewer than 2**32 values.

Stored (:meth:`Histogram.to_blob`), it is whichever of two forms is smaller, both read
back without a Python loop over the buckets: ``0x01`` then (bucket, count) pairs as
little-endian uint16 and uint32, for a few scattered values; or a dense run of fields
from the first non-empty bucket to the last, each field as narrow as the largest count
allows: ``0x03`` one byte a bucket, ``0x04`` two, ``0x02`` four (little-endian), each
form byte followed by the first bucket as a uint16. A busy day's wait histogram (10,000
visits, a thousand buckets filled) is about a kilobyte, not four: the aggregates rewrite
it as every visit ends, so its size is what each end costs the database. Not
compressed: inflating a blob costs more than reading its few kilobytes.
"""

from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

#: (bucket width, up to this many seconds), in order; one last bucket holds the rest.
TIERS = ((1, 600), (10, 3600), (60, 8 * 3600), (900, 48 * 3600))
FIELD_BITS = 32
_FIELD_BYTES = FIELD_BITS // 8
_SPARSE, _DENSE = 1, 2
#: The dense forms by field width in bytes (``_DENSE`` is the 4-byte one).
_DENSE_OF_WIDTH = {1: 3, 2: 4, 4: _DENSE}
_WIDTH_OF_DENSE = {form: width for width, form in _DENSE_OF_WIDTH.items()}
_PAIR = struct.Struct("<HI")
#: A sparse blob has at most this many pairs (reading one costs a step per pair).
SPARSE_PAIRS = 16


def _floors() -> tuple[int, ...]:
    floors: list[int] = []
    low = 0
    for width, limit in TIERS:
        floors.extend(range(low, limit, width))
        low = limit
    return (*floors, low)


#: The lower bound of each bucket, in seconds, ascending.
FLOORS = _floors()
BUCKETS = len(FLOORS)


def bucket_of(seconds: int) -> int:
    """The index of the bucket that counts a duration (negative ones count as 0)."""
    return max(bisect_right(FLOORS, seconds) - 1, 0)


def bucket_floor(seconds: int) -> int:
    """The lower bound of the bucket of ``seconds``: what a histogram reports for it."""
    return FLOORS[bucket_of(seconds)]


@dataclass(frozen=True)
class Histogram:
    """Counts of durations by bucket, as one packed integer (see the module docstring)."""

    packed: int = 0

    @classmethod
    def of(cls, values: Iterable[int]) -> Histogram:
        return cls(sum(1 << (FIELD_BITS * bucket_of(v)) for v in values))

    def __add__(self, other: Histogram) -> Histogram:
        return Histogram(self.packed + other.packed)

    def counts(self) -> list[int]:
        """Each bucket's count, up to the last non-empty bucket."""
        size = (self.packed.bit_length() + FIELD_BITS - 1) // FIELD_BITS
        fields = array("I")
        if fields.itemsize != _FIELD_BYTES:  # pragma: no cover - no such platform in use
            fields = array("L")
        fields.frombytes(self.packed.to_bytes(size * _FIELD_BYTES, "little"))
        if sys.byteorder == "big":  # pragma: no cover
            fields.byteswap()
        return fields.tolist()

    def total(self) -> int:
        return sum(self.counts())

    def p90(self) -> int | None:
        """The 90th percentile by nearest rank (the smallest value whose rank r satisfies
        ``10 r >= 9 n``), as the lower bound of its bucket; None when empty."""
        counts = self.counts()
        running = list(accumulate(counts))
        if not running or running[-1] == 0:
            return None
        rank = -(-9 * running[-1] // 10)
        return FLOORS[bisect_right(running, rank - 1)]

    def to_blob(self) -> bytes:
        """The stored form: the smaller of sparse pairs and the narrowest dense run."""
        packed = self.packed
        if not packed:
            return b""
        first = ((packed & -packed).bit_length() - 1) // FIELD_BITS
        run = packed >> (FIELD_BITS * first)
        size = (run.bit_length() + FIELD_BITS - 1) // FIELD_BITS
        raw = run.to_bytes(size * _FIELD_BYTES, "little")
        width = _narrowest(raw, size)
        dense = 3 + width * size
        # A field that is not zero has a byte that is not: more than four such bytes a
        # pair, and there are too many pairs without walking them.
        if dense > 1 + _PAIR.size and len(raw) - raw.count(0) <= _FIELD_BYTES * SPARSE_PAIRS:
            pairs = _pairs(run, first)
            if len(pairs) <= SPARSE_PAIRS and 1 + _PAIR.size * len(pairs) < dense:
                return bytes([_SPARSE]) + b"".join(_PAIR.pack(b, c) for b, c in pairs)
        return _dense_blob(raw, first, width)

    @classmethod
    def from_blob(cls, blob: bytes | None) -> Histogram:
        return cls(_unpack(blob))


def merge_blobs(blobs: Iterable[bytes | None]) -> Histogram:
    """The sum of stored histograms (the fast path of a long report: no bucket loop)."""
    return Histogram(sum(map(_unpack, blobs)))


def _narrowest(raw: bytes, size: int) -> int:
    """The fewest bytes (1, 2 or 4) that hold every 4-byte field of ``raw``."""
    zeros = bytes(size)
    if raw[2::4] != zeros or raw[3::4] != zeros:
        return 4
    return 2 if raw[1::4] != zeros else 1


def _pairs(run: int, first: int) -> list[tuple[int, int]]:
    """(bucket, count) of each non-empty field of ``run`` (bucket ``first`` in its low
    field), lowest first; a step per non-empty field, not per bucket."""
    pairs = []
    mask = (1 << FIELD_BITS) - 1
    while run:
        skip = ((run & -run).bit_length() - 1) // FIELD_BITS
        run >>= FIELD_BITS * skip
        first += skip
        pairs.append((first, run & mask))
        run >>= FIELD_BITS
        first += 1
    return pairs


def _dense_blob(raw: bytes, first: int, width: int) -> bytes:
    head = bytes([_DENSE_OF_WIDTH[width]]) + first.to_bytes(2, "little")
    return head + (raw if width == _FIELD_BYTES else _restride(raw, _FIELD_BYTES, width))


def _restride(fields: bytes | memoryview, width: int, to: int) -> bytearray:
    """Little-endian fields of ``width`` bytes as fields of ``to`` bytes (the low bytes
    of each kept, or zeros added above them): a slice per byte, not a step per field."""
    out = bytearray(len(fields) // width * to)
    for byte in range(min(width, to)):
        out[byte::to] = fields[byte::width]
    return out


def _unpack(blob: bytes | None) -> int:
    if not blob:
        return 0
    view = memoryview(blob)
    width = _WIDTH_OF_DENSE.get(blob[0])
    if width is not None:
        fields = view[3:] if width == _FIELD_BYTES else _restride(view[3:], width, _FIELD_BYTES)
        return int.from_bytes(fields, "little") << (FIELD_BITS * int.from_bytes(view[1:3], "little"))
    if blob[0] == _SPARSE:
        return sum(count << (FIELD_BITS * bucket) for bucket, count in _PAIR.iter_unpack(view[1:]))
    raise ValueError(f"not a histogram blob (form {blob[0]})")
