"""Choosing the adapter, and the delivery limits, from the settings."""

from __future__ import annotations

import importlib
from typing import Any

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.sync.delivery import TicketingAdapter

#: The adapter of each backend kind, as "module:class" under kiosk.sync.adapters; each
#: takes its settings and ``clock=``. Only the configured one is ever imported.
ADAPTERS: dict[str, str] = {
    "webhook": "webhook:WebhookAdapter", "rt": "rt:RTAdapter",
    "servicenow": "servicenow:ServiceNowAdapter", "jira": "jira:JiraAdapter",
    "zammad": "zammad:ZammadAdapter", "zendesk": "zendesk:ZendeskAdapter",
}


def build_adapter(settings: Settings, *, clock: Clock | None = None) -> TicketingAdapter | None:
    """The adapter for ``settings.backend``, or None when the backend is "none".

    Args:
        clock: used to read ``Retry-After`` dates when the server sends no ``Date``.

    Raises:
        ValueError: an unknown backend (settings validation normally prevents it).
    """
    if settings.backend == "none":
        return None
    where = ADAPTERS.get(settings.backend)
    if where is None:
        raise ValueError(f"unknown ticketing backend '{settings.backend}'")
    module, name = where.split(":")
    make = getattr(importlib.import_module(f"kiosk.sync.adapters.{module}"), name)
    adapter: TicketingAdapter = make(backend_settings(settings), clock=clock)
    return adapter


def backend_settings(settings: Settings) -> Any:
    """The active backend's settings (``settings.webhook`` for the webhook...), or None."""
    return getattr(settings, settings.backend, None) if settings.backend in ADAPTERS else None


def delivery_limits(settings: Settings) -> tuple[float, int]:
    """(seconds one delivery may take, attempts before giving up) for the active backend.

    The backend's ``max_attempts`` wins; unset, ``[sync] max_attempts`` applies. With no
    backend, the webhook's timeout stands in (nothing is sent anyway).
    """
    chosen = backend_settings(settings) or settings.webhook
    attempts = chosen.max_attempts or settings.sync.max_attempts
    return float(chosen.timeout_seconds), int(attempts)


def backend_location(settings: Settings) -> str:
    """The active backend's URL as configured (for reports; may hold no credentials)."""
    chosen = backend_settings(settings)
    return str(getattr(chosen, "url", "")) if chosen is not None else ""
