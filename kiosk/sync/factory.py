"""Choosing the adapter from the settings."""

from __future__ import annotations

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.sync.adapter import TicketingAdapter
from kiosk.sync.rt import RTAdapter
from kiosk.sync.webhook import WebhookAdapter


def build_adapter(settings: Settings, *, clock: Clock | None = None) -> TicketingAdapter | None:
    """The adapter for ``settings.backend``, or None when the backend is "none".

    Args:
        clock: used to read ``Retry-After`` dates when the server sends no ``Date``.

    Raises:
        ValueError: an unknown backend (settings validation normally prevents it).
    """
    if settings.backend == "none":
        return None
    if settings.backend == "webhook":
        return WebhookAdapter(settings.webhook, clock=clock)
    if settings.backend == "rt":
        return RTAdapter(settings.rt, clock=clock)
    raise ValueError(f"unknown ticketing backend '{settings.backend}'")
