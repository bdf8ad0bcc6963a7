"""PINs: their format, and salted scrypt hashes that verify in bounded time and memory.

A hash carries its own cost parameters, so one made elsewhere (or typed in by hand) could
ask for more than a kiosk can give: n = 2**20 needs 1 GiB and fails; large r or p takes
seconds per attempt. :func:`pin_hash_problem` refuses such hashes up front, so a settings
file cannot lock the kiosk for good.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

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

#: The most memory (128 * n * r bytes) and work (n * r * p) a hash may ask for: with the
#: defaults' 16 MiB and 30 ms, at most 4 times the default, well under a second.
MAX_MEMORY_BYTES = 64 * 1024 * 1024
MAX_WORK = 4 * N * R * P


def pin_hash_problem(encoded: str) -> str | None:
    """Why ``encoded`` cannot serve as a PIN hash, or None when it can."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return f"not a PIN hash (expected {SCHEME}$n$r$p$salt$key; make one with 'main.py admin-pin')"
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return "the hash's numbers or base64 parts are malformed"
    if not (n > 1 and n & (n - 1) == 0 and r >= 1 and p >= 1):
        return "scrypt needs n a power of two above 1, and r and p of at least 1"
    if 128 * n * r > MAX_MEMORY_BYTES or n * r * p > MAX_WORK:
        return (f"its scrypt cost (n={n}, r={r}, p={p}) is too high to check a PIN quickly; "
                "make a new hash with 'main.py admin-pin'")
    if len(salt) < 8 or len(key) < 16:
        return "the hash's salt or key is too short"
    return None


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * 1024 * 1024)


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes] | None:
    if pin_hash_problem(encoded) is not None:
        return None
    parts = encoded.split("$")
    n, r, p = (int(x) for x in parts[1:4])
    return n, r, p, _unb64(parts[4]), _unb64(parts[5])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise ValueError(str(error)) from None
