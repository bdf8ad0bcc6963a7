"""Join the line from your desk: ``/join`` and ``/join/confirm`` (where ``[web] remote_join``).

:func:`add_join_routes` adds:

- ``GET /join``: the form (work e-mail, reason, details), or one sentence saying why
  joining is not open (switched off, no SMTP, paused by the liaison, full);
- ``POST /join``: asks :class:`~kiosk.app.remote_join.RemoteJoinService` for a code
  (mailed to the person's DIRECTORY address) and answers with the code's form, which
  carries the request's random id; the address is shown masked;
- ``POST /join/confirm``: the code; on success a check-in, and 303 to the status page.

No JavaScript, like the notify form: posts from another site are refused
(:func:`kiosk.web.guard.same_origin`), every value is escaped by the templates, the
limits on codes live in the core (shared by every process) on top of the service's own
rate limit. ``join_link.html`` (for the public page) shows a link only while joining is
open. The codes go out through the notify SMTP channel (:mod:`kiosk.notify.email`); a
site with ``remote_join`` on but no SMTP is told so in the log at start-up, and ``/join``
says joining is not available.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.app.remote_join import (
    AlreadyJoined,
    CodeRefused,
    JoinRefused,
    JoinState,
    Mailer,
    MailNotSent,
    RemoteJoinService,
)
from kiosk.bootstrap import Core
from kiosk.config.notify import NotifySettings
from kiosk.domain.nearby import Channel
from kiosk.errors import ValidationError
from kiosk.notify.email import EmailSender
from kiosk.notify.messages import Message
from kiosk.notify.sending import SendFailed
from kiosk.web.guard import own_origin, read_form, same_origin
from kiosk.web.join_texts import JOIN_TEXTS
from kiosk.web.notify_pages import mask_address
from kiosk.web.pages import Pages
from kiosk.web.texts import LANGUAGE_NAMES, Words, choose_language

__all__ = ["JoinWords", "add_join_routes", "build_mailer"]
log = logging.getLogger(__name__)

#: The longest form body read (2000 characters of details, url-encoded); past it: empty.
MAX_FORM_BYTES = 16_384
_STATUS = {"too_many": 429, "paused": 503, "full": 503, "off": 404, "no_mail": 503,
           "not_sent": 503, "unknown": 400}


class JoinWords(Words):
    """The status page's catalogue with the join pages' words on top."""

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self._texts = {**self._texts, **JOIN_TEXTS[self.language]}


def build_mailer(settings: NotifySettings) -> Mailer | None:
    """The code's e-mail through the notify SMTP channel; None when the site has none."""
    if not settings.smtp_url:
        return None
    sender = EmailSender(settings.smtp_url, settings.timeout_seconds)

    def send(address: str, subject: str, body: str) -> None:
        try:
            sender.send(address, Message(subject, body), f"techbar-join-{secrets.token_hex(8)}")
        except SendFailed as failed:
            raise MailNotSent(failed.reason) from None

    return send


def add_join_routes(app: FastAPI, core: Core, pages: Pages) -> None:
    """The join pages on ``app``; ``join_open``/``join_href``/``join_text`` for templates."""
    service = _service(core)
    pages.env.globals.update(
        join_open=lambda: service.state() is JoinState.OPEN,
        join_href=lambda lang: f"{pages.base}/join?lang={JoinWords(lang).language}",
        join_text=lambda lang, key: JoinWords(lang)[key])

    @app.get("/join")
    def join_page(request: Request) -> Response:
        words = _words(request)
        state = service.state()
        if state is not JoinState.OPEN:
            return _closed(pages, words, state.value)
        return HTMLResponse(_form_page(pages, core, words))

    @app.post("/join")
    async def join(request: Request) -> Response:
        words = _words(request)
        if not _same_site(request, pages):
            return HTMLResponse(pages.plain(words, "refused", "refused"), status_code=403)
        form = await read_form(request, MAX_FORM_BYTES)
        try:
            pending = await run_in_threadpool(
                service.request_code, form.get("email", ""), form.get("category", ""),
                form.get("details", ""), words.language, _client(request))
        except ValidationError:
            return HTMLResponse(_form_page(pages, core, words, typed=form,
                                           error=words["bad_input"]), status_code=400)
        except JoinRefused as refused:
            return HTMLResponse(_form_page(pages, core, words, typed=form,
                                           error=words[refused.reason]),
                                status_code=_STATUS.get(refused.reason, 400))
        return HTMLResponse(_confirm_page(pages, words, pending.id,
                                          mask_address(Channel.EMAIL, pending.email)))

    @app.post("/join/confirm")
    async def confirm(request: Request) -> Response:
        return await _confirm(request, service, pages)


def _service(core: Core) -> RemoteJoinService:
    """The service on the core's visits, mailing through the notify SMTP channel."""
    service = RemoteJoinService(core.visits.db, core.settings, core.clock, core.visits,
                                build_mailer(core.settings.notify))
    if core.settings.web.remote_join and service.mailer is None:
        log.warning("[web] remote_join is on but no SMTP is configured "
                    "(KIOSK_NOTIFY_SMTP_URL): joining from a desk is refused")
    return service


async def _confirm(request: Request, service: RemoteJoinService, pages: Pages) -> Response:
    """The code's form: a check-in and the status page, or why not."""
    words = _words(request)
    if not _same_site(request, pages):
        return HTMLResponse(pages.plain(words, "refused", "refused"), status_code=403)
    form = await read_form(request, MAX_FORM_BYTES)
    code_id = form.get("j", "")[:64]
    try:
        joined = await run_in_threadpool(service.confirm, code_id, form.get("code", ""),
                                         _client(request))
    except CodeRefused as refused:
        reason = "expired" if refused.reason == "unknown" else refused.reason
        message = words("wrong", left=refused.left) if reason == "wrong" else words[reason]
        return HTMLResponse(_confirm_page(pages, words, code_id, "", error=message,
                                          again=reason != "wrong"),
                            status_code=429 if reason == "too_many" else 400)
    except JoinRefused as refused:
        return _closed(pages, words, refused.reason)
    except AlreadyJoined as already:
        return HTMLResponse(_already_page(pages, words, already), status_code=409)
    return RedirectResponse(pages.url(joined.status_token, "", words.language), status_code=303)


def _form_page(pages: Pages, core: Core, words: Words, *, typed: dict[str, str] | None = None,
               error: str = "") -> str:
    values = typed or {}
    categories = [(c.id, c.label_for(words.language)) for c in core.settings.categories]
    return _render(pages, "join.html", words, words["join_title"], error=error,
                   categories=categories, email=values.get("email", "")[:254],
                   category=values.get("category", ""),
                   details=values.get("details", "")[:2000],
                   action=f"{pages.base}/join?lang={words.language}")


def _confirm_page(pages: Pages, words: Words, code_id: str, address: str, *, error: str = "",
                  again: bool = False) -> str:
    return _render(pages, "join_confirm.html", words, words["confirm_title"], error=error,
                   code_id=code_id, address=address, again=again,
                   action=f"{pages.base}/join/confirm?lang={words.language}",
                   restart=f"{pages.base}/join?lang={words.language}")


def _already_page(pages: Pages, words: Words, already: AlreadyJoined) -> str:
    link = pages.url(already.status_token, "", words.language) if already.status_token else ""
    return _render(pages, "join_already.html", words, words["already_title"],
                   ticket=already.ticket_number, link=link)


def _closed(pages: Pages, words: Words, reason: str) -> HTMLResponse:
    return HTMLResponse(_render(pages, "plain.html", words, words["join_title"],
                                heading=words["join_title"], text=words[reason]),
                        status_code=_STATUS.get(reason, 503))


def _render(pages: Pages, template: str, words: Words, title: str, **values: Any) -> str:
    languages = [(code, name, f"{pages.base}/join?lang={code}")
                 for code, name in LANGUAGE_NAMES.items()]
    return pages.env.get_template(template).render(
        lang=words.language, words=words, title=title, site=pages.site, token="",
        static=f"{pages.base}/static", languages=languages, **values)


def _words(request: Request) -> JoinWords:
    return JoinWords(choose_language(request.query_params.get("lang"),
                                     request.headers.get("accept-language"), ""))


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _same_site(request: Request, pages: Pages) -> bool:
    own = own_origin(request)
    if same_origin(request.headers, (own, pages.public_origin)):
        return True
    log.info("a join form from another site was refused")
    return False
