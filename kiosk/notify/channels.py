"""The channels: e-mail (SMTP, by hand), SMS and Slack (apprise), Teams (:mod:`.teams`).

Every sender's ``send(address, message, message_id)`` returns when the provider took the
message, or raises :class:`SendFailed` saying whether to try again and when (a 429's
``Retry-After``). Addresses and secrets never appear in a reason.

- E-mail is written by hand with :mod:`smtplib` from apprise's ``mailto(s)://`` URL
  (:mod:`kiosk.notify.email`):
  apprise gives each attempt a new ``Message-ID``, and the stable one
  (``<techbar-{row id}-{visit id}@...>``) is what makes a resend after a crash harmless.
- SMS (any apprise SMS URL: Twilio, Vonage...) and Slack (a bot token; the person is
  found by e-mail with ``users.lookupByEmail``) go through apprise, which reports only
  success or failure: :class:`_Answers` notes the status, ``Retry-After`` and body of the
  last HTTP answer apprise received on this thread, to tell a rate limit (try again
  later) from a refusal (stop).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import apprise
import requests.adapters

from kiosk.domain.text import printable_line
from kiosk.notify.messages import Message
from kiosk.notify.sending import SendFailed
from kiosk.sync.backoff import parse_retry_after

# ------------------------------------------------------------ apprise (SMS, Slack)


class _Answers(threading.local):
    """The last HTTP answer of this thread, while :meth:`recording`."""

    active = False
    status: int | None = None
    retry_after: str | None = None
    body = b""


_ANSWERS = _Answers()
_INSTALLED = threading.Lock()
_original_send: Any = None


def _install_recorder() -> None:
    """Note, on the thread that records, each answer ``requests`` receives (once per process;
    passes everything through unchanged)."""
    global _original_send
    with _INSTALLED:
        if _original_send is not None:
            return
        _original_send = requests.adapters.HTTPAdapter.send

        def send(self: requests.adapters.HTTPAdapter, request: Any, *args: Any,
                 **kwargs: Any) -> requests.Response:
            response: requests.Response = _original_send(self, request, *args, **kwargs)
            if _ANSWERS.active:
                _ANSWERS.status = response.status_code
                _ANSWERS.retry_after = response.headers.get("Retry-After")
                _ANSWERS.body = response.content[:4096]
            return response

        requests.adapters.HTTPAdapter.send = send  # type: ignore[method-assign]


class AppriseSender:
    """One apprise URL; the address is appended as its target (``/+15551234567``, ``/a@b.c``).

    Args:
        endpoints: plugin attributes to point elsewhere (a local server in tests, a
            provider's regional endpoint): e.g. ``{"api_url": "http://127.0.0.1:9/api/{}"}``.
    """

    def __init__(self, url: str, label: str, timeout: float,
                 endpoints: Mapping[str, str] | None = None) -> None:
        self.url = url
        self.label = label
        self.timeout = timeout
        self.endpoints = dict(endpoints or {})
        _install_recorder()

    def send(self, address: str, message: Message, message_id: str) -> None:
        plugin = self._plugin(address)
        _ANSWERS.active, _ANSWERS.status, _ANSWERS.retry_after = True, None, None
        try:
            ok = plugin.notify(body=message.body, title="")
        finally:
            _ANSWERS.active = False
        if not ok:
            raise self._failure()

    def _plugin(self, address: str) -> Any:
        parts = urlsplit(self.url)
        target = quote(address, safe="@+")
        path = parts.path.rstrip("/") + "/" + target
        url = parts._replace(path=path).geturl()
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        if not plugin:
            raise SendFailed(f"{self.label}: the URL is not one apprise understands",
                             permanent=True)
        plugin.socket_connect_timeout = self.timeout
        plugin.socket_read_timeout = self.timeout
        plugin.request_rate_per_sec = 0
        for name in ("include_image", "include_footer"):  # Slack: no apprise logo or footer
            if hasattr(plugin, name):
                setattr(plugin, name, False)
        for name, value in self.endpoints.items():
            if hasattr(plugin, name):
                setattr(plugin, name, value)
        return plugin

    def _failure(self) -> SendFailed:
        status = _ANSWERS.status
        if status is None:
            return SendFailed(f"{self.label} could not be reached", permanent=False)
        wait = parse_retry_after(_ANSWERS.retry_after, datetime.now(UTC))
        error = _error_code(_ANSWERS.body)
        if status == 429 or error == "ratelimited":
            return SendFailed(f"{self.label} rate limit (HTTP {status})", permanent=False,
                              retry_after=wait)
        if status >= 500 or status in (408, 425):
            return SendFailed(f"{self.label} answered HTTP {status}", permanent=False,
                              retry_after=wait)
        detail = f": {error}" if error else ""
        return SendFailed(f"{self.label} refused the message (HTTP {status}{detail})",
                          permanent=True)


def _error_code(body: bytes) -> str:
    """Slack's ``error`` or Twilio's ``code``/Vonage's ``error-text`` from a JSON answer."""
    try:
        data = json.loads(body or b"null")
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    messages = data.get("messages")
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        data = messages[0]
    for key in ("error", "code", "error-text"):
        if data.get(key):
            return printable_line(str(data[key]), 80)
    return ""
