"""The company-facing API, ``/api/v1``: JSON for the company's integrations.

:func:`create_api` builds it as its own FastAPI application, mounted by
:func:`kiosk.web.app.create_app` under ``/api/v1``, so its errors are problem details
(:mod:`kiosk.web.api_problems`) while the status pages keep their HTML ones. Its OpenAPI
document is ``/api/v1/openapi.json``; the routes are in :mod:`kiosk.web.api_routes`.

- Authorization: ``Bearer <token>`` (``api-token create``); a missing, wrong or revoked
  token is 401, a read-scoped token writing is 403.
- Each token has its own rate (``[web] api_rate_limit_per_minute``, 429 with
  Retry-After); every request also counts against its address's rate (the status
  pages' limit, :mod:`kiosk.web.guard`), which stops a flood of guessed tokens.
- CORS is closed: no CORS headers at all unless ``[web] cors_origins`` names the
  intranet pages that may call it from a browser.
- ``Idempotency-Key`` on the writes that create something (check-in, notice).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from kiosk.bootstrap import Core
from kiosk.web.api_access import Access, Idempotent
from kiosk.web.api_problems import install_handlers, problem_openapi
from kiosk.web.api_routes import ERRORS, add_routes
from kiosk.web.guard import RateLimiter

PREFIX = "/api/v1"
DESCRIPTION = (
    "Tech Bar's queue, floor, visits, technician actions, notices and metrics for the "
    "company's integrations. Send `Authorization: Bearer <token>` (made with "
    "`python main.py api-token create --name NAME --scope read|write`). Read-scoped "
    "tokens never see personal data (names, e-mails, descriptions, notes). Errors are "
    "RFC 9457 problem details. Writes that create something take an `Idempotency-Key`.")

def create_api(core: Core, *, rate_limit_per_minute: int | None = None) -> FastAPI:
    """The API on ``core``, to be mounted at :data:`PREFIX`.

    Args:
        rate_limit_per_minute: requests per token; default the settings'.
    """
    web = core.settings.web
    api = FastAPI(title="Tech Bar API", version="1", description=DESCRIPTION,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None)
    api.state.access = Access(core, RateLimiter(rate_limit_per_minute
                                                or web.api_rate_limit_per_minute))
    add_routes(api, core, Idempotent(core))
    install_handlers(api)
    api.openapi = problem_openapi(api, ERRORS)  # type: ignore[method-assign]
    if web.cors_origins:
        api.add_middleware(CORSMiddleware, allow_origins=list(web.cors_origins),
                           allow_methods=["GET", "POST"], allow_credentials=False,
                           allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
                           max_age=600)
    return api
