"""Fakes of the console's dialog seams: the technician typed an answer and pressed OK."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def answering(answer: Any, asked: list[tuple[Any, ...]] | None = None,
              replies: list[str] | None = None) -> Callable[..., bool]:
    """A fake ``Dialog.ask(parent, ..., send)`` that sends ``answer`` (None: cancelled).

    Args:
        asked: collects the arguments each call was given (without ``send``).
        replies: collects what the dialog was told after sending ("" once saved).
    """

    def ask(*args: Any) -> bool:
        *given, send = args
        if asked is not None:
            asked.append(tuple(given))
        if answer is None:
            return False
        send(answer, replies.append if replies is not None else lambda _problem: None)
        return True

    return ask
