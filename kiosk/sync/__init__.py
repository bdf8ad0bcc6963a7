"""Sending finished visits to the ticketing system: outbox worker, adapters, health.

Qt-free. The composition root builds an adapter with :func:`build_adapter` and runs a
:class:`SyncWorker` in its own thread or process (``python main.py sync``). Adapters:
the signed JSON webhook, Request Tracker 5, ServiceNow, Jira Service Management,
Zammad and Zendesk; they share :mod:`kiosk.sync.http` and :mod:`kiosk.sync.text`.
The console and liaison read a visit's ticket with :func:`ticket_link`.
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
from kiosk.sync.health import (
    DeliveryProblem,
    SyncHealth,
    retry_failed,
    sync_health,
    ticket_link,
    ticket_links,
)
from kiosk.sync.jira import JiraAdapter
from kiosk.sync.payload import SCHEMA_PATH, SCHEMA_VERSION, Satisfaction, build_payload
from kiosk.sync.rt import RTAdapter
from kiosk.sync.servicenow import ServiceNowAdapter
from kiosk.sync.webhook import WebhookAdapter
from kiosk.sync.worker import SyncReport, SyncWorker
from kiosk.sync.zammad import ZammadAdapter
from kiosk.sync.zendesk import ZendeskAdapter

__all__ = [
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "Backoff",
    "Delivery",
    "DeliveryError",
    "DeliveryProblem",
    "JiraAdapter",
    "RTAdapter",
    "Satisfaction",
    "ServiceNowAdapter",
    "PermanentError",
    "SyncHealth",
    "SyncReport",
    "SyncWorker",
    "TicketingAdapter",
    "TransientError",
    "WebhookAdapter",
    "ZammadAdapter",
    "ZendeskAdapter",
    "build_adapter",
    "build_payload",
    "parse_retry_after",
    "retry_failed",
    "sync_health",
    "ticket_link",
    "ticket_links",
]
