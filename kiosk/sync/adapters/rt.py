"""Request Tracker 5 (REST2): one ticket per visit, found again by the visit's UUID.

RT has no idempotency key, so the visit's UUID goes into a ticket custom field
(``KioskSessionID`` by default) and every delivery searches for it before creating.
A delivery is a short, repeatable sequence; any step may fail and the whole sequence
runs again later, finding what the earlier attempt already did:

1. find the ticket by custom field, else create it (queue, subject, check-in details,
   requestor, custom field) and read it back to be sure the custom field was stored
   (RT silently drops an unknown or unwritable custom field; checked once per adapter);
2. add the timeline as one comment with ``TimeTaken`` and the new status (resolved
   visits get ``resolve_status``, escalated ones stay ``open``), unless the ticket
   history already holds a comment whose subject is this visit's timeline marker,
   in which case only the status is set again.

Every REST2 call costs about 0.3 s on RT 5 (measured on loopback), so a first
delivery makes three calls (search, create, comment) after the one-off checks.

HTTP errors are mapped by :mod:`kiosk.sync.http` like every adapter's: 5xx,
408/409/425/429, timeouts and connection failures are :class:`TransientError`; other
4xx are :class:`PermanentError` carrying RT's ``message``.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

from kiosk.clock import Clock
from kiosk.config import RTSettings
from kiosk.sync.adapters.text import (
    MAX_SUBJECT,
    TIMELINE_MARKER,
    check_in_text,
    minutes_spent,
    ticket_subject,
    timeline_subject,
    timeline_text,
)
from kiosk.sync.delivery import Delivery, PermanentError, TransientError
from kiosk.sync.http import Exchange, HttpClient

__all__ = ["MAX_SUBJECT", "TIMELINE_MARKER", "RTAdapter", "check_in_text", "minutes_spent",
           "ticket_subject", "timeline_subject", "timeline_text"]

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+rt)"
ESCALATED_STATUS = "open"
HISTORY_PAGE = 100
MAX_HISTORY_PAGES = 50
_TICKET_ID = re.compile(r"[1-9][0-9]{0,17}")
_REASON_CHARS = 200
_STATUS_REFUSED = re.compile(r"isn't a valid|not a valid|can't|cannot|not allowed|permission",
                             re.IGNORECASE)


class RTAdapter:
    """Sends visits to one RT queue through REST2.

    Safe to share between threads: each thread gets its own ``requests.Session``.
    ``timeout_seconds`` bounds a whole delivery (all its calls together), so a worker's
    lease sized on that timeout is not outlived by one slow visit.

    Args:
        settings: URL, queue, custom field, timeout and credentials.
        clock: used to read ``Retry-After`` dates (a proxy in front of RT may send them).
    """

    def __init__(self, settings: RTSettings, *, clock: Clock | None = None) -> None:
        if not settings.url:
            raise ValueError("the rt adapter needs the base URL of Request Tracker")
        self.base_url = settings.url.rstrip("/")
        self.api_url = f"{self.base_url}/REST/2.0"
        self.queue = settings.queue
        self.custom_field = settings.custom_field
        self.timeout = settings.timeout_seconds
        self.resolve_status = settings.resolve_status
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        auth: tuple[str, str] | None = None
        if settings.token:
            headers["Authorization"] = f"token {settings.token}"
        else:
            auth = (settings.username, settings.password)
        self._http = HttpClient("RT", self.api_url, settings.timeout_seconds,
                                headers=headers, auth=auth, clock=clock,
                                url_key="backend.rt.url")
        self._checked = False
        self._custom_field_stored = False

    def ticket_url(self, ticket_id: str) -> str:
        """The ticket's page in RT's web interface."""
        return f"{self.base_url}/Ticket/Display.html?id={ticket_id}"

    def check(self) -> None:
        """Make sure the queue is reachable and the custom field applies to it.

        Reads ``GET /queue/{name}``, whose ``TicketCustomFields`` lists the ticket custom
        fields the API user may see on that queue (``GET /customfields`` lists nothing
        for a user without admin rights).

        Raises:
            PermanentError: the queue or the custom field is missing, or RT refused us.
            TransientError: RT could not be asked right now.
        """
        self._check(self._exchange())

    def send(self, payload: dict[str, Any]) -> Delivery:
        """Create or continue the visit's ticket; see :class:`TicketingAdapter`."""
        visit_id = str(payload["visit_id"])
        call = self._exchange()
        if not self._checked:
            self._check(call)
        status = self._status_for(str(payload.get("state", "")))
        ticket_id = self._find(call, visit_id)
        if ticket_id is None:
            ticket_id = self._create(call, payload)
            log.info("visit %s: RT ticket %s created", visit_id, ticket_id)
            self._comment(call, ticket_id, payload, status)
        elif not self._has_timeline(call, ticket_id, visit_id):
            log.info("visit %s: continuing RT ticket %s", visit_id, ticket_id)
            self._comment(call, ticket_id, payload, status)
        else:
            log.info("visit %s: RT ticket %s already has the timeline", visit_id, ticket_id)
            what = f"set the status of ticket {ticket_id}"
            _require_status(call.json("PUT", f"/ticket/{ticket_id}", what,
                                         json={"Status": status}), status, what)
        return Delivery(ticket_id, self.ticket_url(ticket_id))

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ steps

    def _check(self, call: Exchange) -> None:
        what = f"read queue '{self.queue}'"
        try:
            queue = _object(call.json("GET", f"/queue/{quote(self.queue, safe='')}", what),
                            what)
        except PermanentError as exc:
            raise PermanentError(f"{exc.reason} (is backend.rt.queue right, and may the API "
                                 "user see the queue?)") from None
        fields = queue.get("TicketCustomFields")
        names = [f.get("name") for f in fields if isinstance(f, dict)] \
            if isinstance(fields, list) else []
        if self.custom_field not in names:  # a list: a name may be any JSON, even a list
            raise PermanentError(
                f"RT custom field '{self.custom_field}' does not exist, does not apply to queue "
                f"'{self.queue}' or is hidden from the API user (SeeCustomField); create it as a "
                "ticket custom field or fix backend.rt.custom_field")
        self._checked = True

    def _find(self, call: Exchange, visit_id: str) -> str | None:
        value = visit_id.replace("\\", "\\\\").replace("'", "\\'")
        query = f"CF.{{{self.custom_field}}} = '{value}'"
        found = _object(call.json("GET", "/tickets", "search for the visit's ticket",
                                     params={"query": query, "orderby": "id", "order": "ASC"}),
                        "search")
        items = found.get("items")
        if not isinstance(items, list):
            raise TransientError("RT search answer has no 'items' list")
        ids = [_ticket_id(item.get("id") if isinstance(item, dict) else None) for item in items]
        if len(ids) > 1:
            log.warning("visit %s: %d RT tickets carry it; using %s", visit_id, len(ids), ids[0])
        return ids[0] if ids else None

    def _create(self, call: Exchange, payload: dict[str, Any]) -> str:
        visit_id = str(payload["visit_id"])
        body: dict[str, Any] = {
            "Queue": self.queue,
            "Subject": ticket_subject(payload),
            "Content": check_in_text(payload),
            "ContentType": "text/plain",
            "CustomFields": {self.custom_field: visit_id},
        }
        email = (payload.get("requester") or {}).get("email")
        if email:
            body["Requestor"] = email
        created = _object(call.json("POST", "/ticket", "create a ticket", json=body), "create")
        ticket_id = _ticket_id(created.get("id"))
        if not self._custom_field_stored:
            self._verify_custom_field(call, ticket_id, visit_id)
            self._custom_field_stored = True
        return ticket_id

    def _verify_custom_field(self, call: Exchange, ticket_id: str, visit_id: str) -> None:
        what = f"read ticket {ticket_id}"
        ticket = _object(call.json("GET", f"/ticket/{ticket_id}", what), what)
        fields = ticket.get("CustomFields")
        for entry in fields if isinstance(fields, list) else []:
            if isinstance(entry, dict) and entry.get("name") == self.custom_field:
                values = entry.get("values")
                if isinstance(values, list) and visit_id in values:
                    return
        raise PermanentError(
            f"RT created ticket {ticket_id} but did not store custom field '{self.custom_field}' "
            "(may the API user modify it?); stopping so a retry cannot create a second ticket")

    def _has_timeline(self, call: Exchange, ticket_id: str, visit_id: str) -> bool:
        subject = timeline_subject(visit_id)
        what = f"read the history of ticket {ticket_id}"
        for page in range(1, MAX_HISTORY_PAGES + 1):
            params = {"fields": "Type,Data", "per_page": str(HISTORY_PAGE), "page": str(page)}
            answer = _object(call.json("GET", f"/ticket/{ticket_id}/history", what,
                                          params=params), what)
            items = answer.get("items")
            if not isinstance(items, list):
                raise TransientError(f"RT {what}: the answer has no 'items' list")
            if any(isinstance(t, dict) and t.get("Type") == "Comment"
                   and str(t.get("Data", "")).strip() == subject for t in items):
                return True
            if len(items) < HISTORY_PAGE:
                return False
        log.warning("visit %s: RT ticket %s history is too long to search; commenting anyway",
                    visit_id, ticket_id)
        return False

    def _comment(self, call: Exchange, ticket_id: str, payload: dict[str, Any],
                 status: str) -> None:
        """The timeline comment; it sets the ticket's status in the same call."""
        body: dict[str, Any] = {"Subject": timeline_subject(str(payload["visit_id"])),
                                "Content": timeline_text(payload), "ContentType": "text/plain",
                                "Status": status}
        minutes = minutes_spent(payload)
        if minutes:
            body["TimeTaken"] = str(minutes)
        what = f"comment on ticket {ticket_id}"
        _require_status(call.json("POST", f"/ticket/{ticket_id}/comment", what, json=body),
                        status, what)

    def _status_for(self, state: str) -> str:
        """Escalated visits stay open; every other ended visit gets ``resolve_status``."""
        return ESCALATED_STATUS if state == "escalated" else self.resolve_status

    def _exchange(self) -> Exchange:
        return self._http.exchange()


# ------------------------------------------------------------ answers


def _object(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise TransientError(f"RT {what}: the answer is not a JSON object")
    return data


def _ticket_id(value: Any) -> str:
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not _TICKET_ID.fullmatch(text):
        raise TransientError(f"RT answered a malformed ticket id: {text[:40]!r}")
    return text


def _require_status(answer: Any, status: str, what: str) -> None:
    """RT answers 2xx with a list of messages even when it refused the status; find that.

    Raises:
        PermanentError: RT said the status is not valid or not allowed here.
    """
    messages = answer if isinstance(answer, list) else []
    for message in messages:
        text = str(message)
        if "status" in text.lower() and _STATUS_REFUSED.search(text):
            raise PermanentError(f"RT {what}: {' '.join(text.split())[:_REASON_CHARS]} "
                                 f"(is '{status}' a status of the queue's lifecycle? "
                                 "see backend.rt.resolve_status)")
