"""What every channel's sender does, and how it says a message was not sent."""

from __future__ import annotations

from typing import Protocol

from kiosk.domain.text import printable_line
from kiosk.notify.messages import Message

REASON_CHARS = 300


class SendFailed(Exception):
    """A message was not sent. ``permanent``: trying again cannot help."""

    def __init__(self, reason: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = printable_line(reason, REASON_CHARS)
        self.permanent = permanent
        self.retry_after = retry_after


class Sender(Protocol):
    def send(self, address: str, message: Message, message_id: str) -> None: ...
