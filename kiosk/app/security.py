"""The kiosk's admin PIN: a salted scrypt hash, a constant-time check and a lock-out.

Qt-free: the lock-down window asks :class:`PinGate` whether a PIN opens it, and
``python main.py admin-pin`` prints a hash for the settings file through
:func:`prompt_new_pin_hash`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from kiosk.clock import Clock

SCHEME = "scrypt"
#: scrypt cost parameters: n=2**14, r=8, p=1 takes about 30 ms and 16 MiB.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PIN, MAX_PIN = 4, 12


class PinError(ValueError):
    """A PIN that cannot be used (too short, too long, not only digits)."""


def check_pin_format(pin: str) -> None:
    """Raise :class:`PinError` unless ``pin`` is 4-12 ASCII digits."""
    if not (pin.isascii() and pin.isdigit()):
        raise PinError("the PIN must be digits only")
    if not MIN_PIN <= len(pin) <= MAX_PIN:
        raise PinError(f"the PIN must have {MIN_PIN} to {MAX_PIN} digits")


def hash_pin(pin: str) -> str:
    """``scrypt$n$r$p$salt$key`` (salt and key in unpadded URL-safe base64).

    Raises:
        PinError: the PIN is not 4-12 digits.
    """
    check_pin_format(pin)
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(pin, salt, N, R, P, KEY_BYTES)
    return "$".join((SCHEME, str(N), str(R), str(P), _b64(salt), _b64(key)))


def verify_pin(pin: str, encoded: str) -> bool:
    """Whether ``pin`` matches ``encoded``; compares in constant time.

    A malformed ``encoded`` never matches (and never raises).
    """
    parsed = _parse(encoded)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    candidate = _derive(pin, salt, n, r, p, len(key))
    return hmac.compare_digest(candidate, key)


def is_pin_hash(encoded: str) -> bool:
    """Whether ``encoded`` looks like a hash made by :func:`hash_pin`."""
    return _parse(encoded) is not None


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


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * 1024 * 1024)


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    valid = n > 1 and n & (n - 1) == 0 and n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16
    if not valid or len(salt) < 8 or len(key) < 16:
        return None
    return n, r, p, salt, key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise ValueError(str(error)) from None
