"""The web service: the visitor's status page behind the kiosk's QR code.

:func:`create_app` builds a FastAPI application on a :class:`~kiosk.bootstrap.Core`:

- ``GET /v/{token}``: the page (ticket, state, place in line, wait; "It's your turn: go
  to Desk 2" once called), in the visitor's language, without cookies or a framework;
- ``GET /v/{token}/events``: Server-Sent Events with the page's texts whenever they change
  (one watcher thread per process, :mod:`kiosk.web.hub`); ``GET /v/{token}.json`` for
  browsers without EventSource;
- ``GET`` and ``POST /v/{token}/leave``: "I no longer need help", with a confirmation;
- ``GET /healthz``; ``/static/`` the page's style sheet and script;
- ``/api/v1/``: the company-facing API (:mod:`kiosk.web.api`), JSON with problem details.

A wrong or expired token gets the same plain 404 page. Every answer carries the
security headers and no status page is cached (:mod:`kiosk.web.guard`); no name, e-mail
or description is ever read here (:class:`~kiosk.app.status.VisitStatus` has none).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import StreamingResponse

from kiosk.app.status import VisitStatus
from kiosk.bootstrap import Core
from kiosk.errors import IllegalTransition, NotFound, StoreUnavailable
from kiosk.web.api import PREFIX as API_PREFIX
from kiosk.web.api import create_api
from kiosk.web.api_problems import api_not_found
from kiosk.web.guard import Guard, RateLimiter, own_origin, read_form, same_origin
from kiosk.web.hub import REFRESH_SECONDS, StatusHub, Subscription
from kiosk.web.join_pages import add_join_routes
from kiosk.web.notify_pages import add_notify_routes
from kiosk.web.pages import Pages
from kiosk.web.public_pages import add_public_routes
from kiosk.web.texts import Words, choose_language, status_view

log = logging.getLogger(__name__)

#: Live pages one process holds at most; past it a page polls instead.
MAX_STREAMS = 5000
#: A keep-alive comment this often, so proxies keep an idle stream open.
KEEPALIVE_SECONDS = 15.0
#: The longest form body read (the leave form has two short fields).
MAX_FORM_BYTES = 1024


def create_app(core: Core, *, refresh_s: float | None = None,
               rate_limit_per_minute: int | None = None) -> FastAPI:
    """The web service on ``core``; its watcher thread runs while the app is served.

    Args:
        refresh_s: how often open pages are refreshed without a change (the waits move
            with time); default :data:`kiosk.web.hub.REFRESH_SECONDS`.
        rate_limit_per_minute: requests per client address; default the settings'.
    """
    hub = StatusHub(core.status, core.visits,
                    refresh_s=REFRESH_SECONDS if refresh_s is None else refresh_s)
    pages = Pages(core.settings.site_name, core.settings.web.public_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        hub.start()
        try:
            yield
        finally:
            await run_in_threadpool(hub.stop)

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.hub = hub
    _routes(app, core, hub, pages)
    add_notify_routes(app, core, pages)  # "tell me when I'm close", kiosk/web/notify_pages.py
    add_join_routes(app, core, pages)  # join the line from a desk, kiosk/web/join_pages.py
    add_public_routes(app, core, pages)  # the public page and /embed, kiosk/web/public_pages.py
    _errors(app, pages)
    app.mount(API_PREFIX, create_api(core))  # the company-facing API, kiosk/web/api.py
    limit = rate_limit_per_minute or core.settings.web.rate_limit_per_minute
    app.add_middleware(Guard, limiter=RateLimiter(limit),
                       refuse=lambda scope, _wait: pages.plain(
                           _scope_words(scope), "too_many", "too_many").encode())
    return app


def _routes(app: FastAPI, core: Core, hub: StatusHub, pages: Pages) -> None:
    status = core.status

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        core.visits.latest_change()  # StoreUnavailable: 503
        return JSONResponse({"status": "ok"})

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        return pages.static(name)

    @app.get("/v/{token}.json")
    def status_json(token: str, request: Request) -> JSONResponse:
        found = status.visit_status(token)
        return JSONResponse(status_view(found, _words(request, found), pages.site))

    @app.get("/v/{token}")
    def status_page(token: str, request: Request) -> HTMLResponse:
        found = status.visit_status(token)
        return HTMLResponse(pages.status(token, found, _words(request, found)))

    @app.get("/v/{token}/leave")
    def leave_page(token: str, request: Request) -> Response:
        found = status.visit_status(token)
        words = _words(request, found)
        if not found.may_leave:
            return _back(pages, token, words)
        return HTMLResponse(pages.leave(token, found, words))

    @app.post("/v/{token}/leave")
    async def leave(token: str, request: Request) -> Response:
        return await _leave(request, token, core, pages)

    @app.get("/v/{token}/events")
    async def events(token: str, request: Request) -> Response:
        return await _events(request, token, core, hub, pages)


async def _leave(request: Request, token: str, core: Core, pages: Pages) -> Response:
    found = await run_in_threadpool(core.status.visit_status, token)
    words = _words(request, found)
    if not same_origin(request.headers, (own_origin(request), pages.public_origin)):
        log.info("a leave form from another site was refused")
        return HTMLResponse(pages.plain(words, "refused", "refused"), status_code=403)
    form = await read_form(request, MAX_FORM_BYTES)
    if form.get("confirm") != "yes":
        return RedirectResponse(pages.url(token, "/leave", words.language), status_code=303)
    try:
        await run_in_threadpool(core.status.leave, token)
    except IllegalTransition:
        latest = await run_in_threadpool(core.status.visit_status, token)
        return HTMLResponse(pages.status(token, latest, words, notice=words["leave_refused"]),
                            status_code=409)
    return _back(pages, token, words)


async def _events(request: Request, token: str, core: Core, hub: StatusHub,
                  pages: Pages) -> Response:
    first = await run_in_threadpool(core.status.visit_status, token)
    words = _words(request, first)
    if hub.streams >= MAX_STREAMS:
        return Response(status_code=503, headers={"Retry-After": "30"})
    subscription = hub.subscribe(token, first)
    return StreamingResponse(_stream(hub, subscription, first, words, pages.site),
                             media_type="text/event-stream",
                             headers={"X-Accel-Buffering": "no"})


async def _stream(hub: StatusHub, subscription: Subscription, first: VisitStatus,
                  words: Words, site: str) -> AsyncIterator[str]:
    """``status`` events with the page's texts; ``gone`` when the token expires."""
    try:
        yield "retry: 3000\n\n"
        last = _event(status_view(first, words, site))
        yield last
        while True:
            try:
                update = await asyncio.wait_for(_latest(subscription), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if update is None:
                yield "event: gone\ndata: {}\n\n"
                return
            event = _event(status_view(update, words, site))
            if event != last:
                last = event
                yield event
    finally:
        hub.unsubscribe(subscription)


async def _latest(subscription: Subscription) -> VisitStatus | None:
    """The newest update waiting for the stream (older ones are outdated by it)."""
    update = await subscription.queue.get()
    while not subscription.queue.empty():
        update = subscription.queue.get_nowait()
    return update


def _event(view: dict[str, Any]) -> str:
    return f"event: status\ndata: {json.dumps(view, ensure_ascii=False)}\n\n"


def _errors(app: FastAPI, pages: Pages) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc: NotFound) -> Response:
        return _not_found(request, pages)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _not_found(request, pages)
        words = _words(request, None)
        return HTMLResponse(pages.plain(words, "refused", "refused"),
                            status_code=exc.status_code)

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> HTMLResponse:
        log.warning("web: the database is unavailable (%s)", type(exc).__name__)
        return HTMLResponse(pages.plain(_words(request, None), "busy_title", "busy"),
                            status_code=503, headers={"Retry-After": "5"})


def _not_found(request: Request, pages: Pages) -> Response:
    """The one page for every wrong, expired or malformed address (the API's: a problem)."""
    if request.url.path.startswith(API_PREFIX):  # an API path its mount could not match
        return api_not_found()
    return HTMLResponse(pages.plain(_words(request, None), "not_found_title", "not_found"),
                        status_code=404)


def _words(request: Request, found: VisitStatus | None) -> Words:
    asked = request.query_params.get("lang")
    return Words(choose_language(asked, request.headers.get("accept-language"),
                                 found.language if found else ""))


def _scope_words(scope: Any) -> Words:
    return _words(Request(scope), None)


def _back(pages: Pages, token: str, words: Words) -> RedirectResponse:
    return RedirectResponse(pages.url(token, "", words.language), status_code=303)
