"""E-mail by hand with :mod:`smtplib`, from apprise's ``mailto(s)://`` URL (no apprise here).

Kept apart from :mod:`kiosk.notify.channels` so the web service (which must not load
apprise) can send a one-time code through the same SMTP channel.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from kiosk.notify.messages import Message
from kiosk.notify.sending import SendFailed

__all__ = ["EmailSender", "parse_mailto"]


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
