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

HTTP errors follow the webhook adapter: 5xx, 408/409/425/429, timeouts and
connection failures are :class:`TransientError`; other 4xx are
:class:`PermanentError` carrying RT's ``message``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import datetime
from typing import Any
from urllib.parse import quote

import requests

from kiosk.clock import Clock, SystemClock
from kiosk.config import RTSettings
from kiosk.sync.adapter import Delivery, PermanentError, TransientError
from kiosk.sync.backoff import parse_retry_after
from kiosk.sync.webhook import RETRYABLE_4XX, _describe

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+rt)"
ESCALATED_STATUS = "open"
TIMELINE_MARKER = "Tech Bar timeline"
MAX_SUBJECT = 200
HISTORY_PAGE = 100
MAX_HISTORY_PAGES = 50
_TICKET_ID = re.compile(r"^[1-9][0-9]{0,17}$")
_REASON_CHARS = 200
_STATUS_REFUSED = re.compile(r"isn't a valid|not a valid|can't|cannot|not allowed|permission",
                             re.IGNORECASE)


def timeline_subject(visit_id: str) -> str:
    """The subject that marks a visit's timeline comment, so a retry can find it."""
    return f"{TIMELINE_MARKER} {visit_id}"


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
        self._headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        self._auth: tuple[str, str] | None = None
        if settings.token:
            self._headers["Authorization"] = f"token {settings.token}"
        else:
            self._auth = (settings.username, settings.password)
        self._clock = clock or SystemClock()
        self._checked = False
        self._custom_field_stored = False
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

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
            _require_status(call.request("PUT", f"/ticket/{ticket_id}", what,
                                         json={"Status": status}), status, what)
        return Delivery(ticket_id, self.ticket_url(ticket_id))

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    # ------------------------------------------------------------ steps

    def _check(self, call: _Exchange) -> None:
        what = f"read queue '{self.queue}'"
        try:
            queue = _object(call.request("GET", f"/queue/{quote(self.queue, safe='')}", what),
                            what)
        except PermanentError as exc:
            raise PermanentError(f"{exc.reason} (is backend.rt.queue right, and may the API "
                                 "user see the queue?)") from None
        fields = queue.get("TicketCustomFields")
        names = {f.get("name") for f in fields if isinstance(f, dict)} \
            if isinstance(fields, list) else set()
        if self.custom_field not in names:
            raise PermanentError(
                f"RT custom field '{self.custom_field}' does not exist, does not apply to queue "
                f"'{self.queue}' or is hidden from the API user (SeeCustomField); create it as a "
                "ticket custom field or fix backend.rt.custom_field")
        self._checked = True

    def _find(self, call: _Exchange, visit_id: str) -> str | None:
        value = visit_id.replace("\\", "\\\\").replace("'", "\\'")
        query = f"CF.{{{self.custom_field}}} = '{value}'"
        found = _object(call.request("GET", "/tickets", "search for the visit's ticket",
                                     params={"query": query, "orderby": "id", "order": "ASC"}),
                        "search")
        items = found.get("items")
        if not isinstance(items, list):
            raise TransientError("RT search answer has no 'items' list")
        ids = [_ticket_id(item.get("id") if isinstance(item, dict) else None) for item in items]
        if len(ids) > 1:
            log.warning("visit %s: %d RT tickets carry it; using %s", visit_id, len(ids), ids[0])
        return ids[0] if ids else None

    def _create(self, call: _Exchange, payload: dict[str, Any]) -> str:
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
        created = _object(call.request("POST", "/ticket", "create a ticket", json=body), "create")
        ticket_id = _ticket_id(created.get("id"))
        if not self._custom_field_stored:
            self._verify_custom_field(call, ticket_id, visit_id)
            self._custom_field_stored = True
        return ticket_id

    def _verify_custom_field(self, call: _Exchange, ticket_id: str, visit_id: str) -> None:
        what = f"read ticket {ticket_id}"
        ticket = _object(call.request("GET", f"/ticket/{ticket_id}", what), what)
        fields = ticket.get("CustomFields")
        for entry in fields if isinstance(fields, list) else []:
            if isinstance(entry, dict) and entry.get("name") == self.custom_field:
                values = entry.get("values")
                if isinstance(values, list) and visit_id in values:
                    return
        raise PermanentError(
            f"RT created ticket {ticket_id} but did not store custom field '{self.custom_field}' "
            "(may the API user modify it?); stopping so a retry cannot create a second ticket")

    def _has_timeline(self, call: _Exchange, ticket_id: str, visit_id: str) -> bool:
        subject = timeline_subject(visit_id)
        what = f"read the history of ticket {ticket_id}"
        for page in range(1, MAX_HISTORY_PAGES + 1):
            params = {"fields": "Type,Data", "per_page": str(HISTORY_PAGE), "page": str(page)}
            answer = _object(call.request("GET", f"/ticket/{ticket_id}/history", what,
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

    def _comment(self, call: _Exchange, ticket_id: str, payload: dict[str, Any],
                 status: str) -> None:
        """The timeline comment; it sets the ticket's status in the same call."""
        body: dict[str, Any] = {"Subject": timeline_subject(str(payload["visit_id"])),
                                "Content": timeline_text(payload), "ContentType": "text/plain",
                                "Status": status}
        minutes = minutes_spent(payload)
        if minutes:
            body["TimeTaken"] = str(minutes)
        what = f"comment on ticket {ticket_id}"
        _require_status(call.request("POST", f"/ticket/{ticket_id}/comment", what, json=body),
                        status, what)

    def _status_for(self, state: str) -> str:
        """Escalated visits stay open; every other ended visit gets ``resolve_status``."""
        return ESCALATED_STATUS if state == "escalated" else self.resolve_status

    # ------------------------------------------------------------ plumbing

    def _exchange(self) -> _Exchange:
        return _Exchange(self, self._session(), time.monotonic() + self.timeout)

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(self._headers)
            session.auth = self._auth
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _retry_after(self, response: requests.Response) -> float | None:
        return parse_retry_after(response.headers.get("Retry-After"), self._clock.now())


class _Exchange:
    """The calls of one delivery: one session, one deadline shared by every call."""

    def __init__(self, adapter: RTAdapter, session: requests.Session, deadline: float) -> None:
        self.adapter = adapter
        self.session = session
        self.deadline = deadline

    def request(self, method: str, path: str, what: str, *,
                json: dict[str, Any] | None = None,
                params: dict[str, str] | None = None) -> Any:
        """One REST2 call; the parsed JSON answer of a 2xx.

        Raises:
            TransientError: network trouble, timeout, 5xx, 408/409/425/429, bad JSON.
            PermanentError: any other refusal, with RT's ``message``.
        """
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TransientError(f"RT {what}: no time left within "
                                 f"{self.adapter.timeout:g} s (timeout)")
        try:
            response = self.session.request(method, self.adapter.api_url + path, json=json,
                                            params=params, timeout=left, allow_redirects=False)
            response.content  # noqa: B018 - read the whole body here, where errors are caught
        except requests.Timeout:
            raise TransientError(f"RT {what}: no answer in time (timeout)") from None
        except requests.ConnectionError as exc:
            raise TransientError(f"RT {what}: connection failed: {_describe(exc)}") from None
        except (requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise TransientError(f"RT {what}: broken answer: {_describe(exc)}") from None
        except requests.RequestException as exc:
            raise PermanentError(f"RT {what}: cannot send: {_describe(exc)}") from None
        with response:
            return self._outcome(response, what)

    def _outcome(self, response: requests.Response, what: str) -> Any:
        status = response.status_code
        if 200 <= status < 300:
            try:
                return response.json()
            except ValueError:
                raise TransientError(f"RT {what}: HTTP {status} with a malformed JSON body") \
                    from None
        reason = f"RT {what}: HTTP {status}"
        if response.reason:
            reason += f" {response.reason}"
        reason += f": {_message(response)}" if response.content else ""
        if status >= 500 or status in RETRYABLE_4XX:
            raise TransientError(reason, self.adapter._retry_after(response))
        if 300 <= status < 400:
            where = response.headers.get("Location", "?")
            raise PermanentError(f"{reason}: redirected to {where}; update backend.rt.url")
        raise PermanentError(reason)


# ------------------------------------------------------------ answers


def _object(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise TransientError(f"RT {what}: the answer is not a JSON object")
    return data


def _ticket_id(value: Any) -> str:
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not _TICKET_ID.match(text):
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


def _message(response: requests.Response) -> str:
    """RT's ``{"message": ...}``, else the start of the body, on one line."""
    try:
        data = response.json()
    except ValueError:
        data = None
    text = data["message"] if isinstance(data, dict) and isinstance(data.get("message"), str) \
        else response.text
    return " ".join(text.split())[:_REASON_CHARS]


# ------------------------------------------------------------ ticket text


def ticket_subject(payload: dict[str, Any]) -> str:
    """``<category label>: <first line of the description> [<ticket number>]``."""
    label = str((payload.get("category") or {}).get("label") or "Walk-up visit")
    lines = str(payload.get("description") or "").strip().splitlines()
    number = f" [{payload.get('ticket_number', '')}]"
    head = f"{label}: {lines[0].strip()}" if lines else label
    room = MAX_SUBJECT - len(number)
    if len(head) > room:
        head = head[:room - 1].rstrip() + "…"
    return head + number


def check_in_text(payload: dict[str, Any]) -> str:
    """The check-in details as plain text: the ticket's first message."""
    requester = payload.get("requester") or {}
    site = payload.get("site") or {}
    category = payload.get("category") or {}
    lines = [f"Walk-up visit {payload.get('ticket_number', '')} at {site.get('name', '')}",
             "",
             f"Requester: {requester.get('name') or '(not given)'}"]
    if requester.get("email"):
        lines.append(f"Email: {requester['email']}")
    if requester.get("employee_id"):
        lines.append(f"Employee id: {requester['employee_id']}")
    lines += [f"Category: {category.get('label', '')} ({category.get('id', '')})",
              f"Priority: {payload.get('priority', '')}",
              f"Checked in: {payload.get('checked_in_at', '')}",
              "", "Description:", str(payload.get("description") or "(none)"),
              "", f"Visit id: {payload.get('visit_id', '')}"]
    return "\n".join(lines) + "\n"


def timeline_text(payload: dict[str, Any]) -> str:
    """The visit's events, technician, time spent and outcome, as plain text."""
    lines = [f"Timeline of visit {payload.get('ticket_number', '')}:"]
    for event in payload.get("events") or []:
        line = (f"  {event.get('at', '')}  {event.get('action', '')}: "
                f"{event.get('from_state') or '-'} -> {event.get('to_state', '')}")
        if event.get("actor"):
            line += f" by {event['actor']}"
        if event.get("note"):
            line += f" ({' '.join(str(event['note']).split())})"
        lines.append(line)
    resolution = payload.get("resolution") or {}
    lines += ["",
              f"Technician: {payload.get('technician') or '(none)'}",
              f"Time spent: {minutes_spent(payload)} min",
              f"Outcome: {payload.get('state', '')}",
              f"Resolution code: {resolution.get('code') or '(none)'}",
              "Resolution notes:", str(resolution.get("notes") or "(none)")]
    return "\n".join(lines) + "\n"


def minutes_spent(payload: dict[str, Any]) -> int:
    """Whole minutes from ``started_at`` to ``ended_at`` (at least 1 once work started)."""
    started, ended = payload.get("started_at"), payload.get("ended_at")
    if not started or not ended:
        return 0
    try:
        seconds = (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()
    except (TypeError, ValueError):
        return 0
    return max(1, round(seconds / 60)) if seconds > 0 else 0
