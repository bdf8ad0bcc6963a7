"""The admin PIN: salted scrypt hashes, constant-time checks, lock-out after 5 wrong tries."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from kiosk.app.security import PinGate, PinOutcome
from kiosk.cli.prompts import prompt_new_pin_hash
from kiosk.clock import ManualClock
from kiosk.domain.pins import PinError, hash_pin, is_pin_hash, verify_pin


@pytest.fixture(scope="module")
def encoded() -> str:
    return hash_pin("246810")


def test_hash_is_salted_and_carries_its_parameters(encoded: str) -> None:
    scheme, n, r, p, salt, key = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(salt) >= 20
    assert len(key) >= 40
    assert hash_pin("246810") != encoded, "a fresh random salt each time"
    assert "246810" not in encoded


def test_verify_accepts_the_pin_and_rejects_others(encoded: str) -> None:
    assert verify_pin("246810", encoded)
    assert not verify_pin("246811", encoded)
    assert not verify_pin("", encoded)
    assert not verify_pin("2468100", encoded)


@pytest.mark.parametrize("bad", ["", "plain", "scrypt$16384$8$1$abc", "bcrypt$1$2$3$4$5",
                                 "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43,
                                 "scrypt$16384$8$1$!!!$" + "A" * 43])
def test_malformed_hash_never_matches(bad: str) -> None:
    assert not is_pin_hash(bad)
    assert not verify_pin("1234", bad)


@pytest.mark.parametrize("pin", ["123", "12a4", "1234567890123", "１２３４"])
def test_bad_pins_cannot_be_hashed(pin: str) -> None:
    with pytest.raises(PinError):
        hash_pin(pin)


def test_gate_locks_out_after_five_wrong_tries(encoded: str, clock: ManualClock) -> None:
    gate = PinGate(encoded, clock)
    assert gate.configured
    lefts = [gate.attempt("0000").tries_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = gate.attempt("0000")
    assert fifth.outcome is PinOutcome.LOCKED
    assert fifth.locked_until == clock.now() + timedelta(minutes=5)
    right_but_locked = gate.attempt("246810")
    assert right_but_locked.outcome is PinOutcome.LOCKED, "the lock-out holds even for the PIN"
    clock.advance(timedelta(minutes=4, seconds=59))
    assert gate.attempt("246810").outcome is PinOutcome.LOCKED
    clock.advance(timedelta(seconds=1))
    assert gate.locked_until() is None
    assert gate.attempt("1111").tries_left == 4, "a fresh count after the lock-out"
    assert gate.attempt("246810").ok
    assert gate.attempt("1111").tries_left == 4, "a right PIN resets the count"


def test_gate_without_a_hash_never_opens(clock: ManualClock) -> None:
    gate = PinGate("", clock, max_tries=2)
    assert not gate.configured
    assert gate.attempt("1234").outcome is PinOutcome.WRONG
    assert gate.attempt("").outcome is PinOutcome.LOCKED


def test_prompt_asks_twice_and_prints_the_settings_line() -> None:
    answers = iter(["12", "1234", "1235", "975310", "975310"])
    out = io.StringIO()
    encoded = prompt_new_pin_hash(lambda _prompt: next(answers), out)
    assert verify_pin("975310", encoded)
    text = out.getvalue()
    assert "4 to 12 digits" in text
    assert "The two PINs differ" in text
    assert f'admin_pin_hash = "{encoded}"' in text
    assert "975310" not in text


def test_prompt_gives_up_after_three_rounds() -> None:
    with pytest.raises(PinError, match="no PIN set"):
        prompt_new_pin_hash(lambda _prompt: "x", io.StringIO())
