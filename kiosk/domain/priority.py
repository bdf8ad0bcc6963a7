"""Priority: who is served first among those waiting, and the mark a visit carries."""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    """Higher is served first; equal priorities are served by arrival."""

    NORMAL = 0
    APPOINTMENT = 10
    VIP = 20
    URGENT = 30

    @property
    def label(self) -> str:
        """``Normal``, ``Appointment``, ``VIP`` or ``Urgent``."""
        return "VIP" if self is Priority.VIP else self.name.capitalize()


def priority_mark(priority: int, appointment_code: str = "") -> Priority:
    """The mark a visit carries: the highest level its priority reaches.

    A value between two levels is marked by the lower one. An appointment code marks
    an appointment even at normal priority; a higher priority wins over it.
    :attr:`Priority.NORMAL` means "no mark".
    """
    level = max((p for p in Priority if priority >= p), default=Priority.NORMAL)
    if level is Priority.NORMAL and appointment_code:
        return Priority.APPOINTMENT
    return level
