"""Wait estimates people can trust: an honest range from what the desk really does.

"Average wait times people ahead" is widely distrusted; instead the range comes
from the spread (25th to 75th percentile) of recent handling times, the people
ahead and the technicians actually working, rounded outwards to five minutes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from statistics import quantiles

STEP = timedelta(minutes=5)
MIN_SAMPLES = 5
DEFAULT_HANDLING = timedelta(minutes=20)
"""The typical handling time of a visit whose category the settings do not (or no longer) know."""


@dataclass(frozen=True)
class WaitEstimate:
    """A wait as shown: a range (``low``-``high``), its point and what it rests on.

    ``point`` is the single most likely figure (the median forecast), used to judge the
    estimator and for staff screens; a visitor sees the range. ``coarse`` is true while
    too little history exists for a range worth its precision: the kiosk then words the
    wait as "a few minutes", "under an hour" or "more than an hour".
    """

    low: timedelta
    high: timedelta
    people_ahead: int
    technicians: int
    samples: int
    point: timedelta | None = None
    coarse: bool = False

    @property
    def expected(self) -> timedelta:
        """The point, or the middle of the range where none was given."""
        return self.point if self.point is not None else (self.low + self.high) / 2

    @property
    def low_minutes(self) -> int:
        return int(self.low.total_seconds() // 60)

    @property
    def high_minutes(self) -> int:
        return int(self.high.total_seconds() // 60)

    def describe(self) -> str:
        """English text for logs and staff screens (the kiosk translates its own)."""
        if self.coarse:
            return _coarse(self.low_minutes, self.high_minutes)
        if self.high_minutes <= 5:
            return "a few minutes"
        return f"about {self.low_minutes}\u2013{self.high_minutes} minutes"


def _coarse(low: int, high: int) -> str:
    """The wait in words while history is too thin for a range (no false precision)."""
    if high <= 10:
        return "a few minutes"
    if high <= 30:
        return "under half an hour"
    if high <= 60:
        return "under an hour"
    return "more than an hour" if low >= 60 else "perhaps more than an hour"


def typical_handling(resolution_target: timedelta | None) -> timedelta:
    """The handling time to assume while there are too few recent samples.

    Args:
        resolution_target: the visit's category's resolution target; None when the
            category is not in the settings, which gives :data:`DEFAULT_HANDLING`.
    """
    return DEFAULT_HANDLING if resolution_target is None else resolution_target


def estimate_wait(people_ahead: int, technicians: int, samples: Sequence[timedelta],
                  fallback: timedelta) -> WaitEstimate:
    """The range of waits for someone with ``people_ahead`` people before them.

    Args:
        people_ahead: visitors who will be called first.
        technicians: technicians serving now (at least one is assumed).
        samples: recent handling times (start to end of service).
        fallback: the typical handling time when there are too few samples
            (:func:`typical_handling` of the visit's category).
    """
    servers = max(1, technicians)
    usable = [s.total_seconds() for s in samples if s > timedelta(0)]
    if len(usable) >= MIN_SAMPLES:
        q1, _median, q3 = quantiles(usable, n=4)
    else:
        q1, q3 = fallback.total_seconds() * 0.5, fallback.total_seconds() * 1.25
    ahead = max(0, people_ahead)
    # Everyone ahead must be started, and the technicians are busy with someone now:
    # at best the turns go quickly, at worst slowly and we wait one more turn.
    low = timedelta(seconds=math.floor(ahead / servers) * q1)
    high = timedelta(seconds=math.ceil((ahead + 1) / servers) * q3)
    low = STEP * math.floor(low / STEP)
    high = max(STEP * math.ceil(high / STEP), low + STEP)
    return WaitEstimate(low, high, ahead, servers, len(usable))
