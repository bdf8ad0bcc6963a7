"""The channels: e-mail (SMTP, by hand), SMS and Slack (apprise), Teams (:mod:`.teams`).

Every sender's ``send(address, message, message_id)`` returns when the provider took the
message, or raises :class:`SendFailed` saying whether to try again and when (a 429's
``Retry-After``). Addresses and secrets never appear in a reason.

- E-mail is written by hand with :mod:`smtplib` from apprise's ``mailto(s)://`` URL:
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
import smtplib
import socket
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import apprise
import requests.adapters

from kiosk.domain.text import printable_line
from kiosk.notify.messages import Message
from kiosk.notify.sending import SendFailed
from kiosk.sync.backoff import parse_retry_after

# ------------------------------------------------------------ e-mail


@dataclass(frozen=True)
class _Smtp:
    host: str
    port: int
    mode: str  # "plain", "starttls", "tls"
    user: str
    password: str
    sender: str


def parse_mailto(url: str) -> _Smtp:
    """apprise's ``mailto://`` (no TLS, port 25) / ``mailtos://`` (STARTTLS on 587, TLS on
    465) with ``user:password@host:port`` and ``?from=``, ``?smtp=`` (another host)."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    secure = parts.scheme.lower() == "mailtos"
    port = parts.port or (587 if secure else 25)
    host = query.get("smtp") or parts.hostname or ""
    user = unquote(parts.username or "")
    sender = query.get("from") or (user if "@" in user else f"techbar@{parts.hostname}")
    mode = "plain" if not secure else ("tls" if port == 465 else "starttls")
    return _Smtp(host, port, mode, user, unquote(parts.password or ""), sender)


class EmailSender:
    def __init__(self, url: str, timeout: float) -> None:
        self.smtp = parse_mailto(url)
        self.timeout = timeout

    def send(self, address: str, message: Message, message_id: str) -> None:
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = self.smtp.sender
        mail["To"] = address
        mail["Message-ID"] = f"<{message_id}@{parseaddr(self.smtp.sender)[1].split('@')[-1]}>"
        mail["Date"] = format_datetime(datetime.now(UTC))
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.body)
        try:
            with self._connect() as smtp:
                if self.smtp.user:
                    smtp.login(self.smtp.user, self.smtp.password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code = next(iter(exc.recipients.values()))[0]
            raise SendFailed(f"the mail server refused the address ({code})",
                             permanent=code >= 500) from None
        except smtplib.SMTPAuthenticationError as exc:
            raise SendFailed(f"the mail server refused the login ({exc.smtp_code})",
                             permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            raise SendFailed(f"the mail server answered {exc.smtp_code}",
                             permanent=exc.smtp_code >= 500) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise SendFailed(f"the mail server could not be reached ({type(exc).__name__})",
                             permanent=False) from None

    def _connect(self) -> smtplib.SMTP:
        if self.smtp.mode == "tls":
            return smtplib.SMTP_SSL(self.smtp.host, self.smtp.port, timeout=self.timeout,
                                    context=ssl.create_default_context())
        smtp = smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=self.timeout,
                            local_hostname=socket.getfqdn()[:60] or "techbar")
        if self.smtp.mode == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        return smtp


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
