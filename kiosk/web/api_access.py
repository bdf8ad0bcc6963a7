"""Who may call the API, at what rate, and the writes that run once per idempotency key.

:class:`Access` turns ``Authorization: Bearer <token>`` into the token (401 when missing,
wrong or revoked; 403 when a read-scoped token writes; 429 past the token's rate), as
the dependencies :data:`ReadToken` and :data:`WriteToken`. :class:`Idempotent` runs a
creating write once per token and ``Idempotency-Key`` and replays the kept answer.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from kiosk.app.api_tokens import IN_PROGRESS, MAX_IDEMPOTENCY_KEY, ApiToken
from kiosk.bootstrap import Core
from kiosk.web.api_problems import ApiProblem
from kiosk.web.guard import RateLimiter

log = logging.getLogger(__name__)

_bearer = HTTPBearer(auto_error=False, description="an API token (api-token create)")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=MAX_IDEMPOTENCY_KEY,
    description="the same key and body again gets the first answer again (kept a day)")]
Work = Callable[[], tuple[int, BaseModel]]


class Access:
    """Who may call: the token behind the Authorization header, at the token's rate."""

    def __init__(self, core: Core, limiter: RateLimiter) -> None:
        self.core = core
        self.limiter = limiter

    async def reader(self, credentials: Credentials) -> ApiToken:
        if credentials is None or not credentials.credentials:
            raise _unauthorised("Send an API token: Authorization: Bearer <token>.")
        token = await run_in_threadpool(self.core.api_tokens.authenticate,
                                        credentials.credentials)
        if token is None:
            raise _unauthorised("This API token is not valid (wrong, or revoked).")
        wait = self.limiter.allow(token.id)
        if wait > 0:
            raise ApiProblem(429, "too-many-requests",
                             "Too many requests with this token; slow down.",
                             headers={"Retry-After": str(max(1, int(wait + 0.999)))})
        return token

    async def writer(self, credentials: Credentials) -> ApiToken:
        token = await self.reader(credentials)
        if not token.may_write:
            raise ApiProblem(403, "forbidden", f"The token {token.name} may only read; "
                                               "writing needs a write-scoped token.")
        return token


def _unauthorised(detail: str) -> ApiProblem:
    return ApiProblem(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


class Idempotent:
    """Runs a creating write once per (token, Idempotency-Key); replays the kept answer."""

    def __init__(self, core: Core) -> None:
        self.core = core

    def run(self, token: ApiToken, key: str | None, fingerprint: str, work: Work) -> Response:
        if key is None:
            status, model = work()
            return _json(status, model.model_dump_json())
        tokens = self.core.api_tokens
        kept = tokens.begin(token, key, fingerprint)
        if kept is not None:
            if kept.status == IN_PROGRESS:
                raise ApiProblem(409, "in-progress", "A request with this Idempotency-Key is "
                                                     "still being worked on; try again shortly.")
            return _json(kept.status, kept.body, replayed=True)
        try:
            status, model = work()
        except BaseException:
            self._abandon(token, key)
            raise
        body = model.model_dump_json()
        tokens.finish(token, key, status, body)
        return _json(status, body)

    def _abandon(self, token: ApiToken, key: str) -> None:
        try:
            self.core.api_tokens.abandon(token, key)
        except Exception:  # noqa: BLE001 - the request's own error is the one to answer
            log.warning("api: an idempotency key of token %s stays claimed for a day", token.id)


def fingerprint(method: str, path: str, body: BaseModel) -> str:
    """The request as the idempotency key's owner: method, path and the parsed body."""
    canonical = json.dumps([method, path, body.model_dump(mode="json")], sort_keys=True,
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _json(status: int, body: str, *, replayed: bool = False) -> Response:
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Response(body, status_code=status, media_type="application/json", headers=headers)


async def _read_token(request: Request, credentials: Credentials) -> ApiToken:
    access: Access = request.app.state.access
    return await access.reader(credentials)


async def _write_token(request: Request, credentials: Credentials) -> ApiToken:
    access: Access = request.app.state.access
    return await access.writer(credentials)


#: A handler's token: any valid one (reads), or a write-scoped one (writes).
ReadToken = Annotated[ApiToken, Depends(_read_token)]
WriteToken = Annotated[ApiToken, Depends(_write_token)]
