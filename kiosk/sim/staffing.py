"""Staffing advice: the fewest technicians, per hour of the day, that meet a wait target.

The recorded days are replayed (:func:`kiosk.sim.replay.run_replay`, every technician
serving every category, no estimates read) with 1, 2, ... technicians. For each hour of
the day (site local time, ``site.utc_offset``) the advice is the fewest technicians for
which the share of the visitors arriving in that hour who were called within the target
wait reaches the SLA; a visitor who walked out was not called in time. The replays stop
as soon as every hour meets the target, or at ``max_technicians`` (an hour that never
meets it has no advice: it needs more).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.sim.replay import MAX_TECHNICIANS, Progress, ReplayedVisit, run_replay
from kiosk.sim.replay_csv import Arrival
from kiosk.store import Database

DEFAULT_MAX_TECHNICIANS = 10
MAX_TARGET_MINUTES = 24 * 60


@dataclass(frozen=True)
class HourAdvice:
    """One local hour: its arrivals, the share called in time by staffing level, the advice."""

    hour: int
    arrivals: int
    technicians: int | None  # None: not met with up to max_technicians
    met_share: dict[int, float]  # technicians -> share called within the target


@dataclass(frozen=True)
class StaffingAdvice:
    target_wait: timedelta
    sla: float
    max_technicians: int
    tried: int  # replays run (1..tried technicians)
    days: int
    hours: tuple[HourAdvice, ...]
    wall_seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "target_wait_minutes": self.target_wait.total_seconds() / 60, "sla": self.sla,
            "max_technicians": self.max_technicians, "replays": self.tried, "days": self.days,
            "hours": [{"hour": h.hour, "arrivals": h.arrivals, "technicians": h.technicians,
                       "met_share": {str(k): round(v, 4) for k, v in h.met_share.items()}}
                      for h in self.hours],
            "wall_seconds": round(self.wall_seconds, 3),
        }

    def format_text(self) -> str:
        target = f"{self.target_wait.total_seconds() / 60:g}"
        lines = [f"fewest technicians so that {self.sla:.0%} of visitors are called within "
                 f"{target} min (site time, {self.days} day{'' if self.days == 1 else 's'} "
                 f"replayed with 1 to {self.tried} technician{'' if self.tried == 1 else 's'})",
                 "", f"{'hour':<13}{'arrivals':>9}{'technicians':>13}{'called in time':>16}"]
        for h in self.hours:
            need = str(h.technicians) if h.technicians is not None else f">{self.max_technicians}"
            at = h.technicians if h.technicians is not None else self.tried
            lines.append(f"{h.hour:02d}:00-{(h.hour + 1) % 24:02d}:00{h.arrivals:>9,}{need:>13}"
                         f"{h.met_share[at]:>16.0%}")
        return "\n".join(lines)


def advise_staffing(db: Database, settings: Settings, arrivals: Sequence[Arrival], *,
                    target_wait: timedelta, sla: float = 0.9,
                    max_technicians: int = DEFAULT_MAX_TECHNICIANS,
                    progress: Progress | None = None) -> StaffingAdvice:
    """Replay ``arrivals`` with 1..``max_technicians`` technicians; the advice per hour.

    Args:
        progress: called with (arrivals replayed, arrivals x max_technicians).

    Raises:
        ValidationError: a target, SLA or maximum out of range.
    """
    _validate(target_wait, sla, max_technicians)
    shares: dict[int, dict[int, float]] = defaultdict(dict)  # hour -> technicians -> share
    counts: dict[int, int] = {}
    wall, tried, days = 0.0, 0, set()
    for technicians in range(1, max_technicians + 1):
        run = run_replay(db, settings, arrivals, (None,) * technicians, estimate=False,
                         progress=_offset(progress, len(arrivals) * (technicians - 1),
                                          len(arrivals) * max_technicians))
        wall, tried = wall + run.wall_seconds, technicians
        days = {v.day for v in run.visits}
        for hour, (arrived, met) in _by_hour(run.visits, target_wait).items():
            counts[hour] = arrived
            shares[hour][technicians] = met / arrived
        if all(share[technicians] >= sla for share in shares.values()):
            break
    if progress is not None:
        progress(len(arrivals) * max_technicians, len(arrivals) * max_technicians)
    hours = tuple(
        HourAdvice(hour, counts[hour],
                   next((n for n in sorted(shares[hour]) if shares[hour][n] >= sla), None),
                   dict(shares[hour]))
        for hour in sorted(shares))
    return StaffingAdvice(target_wait, sla, max_technicians, tried, len(days), hours, wall)


def _offset(progress: Progress | None, before: int, total: int) -> Progress | None:
    """One replay's progress as part of all of them."""
    if progress is None:
        return None

    def step(done: int, _replay_total: int) -> None:
        progress(before + done, total)

    return step


def _by_hour(visits: Sequence[ReplayedVisit],
             target: timedelta) -> dict[int, tuple[int, int]]:
    """Local hour -> (arrivals, called within the target)."""
    arrived: dict[int, int] = defaultdict(int)
    met: dict[int, int] = defaultdict(int)
    for visit in visits:
        arrived[visit.hour] += 1
        met[visit.hour] += visit.wait is not None and visit.wait <= target
    return {hour: (arrived[hour], met[hour]) for hour in arrived}


def _validate(target_wait: timedelta, sla: float, max_technicians: int) -> None:
    if not timedelta(0) < target_wait <= timedelta(minutes=MAX_TARGET_MINUTES):
        raise ValidationError("target_wait", f"--target-wait must be above 0 and at most "
                                             f"{MAX_TARGET_MINUTES} minutes.")
    if not 0 < sla <= 1:  # also refuses nan
        raise ValidationError("sla", f"--sla must be a share above 0 and at most 1 (e.g. 0.9), "
                                     f"not {sla}.")
    if not 1 <= max_technicians <= MAX_TECHNICIANS:
        raise ValidationError("max_technicians", f"--max-technicians must be from 1 to "
                                                 f"{MAX_TECHNICIANS}, not {max_technicians}.")
