"""Priority: who is served first among those waiting."""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    """Higher is served first; equal priorities are served by arrival."""

    NORMAL = 0
    APPOINTMENT = 10
    VIP = 20
    URGENT = 30
