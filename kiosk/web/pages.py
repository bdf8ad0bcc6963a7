"""The status page's HTML (Jinja2 templates in ``resources/web``, autoescaped) and files.

Everything a visitor's phone loads comes from here: the pages, one style sheet and one
small script (no framework, no other site: the Content-Security-Policy allows nothing
else). Links carry the page's language (``?lang=``), as nothing is kept in cookies.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException
from starlette.responses import Response

from kiosk.app.status import VisitStatus
from kiosk.config import RESOURCES
from kiosk.web.texts import LANGUAGE_NAMES, Words, status_view

WEB = RESOURCES / "web"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


class Pages:
    """Renders the pages of one site; ``public_url``'s path prefixes every link."""

    def __init__(self, site: str, public_url: str) -> None:
        parts = urlsplit(public_url)
        self.site = site
        self.base = parts.path.rstrip("/")
        self.public_origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self.env = Environment(loader=FileSystemLoader(WEB / "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self._static = {path.name: path.read_bytes() for path in (WEB / "static").iterdir()
                        if path.suffix in STATIC_TYPES}

    def url(self, token: str, suffix: str, language: str) -> str:
        """This site's address of the page ``/v/{token}{suffix}`` in ``language``."""
        return f"{self.base}/v/{token}{suffix}?lang={language}"

    def status(self, token: str, found: VisitStatus, words: Words, *, notice: str = "") -> str:
        """The status page; ``notice`` is a line shown above it (why leaving failed)."""
        view = status_view(found, words, self.site)
        return self._render("status.html", words, view["title"], token=token, view=view,
                            notice=notice, events_url=self.url(token, "/events", words.language),
                            json_url=self.url(token, ".json", words.language),
                            leave_url=self.url(token, "/leave", words.language))

    def leave(self, token: str, found: VisitStatus, words: Words) -> str:
        """"Leave the line?", with the form that confirms it."""
        return self._render("leave.html", words, words["leave_title"], token=token,
                            ticket=found.ticket_number,
                            action=self.url(token, "/leave", words.language),
                            back_url=self.url(token, "", words.language))

    def plain(self, words: Words, title_key: str, text_key: str) -> str:
        """A page of one heading and one sentence (not found, refused, busy)."""
        return self._render("plain.html", words, words[title_key], token="",
                            heading=words[title_key], text=words[text_key])

    def static(self, name: str) -> Response:
        """The style sheet or the script; 404 for anything else."""
        content = self._static.get(name)
        if content is None:
            raise HTTPException(404)
        kind = STATIC_TYPES["." + name.rsplit(".", 1)[-1]]
        return Response(content, media_type=kind,
                        headers={"Cache-Control": "public, max-age=3600"})

    def _render(self, template: str, words: Words, title: str, *, token: str,
                **values: Any) -> str:
        languages = [(code, name, self.url(token, "", code) if token else "")
                     for code, name in LANGUAGE_NAMES.items()]
        return self.env.get_template(template).render(
            lang=words.language, words=words, title=title, site=self.site, token=token,
            static=f"{self.base}/static", languages=languages, **values)
