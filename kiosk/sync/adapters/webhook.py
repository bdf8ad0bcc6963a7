"""The generic JSON webhook adapter: an HMAC-signed, idempotent POST per visit."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

import requests

from kiosk.clock import Clock
from kiosk.config import WebhookSettings
from kiosk.sync.delivery import Delivery, DeliveryError, TransientError
from kiosk.sync.http import RETRYABLE_4XX, HttpClient, describe

__all__ = ["RETRYABLE_4XX", "SIGNATURE_HEADER", "WebhookAdapter", "describe", "encode", "sign"]

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+webhook)"
SIGNATURE_HEADER = "X-TechBar-Signature"
MAX_EXTERNAL_ID = 128
MAX_EXTERNAL_URL = 512


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
        self._http = HttpClient("", settings.url, settings.timeout_seconds,
                                headers={"User-Agent": USER_AGENT}, clock=clock,
                                url_key="the webhook URL")

    def send(self, payload: dict[str, Any]) -> Delivery:
        """POST ``payload``; see :class:`kiosk.sync.delivery.TicketingAdapter`."""
        visit_id = str(payload["visit_id"])
        body = encode(payload)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": visit_id,
            SIGNATURE_HEADER: sign(body, self._secret),
        }
        try:
            response = self._http.exchange().call("POST", self.url, "", data=body,
                                                  headers=headers)
        except DeliveryError as exc:
            log.info("visit %s: webhook delivery failed (%s)", visit_id,
                     exc.reason.split(":", 1)[0])
            raise
        log.info("visit %s: webhook answered HTTP %s", visit_id, response.status_code)
        return _delivery(response)

    def close(self) -> None:
        self._http.close()


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
    except (ValueError, RecursionError):  # RecursionError: nested too deeply to read
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
