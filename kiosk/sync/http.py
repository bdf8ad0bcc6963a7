"""The HTTP plumbing every adapter shares: sessions, deadlines and error mapping.

One :class:`HttpClient` per adapter keeps a ``requests.Session`` per thread (sessions
are not thread-safe, and the sync worker delivers on several threads at once; the
session of a thread that has ended is closed) and opens an :class:`Exchange` per
delivery: the calls of one delivery share one deadline, so a worker's lease sized on
``timeout_seconds`` is never outlived by one slow visit. Answers map to the adapter
errors the same way for every backend:

- 2xx: the answer (a body that should be JSON but is not is a :class:`TransientError`,
  never a crash);
- 5xx, 408/409/425/429, timeouts, refused or reset connections, DNS failures, broken
  bodies: :class:`TransientError`, with the wait the server asked for (``Retry-After``
  in seconds or as an HTTP date; else ``X-RateLimit-Reset`` as a unix time or an ISO
  8601 date, as ServiceNow and Jira send it);
- redirects and every other 4xx: :class:`PermanentError` with the server's message.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from kiosk.clock import Clock, SystemClock
from kiosk.domain.text import printable_line
from kiosk.sync.backoff import MAX_RETRY_AFTER_SECONDS, parse_retry_after
from kiosk.sync.deadline import AnswerTooLarge, Deadline, DeadlineAdapter, read_capped
from kiosk.sync.delivery import DeliveryError, PermanentError, TransientError

#: 4xx answers that mean "not now" rather than "never".
RETRYABLE_4XX = frozenset({408, 409, 425, 429})
REASON_CHARS = 200


class HttpClient:
    """Sessions and settings for one backend; safe to share between threads.

    Args:
        label: how reasons start ("RT", "ServiceNow"...; "" for none).
        base_url: prefixed to relative paths.
        timeout: seconds for all the calls of one delivery.
        headers: sent with every request (authorisation, ``Accept``...).
        auth: Basic credentials, if any.
        clock: reads ``Retry-After`` dates when the server sends no ``Date``.
        url_key: the settings key to fix when the server redirects us.
    """

    def __init__(self, label: str, base_url: str, timeout: float, *,
                 headers: Mapping[str, str] | None = None, auth: tuple[str, str] | None = None,
                 clock: Clock | None = None, url_key: str = "the URL") -> None:
        self.label = label
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.url_key = url_key
        self._headers = dict(headers or {})
        self._auth = auth
        self._clock = clock or SystemClock()
        self._local = threading.local()
        self._sessions: dict[threading.Thread, requests.Session] = {}
        self._lock = threading.Lock()

    def exchange(self) -> Exchange:
        """The calls of one delivery, sharing one deadline ``timeout`` seconds from now."""
        return Exchange(self, self.session(), time.monotonic() + self.timeout)

    def session(self) -> requests.Session:
        """This thread's session."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            for scheme in ("http://", "https://"):
                session.mount(scheme, DeadlineAdapter())
            session.headers.update(self._headers)
            session.auth = self._auth
            # Read proxy and CA bundle variables once, not on every call (which costs
            # milliseconds), and never take credentials from ~/.netrc.
            session.trust_env = False
            session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            if bundle:
                session.verify = bundle
            self._local.session = session
            with self._lock:
                ended = [t for t in self._sessions if not t.is_alive()]
                idle = [self._sessions.pop(thread) for thread in ended]
                self._sessions[threading.current_thread()] = session
            for old in idle:  # their threads are gone (a worker's pool of a past round)
                old.close()
        return session

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            session.close()

    def prefix(self, what: str) -> str:
        """``"RT create a ticket: "``; "" when there is neither label nor step."""
        head = " ".join(part for part in (self.label, what) if part)
        return f"{head}: " if head else ""

    def retry_after(self, response: requests.Response) -> float | None:
        """Seconds the server asked us to wait, from ``Retry-After`` or ``X-RateLimit-Reset``."""
        now = self.server_now(response)
        asked = parse_retry_after(response.headers.get("Retry-After"), now)
        if asked is None and response.status_code in (429, 503):
            asked = parse_reset(response.headers.get("X-RateLimit-Reset"), now)
        return asked

    def server_now(self, response: requests.Response) -> datetime:
        """The server's ``Date`` (dates it sends are on its clock), else ours."""
        served = response.headers.get("Date")
        if served:
            with contextlib.suppress(TypeError, ValueError, IndexError):
                moment = parsedate_to_datetime(served)
                return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return self._clock.now()


class Exchange:
    """The calls of one delivery: one session, one deadline shared by every call."""

    def __init__(self, client: HttpClient, session: requests.Session, deadline: float) -> None:
        self.client = client
        self.session = session
        self.deadline = deadline

    def call(self, method: str, path: str, what: str, **options: Any) -> requests.Response:
        """One request; the 2xx answer with its body read.

        Args:
            path: relative to the client's base URL, or a full URL.
            what: the step, for reasons ("create a ticket").
            options: passed to ``requests`` (``json``, ``params``, ``data``, ``headers``).

        Raises:
            TransientError: network trouble, timeout, 5xx, 408/409/425/429.
            PermanentError: a redirect or any other refusal, with the server's message.
        """
        client = self.client
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TransientError(f"{client.prefix(what)}no time left within "
                                 f"{client.timeout:g} s (timeout)")
        url = path if "://" in path else client.base_url + path
        with Deadline(left).running() as deadline:
            response = self._fetch(deadline, method, url, what, options)
        with response:
            if not 200 <= response.status_code < 300:
                raise status_error(response, client, what)
            return response

    def _fetch(self, deadline: Deadline, method: str, url: str, what: str,
               options: dict[str, Any]) -> requests.Response:
        """The answer with its whole body read, within the deadline and the size cap."""
        prefix, timeout = self.client.prefix(what), self.client.timeout
        try:
            response = self.session.request(method, url, timeout=deadline.left(),
                                            allow_redirects=False, stream=True, **options)
            with contextlib.closing(response):  # back to the pool when read whole, else closed
                response._content = read_capped(response.raw)
                response._content_consumed = True  # type: ignore[attr-defined]  # requests reads it
        except AnswerTooLarge as exc:
            raise TransientError(f"{prefix}{exc}") from None
        except requests.RequestException as exc:
            if deadline.expired:
                raise _late(prefix, timeout) from None
            raise transport_error(exc, prefix, timeout) from None
        except Exception as exc:  # noqa: BLE001 - urllib3's errors while reading the body
            if deadline.expired:
                raise _late(prefix, timeout) from None
            raise TransientError(f"{prefix}broken answer: {describe(exc)}") from None
        if deadline.expired:  # the cut connection may look like a short, complete answer
            raise _late(prefix, timeout)
        return response

    def json(self, method: str, path: str, what: str, **options: Any) -> Any:
        """:meth:`call`, then the parsed JSON body.

        Raises:
            TransientError: also when the body is not JSON.
        """
        response = self.call(method, path, what, **options)
        try:
            return json_body(response)
        except ValueError:
            raise TransientError(f"{self.client.prefix(what)}HTTP {response.status_code} "
                                 "with a malformed JSON body") from None

    def object(self, method: str, path: str, what: str, **options: Any) -> dict[str, Any]:
        """:meth:`json` for answers that must be a JSON object."""
        data = self.json(method, path, what, **options)
        if not isinstance(data, dict):
            raise TransientError(f"{self.client.prefix(what)}the answer is not a JSON object")
        return data


def _late(prefix: str, timeout: float) -> TransientError:
    return TransientError(f"{prefix}no complete answer within {timeout:g} s (timeout)")


def transport_error(exc: requests.RequestException, prefix: str,
                    timeout: float) -> DeliveryError:
    """The error for a request that got no usable answer."""
    if isinstance(exc, requests.Timeout):
        return TransientError(f"{prefix}no answer within {timeout:g} s (timeout)")
    if isinstance(exc, requests.ConnectionError):
        return TransientError(f"{prefix}connection failed: {describe(exc)}")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError
                  | requests.exceptions.ContentDecodingError):
        return TransientError(f"{prefix}broken answer: {describe(exc)}")
    return PermanentError(f"{prefix}cannot send: {describe(exc)}")


def status_error(response: requests.Response, client: HttpClient, what: str) -> DeliveryError:
    """The error for a non-2xx answer (see the module docstring)."""
    status = response.status_code
    reason = f"{client.prefix(what)}HTTP {status}"
    if response.reason:
        reason += f" {response.reason}"
    message = server_message(response)
    reason += f": {message}" if message else ""
    if status >= 500 or status in RETRYABLE_4XX:
        return TransientError(reason, client.retry_after(response))
    if 300 <= status < 400:
        where = response.headers.get("Location", "?")
        return PermanentError(f"{reason}: redirected to {where}; update {client.url_key}")
    return PermanentError(reason)


def server_message(response: requests.Response) -> str:
    """The server's error message on one line, whatever its vendor's shape, else the body."""
    if not response.content:
        return ""
    try:
        data = json_body(response)
    except ValueError:
        data = None
    text = _vendor_message(data) if isinstance(data, dict) else ""
    return first_line(text or response.text)


def json_body(response: requests.Response) -> Any:
    """The answer's JSON.

    Raises:
        ValueError: not JSON, or nested too deeply to read.
    """
    try:
        return response.json()
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def _vendor_message(data: dict[str, Any]) -> str:
    """RT ``message``; ServiceNow ``error.message/detail``; Jira ``errorMessages/errors``
    (``errorMessage`` from servicedeskapi); Zammad ``error_human``/``error``; Zendesk
    ``error`` + ``description``."""
    error = data.get("error")
    if isinstance(error, dict):
        return " - ".join(str(error[k]) for k in ("message", "detail") if error.get(k))
    parts: list[str] = []
    messages = data.get("errorMessages")
    if isinstance(messages, list):
        parts += [str(m) for m in messages]
    errors = data.get("errors")
    if isinstance(errors, dict):
        parts += [f"{k}: {v}" for k, v in errors.items()]
    for key in ("errorMessage", "message", "error_human", "error", "description"):
        value = data.get(key)
        if isinstance(value, str) and value and value not in parts:
            parts.append(value)
    return "; ".join(parts)


def parse_reset(value: str | None, now: datetime) -> float | None:
    """Seconds until ``X-RateLimit-Reset``: a unix time (ServiceNow) or ISO 8601 (Jira)."""
    text = (value or "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        number = float(text)
        if number < 10**9:  # a small number is a delay in seconds
            return min(number, MAX_RETRY_AFTER_SECONDS)
        try:
            when = datetime.fromtimestamp(number, UTC)
        except (OverflowError, OSError, ValueError):  # past the year 9999: the longest wait
            return MAX_RETRY_AFTER_SECONDS
    else:
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER_SECONDS)


def describe(exc: BaseException) -> str:
    """The innermost cause in one line, e.g. '[Errno 111] Connection refused'."""
    inner: BaseException = exc
    seen = {id(exc)}
    while (cause := inner.__cause__ or inner.__context__) is not None and id(cause) not in seen:
        seen.add(id(cause))
        inner = cause
    text = first_line(str(inner)) or type(inner).__name__
    if isinstance(inner, socket.gaierror):
        return f"DNS lookup failed ({text})"
    return text


def first_line(text: str, limit: int = REASON_CHARS) -> str:
    """``text`` squeezed onto one line, without control characters or lone surrogates,
    and cut to ``limit`` characters."""
    return printable_line(text, limit)
