"""Hypothesis strategies for hostile input, shared by the property tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hypothesis import strategies as st

#: Characters that trip up text handling: C0 and C1 controls, every kind of line break,
#: a combining accent, zero-width and byte-order marks, lone surrogates (what Python
#: makes of undecodable bytes), an emoji outside the BMP, quotes and separators.
TRICKY = ("\x00\x07\t\n\r\x0b\x0c\x1c\x1f\x7f\x80\x85\x9f\u00a0\u0301\u200b\u2028\u2029"
          "\ufeff\ud800\udc80\udfff\U0001f600\"',;=[]{}#\\")


def hostile_text(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text: every code point, surrogates included, with the tricky ones often."""
    return st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(TRICKY)),
                   max_size=max_size)


def huge_text() -> st.SearchStrategy[str]:
    """One character repeated past every limit the core sets (up to 60,000)."""
    return st.builds(lambda c, n: c * n, st.sampled_from("x\u00e9\U0001f600 \n\x00"),
                     st.integers(100, 60_000))


T = TypeVar("T")
E = TypeVar("E", bound=BaseException)


def outcome(call: Callable[[], T], *errors: type[E]) -> T | E:
    """What ``call()`` returns, or the error of one of these types it raised: a property's
    "a result or a clear refusal", checked after the fact."""
    try:
        return call()
    except errors as refusal:
        return refusal
