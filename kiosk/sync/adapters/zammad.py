"""Zammad: one ticket per visit, found again by a tag or an object attribute.

Zammad has no idempotency key: the visit's UUID goes into a ticket object attribute
(configured) or the tag ``techbar-<uuid>``, and every delivery searches
``/api/v1/tickets/search`` before creating. A delivery is three steps, each safe to
repeat:

1. find the ticket, else create it (title, group, customer, the check-in details as
   its first article, the attribute or tag);
2. add the timeline as an internal note article (with the time spent as
   ``time_unit``) unless an article with the timeline subject is already there;
3. ``PUT`` the final state: ``closed_state`` for resolved visits; escalated visits
   move to their escalation group and stay open.

Zammad's search is served by its search index (Elasticsearch), which can lag about a
second behind a create. A retry after a lost create answer comes after the worker's
backoff (``[sync] base_delay_seconds``, 2 s by default, at least half of it with
jitter), so keep that above the index's refresh interval.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.clock import Clock
from kiosk.config import ZammadSettings
from kiosk.sync.adapters.text import (
    check_in_text,
    escalation_group,
    minutes_spent,
    ticket_subject,
    timeline_subject,
    timeline_text,
)
from kiosk.sync.adapters.ticketing import (
    ident,
    mapped_group,
    requester_email,
    ticket_number,
    visit_of,
)
from kiosk.sync.delivery import Delivery, TransientError
from kiosk.sync.http import Exchange, HttpClient

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+zammad)"
TICKETS = "/api/v1/tickets"


class ZammadAdapter:
    """Sends visits to Zammad's REST API. Safe to share between threads."""

    def __init__(self, settings: ZammadSettings, *, clock: Clock | None = None) -> None:
        if not settings.url:
            raise ValueError("the zammad adapter needs the Zammad URL")
        self.settings = settings
        self.base_url = settings.url.rstrip("/")
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT,
                   "Authorization": f"Token token={settings.token}"}
        self._http = HttpClient("Zammad", self.base_url, settings.timeout_seconds,
                                headers=headers, clock=clock, url_key="backend.zammad.url")

    def ticket_url(self, ticket_id: str) -> str:
        return f"{self.base_url}/#ticket/zoom/{ticket_id}"

    def send(self, payload: dict[str, Any]) -> Delivery:
        """Create or finish the visit's ticket; see :class:`TicketingAdapter`."""
        visit_id = visit_of(payload)
        call = self._http.exchange()
        ticket = self._find(call, visit_id)
        if ticket is None:
            ticket = self._create(call, payload)
            log.info("visit %s: Zammad ticket %s created", visit_id, ticket.get("id"))
        ticket_id = ident(ticket.get("id"), "Zammad ticket")
        if not self._has_timeline(call, ticket_id, visit_id):
            self._note(call, ticket_id, payload)
        call.object("PUT", f"{TICKETS}/{ticket_id}", f"update ticket {ticket_id}",
                    json=self._final(payload))
        return Delivery(ticket_number(ticket.get("number"), ticket_id),
                        self.ticket_url(ticket_id))

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ steps

    def _tag(self, visit_id: str) -> str:
        return f"{self.settings.tag_prefix}{visit_id}"

    def _find(self, call: Exchange, visit_id: str) -> dict[str, Any] | None:
        field = self.settings.uuid_field
        query = f'tags:"{self._tag(visit_id)}"' if field == "tags" else f'{field}:"{visit_id}"'
        what = "search for the visit's ticket"
        answer = call.object("GET", f"{TICKETS}/search", what,
                             params={"query": query, "limit": "5"})
        ids = answer.get("tickets")
        assets = answer.get("assets") or {}
        tickets = (assets.get("Ticket") or {}) if isinstance(assets, dict) else None
        if not isinstance(ids, list) or not isinstance(tickets, dict):
            raise TransientError(f"Zammad {what}: the answer has no 'tickets' list")
        found = [_asset(tickets, i) for i in ids]
        if field != "tags":  # a text search: keep exact matches where the asset tells
            found = [t for t in found if t.get(field, visit_id) == visit_id]
        if len(found) > 1:
            log.warning("visit %s: %d Zammad tickets carry it", visit_id, len(found))
        return found[0] if found else None

    def _create(self, call: Exchange, payload: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        visit_id = visit_of(payload)
        title = ticket_subject(payload)
        body: dict[str, Any] = {
            "title": title,
            "group": s.group,
            "article": {"subject": title, "body": check_in_text(payload), "type": "note",
                        "internal": False, "content_type": "text/plain"},
        }
        customer = requester_email(payload) or s.customer
        if customer:
            body["customer_id"] = f"guess:{customer}"
        if s.uuid_field == "tags":
            body["tags"] = self._tag(visit_id)
        else:
            body[s.uuid_field] = visit_id
        return call.object("POST", TICKETS, "create a ticket", json=body)

    def _has_timeline(self, call: Exchange, ticket_id: str, visit_id: str) -> bool:
        what = f"read the articles of ticket {ticket_id}"
        articles = call.json("GET", f"/api/v1/ticket_articles/by_ticket/{ticket_id}", what)
        if not isinstance(articles, list):
            raise TransientError(f"Zammad {what}: the answer is not a list")
        subject = timeline_subject(visit_id)
        return any(isinstance(a, dict) and a.get("subject") == subject for a in articles)

    def _note(self, call: Exchange, ticket_id: str, payload: dict[str, Any]) -> None:
        body: dict[str, Any] = {"ticket_id": int(ticket_id) if ticket_id.isdigit() else ticket_id,
                                "subject": timeline_subject(visit_of(payload)),
                                "body": timeline_text(payload), "type": "note",
                                "internal": True, "content_type": "text/plain"}
        minutes = minutes_spent(payload)
        if minutes:
            body["time_unit"] = str(minutes)
        call.object("POST", "/api/v1/ticket_articles", f"add a note to ticket {ticket_id}",
                    json=body)

    def _final(self, payload: dict[str, Any]) -> dict[str, Any]:
        if payload.get("state") != "escalated":
            return {"state": self.settings.closed_state}
        group = escalation_group(payload)
        return {"state": "open",
                **({"group": mapped_group(self.settings.escalation_groups, group)}
                   if group else {})}


def _asset(tickets: dict[str, Any], ticket_id: Any) -> dict[str, Any]:
    """The search answer's asset of a ticket, or just its id when the answer has none."""
    asset = tickets.get(str(ticket_id))
    return asset if isinstance(asset, dict) and asset else {"id": ticket_id}
