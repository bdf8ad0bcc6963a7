"""A real ticketing webhook receiver on 127.0.0.1, with faults you can script.

It behaves like a careful ticketing system: it checks the ``X-TechBar-Signature``
HMAC over the exact body bytes, creates at most one ticket per ``Idempotency-Key``
and answers a repeated key with the first answer. Before that, it can be told to
misbehave for the next requests, in order (one planned fault per POST)::

    with WebhookServer(secret="s3cret") as server:
        server.plan(Fault.unavailable(retry_after=1), Fault.lost_response())
        settings = replace(settings, backend="webhook",
                           webhook=WebhookSettings(url=server.url, secret="s3cret"))
        ...                                   # run the sync worker (or the GUI)
        assert server.wait_for_tickets(1, timeout=10)
        assert len(server.tickets) == 1       # one ticket despite three requests
        assert {r.idempotency_key for r in server.requests} == {visit.id}

Faults:
    ``Fault.unavailable(retry_after)``: 503 with ``Retry-After`` (seconds or a date);
        nothing is recorded.
    ``Fault.reply(status, body, headers)``: any answer (a 4xx, say); nothing recorded.
    ``Fault.lost_response()``: the visit is accepted and recorded, then the connection
        is closed without an answer (the client cannot know it worked).
    ``Fault.slow(seconds)``: wait (past the client's timeout), then handle normally.
    ``Fault.malformed()``: the visit is recorded, then a 200 with a broken JSON body.

Everything is thread-safe; ``requests`` lists every POST received (faulted or not).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

SIGNATURE_HEADER = "X-TechBar-Signature"


@dataclass(frozen=True)
class Fault:
    """One planned misbehaviour, consumed by the next POST (see the module docstring)."""

    kind: str
    status: int = 0
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0

    @classmethod
    def unavailable(cls, retry_after: int | float | str | None = 1) -> Fault:
        headers = () if retry_after is None else (("Retry-After", str(retry_after)),)
        return cls("reply", 503, b"busy, try later", headers)

    @classmethod
    def reply(cls, status: int, body: str = "",
              headers: Iterable[tuple[str, str]] = ()) -> Fault:
        return cls("reply", status, body.encode("utf-8"), tuple(headers))

    @classmethod
    def lost_response(cls) -> Fault:
        return cls("lost_response")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", seconds=seconds)

    @classmethod
    def malformed(cls) -> Fault:
        return cls("malformed", 200, b'{"ticket_id": "TB-', (("Content-Type", "application/json"),))


@dataclass(frozen=True)
class ReceivedRequest:
    """One POST as it arrived."""

    path: str
    headers: dict[str, str]
    body: bytes
    signature_valid: bool
    fault: str | None

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("idempotency-key")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Ticket:
    """A ticket the server created (one per Idempotency-Key)."""

    ticket_id: str
    ticket_url: str
    key: str
    payload: dict[str, Any]
    answer: bytes = field(repr=False, default=b"")


class WebhookServer:
    """A threaded HTTP server on 127.0.0.1 (a free port); use it as a context manager.

    Args:
        secret: the shared HMAC secret the client signs with.
        latency: seconds added to every request (spreads concurrent clients out).
        flaky: when n > 0, every n-th POST fails (a 503 or a lost answer, in turn).
    """

    def __init__(self, secret: str, *, latency: float = 0.0, flaky: int = 0) -> None:
        self.secret = secret
        self.latency = latency
        self.flaky = flaky
        self._posts = 0
        self._faults: deque[Fault] = deque()
        self._requests: list[ReceivedRequest] = []
        self._tickets: dict[str, Ticket] = {}
        self._changed = threading.Condition()
        self._closing = threading.Event()
        self._httpd: _Httpd | None = None
        self._thread: threading.Thread | None = None
        self._base_url = ""
        self._errors: list[BaseException] = []

    # ------------------------------------------------------------ lifecycle

    def start(self) -> WebhookServer:
        httpd = _Httpd(self)
        self._httpd = httpd
        self._base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="webhook-server", daemon=False)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> WebhookServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if not self._base_url:
            raise RuntimeError("the server has not been started")
        return self._base_url

    @property
    def url(self) -> str:
        """Where to POST visits."""
        return f"{self.base_url}/hook"

    # ------------------------------------------------------------ scripting and looking

    def plan(self, *faults: Fault) -> None:
        """Queue faults for the next POSTs, one each, in order."""
        with self._changed:
            self._faults.extend(faults)

    @property
    def pending_faults(self) -> int:
        with self._changed:
            return len(self._faults)

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._changed:
            return list(self._requests)

    @property
    def tickets(self) -> dict[str, Ticket]:
        """Created tickets by Idempotency-Key (the visit id)."""
        with self._changed:
            return dict(self._tickets)

    @property
    def errors(self) -> list[BaseException]:
        """Exceptions raised while handling requests (a client hanging up is not one)."""
        with self._changed:
            return list(self._errors)

    def requests_for(self, key: str) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.idempotency_key == key]

    def wait_for(self, predicate: Callable[[WebhookServer], bool], timeout: float = 10.0) -> bool:
        """Block until ``predicate(server)`` holds (re-checked on every request)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return True

    def wait_for_tickets(self, count: int, timeout: float = 10.0) -> bool:
        return self.wait_for(lambda s: len(s._tickets) >= count, timeout)

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> bool:
        return self.wait_for(lambda s: len(s._requests) >= count, timeout)

    # ------------------------------------------------------------ handling (server threads)

    def _next_fault(self) -> Fault | None:
        """The next planned fault; else, when ``flaky`` is n, one POST in n fails (a 503
        and a lost answer in turn)."""
        with self._changed:
            self._posts += 1
            if self._faults:
                return self._faults.popleft()
            if self.flaky and self._posts % self.flaky == 0:
                odd = (self._posts // self.flaky) % 2
                return Fault.lost_response() if odd else Fault.unavailable(retry_after=0)
            return None

    def _record_error(self, error: BaseException | None) -> None:
        if error is not None and not isinstance(error, ConnectionError):
            with self._changed:
                self._errors.append(error)

    def _log(self, request: ReceivedRequest) -> None:
        with self._changed:
            self._requests.append(request)
            self._changed.notify_all()

    def _verify(self, body: bytes, header: str | None) -> bool:
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        return header is not None and hmac.compare_digest(expected, header)

    def _accept(self, key: str, payload: dict[str, Any]) -> Ticket:
        """The ticket for ``key``: created on first sight, the same one afterwards."""
        with self._changed:
            ticket = self._tickets.get(key)
            if ticket is None:
                ticket_id = f"TB-{len(self._tickets) + 1}"
                url = f"{self.base_url}/tickets/{ticket_id}"
                answer = json.dumps({"ticket_id": ticket_id, "ticket_url": url}).encode()
                ticket = Ticket(ticket_id, url, key, payload, answer)
                self._tickets[key] = ticket
                self._changed.notify_all()
            return ticket


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: WebhookServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.owner = owner

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Keep handler crashes for ``WebhookServer.errors`` instead of printing them."""
        self.owner._record_error(sys.exc_info()[1])


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Httpd

    def do_POST(self) -> None:
        owner = self.server.owner
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fault = owner._next_fault()
        signed = owner._verify(body, self.headers.get(SIGNATURE_HEADER))
        owner._log(ReceivedRequest(self.path, {k.lower(): v for k, v in self.headers.items()},
                                   body, signed, fault.kind if fault else None))
        if owner.latency:
            owner._closing.wait(owner.latency)
        if fault is not None and fault.kind == "reply":
            self._answer(fault.status, fault.body, fault.headers, kind="text/plain")
            return
        if fault is not None and fault.kind == "slow":
            owner._closing.wait(fault.seconds)
        if owner._closing.is_set():
            self.close_connection = True  # shutting down: drop it
            return
        self._handle(body, signed, fault)

    def _handle(self, body: bytes, signed: bool, fault: Fault | None) -> None:
        key = self.headers.get("Idempotency-Key")
        if not signed:
            self._answer(401, b'{"error": "bad signature"}')
            return
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if not key or not isinstance(payload, dict):
            self._answer(400, b'{"error": "need Idempotency-Key and a JSON object"}')
            return
        ticket = self.server.owner._accept(key, payload)
        if fault is not None and fault.kind == "lost_response":
            self.close_connection = True  # accepted, but the answer never leaves
            return
        if fault is not None and fault.kind == "malformed":
            self._answer(fault.status, fault.body, fault.headers)
            return
        self._answer(201, ticket.answer)

    def _answer(self, status: int, body: bytes, headers: Iterable[tuple[str, str]] = (),
                *, kind: str = "application/json") -> None:
        extra = dict(headers)
        try:
            self.send_response(status)
            self.send_header("Content-Type", extra.pop("Content-Type", kind))
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True  # the client gave up (a timeout): fine

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``WebhookServer.requests`` instead."""
