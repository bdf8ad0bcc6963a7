"""ServiceNow (Table API): one incident per visit, found again by ``correlation_id``.

The Table API has no idempotency key, so the visit's UUID goes into the incident's
``correlation_id`` and every delivery queries ``sysparm_query=correlation_id=<uuid>``
before creating. A delivery is two steps, each safe to repeat:

1. find the incident, else create it (short description, check-in details, caller,
   contact type, category, group; ``correlation_display`` = ``Tech Bar``);
2. unless ``correlation_display`` already says ``Tech Bar (sent)``, one PATCH adds the
   timeline as a work note (``comments`` would be visible to the caller) and either
   resolves (``state`` 6, ``close_code``, ``close_notes``) or, for an escalated visit,
   sets ``assignment_group`` and leaves it open, marking it sent in the same update.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from kiosk.clock import Clock
from kiosk.config import ServiceNowSettings
from kiosk.sync.adapters.text import check_in_text, escalation_group, ticket_subject, timeline_note
from kiosk.sync.adapters.ticketing import (
    ident,
    items,
    mapped_group,
    member,
    ticket_number,
    visit_of,
)
from kiosk.sync.delivery import Delivery
from kiosk.sync.http import Exchange, HttpClient

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+servicenow)"
CREATED_MARK = "Tech Bar"
SENT_MARK = "Tech Bar (sent)"
MAX_SHORT_DESCRIPTION = 160
FIELDS = "sys_id,number,state,correlation_id,correlation_display"


class ServiceNowAdapter:
    """Sends visits to a ServiceNow table (``incident``) through the Table API.

    Safe to share between threads. ``timeout_seconds`` bounds a whole delivery.
    """

    def __init__(self, settings: ServiceNowSettings, *, clock: Clock | None = None) -> None:
        if not settings.url:
            raise ValueError("the servicenow adapter needs the instance URL")
        self.settings = settings
        self.base_url = settings.url.rstrip("/")
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        auth: tuple[str, str] | None = None
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        else:
            auth = (settings.username, settings.password)
        self.table_path = f"/api/now/table/{settings.table}"
        self._http = HttpClient("ServiceNow", self.base_url, settings.timeout_seconds,
                                headers=headers, auth=auth, clock=clock,
                                url_key="backend.servicenow.url")

    def ticket_url(self, sys_id: str) -> str:
        target = quote(f"{self.settings.table}.do?sys_id={sys_id}", safe="")
        return f"{self.base_url}/nav_to.do?uri={target}"

    def send(self, payload: dict[str, Any]) -> Delivery:
        """Create or finish the visit's incident; see :class:`TicketingAdapter`."""
        visit_id = visit_of(payload)
        call = self._http.exchange()
        record = self._find(call, visit_id)
        if record is None:
            record = self._create(call, payload)
            log.info("visit %s: ServiceNow incident %s created", visit_id, record.get("number"))
        sys_id = ident(record.get("sys_id"), "ServiceNow")
        if record.get("correlation_display") != SENT_MARK:
            self._finish(call, sys_id, payload)
        else:
            log.info("visit %s: ServiceNow incident already finished", visit_id)
        return Delivery(ticket_number(record.get("number"), sys_id), self.ticket_url(sys_id))

    def close(self) -> None:
        self._http.close()

    def _find(self, call: Exchange, visit_id: str) -> dict[str, Any] | None:
        what = "search for the visit's incident"
        params = {"sysparm_query": f"correlation_id={visit_id}^ORDERBYsys_created_on",
                  "sysparm_fields": FIELDS, "sysparm_limit": "5",
                  "sysparm_exclude_reference_link": "true"}
        found = [r for r in items(call.object("GET", self.table_path, what, params=params),
                                  "result", f"ServiceNow {what}")
                 if r.get("correlation_id") == visit_id]
        if len(found) > 1:
            log.warning("visit %s: %d ServiceNow incidents carry it", visit_id, len(found))
        return found[0] if found else None

    def _create(self, call: Exchange, payload: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        body: dict[str, Any] = {
            "short_description": ticket_subject(payload, MAX_SHORT_DESCRIPTION),
            "description": check_in_text(payload),
            "correlation_id": visit_of(payload),
            "correlation_display": CREATED_MARK,
            "contact_type": s.contact_type,
        }
        for key in ("caller_id", "assignment_group", "category"):
            if getattr(s, key):
                body[key] = getattr(s, key)
        what = "create an incident"
        created = call.object("POST", self.table_path, what, json=body,
                              params={"sysparm_fields": FIELDS,
                                      "sysparm_exclude_reference_link": "true"})
        return member(created, "result", f"ServiceNow {what}")

    def _finish(self, call: Exchange, sys_id: str, payload: dict[str, Any]) -> None:
        body: dict[str, Any] = {"work_notes": timeline_note(payload),
                                "correlation_display": SENT_MARK}
        group = escalation_group(payload)
        if payload.get("state") == "escalated":
            if group:
                body["assignment_group"] = mapped_group(self.settings.escalation_groups, group)
        else:
            resolution = payload.get("resolution") or {}
            body.update(state=self.settings.resolved_state, close_code=self.settings.close_code,
                        close_notes=str(resolution.get("notes") or resolution.get("code")
                                        or payload.get("state")))
        call.object("PATCH", f"{self.table_path}/{sys_id}", "update the incident", json=body,
                    params={"sysparm_fields": FIELDS})

