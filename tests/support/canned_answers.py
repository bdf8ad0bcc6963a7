"""A ``requests`` transport that answers from a list, without a socket: for property tests
that drive an adapter's whole code with any answer."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPResponse


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: the body as sent, its type, status and other headers."""

    body: bytes
    content_type: str = "application/json"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        body = self.body if len(self.body) < 200 else self.body[:60] + b"..."
        return f"Answer({body!r}, {self.content_type!r}, {self.status}, {self.headers!r})"


class CannedAnswers(HTTPAdapter):
    """Answers each request with the next answer (the last again once they run out).

    Mount it on a session: ``session.mount("http://", CannedAnswers([...]))``.
    """

    def __init__(self, answers: list[Answer]) -> None:
        super().__init__()
        self.answers = answers
        self.sent = 0

    def send(self, request: requests.PreparedRequest, *args: Any,
             **kwargs: Any) -> requests.Response:
        answer = self.answers[min(self.sent, len(self.answers) - 1)]
        self.sent += 1
        raw = HTTPResponse(body=io.BytesIO(answer.body), status=answer.status,
                           headers={"Content-Type": answer.content_type, **dict(answer.headers)},
                           preload_content=False, decode_content=False)
        return self.build_response(request, raw)

    def mount_on(self, session: requests.Session) -> None:
        for scheme in ("http://", "https://"):
            session.mount(scheme, self)
