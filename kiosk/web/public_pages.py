"""The public page of the Tech Bar and its fragment for an intranet page.

:func:`add_public_routes` adds to the web service:

- ``GET /``: open or closed with today's hours, how many are waiting, a newcomer's wait per
  reason, the known incidents (active notices, in the page's language when translated);
- ``GET /embed``: the same, compact and without header or footer, for an ``<iframe>`` on
  an intranet page; its Content-Security-Policy lets only ``[web] embed_origins`` (or,
  without any, this service itself) frame it;
- ``GET /public/events``: Server-Sent Events with the page's texts whenever they change
  (one read per change for every page, :mod:`kiosk.web.public_feed`);
  ``GET /public.json`` the same texts for browsers without EventSource (the script polls
  it), and without JavaScript the page reloads itself every minute.

The language is ``?lang=``, else the browser's (Accept-Language), else English. No name,
e-mail, description or ticket number appears: the summary holds none.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from kiosk.bootstrap import Core
from kiosk.web.guard import CSP
from kiosk.web.pages import Pages
from kiosk.web.public_feed import PublicFeed, PublicSummary, read_summary
from kiosk.web.public_texts import PublicWords, public_view
from kiosk.web.texts import LANGUAGE_NAMES, choose_language

__all__ = ["add_public_routes", "embed_csp"]

#: Live public pages one process holds at most; past it a page polls instead.
MAX_STREAMS = 5000
KEEPALIVE_SECONDS = 15.0
#: Without JavaScript, the page reloads itself this often.
META_REFRESH_SECONDS = 60


def embed_csp(origins: tuple[str, ...]) -> str:
    """The service's policy, but framing allowed to ``origins`` (none: this service only)."""
    ancestors = " ".join(("'self'", *origins))
    return CSP.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")


def add_public_routes(app: FastAPI, core: Core, pages: Pages, *,
                      refresh_s: float | None = None) -> PublicFeed:
    """The public page's routes on ``app``; its watcher stops when the app shuts down."""
    feed = PublicFeed(lambda: read_summary(core), core.visits.change_waiter,
                      **({} if refresh_s is None else {"refresh_s": refresh_s}))
    app.state.public_feed = feed
    _stop_with_app(app, feed)
    view = _Views(core, pages, feed)
    frame_headers = {"content-security-policy": embed_csp(core.settings.web.embed_origins),
                     "x-frame-options": "SAMEORIGIN"}

    @app.get("/")
    async def public_page(request: Request) -> HTMLResponse:
        words = _words(request)
        page = await run_in_threadpool(view.render, "public.html", words)
        return HTMLResponse(page)

    @app.get("/embed")
    async def embed(request: Request) -> HTMLResponse:
        words = _words(request)
        page = await run_in_threadpool(view.render, "public_embed.html", words)
        return HTMLResponse(page, headers=frame_headers)

    @app.get("/public.json")
    async def public_json(request: Request) -> JSONResponse:
        version, summary = await run_in_threadpool(feed.summary)
        return JSONResponse(view.texts(version, summary, _words(request)))

    @app.get("/public/events")
    async def public_events(request: Request) -> Response:
        words = _words(request)
        first = await run_in_threadpool(feed.summary)
        if feed.followers >= MAX_STREAMS:
            return Response(status_code=503, headers={"Retry-After": "30"})
        return StreamingResponse(_stream(feed, view, first, words),
                                 media_type="text/event-stream",
                                 headers={"X-Accel-Buffering": "no"})

    return feed


class _Views:
    """The page's texts per summary and language (made once each), and its HTML."""

    def __init__(self, core: Core, pages: Pages, feed: PublicFeed) -> None:
        self.site = core.settings.site_name
        self.categories = core.settings.categories
        self.pages = pages
        self.feed = feed

    def texts(self, version: int, summary: PublicSummary, words: PublicWords) -> dict[str, Any]:
        made = self.feed.texts(version, words.language,
                               lambda: public_view(summary, words, self.site, self.categories))
        assert isinstance(made, dict)
        return made

    def event(self, version: int, summary: PublicSummary, words: PublicWords) -> str:
        texts = self.texts(version, summary, words)
        return f"event: public\ndata: {json.dumps(texts, ensure_ascii=False)}\n\n"

    def render(self, template: str, words: PublicWords) -> str:
        version, summary = self.feed.summary()
        lang = words.language
        base = self.pages.base
        languages = [(code, name, f"{base}/{'embed' if 'embed' in template else ''}?lang={code}")
                     for code, name in LANGUAGE_NAMES.items()]
        view = self.texts(version, summary, words)
        return self.pages.env.get_template(template).render(
            lang=lang, words=words, title=view["title"], site=self.site, view=view,
            static=f"{base}/static", languages=languages, token="",
            events_url=f"{base}/public/events?lang={lang}",
            json_url=f"{base}/public.json?lang={lang}", full_url=f"{base}/?lang={lang}",
            refresh_s=META_REFRESH_SECONDS)


async def _stream(feed: PublicFeed, view: _Views, first: tuple[int, PublicSummary],
                  words: PublicWords) -> AsyncIterator[str]:
    """``public`` events: the page's texts, each time the summary changes."""
    follower = feed.follow()
    try:
        yield "retry: 3000\n\n"
        last = first[0]
        yield view.event(*first, words)
        while True:
            try:
                version, summary = await asyncio.wait_for(_newest(follower.queue),
                                                          KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if version != last:
                last = version
                yield view.event(version, summary, words)
    finally:
        feed.unfollow(follower)


async def _newest(queue: asyncio.Queue[tuple[int, PublicSummary]]) -> tuple[int, PublicSummary]:
    update = await queue.get()
    while not queue.empty():
        update = queue.get_nowait()
    return update


def _words(request: Request) -> PublicWords:
    return PublicWords(choose_language(request.query_params.get("lang"),
                                       request.headers.get("accept-language"), ""))


def _stop_with_app(app: FastAPI, feed: PublicFeed) -> None:
    """Stop ``feed``'s watcher when the app's own lifespan ends."""
    inner: Callable[[Any], AbstractAsyncContextManager[Any]] = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: Any) -> AsyncIterator[Any]:
        async with inner(running) as state:
            try:
                yield state
            finally:
                await run_in_threadpool(feed.stop)

    app.router.lifespan_context = lifespan
