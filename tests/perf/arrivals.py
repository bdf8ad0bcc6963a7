"""Generated arrival days for ``replay`` and ``staffing``: patterns, category mixes and the
true service-time distributions they are drawn from.

A day is a list of :class:`ArrivalRow` (what the replay's CSV holds), drawn from a seed:
arrival times follow a named pattern of relative rates per half hour, categories follow
a named mix, and each visitor's time at the desk is drawn from its category's lognormal
distribution in :data:`SERVICE_TIMES`. Those distributions are public because the
estimator benchmark needs the truth the days were drawn from (the best any estimator
can do is to know them).

    rows = arrival_day(seed=3, pattern="lunch-rush", mix="laptop-heavy", visitors=150)
    write_arrivals_csv(rows, Path("day.csv"))
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from statistics import NormalDist


@dataclass(frozen=True)
class LogNormal:
    """A lognormal distribution of minutes: ``median * exp(N(0, sigma))``."""

    median_minutes: float
    sigma: float

    def draw(self, rng: random.Random) -> float:
        return self.median_minutes * math.exp(rng.gauss(0.0, self.sigma))

    @property
    def mean_minutes(self) -> float:
        return self.median_minutes * math.exp(self.sigma ** 2 / 2)

    def quantile(self, share: float) -> float:
        """The minutes below which ``share`` (0 < share < 1) of the draws fall."""
        return self.median_minutes * math.exp(self.sigma * NormalDist().inv_cdf(share))


#: The true time at the desk per category (the default settings' categories).
SERVICE_TIMES: Mapping[str, LogNormal] = {
    "laptop": LogNormal(14.0, 0.5),
    "account": LogNormal(5.0, 0.45),
    "mobile": LogNormal(9.0, 0.5),
    "software": LogNormal(11.0, 0.5),
    "pickup": LogNormal(3.0, 0.35),
}

#: Category weights by name.
MIXES: Mapping[str, Mapping[str, float]] = {
    "balanced": {"laptop": 30, "account": 25, "mobile": 15, "software": 18, "pickup": 12},
    "laptop-heavy": {"laptop": 55, "account": 10, "mobile": 15, "software": 15, "pickup": 5},
    "quick": {"laptop": 10, "account": 40, "mobile": 10, "software": 10, "pickup": 30},
}

#: Relative arrival rates per half hour from opening, by pattern name.
PATTERNS: Mapping[str, Sequence[float]] = {
    "steady": (1.0,) * 16,
    "morning-peak": (1.2, 2.4, 3.0, 2.4, 1.6, 1.0, 0.8, 0.7, 0.7, 0.6, 0.6, 0.6, 0.5, 0.5,
                     0.4, 0.3),
    "lunch-rush": (0.6, 0.7, 0.8, 0.8, 0.8, 0.9, 1.0, 2.2, 3.0, 2.6, 1.2, 0.8, 0.7, 0.6,
                   0.5, 0.4),
    # A quiet day, then an incident: a third of the day's visitors within an hour.
    "surge": (0.6, 0.6, 0.6, 0.6, 4.5, 4.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6),
}
SLOT = timedelta(minutes=30)
OPENING = time(8, 0)
FIRST_DAY = date(2026, 11, 23)
HEADER = ("arrived_at", "category", "service_minutes", "patience_minutes")


@dataclass(frozen=True)
class ArrivalRow:
    """One recorded arrival: when, why, how long at the desk, how long they would wait."""

    arrived_at: datetime
    category: str
    service_minutes: float
    patience_minutes: float | None


def arrival_day(*, seed: int, pattern: str = "steady", mix: str | Mapping[str, float] = "balanced",
                visitors: int = 150, day: date = FIRST_DAY,
                utc_offset: timedelta = timedelta(0), impatient_share: float = 0.2,
                service_times: Mapping[str, LogNormal] = SERVICE_TIMES) -> list[ArrivalRow]:
    """One day of ``visitors`` arrivals from 08:00 site time, in time order.

    Args:
        pattern: a key of :data:`PATTERNS` (rates per half hour over eight hours).
        mix: a key of :data:`MIXES`, or category weights.
        impatient_share: visitors who walk out after 10-60 minutes uncalled; the others
            wait as long as it takes (``patience_minutes`` None).
    """
    rng = random.Random(f"{seed}:{pattern}:{day.isoformat()}")
    shape = PATTERNS[pattern]
    weights = MIXES[mix] if isinstance(mix, str) else mix
    categories = sorted(weights)
    zone = timezone(utc_offset)
    opening = datetime.combine(day, OPENING, tzinfo=zone)
    rows = []
    for _ in range(visitors):
        slot = rng.choices(range(len(shape)), weights=shape)[0]
        at = opening + SLOT * slot + timedelta(seconds=round(rng.random() * SLOT.total_seconds()))
        category = rng.choices(categories, weights=[weights[c] for c in categories])[0]
        minutes = max(service_times[category].draw(rng), 0.5)
        patience = rng.uniform(10, 60) if rng.random() < impatient_share else None
        rows.append(ArrivalRow(at, category, round(minutes, 2),
                               None if patience is None else round(patience, 1)))
    return sorted(rows, key=lambda r: r.arrived_at)


def arrival_days(*, seed: int, days: int, pattern: str = "steady",
                 mix: str | Mapping[str, float] = "balanced", visitors: int = 150,
                 first: date = FIRST_DAY, utc_offset: timedelta = timedelta(0),
                 impatient_share: float = 0.2) -> list[ArrivalRow]:
    """``days`` consecutive days of :func:`arrival_day`, each drawn from its own seed."""
    rows: list[ArrivalRow] = []
    for index in range(days):
        rows += arrival_day(seed=seed, pattern=pattern, mix=mix, visitors=visitors,
                            day=first + timedelta(days=index), utc_offset=utc_offset,
                            impatient_share=impatient_share)
    return rows


def write_arrivals_csv(rows: Sequence[ArrivalRow], path: Path) -> Path:
    """The rows as the replay's CSV (UTF-8, a header, an empty patience for the patient)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow((row.arrived_at.isoformat(), row.category, f"{row.service_minutes:g}",
                             "" if row.patience_minutes is None else f"{row.patience_minutes:g}"))
    return path
