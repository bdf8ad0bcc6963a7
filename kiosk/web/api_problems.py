"""The API's errors as RFC 9457 problem details, and the OpenAPI document that says so.

Every refusal is ``application/problem+json`` with ``type``, ``title``, ``status`` and
``detail``; the detail is the core's own message (:mod:`kiosk.errors`), the words the
kiosk and the console show. Which error is which status:

==========================================================  ======
ValidationError (and a malformed request)                   422
NotFound                                                    404
LostRace, IllegalTransition, AlreadyInLine, StillServing,   409
NothingWaiting, an idempotency key still being worked on
StoreUnavailable, DatabaseOffline (with Retry-After)        503
==========================================================  ======

plus 401 (no, a wrong or a revoked token), 403 (a read token writing) and 429 (past the
token's rate, with Retry-After).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.errors import (
    AlreadyInLine,
    IllegalTransition,
    KioskError,
    LostRace,
    NotFound,
    NothingWaiting,
    StillServing,
    StoreUnavailable,
    ValidationError,
)
from kiosk.web.api_models import Problem

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:techbar:problem:"
#: The kinds of problem, by the core's error; the first that matches wins.
KINDS: tuple[tuple[type[KioskError], int, str], ...] = (
    (ValidationError, 422, "invalid"),
    (NotFound, 404, "not-found"),
    (AlreadyInLine, 409, "already-in-line"),
    (LostRace, 409, "lost-race"),
    (IllegalTransition, 409, "illegal-transition"),
    (StillServing, 409, "still-serving"),
    (NothingWaiting, 409, "nothing-waiting"),
    (StoreUnavailable, 503, "unavailable"),
)
#: The error answers each operation may give (besides its own success).
COMMON = (401, 422, 429, 503)


class ApiProblem(Exception):
    """A refusal of the API's own (not the core's): authentication, scope, rate."""

    def __init__(self, status: int, kind: str, detail: str,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.headers = dict(headers or {})


def problem(status: int, kind: str, detail: str, *, field: str | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"type": TYPE_PREFIX + kind, "title": HTTPStatus(status).phrase,
                            "status": status, "detail": detail}
    if field is not None:
        body["field"] = field
    return Response(json.dumps(body, ensure_ascii=False), status_code=status,
                    media_type=MEDIA_TYPE, headers=dict(headers or {}))


def from_error(error: KioskError) -> Response:
    """The problem details of one of the core's errors."""
    for kind, status, name in KINDS:
        if isinstance(error, kind):
            if status == 503:
                log.warning("api: the database is unavailable (%s)", type(error).__name__)
                return problem(503, name, str(error), headers={"Retry-After": "5"})
            field = error.field if isinstance(error, ValidationError) else None
            return problem(status, name, str(error), field=field)
    return problem(422, "refused", str(error))


def api_not_found() -> Response:
    return problem(404, "not-found", "There is no such address in this API.")


def install_handlers(app: FastAPI) -> None:
    """Answer the core's errors, the API's refusals and malformed requests as problems."""

    @app.exception_handler(KioskError)
    async def core_error(_request: Any, error: KioskError) -> Response:
        return from_error(error)

    @app.exception_handler(ApiProblem)
    async def api_problem(_request: Any, error: ApiProblem) -> Response:
        return problem(error.status, error.kind, error.detail, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def malformed(_request: Any, error: RequestValidationError) -> Response:
        return problem(422, "invalid", _first_error(error.errors()), field=_field(error.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Any, error: StarletteHTTPException) -> Response:
        if error.status_code == 400:  # the framework could not parse the body
            return problem(422, "invalid", "The request body is not valid JSON.")
        if error.status_code == 404:
            return api_not_found()
        if error.status_code == 405:
            return problem(405, "method-not-allowed", "This address does not take that method.")
        return problem(error.status_code, "refused", HTTPStatus(error.status_code).phrase)


def _first_error(errors: Any) -> str:
    """One line saying what is wrong with a request pydantic refused."""
    for error in errors:
        place = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        message = str(error.get("msg", "is invalid"))
        return f"{place}: {message}" if place else message
    return "The request is malformed."


def _field(errors: Any) -> str | None:
    for error in errors:
        location = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "header")]
        return ".".join(location) or None
    return None


def problem_openapi(app: FastAPI, errors: Callable[[str, str], tuple[int, ...]]
                    ) -> Callable[[], dict[str, Any]]:
    """The ``openapi()`` of ``app`` with every error answer a problem document.

    Args:
        errors: the error statuses an operation (method, path) may answer besides
            :data:`COMMON`.
    """

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes, servers=app.servers)
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                answers = operation.setdefault("responses", {})
                answers.pop("422", None)
                for status in sorted({*COMMON, *errors(method, path)}):
                    answers[str(status)] = {
                        "description": HTTPStatus(status).phrase,
                        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        app.openapi_schema = document
        return document

    return openapi
