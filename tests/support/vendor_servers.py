"""Local stand-ins for ServiceNow, Jira Service Management, Zammad and Zendesk.

Each follows its vendor's documented requests and answers for the calls the adapters
make (paths, parameters, bodies, status codes, error shapes, rate-limit headers), keeps
tickets in memory, and answers on 127.0.0.1 from a ``ThreadingHTTPServer``::

    with VendorServer("servicenow") as server:
        adapter = ServiceNowAdapter(server.settings())
        ...
        [ticket] = server.tickets_for(visit.id)      # what the "instance" holds

Faults, for the next requests in order (``plan``) or at random (``chaos``):
    ``Fault.reply(status, body, headers)``: an answer; the request is not processed.
    ``server.unavailable(retry_after)``: 503 + ``Retry-After`` (seconds or HTTP date).
    ``server.rate_limited(retry_after)``: the vendor's 429 (ServiceNow adds
        ``X-RateLimit-Reset`` as a unix time, Jira as ISO 8601).
    ``Fault.slow(seconds)``: no answer until the client gave up; not processed.
    ``Fault.drop()``: processed, then the connection closes without an answer.
    ``Fault.malformed()``: processed, then 200 with a broken JSON body.
    ``Fault.none()``: nothing wrong (a placeholder in a plan).

``overlaps`` lists visits that had requests in flight from two deliveries at once
(the proof that two workers never send one visit at the same time).
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import threading
import uuid
from collections import Counter, deque
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kiosk.config import JiraSettings, ServiceNowSettings, ZammadSettings, ZendeskSettings
from tests.support.vendor_apis import (
    APIS,
    CHAOS_KINDS,
    EMAIL,
    PASSWORD,
    REQUEST_TYPE_ID,
    RESOLVE_ID,
    SERVICE_DESK_ID,
    TOKEN,
    USER,
    VENDORS,
    Answer,
    Fault,
    Received,
    Ticket,
    basic,
    http_date,
)

__all__ = ["CHAOS_KINDS", "VENDORS", "Fault", "Received", "Ticket", "VendorServer", "basic",
           "http_date"]


class VendorServer:
    """One vendor's API on 127.0.0.1 (a free port); a context manager.

    Args:
        vendor: one of :data:`VENDORS`.
        chaos: the share of requests (0..1) that get a random fault.
        chaos_kinds: what those faults are (see :data:`CHAOS_KINDS`).
        seed: for the chaos.
        slow_seconds: how long a chaotic "slow" answer waits (past the client's timeout).
        uuid_field: where the visit id lives (Jira: ``labels`` or ``customfield_N``;
            Zammad: ``tags`` or an attribute name).
    """

    def __init__(self, vendor: str, *, chaos: float = 0.0, seed: int = 0,
                 slow_seconds: float = 0.5, uuid_field: str = "",
                 chaos_kinds: tuple[str, ...] = CHAOS_KINDS) -> None:
        if vendor not in VENDORS:
            raise ValueError(vendor)
        self.vendor = vendor
        self.chaos = chaos
        self.chaos_kinds = chaos_kinds
        self.slow_seconds = slow_seconds
        self.uuid_field = uuid_field or {"jira": "labels", "zammad": "tags"}.get(vendor, "")
        self.lock = threading.Condition()
        self._random = random.Random(seed)
        self._faults: deque[Fault] = deque()
        self._requests: list[Received] = []
        self._tickets: dict[str, Ticket] = {}
        self._by_visit: dict[str, list[Ticket]] = {}
        self._ids = itertools.count(1)
        self._idempotency: dict[str, tuple[bytes, Answer]] = {}
        self._in_flight: Counter[str] = Counter()
        self.overlaps: list[str] = []
        self.errors: list[BaseException] = []
        self._closing = threading.Event()
        self._httpd = _Httpd(self)
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"{vendor}-server", daemon=False)
        self._api = APIS[vendor](self)

    # ------------------------------------------------------------ lifecycle

    def __enter__(self) -> VendorServer:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def settings(self, **changes: Any) -> Any:
        """The adapter settings for this server, with working credentials."""
        made: Any
        if self.vendor == "servicenow":
            made = ServiceNowSettings(url=self.base_url, username=USER, password=PASSWORD,
                                      caller_id="walk-up.visitor", assignment_group="Service Desk",
                                      escalation_groups=(("network", "Network L2"),))
        elif self.vendor == "jira":
            made = JiraSettings(url=self.base_url, service_desk_id=SERVICE_DESK_ID,
                                request_type_id=REQUEST_TYPE_ID, resolve_transition_id=RESOLVE_ID,
                                uuid_field=self.uuid_field, email=EMAIL, token=TOKEN,
                                escalation_field="customfield_10060",
                                escalation_groups=(("network", "Network L2"),))
        elif self.vendor == "zammad":
            made = ZammadSettings(url=self.base_url, group="Walk-up", customer="desk@example.test",
                                  uuid_field=self.uuid_field, token=TOKEN,
                                  escalation_groups=(("network", "Network L2"),))
        else:
            made = ZendeskSettings(url=self.base_url, group_id="360001", email=EMAIL, token=TOKEN,
                                   escalation_groups=(("network", "360099"),))
        return replace(made, **changes)

    # ------------------------------------------------------------ scripting and looking

    def plan(self, *faults: Fault) -> None:
        with self.lock:
            self._faults.extend(faults)

    def unavailable(self, retry_after: int | str | None = 1) -> Fault:
        headers = () if retry_after is None else (("Retry-After", str(retry_after)),)
        return Fault("reply", 503, b"<html>Service Unavailable</html>",
                     (("Content-Type", "text/html"), *headers))

    def rate_limited(self, retry_after: int | None = 2) -> Fault:
        """The vendor's own 429 answer; without ``retry_after`` only its reset header."""
        return self._api.rate_limited(retry_after)

    @property
    def requests(self) -> list[Received]:
        with self.lock:
            return list(self._requests)

    @property
    def tickets(self) -> list[Ticket]:
        with self.lock:
            return list(self._tickets.values())

    def tickets_for(self, visit_id: str) -> list[Ticket]:
        """The tickets created for a visit (a vendor's search looks here first)."""
        with self.lock:
            return list(self._by_visit.get(visit_id, ()))

    def ticket(self, ticket_id: str) -> Ticket:
        with self.lock:
            return self._tickets[ticket_id]

    # ------------------------------------------------------------ internals (server threads)

    def _next_fault(self) -> Fault | None:
        with self.lock:
            if self._faults:
                return self._faults.popleft()
            if self.chaos and self._random.random() < self.chaos:
                return self._random_fault()
        return None

    def _random_fault(self) -> Fault:
        kind = self._random.choice(self.chaos_kinds)
        if kind == "503":
            return self.unavailable(1)
        if kind == "503-date":
            return self.unavailable(http_date(2))
        if kind == "500":
            return Fault.reply(500, self._api.error_body("Internal Server Error"))
        if kind.startswith("429"):
            return self.rate_limited(None if kind == "429-reset" else 1)
        if kind == "slow":
            return Fault.slow(self.slow_seconds)
        return Fault(kind)

    def _add(self, visit_id: str, fields: dict[str, Any], number: str = "") -> Ticket:
        with self.lock:
            serial = next(self._ids)
            ticket_id = uuid.uuid4().hex if self.vendor == "servicenow" else str(serial)
            ticket = Ticket(ticket_id, number.format(serial) or str(serial), visit_id, fields)
            self._tickets[ticket_id] = ticket
            self._by_visit.setdefault(visit_id, []).append(ticket)
            return ticket

    def _find(self, ticket_id: str) -> Ticket | None:
        with self.lock:
            return self._tickets.get(ticket_id)

    def _enter(self, visit_id: str) -> None:
        if not visit_id:
            return
        with self.lock:
            self._in_flight[visit_id] += 1
            if self._in_flight[visit_id] > 1:
                self.overlaps.append(visit_id)

    def _leave(self, visit_id: str) -> None:
        if not visit_id:
            return
        with self.lock:
            self._in_flight[visit_id] -= 1


# ------------------------------------------------------------ HTTP


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: VendorServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.owner = owner

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError):
            with self.owner.lock:
                self.owner.errors.append(error)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    #: Headers and body leave in one write, without Nagle: no 40 ms delayed-ACK stalls.
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    server: _Httpd

    def _serve(self) -> None:
        owner = self.server.owner
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        fault = owner._next_fault()
        request = Received(self.command, parts.path, query,
                           {k.lower(): v for k, v in self.headers.items()}, body,
                           fault.kind if fault else None)
        with owner.lock:
            owner._requests.append(request)
        if fault is not None and fault.kind == "reply":
            self._answer(fault.status, fault.body, dict(fault.headers))
            return
        if fault is not None and fault.kind == "slow":
            owner._closing.wait(fault.seconds)
            self.close_connection = True
            return
        api = owner._api
        if not api.authorised(request.headers):
            status, data, headers = api.unauthorised()
        else:
            visit = api.visit_of(request)
            owner._enter(visit)
            try:
                status, data, headers = api.route(request)
            finally:
                owner._leave(visit)
        if fault is not None and fault.kind == "drop":
            self.close_connection = True  # processed; the answer is lost
            return
        if fault is not None and fault.kind == "malformed":
            self._answer(200, b'{"result": {"sys_id": ', {"Content-Type": "application/json"})
            return
        payload = b"" if data is None else json.dumps(data).encode()
        self._answer(status, payload, {"Content-Type": "application/json", **headers})

    do_GET = do_POST = do_PUT = do_PATCH = _serve

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``VendorServer.requests``."""
