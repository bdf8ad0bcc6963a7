"""Asking for a new PIN on a terminal: twice, without echo, at most three rounds."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from kiosk.domain.pins import MAX_PIN, MIN_PIN, PinError, check_pin_format, hash_pin


def ask_new_pin(input_fn: Callable[[str], str], out: TextIO, prompt: str) -> str | None:
    """A well-formed PIN typed the same way twice, or None after three failed rounds.

    Args:
        input_fn: reads a secret without echo (``getpass.getpass``).
        out: where the reasons for asking again are written.
        prompt: the first question.
    """
    for _ in range(3):
        try:
            pin = input_fn(prompt)
            again = input_fn("Type it again: ") if _well_formed(pin, out) else None
        except EOFError:
            out.write("No PIN was typed (the input ended).\n")
            return None
        if again is None:
            continue
        if again == pin:
            return pin
        out.write("The two PINs differ; try again.\n")
    return None


def _well_formed(pin: str, out: TextIO) -> bool:
    try:
        check_pin_format(pin)
    except PinError as error:
        out.write(f"{error}; try again.\n")
        return False
    return True


def prompt_new_pin_hash(input_fn: Callable[[str], str], out: TextIO) -> str:
    """``python main.py admin-pin``: ask for a new admin PIN and print its settings line.

    Raises:
        PinError: three rounds without a usable PIN.
    """
    pin = ask_new_pin(input_fn, out, f"New admin PIN ({MIN_PIN}-{MAX_PIN} digits): ")
    if pin is None:
        raise PinError("no PIN set")
    encoded = hash_pin(pin)
    out.write("Put this line in the [kiosk] table of the settings file:\n")
    out.write(f'admin_pin_hash = "{encoded}"\n')
    return encoded
