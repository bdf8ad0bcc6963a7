"""Sending finished visits to the ticketing system: outbox worker, adapters, health.

Qt-free. The composition root builds an adapter with :func:`build_adapter` and runs a
:class:`SyncWorker` in its own thread or process (``python main.py sync``).
"""

from kiosk.sync.adapter import (
    Delivery,
    DeliveryError,
    PermanentError,
    TicketingAdapter,
    TransientError,
)
from kiosk.sync.backoff import Backoff, parse_retry_after
from kiosk.sync.factory import build_adapter
from kiosk.sync.health import DeliveryProblem, SyncHealth, retry_failed, sync_health
from kiosk.sync.payload import SCHEMA_PATH, SCHEMA_VERSION, build_payload
from kiosk.sync.webhook import WebhookAdapter
from kiosk.sync.worker import SyncReport, SyncWorker

__all__ = [
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "Backoff",
    "Delivery",
    "DeliveryError",
    "DeliveryProblem",
    "PermanentError",
    "SyncHealth",
    "SyncReport",
    "SyncWorker",
    "TicketingAdapter",
    "TransientError",
    "WebhookAdapter",
    "build_adapter",
    "build_payload",
    "parse_retry_after",
    "retry_failed",
    "sync_health",
]
