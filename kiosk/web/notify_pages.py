"""'Tell me when I'm close' on the status page: the visitor chooses when and how to be told.

:func:`add_notify_routes` adds to the web service:

- the form itself, drawn into the status page (``/v/{token}``) by the template function
  ``notify_form`` (nothing when the visitor is no longer waiting, or the site offers no
  channel besides the page);
- ``GET /v/{token}/notify``: the form on a page of its own (where a refused choice lands);
- ``POST /v/{token}/notify``: stores the choice through ``Core.notify.choose_by_token``
  and goes back to the status page (303), whose form then says what was chosen.

It works without JavaScript. A post from another site is refused as the leave form's is
(:func:`kiosk.web.guard.same_origin`); the rate limit is the service's own (the Guard).
The e-mail is always the visitor's directory address (a page behind a link must not let
anyone send mail to any address); it is only ever shown masked, like ``a•••@example.com``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from kiosk.bootstrap import Core
from kiosk.domain.nearby import THRESHOLDS, Channel, Choice
from kiosk.errors import ValidationError
from kiosk.web.guard import own_origin, read_form, same_origin
from kiosk.web.pages import Pages
from kiosk.web.texts import LANGUAGE_NAMES, Words, choose_language

__all__ = ["add_notify_routes", "mask_address"]
log = logging.getLogger(__name__)

#: The longest form body read (three short fields); past it the form counts as empty.
MAX_FORM_BYTES = 1024
#: The states in which a visitor may still choose (the core refuses the others).
CHOOSING_STATES = frozenset({"waiting", "parked"})
#: A refused field's message (ValidationError.field to the catalogue's key).
_PROBLEMS = {"channel": "bad_channel", "ahead": "bad_ahead", "phone": "bad_phone",
             "email": "bad_email", "visit": "bad_visit"}


def add_notify_routes(app: FastAPI, core: Core, pages: Pages) -> None:
    """The form's routes on ``app``, and ``notify_form`` for the status page's template."""
    notify = core.notify

    def form_for(token: str, language: str, state: str) -> Markup:
        if state not in CHOOSING_STATES or len(notify.channels()) < 2:
            return Markup("")
        return _render_form(pages, core, token, Words(language))

    pages.env.globals["notify_form"] = form_for

    @app.get("/v/{token}/notify")
    def notify_page(token: str, request: Request) -> Response:
        found = core.status.visit_status(token)
        words = _words(request, found.language)
        if found.state.value not in CHOOSING_STATES:
            return _back(pages, token, words)
        return HTMLResponse(_page(pages, core, token, words))

    @app.post("/v/{token}/notify")
    async def choose(token: str, request: Request) -> Response:
        found = await run_in_threadpool(core.status.visit_status, token)
        words = _words(request, found.language)
        if not same_origin(request.headers, (own_origin(request), pages.public_origin)):
            log.info("a notify form from another site was refused")
            return HTMLResponse(pages.plain(words, "refused", "refused"), status_code=403)
        form = await read_form(request, MAX_FORM_BYTES)
        channel = form.get("channel", "")
        phone = form.get("phone", "")
        address = phone if channel == Channel.SMS.value else ""
        try:
            await run_in_threadpool(notify.choose_by_token, token, channel, address,
                                    form.get("ahead", ""))
        except ValidationError as error:
            message = words[_PROBLEMS.get(error.field, "bad_other")]
            return HTMLResponse(_page(pages, core, token, words, error=message, typed=form),
                                status_code=400)
        return _back(pages, token, words)


def mask_address(channel: Channel, address: str) -> str:
    """An address as the page shows it: ``a•••@example.com``, ``+44•••123``."""
    if channel is Channel.SMS:
        return f"{address[:3]}\u2022\u2022\u2022{address[-3:]}" if len(address) > 6 else "\u2022\u2022\u2022"
    local, at, domain = address.partition("@")
    return f"{local[:1]}\u2022\u2022\u2022{at}{domain}" if at else ""


def told_text(choice: Choice | None, words: Words) -> str:
    """The sentence that says what the visitor chose ("We'll e-mail a•••@… when …")."""
    if choice is None or choice.channel is Channel.PAGE:
        return words["told_none"]
    how = words("told_" + choice.channel.value, address=mask_address(choice.channel,
                                                                      choice.address))
    if choice.ahead is None:
        when = words["told_called"]
    elif choice.ahead == 1:
        when = words["told_ahead_1"]
    else:
        when = words("told_ahead_n", n=choice.ahead)
    return f"{how} {when}"


def _form_view(core: Core, token: str, words: Words, typed: dict[str, str]) -> dict[str, Any]:
    """What the form shows: the choices offered, the one made (or typed), the summary."""
    choice = core.notify.choice_by_token(token)
    channel = typed.get("channel") or (choice.channel.value if choice else Channel.PAGE.value)
    ahead = typed.get("ahead") or (str(choice.ahead) if choice and choice.ahead else "")
    if not typed and choice is not None and choice.ahead is None:
        ahead = "called"
    aheads = [(str(n), words["notify_ahead_1"] if n == 1 else words("notify_ahead_n", n=n))
              for n in THRESHOLDS] + [("called", words["notify_called"])]
    return {
        "channels": [(c.value, words["notify_" + c.value]) for c in core.notify.channels()],
        "channel": channel,
        "aheads": aheads,
        "ahead": ahead or "2",
        "offers_sms": Channel.SMS in core.notify.channels(),
        "phone": typed.get("phone", "")[:64] if typed else "",
        "told": told_text(choice, words),
    }


def _render_form(pages: Pages, core: Core, token: str, words: Words,
                 typed: dict[str, str] | None = None, error: str = "") -> Markup:
    view = _form_view(core, token, words, typed or {})
    html = pages.env.get_template("notify_form.html").render(
        words=words, form=view, error=error, action=pages.url(token, "/notify", words.language))
    return Markup(html)  # rendered by the autoescaping environment: safe


def _page(pages: Pages, core: Core, token: str, words: Words, *, error: str = "",
          typed: dict[str, str] | None = None) -> str:
    """The form on a page of its own, with the refusal's message above it."""
    form = _render_form(pages, core, token, words, typed, error)
    languages = [(code, name, pages.url(token, "/notify", code))
                 for code, name in LANGUAGE_NAMES.items()]
    return pages.env.get_template("notify.html").render(
        lang=words.language, words=words, title=words["notify_title"], site=pages.site,
        static=f"{pages.base}/static", languages=languages, form_html=form,
        back_url=pages.url(token, "", words.language))


def _words(request: Request, fallback: str) -> Words:
    return Words(choose_language(request.query_params.get("lang"),
                                 request.headers.get("accept-language"), fallback))


def _back(pages: Pages, token: str, words: Words) -> RedirectResponse:
    return RedirectResponse(pages.url(token, "", words.language) + "#notify", status_code=303)
