"""The generic JSON webhook adapter: an HMAC-signed, idempotent POST per visit."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import socket
import threading
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from kiosk.clock import Clock, SystemClock
from kiosk.config import WebhookSettings
from kiosk.sync.adapter import Delivery, PermanentError, TransientError
from kiosk.sync.backoff import parse_retry_after

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+webhook)"
SIGNATURE_HEADER = "X-TechBar-Signature"
#: 4xx answers that mean "not now" rather than "never".
RETRYABLE_4XX = frozenset({408, 409, 425, 429})
MAX_EXTERNAL_ID = 128
MAX_EXTERNAL_URL = 512
_REASON_BODY_CHARS = 200


def sign(body: bytes, secret: str) -> str:
    """The signature header value: ``sha256=`` and the hex HMAC-SHA256 of ``body``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def encode(payload: dict[str, Any]) -> bytes:
    """The exact body bytes that are signed and sent (compact UTF-8 JSON)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class WebhookAdapter:
    """POSTs each visit as JSON to one URL.

    Every request carries ``Idempotency-Key: <visit_id>`` so a receiver creates one
    ticket per visit however often a lost answer makes us repeat it. Redirects are
    not followed (they would turn the POST into a GET or leak the signature).
    Safe to share between threads: each thread gets its own ``requests.Session``.
    """

    def __init__(self, settings: WebhookSettings, *, clock: Clock | None = None) -> None:
        if not settings.url:
            raise ValueError("the webhook adapter needs a URL")
        self.url = settings.url
        self.timeout = settings.timeout_seconds
        self._secret = settings.secret
        self._clock = clock or SystemClock()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def send(self, payload: dict[str, Any]) -> Delivery:
        """POST ``payload``; see :class:`kiosk.sync.adapter.TicketingAdapter`."""
        visit_id = str(payload["visit_id"])
        body = encode(payload)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": visit_id,
            SIGNATURE_HEADER: sign(body, self._secret),
            "User-Agent": USER_AGENT,
        }
        try:
            response = self._session().post(self.url, data=body, headers=headers,
                                            timeout=self.timeout, allow_redirects=False)
            response.content  # noqa: B018 - read the whole body here, where errors are caught
        except requests.Timeout:
            raise TransientError(f"no answer within {self.timeout:g} s (timeout)") from None
        except requests.ConnectionError as exc:
            raise TransientError(f"connection failed: {_describe(exc)}") from None
        except (requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise TransientError(f"broken answer: {_describe(exc)}") from None
        except requests.RequestException as exc:
            raise PermanentError(f"cannot send to {self.url}: {_describe(exc)}") from None
        with response:
            log.info("visit %s: webhook answered HTTP %s", visit_id, response.status_code)
            return self._outcome(response)

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _outcome(self, response: requests.Response) -> Delivery:
        status = response.status_code
        if 200 <= status < 300:
            return _delivery(response)
        reason = _reason(response)
        if status >= 500 or status in RETRYABLE_4XX:
            raise TransientError(reason, self._retry_after(response))
        if 300 <= status < 400:
            where = response.headers.get("Location", "?")
            raise PermanentError(f"{reason}: redirected to {where}; update the webhook URL")
        raise PermanentError(reason)

    def _retry_after(self, response: requests.Response) -> float | None:
        return parse_retry_after(response.headers.get("Retry-After"), self._server_now(response))

    def _server_now(self, response: requests.Response) -> datetime:
        """The server's ``Date`` (an HTTP-date ``Retry-After`` is on its clock), else ours."""
        served = response.headers.get("Date")
        if served:
            with contextlib.suppress(TypeError, ValueError, IndexError):
                moment = parsedate_to_datetime(served)
                return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return self._clock.now()


def _delivery(response: requests.Response) -> Delivery:
    """Read the ticket id and link from a 2xx answer; an empty or plain-text body is fine.

    Raises:
        TransientError: the body claims to be JSON but is not a readable object.
    """
    text = response.text.strip() if response.content else ""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    is_json = kind == "application/json" or kind.endswith("+json")
    if not text or not (is_json or text.startswith("{")):
        return Delivery()
    try:
        data = json.loads(text)
    except ValueError:
        raise TransientError(f"HTTP {response.status_code} with a malformed JSON body") from None
    if not isinstance(data, dict):
        raise TransientError(f"HTTP {response.status_code}: the JSON body is not an object")
    external_id = _field(data, "ticket_id", "id", MAX_EXTERNAL_ID)
    external_url = _field(data, "ticket_url", "url", MAX_EXTERNAL_URL)
    return Delivery(external_id, external_url)


def _field(data: dict[str, Any], key: str, fallback: str, limit: int) -> str:
    value = data.get(key, data.get(fallback))
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TransientError(f"malformed answer: '{key}' is a {type(value).__name__}")
    text = str(value).strip()
    if len(text) > limit:
        raise TransientError(f"malformed answer: '{key}' is longer than {limit} characters")
    return text


def _reason(response: requests.Response) -> str:
    reason = f"HTTP {response.status_code}"
    if response.reason:
        reason += f" {response.reason}"
    snippet = " ".join(response.text.split())[:_REASON_BODY_CHARS] if response.content else ""
    return f"{reason}: {snippet}" if snippet else reason


def _describe(exc: BaseException) -> str:
    """The innermost cause in one line, e.g. '[Errno 111] Connection refused'."""
    inner: BaseException = exc
    seen = {id(exc)}
    while (cause := inner.__cause__ or inner.__context__) is not None and id(cause) not in seen:
        seen.add(id(cause))
        inner = cause
    text = " ".join(str(inner).split())[:200] or type(inner).__name__
    if isinstance(inner, socket.gaierror):
        return f"DNS lookup failed ({text})"
    return text
