"""The report of a simulated day: what a manager weighing staffing levels reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.domain.visit import VisitState


@dataclass(frozen=True)
class SimulationReport:
    """What happened on the simulated day. Durations are in seconds.

    Averages and shares are ``None`` when nothing was there to measure (e.g. no
    visitor was ever called). SLA attainment is a share from 0 to 1: for the wait,
    of called visits called within their category's wait target; for resolution,
    of resolved or escalated visits ended within the resolution target of check-in.
    """

    visits: int
    by_state: Mapping[str, int]
    walked_out: int
    closed_unserved: int
    average_wait_seconds: float | None
    p90_wait_seconds: float | None
    longest_wait_seconds: float | None
    average_handling_seconds: float | None
    wait_sla_attainment: float | None
    resolution_sla_attainment: float | None
    technician_busy_share: float | None
    per_category: Mapping[str, int]
    technicians: int
    seed: int
    site: str
    simulated_day: str
    wall_seconds: float

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able dict (plain numbers, strings and dicts)."""
        return {
            "visits": self.visits,
            "by_state": dict(self.by_state),
            "walked_out": self.walked_out,
            "closed_unserved": self.closed_unserved,
            "average_wait_seconds": _rounded(self.average_wait_seconds),
            "p90_wait_seconds": _rounded(self.p90_wait_seconds),
            "longest_wait_seconds": _rounded(self.longest_wait_seconds),
            "average_handling_seconds": _rounded(self.average_handling_seconds),
            "wait_sla_attainment": _rounded(self.wait_sla_attainment, 4),
            "resolution_sla_attainment": _rounded(self.resolution_sla_attainment, 4),
            "technician_busy_share": _rounded(self.technician_busy_share, 4),
            "per_category": dict(self.per_category),
            "technicians": self.technicians,
            "seed": self.seed,
            "site": self.site,
            "simulated_day": self.simulated_day,
            "wall_seconds": round(self.wall_seconds, 3),
        }

    def format_text(self) -> str:
        """A short summary for a manager weighing staffing levels."""
        states = ", ".join(f"{VisitState(s).label} {n}" for s, n in self.by_state.items())
        categories = ", ".join(f"{c} {n}" for c, n in self.per_category.items()) or "none"
        return "\n".join([
            f"Simulated day {self.simulated_day} (site {self.site}, seed {self.seed}): "
            f"{self.visits} visitors, {self.technicians} technician"
            f"{'' if self.technicians == 1 else 's'}",
            f"  Final states:  {states}",
            f"  Cancelled:     {self.walked_out} walked out, "
            f"{self.closed_unserved} still waiting at closing",
            f"  Wait:          average {_duration(self.average_wait_seconds)}, "
            f"p90 {_duration(self.p90_wait_seconds)}, "
            f"longest {_duration(self.longest_wait_seconds)}",
            f"  Handling:      average {_duration(self.average_handling_seconds)}",
            f"  SLA met:       wait {_share(self.wait_sla_attainment)}, "
            f"resolution {_share(self.resolution_sla_attainment)}",
            f"  Technicians:   busy {_share(self.technician_busy_share)} of their day",
            f"  By category:   {categories}",
            f"  Ran in {self.wall_seconds:.1f} s of wall time.",
        ])


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}h {rest // 60:02d}m" if hours else f"{rest // 60}m {rest % 60:02d}s"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"
