"""The one small interface every ticketing adapter implements, and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Delivery:
    """What the ticketing system answered for a delivered visit.

    Attributes:
        external_id: the ticket's id in the ticketing system ("" when not told).
        external_url: a link to the ticket ("" when not told).
    """

    external_id: str = ""
    external_url: str = ""


class DeliveryError(Exception):
    """A visit could not be delivered; ``reason`` is fit to show the liaison."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class TransientError(DeliveryError):
    """Worth trying again later (server busy, network trouble, timeout...).

    Attributes:
        retry_after: seconds the server asked us to wait (``Retry-After``), if any.
    """

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentError(DeliveryError):
    """Trying again cannot help until someone changes something (bad request, bad URL...)."""


class TicketingAdapter(Protocol):
    """Sends one finished visit to a ticketing system.

    Implementations must be idempotent per visit: sending the same payload again
    (after a lost response, say) must never create a second ticket.
    """

    def send(self, payload: dict[str, Any]) -> Delivery:
        """Deliver ``payload`` (built by :func:`kiosk.sync.payload.build_payload`).

        Raises:
            TransientError: try again later.
            PermanentError: stop trying; the reason is recorded.
        """
        ...

    def close(self) -> None:
        """Release network resources."""
        ...
