"""Service levels: where a wait or a service stands against its target."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

AT_RISK_SHARE = 0.8
"""A wait or a service is "at risk" from this share of its target."""


class SlaLevel(StrEnum):
    """Where a wait or a service stands against its target."""

    WITHIN = "within"
    AT_RISK = "at_risk"
    BREACHED = "breached"


def sla_level(elapsed: timedelta, target: timedelta) -> SlaLevel:
    """Within target, at risk from :data:`AT_RISK_SHARE` of it, breached beyond it."""
    if elapsed > target:
        return SlaLevel.BREACHED
    if elapsed >= target * AT_RISK_SHARE:
        return SlaLevel.AT_RISK
    return SlaLevel.WITHIN
