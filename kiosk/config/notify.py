"""The ``[notify]`` table and its secrets: where "tell me when I'm close" messages go.

Each channel is one URL in apprise's syntax, and every one of them carries a password or
a token, so they come only from the environment (never the file):

- ``KIOSK_NOTIFY_SMTP_URL``: ``mailtos://user:password@smtp.example.com:587?from=techbar@example.com``
  (``mailto://`` without TLS, ``mailtos://`` with STARTTLS, or TLS from the start on 465);
- ``KIOSK_NOTIFY_SMS_URL``: an apprise SMS URL, e.g. ``twilio://SID:TOKEN@+15551234567`` or
  ``vonage://KEY:SECRET@15551234567``;
- ``KIOSK_NOTIFY_SLACK_URL``: ``slack://xoxb-bot-token`` (a bot with ``chat:write`` and
  ``users:read.email``: people are found by their directory e-mail);
- ``KIOSK_NOTIFY_TEAMS_URL``: ``teams://APP_ID:APP_SECRET@TENANT_ID`` (an Azure bot installed
  for the users, see docs/deployment.md).

A channel without its variable is not offered. The file holds the worker's pace only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from kiosk.config.ticketing import Reader
from kiosk.errors import ConfigError

#: The channels' variables and the URL schemes each accepts.
CHANNEL_VARIABLES = {
    "smtp_url": ("KIOSK_NOTIFY_SMTP_URL", ("mailto", "mailtos")),
    "sms_url": ("KIOSK_NOTIFY_SMS_URL", None),
    "slack_url": ("KIOSK_NOTIFY_SLACK_URL", ("slack",)),
    "teams_url": ("KIOSK_NOTIFY_TEAMS_URL", ("teams",)),
}
MAX_URL = 2048


@dataclass(frozen=True, repr=False)
class NotifySettings:
    """The notification worker and its channels ("" = channel not offered).

    The URLs hold secrets: ``repr`` shows only which channels are set.
    """

    smtp_url: str = ""
    sms_url: str = ""
    slack_url: str = ""
    teams_url: str = ""
    poll_seconds: float = 2.0
    max_attempts: int = 8
    base_delay_seconds: float = 5.0
    max_delay_seconds: float = 900.0
    timeout_seconds: float = 20.0

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels this site offers besides the page: email, sms, slack, teams."""
        names = {"smtp_url": "email", "sms_url": "sms", "slack_url": "slack",
                 "teams_url": "teams"}
        return tuple(name for key, name in names.items() if getattr(self, key))

    def __repr__(self) -> str:
        return f"NotifySettings(channels={self.channels!r}, poll_seconds={self.poll_seconds})"


def parse_notify(table: Mapping[str, Any], reader: Reader) -> NotifySettings:
    keys = {"poll_seconds", "max_attempts", "base_delay_seconds", "max_delay_seconds",
            "timeout_seconds"}
    for key in CHANNEL_VARIABLES:
        if key in table:
            variable = CHANNEL_VARIABLES[key][0]
            raise ConfigError(reader.source, f"notify.{key}",
                              f"holds a secret: set the environment variable {variable} instead")
    reader.only_keys(table, "notify", keys)
    return NotifySettings(
        poll_seconds=reader.number(table, "notify.poll_seconds", 2.0, 0.05, 3600),
        max_attempts=int(reader.number(table, "notify.max_attempts", 8, 1, 100)),
        base_delay_seconds=reader.number(table, "notify.base_delay_seconds", 5.0, 0.01, 3600),
        max_delay_seconds=reader.number(table, "notify.max_delay_seconds", 900.0, 0.1, 86400),
        timeout_seconds=reader.number(table, "notify.timeout_seconds", 20.0, 0.5, 300),
    )


def notify_environment(settings: NotifySettings, env: Mapping[str, str]) -> NotifySettings:
    """The channels' URLs from the environment, checked (the message never shows a URL).

    Raises:
        ConfigError: naming the variable, when its URL has the wrong scheme, no host,
            spaces or control characters, or is over :data:`MAX_URL` characters.
    """
    changes: dict[str, Any] = {}
    for key, (variable, schemes) in CHANNEL_VARIABLES.items():
        value = env.get(variable, "").strip()
        if value:
            changes[key] = check_channel_url(value, variable, schemes)
    return replace(settings, **changes)


def check_channel_url(url: str, variable: str, schemes: tuple[str, ...] | None) -> str:
    wanted = " or ".join(f"{s}://" for s in schemes) if schemes else "an apprise URL"
    problem = f"must be {wanted} with a host (at most {MAX_URL} characters, no spaces)"
    if len(url) > MAX_URL or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ConfigError(variable, "notify", problem)
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ConfigError(variable, "notify", problem) from None
    if not parts.scheme or not parts.netloc or (schemes and parts.scheme.lower() not in schemes):
        raise ConfigError(variable, "notify", problem)
    return url
