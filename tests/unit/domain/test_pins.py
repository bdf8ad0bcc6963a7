"""PIN hashes: only cost parameters a kiosk can check quickly are accepted."""

from __future__ import annotations

import base64

import pytest

from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.domain.pins import MAX_MEMORY_BYTES, hash_pin, is_pin_hash, pin_hash_problem, verify_pin
from kiosk.errors import ConfigError

SALT = base64.urlsafe_b64encode(b"saltsalt").decode().rstrip("=")


def made(n: int, r: int, p: int, pin: str = "2468") -> str:
    """A hash of ``pin`` with the given cost (as another tool might have made it)."""
    import hashlib

    key = hashlib.scrypt(pin.encode(), salt=b"saltsalt", n=n, r=r, p=p, dklen=32,
                         maxmem=2**31 - 1)
    return f"scrypt${n}${r}${p}${SALT}${base64.urlsafe_b64encode(key).decode().rstrip('=')}"


def test_the_default_hash_is_accepted_and_verifies() -> None:
    encoded = hash_pin("246810")
    assert pin_hash_problem(encoded) is None
    assert verify_pin("246810", encoded)
    assert not verify_pin("246811", encoded)


def test_the_costliest_accepted_hash_still_verifies() -> None:
    n, r = 2**16, 8
    assert 128 * n * r == MAX_MEMORY_BYTES
    encoded = made(n, r, 1)
    assert is_pin_hash(encoded)
    assert verify_pin("2468", encoded)


@pytest.mark.parametrize(("n", "r", "p", "words"), [
    (2**20, 8, 1, "too high"),      # 1 GiB: verify_pin used to raise "memory limit exceeded"
    (2**14, 8, 16, "too high"),     # 16 times the work: seconds per attempt on a kiosk
    (2**14, 64, 1, "too high"),     # 128 MiB
    (1000, 8, 1, "power of two"),
])
def test_costly_or_malformed_parameters_are_refused(n: int, r: int, p: int, words: str) -> None:
    encoded = f"scrypt${n}${r}${p}${SALT}${SALT}{SALT}"
    problem = pin_hash_problem(encoded)
    assert problem is not None
    assert words in problem
    assert not verify_pin("2468", encoded), "a refused hash never matches, never raises"


def test_settings_refuse_a_hash_that_could_never_be_checked() -> None:
    costly = f"scrypt${2**20}$8$1${SALT}${SALT}{SALT}"
    with pytest.raises(ConfigError, match="kiosk.admin_pin_hash.*too high"):
        load_settings(DEFAULT_CONFIG, environ={"KIOSK_ADMIN_PIN_HASH": costly})
    assert load_settings(DEFAULT_CONFIG, environ={"KIOSK_ADMIN_PIN_HASH": hash_pin("1357")})
