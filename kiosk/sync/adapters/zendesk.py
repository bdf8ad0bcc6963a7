"""Zendesk Support: one ticket per visit, guarded twice against duplicates.

The create carries ``Idempotency-Key: <visit uuid>`` (Zendesk answers a repeat with
the first result, ``x-idempotency-lookup: hit``), and the ticket's ``external_id`` is
the UUID, listed with ``GET /api/v2/tickets?external_id=`` before creating: the
second guard, for repeats after the key's retention. A delivery is two steps:

1. find the ticket by ``external_id``, else create it (subject, the check-in details
   as a private comment, requester, group, tag ``techbar``);
2. unless the ticket already has the tag ``techbar_timeline``, one ``PUT`` adds the
   timeline as a private comment, the tag, and the status (``solved`` for resolved
   visits; escalated visits stay ``open`` in their escalation group).
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.clock import Clock
from kiosk.config import ZendeskSettings
from kiosk.sync.adapters.text import check_in_text, escalation_group, ticket_subject, timeline_note
from kiosk.sync.adapters.ticketing import ident, items, mapped_group, member, visit_of
from kiosk.sync.delivery import Delivery
from kiosk.sync.http import Exchange, HttpClient

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+zendesk)"
TICKETS = "/api/v2/tickets"
TAG = "techbar"
DONE_TAG = "techbar_timeline"


class ZendeskAdapter:
    """Sends visits to Zendesk's ticket API. Safe to share between threads."""

    def __init__(self, settings: ZendeskSettings, *, clock: Clock | None = None) -> None:
        if not settings.url:
            raise ValueError("the zendesk adapter needs the account URL")
        self.settings = settings
        self.base_url = settings.url.rstrip("/")
        self._http = HttpClient("Zendesk", self.base_url, settings.timeout_seconds,
                                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                                auth=(f"{settings.email}/token", settings.token), clock=clock,
                                url_key="backend.zendesk.url")

    def ticket_url(self, ticket_id: str) -> str:
        return f"{self.base_url}/agent/tickets/{ticket_id}"

    def send(self, payload: dict[str, Any]) -> Delivery:
        """Create or finish the visit's ticket; see :class:`TicketingAdapter`."""
        visit_id = visit_of(payload)
        call = self._http.exchange()
        ticket = self._find(call, visit_id)
        if ticket is None:
            ticket = self._create(call, payload)
            log.info("visit %s: Zendesk ticket %s created", visit_id, ticket.get("id"))
        ticket_id = ident(ticket.get("id"), "Zendesk ticket")
        tags = ticket.get("tags")
        if not (isinstance(tags, list) and DONE_TAG in tags):
            call.object("PUT", f"{TICKETS}/{ticket_id}", f"update ticket {ticket_id}",
                        json={"ticket": self._update(payload)})
        return Delivery(ticket_id, self.ticket_url(ticket_id))

    def close(self) -> None:
        self._http.close()

    def _find(self, call: Exchange, visit_id: str) -> dict[str, Any] | None:
        what = "look up the visit's ticket"
        answer = call.object("GET", TICKETS, what, params={"external_id": visit_id})
        found = [t for t in items(answer, "tickets", f"Zendesk {what}")
                 if t.get("external_id") == visit_id]
        if len(found) > 1:
            log.warning("visit %s: %d Zendesk tickets carry it", visit_id, len(found))
        return found[0] if found else None

    def _create(self, call: Exchange, payload: dict[str, Any]) -> dict[str, Any]:
        visit_id = visit_of(payload)
        ticket: dict[str, Any] = {
            "subject": ticket_subject(payload),
            "comment": {"body": check_in_text(payload), "public": False},
            "external_id": visit_id,
            "tags": [TAG],
        }
        requester = payload.get("requester") or {}
        if requester.get("email"):
            ticket["requester"] = {"name": requester.get("name") or requester["email"],
                                   "email": requester["email"]}
        if self.settings.group_id:
            ticket["group_id"] = int(self.settings.group_id)
        what = "create a ticket"
        created = call.object("POST", TICKETS, what, json={"ticket": ticket},
                              headers={"Idempotency-Key": visit_id})
        return member(created, "ticket", f"Zendesk {what}")

    def _update(self, payload: dict[str, Any]) -> dict[str, Any]:
        update: dict[str, Any] = {"comment": {"body": timeline_note(payload), "public": False},
                                  "additional_tags": [DONE_TAG]}
        if payload.get("state") == "escalated":
            update["status"] = "open"
            group = mapped_group(self.settings.escalation_groups, escalation_group(payload))
            if group.isdigit():
                update["group_id"] = int(group)
        else:
            update["status"] = self.settings.solved_status
        return update
