"""What a replay tells: how far the shown waits were from the real ones, against the naive
baseline, over the whole file and per day; and one JSON line per visit.

Accuracy is measured over the served visits (a walk-out has no actual wait):

- ``mae_minutes``: the mean absolute difference between the point estimate and the
  actual wait (check-in to call);
- ``within_range``: the share of actual waits inside the shown range (low to high,
  both included);
- ``median_width_minutes``: the median width of the shown range, and
  ``median_width_under_hour_minutes`` the same over visits that waited under an hour.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any, TextIO

from kiosk.sim.replay import SERVED, WALKED_OUT, ReplayedVisit, ReplayRun, SkillGroup

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Accuracy:
    """One estimator's figures over ``visits`` served visits (None: nothing to measure)."""

    visits: int
    mae_minutes: float | None
    within_range: float | None
    median_width_minutes: float | None
    median_width_under_hour_minutes: float | None


@dataclass(frozen=True)
class Figures:
    """Counts, waits and both estimators' accuracy over a set of replayed visits."""

    arrivals: int
    served: int
    walked_out: int
    mean_wait_minutes: float | None
    p90_wait_minutes: float | None
    estimator: Accuracy
    naive: Accuracy


@dataclass(frozen=True)
class DayFigures:
    day: str
    figures: Figures


@dataclass(frozen=True)
class ReplaySummary:
    """The whole replay: overall figures, and per day when the file holds several."""

    technicians: int
    skills: tuple[str, ...]
    source: str
    skipped: int
    total: Figures
    days: tuple[DayFigures, ...]
    wall_seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "technicians": self.technicians, "skills": list(self.skills), "source": self.source,
            "skipped_rows": self.skipped, **asdict(self.total),
            "days": [{"day": d.day, **asdict(d.figures)} for d in self.days],
            "wall_seconds": round(self.wall_seconds, 3),
        }

    def format_text(self) -> str:
        t = self.total
        lines = [
            f"replayed {t.arrivals:,} arrival{_s(t.arrivals)} over {len(self.days)} "
            f"day{_s(len(self.days))} with {self.technicians} technician{_s(self.technicians)}"
            f" (skills: {' | '.join(self.skills)})",
            f"served {t.served:,}, walked out {t.walked_out:,}; wait: mean "
            f"{_minutes(t.mean_wait_minutes)}, 90th percentile {_minutes(t.p90_wait_minutes)}",
        ]
        if self.skipped:
            lines.append(f"{self.skipped:,} visit{_s(self.skipped)} of the export still open "
                         "when exported, skipped")
        lines += ["", f"{'':<10}{'MAE':>10}{'in range':>10}{'median width':>14}"
                      f"{'width <1 h':>12}"]
        lines += [_accuracy_row("estimator", t.estimator), _accuracy_row("naive", t.naive)]
        if len(self.days) > 1:
            lines += ["", f"{'day':<12}{'arrivals':>9}{'served':>8}{'mean wait':>11}"
                          f"{'MAE':>9}{'in range':>10}{'naive MAE':>11}{'in range':>10}"]
            lines += [_day_row(d) for d in self.days]
        return "\n".join(lines)


def summarise(run: ReplayRun, *, source: str = "arrivals", skipped: int = 0) -> ReplaySummary:
    days = sorted({v.day for v in run.visits})
    return ReplaySummary(
        technicians=run.technicians, skills=tuple(_skill_text(g) for g in run.skills),
        source=source, skipped=skipped, total=figures(run.visits),
        days=tuple(DayFigures(day, figures([v for v in run.visits if v.day == day]))
                   for day in days),
        wall_seconds=run.wall_seconds)


def figures(visits: Sequence[ReplayedVisit]) -> Figures:
    waits = sorted(_min(v.wait) for v in visits if v.wait is not None)
    return Figures(
        arrivals=len(visits),
        served=sum(v.outcome == SERVED for v in visits),
        walked_out=sum(v.outcome == WALKED_OUT for v in visits),
        mean_wait_minutes=_round(statistics.fmean(waits)) if waits else None,
        p90_wait_minutes=_round(waits[max(-(-9 * len(waits) // 10), 1) - 1]) if waits else None,
        estimator=accuracy((v.wait, v.estimate.expected, v.estimate.low, v.estimate.high)
                           for v in visits if v.wait is not None and v.estimate is not None),
        naive=accuracy((v.wait, v.naive.point, v.naive.low, v.naive.high)
                       for v in visits if v.wait is not None and v.naive is not None),
    )


def accuracy(cases: Iterable[tuple[timedelta, timedelta, timedelta, timedelta]]) -> Accuracy:
    """Figures over (actual wait, point, low, high) of served visits."""
    rows = list(cases)
    if not rows:
        return Accuracy(0, None, None, None, None)
    errors = [abs(_min(point - actual)) for actual, point, _, _ in rows]
    inside = [low <= actual <= high for actual, _, low, high in rows]
    widths = [_min(high - low) for _, _, low, high in rows]
    short = [_min(high - low) for actual, _, low, high in rows if actual < HOUR]
    return Accuracy(
        visits=len(rows), mae_minutes=_round(statistics.fmean(errors)),
        within_range=round(sum(inside) / len(rows), 4),
        median_width_minutes=_round(statistics.median(widths)),
        median_width_under_hour_minutes=_round(statistics.median(short)) if short else None)


def write_visits(visits: Iterable[ReplayedVisit], out: TextIO) -> int:
    """One JSON object a line per replayed visit (``--visits OUT.jsonl``); returns the count."""
    count = 0
    for visit in visits:
        out.write(json.dumps(visit_record(visit), ensure_ascii=False) + "\n")
        count += 1
    return count


def visit_record(visit: ReplayedVisit) -> dict[str, Any]:
    """The estimate and the naive one as shown at check-in (whole minutes for the ranges,
    the points to a tenth), the actual wait (None if never called) and the outcome."""
    shown, naive = visit.estimate, visit.naive
    return {
        "line": visit.line,
        "ticket_number": visit.ticket_number,
        "category": visit.category,
        "arrived_at": visit.arrived_at.isoformat(),
        "estimate_low_minutes": shown.low_minutes if shown else None,
        "estimate_high_minutes": shown.high_minutes if shown else None,
        "estimate_minutes": _round(_min(shown.expected), 1) if shown else None,
        "estimate_coarse": shown.coarse if shown else None,
        "naive_estimate_minutes": _round(_min(naive.point), 1) if naive else None,
        "naive_low_minutes": int(_min(naive.low)) if naive else None,
        "naive_high_minutes": int(_min(naive.high)) if naive else None,
        "actual_wait_minutes": _round(_min(visit.wait)) if visit.wait is not None else None,
        "service_minutes": _round(_min(visit.service)) if visit.service is not None else None,
        "technician": visit.technician or None,
        "outcome": visit.outcome,
    }


def _accuracy_row(label: str, a: Accuracy) -> str:
    share = "-" if a.within_range is None else f"{a.within_range:.0%}"
    return (f"{label:<10}{_minutes(a.mae_minutes):>10}{share:>10}"
            f"{_minutes(a.median_width_minutes):>14}"
            f"{_minutes(a.median_width_under_hour_minutes):>12}")


def _day_row(day: DayFigures) -> str:
    f = day.figures

    def share(a: Accuracy) -> str:
        return "-" if a.within_range is None else f"{a.within_range:.0%}"

    return (f"{day.day:<12}{f.arrivals:>9,}{f.served:>8,}{_minutes(f.mean_wait_minutes):>11}"
            f"{_minutes(f.estimator.mae_minutes):>9}{share(f.estimator):>10}"
            f"{_minutes(f.naive.mae_minutes):>11}{share(f.naive):>10}")


def _skill_text(group: SkillGroup) -> str:
    return "*" if group is None else ",".join(group)


def _min(duration: timedelta) -> float:
    return duration.total_seconds() / 60


def _round(value: float, digits: int = 2) -> float:
    return round(value, digits)


def _minutes(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} min"


def _s(count: int) -> str:
    return "" if count == 1 else "s"
