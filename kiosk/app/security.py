"""The kiosk's admin PIN gate: a constant-time check against the hash and a lock-out.

Qt-free: the lock-down window asks :class:`PinGate` whether a PIN opens it (off the GUI
thread: a check costs tens of milliseconds by design). The hash itself is a domain rule
(:mod:`kiosk.domain.pins`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from kiosk.clock import Clock
from kiosk.domain.pins import is_pin_hash, verify_pin


class PinOutcome(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class PinResult:
    """What one attempt gave.

    Attributes:
        outcome: ok, wrong or locked.
        tries_left: wrong tries left before the lock-out (0 when locked).
        locked_until: when a lock-out ends (``None`` unless locked).
    """

    outcome: PinOutcome
    tries_left: int = 0
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is PinOutcome.OK


class PinGate:
    """Checks PINs against one hash; after ``max_tries`` wrong ones, refuses all for a while.

    Every attempt during a lock-out is refused without even checking the PIN, and a
    right PIN resets the count. With an empty or malformed hash nothing opens it.
    """

    def __init__(self, encoded_hash: str, clock: Clock, max_tries: int = 5,
                 lockout: timedelta = timedelta(minutes=5)) -> None:
        if max_tries < 1:
            raise ValueError("max_tries must be at least 1")
        self._hash = encoded_hash
        self.clock = clock
        self.max_tries = max_tries
        self.lockout = lockout
        self._wrong = 0
        self._locked_until: datetime | None = None

    @property
    def configured(self) -> bool:
        """Whether a usable hash was given (otherwise no PIN opens the gate)."""
        return is_pin_hash(self._hash)

    def locked_until(self) -> datetime | None:
        """The end of the current lock-out, or ``None``."""
        if self._locked_until is not None and self.clock.now() >= self._locked_until:
            self._locked_until = None
            self._wrong = 0
        return self._locked_until

    def attempt(self, pin: str) -> PinResult:
        """Try one PIN."""
        until = self.locked_until()
        if until is not None:
            return PinResult(PinOutcome.LOCKED, 0, until)
        if verify_pin(pin, self._hash):
            self._wrong = 0
            return PinResult(PinOutcome.OK, self.max_tries)
        self._wrong += 1
        if self._wrong >= self.max_tries:
            self._locked_until = self.clock.now() + self.lockout
            return PinResult(PinOutcome.LOCKED, 0, self._locked_until)
        return PinResult(PinOutcome.WRONG, self.max_tries - self._wrong)


