"""What every answer of the web service carries, and what it refuses before any work.

:class:`Guard` is one plain ASGI middleware (no per-request task, so live event streams
pass through untouched): it adds the security headers to every response and answers 429
to a client address past its rate (:class:`RateLimiter`, in memory, per process).
:func:`same_origin` is the check a form post must pass.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: No inline script or style, nothing from elsewhere, no framing, forms post here only.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # The token is in the path: no other site may learn it from a Referer.
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
NO_STORE = (b"cache-control", b"no-store")
#: Where the API lives: its 429 is a problem document (its tokens have a rate of their own).
API_PREFIX = "/api/"
API_TOO_MANY = (b'{"type":"urn:techbar:problem:too-many-requests","title":"Too Many Requests",'
                b'"status":429,"detail":"Too many requests from this address; slow down."}')
#: Paths the rate limit leaves alone (the proxy's health checks, the page's own files).
UNLIMITED_PREFIXES = ("/healthz", "/static/")
#: Forget a client address that has been quiet this long (bounds the memory).
IDLE_SECONDS = 600.0
SWEEP_EVERY = 4096


class RateLimiter:
    """A token bucket per client address: ``per_minute`` requests a minute, in bursts of
    up to a tenth of that (at least 20). Not thread-safe: one event loop owns it."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(20, per_minute // 10))
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._seen = 0

    def allow(self, client: str) -> float:
        """0 when ``client`` may go on, else the seconds until it may (a 429's Retry-After)."""
        now = self.clock()
        tokens, then = self._buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        self._sweep(now)
        if tokens >= 1.0:
            self._buckets[client] = (tokens - 1.0, now)
            return 0.0
        self._buckets[client] = (tokens, now)
        return (1.0 - tokens) / self.rate

    def _sweep(self, now: float) -> None:
        self._seen += 1
        if self._seen % SWEEP_EVERY:
            return
        quiet = [c for c, (_, then) in self._buckets.items() if now - then > IDLE_SECONDS]
        for client in quiet:
            del self._buckets[client]


class Guard:
    """Security headers on every response; 429 past the client's rate."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter,
                 refuse: Callable[[Scope, float], bytes]) -> None:
        """Args:
            refuse: the page of a 429 answer for this request and Retry-After.
        """
        self.app = app
        self.limiter = limiter
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if not path.startswith(UNLIMITED_PREFIXES):
            wait = self.limiter.allow(_client(scope))
            if wait > 0:
                await self._too_many(scope, send, wait)
                return
        cached = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own = {bytes(name).lower() for name, _ in headers}  # a page's own policy wins
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in own)
                if not cached:
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _too_many(self, scope: Scope, send: Send, wait: float) -> None:
        api = str(scope.get("path", "")).startswith(API_PREFIX)
        body = API_TOO_MANY if api else self.refuse(scope, wait)
        await send({"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"application/problem+json" if api else b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(max(1, math.ceil(wait))).encode()),
            *SECURITY_HEADERS, NO_STORE]})
        await send({"type": "http.response.body", "body": body})


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "?"


def same_origin(headers: Mapping[str, str], origins: Iterable[str]) -> bool:
    """Whether a form post comes from one of ``origins`` (this site's own page: a CSRF check).

    Browsers say where a request comes from in ``Sec-Fetch-Site``: only "same-origin"
    (and "none", typed by the user) pass. An ``Origin`` other than this site's is refused
    too; "null" is what a no-referrer page sends for its own posts, so it passes. A client
    that sends neither (an old browser, a script) passes: it still needs the token in the
    path, which another site cannot know.
    """
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    return origin is None or origin == "null" or origin.rstrip("/") in {
        o.rstrip("/") for o in origins if o}


def own_origin(request: Request) -> str:
    """The origin the browser used to reach this service (scheme and Host)."""
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


async def read_form(request: Request, max_bytes: int) -> dict[str, str]:
    """The posted fields (url-encoded, the first value of each); none when the body is
    over ``max_bytes`` or has too many fields."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            return {}
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=8)
    except ValueError:  # too many fields
        return {}
    return {key: values[0] for key, values in fields.items() if values}
