"""The ``[web]`` table: the web service's public address, its rate limits, CORS, the
public page's opening hours and the intranet pages that may embed it.

The kiosk's QR code points at ``{public_url}/v/{token}`` unless ``kiosk.status_url_template``
names a page of the site's own; an empty ``public_url`` shows no QR code from the web
service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kiosk.config.hours import DEFAULT_HOURS, OpeningHours, parse_hours
from kiosk.config.ticketing import Reader
from kiosk.errors import ConfigError

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8080"
#: Requests per minute one client address may make (a whole office behind one NAT
#: address shares it, so it is generous; it stops floods, not people).
DEFAULT_RATE_LIMIT = 600
#: Requests per minute one API token may make (``/api/v1``).
DEFAULT_API_RATE_LIMIT = 600
MAX_CORS_ORIGINS = 50
_ORIGIN_PROBLEM = ("must be a list of origins like [\"https://intranet.example.com\"] "
                   "(scheme, host and port only)")
MAX_URL = 512
_URL_PROBLEM = ("must be an http(s) address like https://help.example.com (no query or #, "
                f"at most {MAX_URL} characters)")


@dataclass(frozen=True)
class WebSettings:
    """The visitor's status page, served by ``techbar web``.

    Attributes:
        public_url: the address phones reach the service at (behind the reverse proxy),
            without a trailing slash; "" when the site runs no web service.
        rate_limit_per_minute: requests one client address may make per minute.
        api_rate_limit_per_minute: requests one API token may make per minute.
        cors_origins: the web origins whose pages may call the API from a browser;
            empty (the default): none, and the API sends no CORS headers.
        opening_hours: when the Tech Bar is open (the public page says so).
        embed_origins: the intranet origins whose pages may frame ``/embed``; empty
            (the default): only this service's own pages.
        remote_join: people may join the line from their desk (``/join``, a one-time
            code e-mailed to their directory address); needs the notify SMTP channel.
        remote_max_waiting: remote visitors who may wait at once; 0: no cap.
    """

    public_url: str = DEFAULT_PUBLIC_URL
    rate_limit_per_minute: int = DEFAULT_RATE_LIMIT
    api_rate_limit_per_minute: int = DEFAULT_API_RATE_LIMIT
    cors_origins: tuple[str, ...] = ()
    opening_hours: OpeningHours = OpeningHours()
    embed_origins: tuple[str, ...] = ()
    remote_join: bool = False
    remote_max_waiting: int = 0


def parse_web(table: Mapping[str, Any], reader: Reader) -> WebSettings:
    reader.only_keys(table, "web", {"public_url", "rate_limit_per_minute",
                                    "api_rate_limit_per_minute", "cors_origins",
                                    "opening_hours", "embed_origins", "remote_join",
                                    "remote_max_waiting"})
    url = reader.string(table, "web.public_url", default=DEFAULT_PUBLIC_URL)
    rate = reader.number(table, "web.rate_limit_per_minute", DEFAULT_RATE_LIMIT, 10, 1_000_000)
    api_rate = reader.number(table, "web.api_rate_limit_per_minute", DEFAULT_API_RATE_LIMIT,
                             10, 1_000_000)
    return WebSettings(public_url=check_public_url(url, reader.source, "web.public_url"),
                       rate_limit_per_minute=int(rate), api_rate_limit_per_minute=int(api_rate),
                       cors_origins=check_origins(table.get("cors_origins", []), reader.source),
                       opening_hours=parse_hours(table.get("opening_hours", DEFAULT_HOURS),
                                                 reader.source),
                       embed_origins=check_origins(table.get("embed_origins", []), reader.source,
                                                   "web.embed_origins"),
                       remote_join=reader.flag(table, "web.remote_join", False),
                       remote_max_waiting=int(reader.number(table, "web.remote_max_waiting", 0,
                                                            0, 10_000)))


def check_origins(raw: Any, source: str, key: str = "web.cors_origins") -> tuple[str, ...]:
    """``[web] cors_origins`` (or ``key``): each an http(s) origin, without a path or
    trailing slash.

    Raises:
        ConfigError: not a list of strings, or an entry that is not an origin ("*" too:
            the API is for named intranet pages, never for every site).
    """
    if not isinstance(raw, list) or len(raw) > MAX_CORS_ORIGINS or not all(
            isinstance(o, str) for o in raw):
        raise ConfigError(source, key, _ORIGIN_PROBLEM)
    origins: list[str] = []
    for entry in raw:
        origin = check_public_url(entry, source, key) if entry.strip() else ""
        parts = urlsplit(origin)
        if not origin or parts.path not in ("", "/"):
            raise ConfigError(source, key, _ORIGIN_PROBLEM)
        origins.append(origin)
    return tuple(dict.fromkeys(origins))


def check_public_url(url: str, source: str, key: str) -> str:
    """``url`` without its trailing slash, or "" for none.

    Raises:
        ConfigError: not an http(s) URL with a host, or with a query, fragment, user name,
            space or control character, or longer than :data:`MAX_URL`.
    """
    text = url.strip()
    if not text:
        return ""
    if len(text) > MAX_URL or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise ConfigError(source, key, _URL_PROBLEM)
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        raise ConfigError(source, key, _URL_PROBLEM) from None
    if (parts.scheme not in ("http", "https") or not parts.hostname or not port_ok
            or parts.query or parts.fragment or "@" in parts.netloc or "?" in text
            or "#" in text):
        raise ConfigError(source, key, _URL_PROBLEM)
    return text.rstrip("/")
