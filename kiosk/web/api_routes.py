"""The API's operations: reads for any token, writes for write-scoped ones.

Every write goes through the core's use cases with the token as the actor: a check-in
or a notice by ``api:NAME``; a technician's action as that technician, recorded on the
visit's timeline as ``NAME via api:TOKEN`` (:mod:`kiosk.app.api_visits`). Handlers are
plain functions (FastAPI runs them on its thread pool); each is one or a few of the
core's transactions.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import Response

from kiosk.app.api_tokens import ApiToken
from kiosk.app.api_visits import ViaApi, api_technician
from kiosk.app.notices import NoticeText
from kiosk.bootstrap import Core
from kiosk.domain.tickets import status_url
from kiosk.domain.visit import Visit, VisitState
from kiosk.errors import NotFound, ValidationError
from kiosk.web import api_models as m
from kiosk.web.api_access import IdempotencyKey, Idempotent, ReadToken, WriteToken, fingerprint
from kiosk.web.api_views import (
    floor_view,
    metrics_view,
    notice_view,
    queue_view,
    visit_view,
)

#: The longest period one metrics request covers.
MAX_METRICS_DAYS = 366
_VISIT_ERRORS = (403, 404, 409)


def ERRORS(method: str, path: str) -> tuple[int, ...]:  # noqa: N802 - a table, read as one
    """The error statuses of an operation besides the ones every operation may answer."""
    if method == "get":
        return (404,) if "{" in path else ()
    return _VISIT_ERRORS


def add_routes(api: FastAPI, core: Core, once: Idempotent) -> None:
    _reads(api, core)
    _check_in(api, core, once)
    _actions(api, core)
    _notices(api, core, once)


def _reads(api: FastAPI, core: Core) -> None:
    @api.get("/queue", response_model=m.Queue, summary="The waiting line, with expected waits")
    def queue(token: ReadToken) -> m.Queue:
        forecast = core.visits.line_forecast()
        return queue_view(core.visits.active_visits(), forecast, core.clock.now(),
                          personal=token.may_write)

    @api.get("/floor", response_model=m.Floor, summary="The floor at a glance")
    def floor(_token: ReadToken) -> m.Floor:
        return floor_view(core.floor.snapshot())

    @api.get("/visits/{visit_id}", response_model=m.VisitOut, summary="A visit and its timeline")
    def visit(visit_id: str, token: ReadToken) -> m.VisitOut:
        return _full(core, _visit_id(visit_id), token)

    @api.get("/metrics", response_model=m.MetricsOut, summary="Shared metrics of whole days")
    def metrics(_token: ReadToken,
                first: Annotated[date | None, Query(alias="from")] = None,
                last: Annotated[date | None, Query(alias="to")] = None) -> m.MetricsOut:
        today = core.metrics.today().start.date()
        start, end = first or last or today, last or first or today
        if end >= start + timedelta(days=MAX_METRICS_DAYS):
            raise ValidationError("range", f"Ask for at most {MAX_METRICS_DAYS} days at once.")
        report = core.metrics.report(core.metrics.days(start, end))
        return metrics_view(report, start, end)


def _check_in(api: FastAPI, core: Core, once: Idempotent) -> None:
    @api.post("/visits", response_model=m.CheckedIn, status_code=201,
              summary="Check someone in (as the kiosk would)")
    def check_in(body: m.CheckIn, token: WriteToken,
                 key: IdempotencyKey = None) -> Response:
        def work() -> tuple[int, m.CheckedIn]:
            visit = core.visits.check_in(
                name=body.name, category=body.category, email=body.email,
                employee_id=body.employee_id, description=body.description, device=body.device,
                asset_tag=body.asset_tag, language=body.language, actor=token.actor)
            link = status_url(core.settings.status_link_template, visit.id,
                              visit.ticket_number, visit.status_token)
            return 201, m.CheckedIn(visit=_full(core, visit.id, token), status_url=link)

        return once.run(token, key, fingerprint("POST", "/visits", body), work)

    @api.post("/visits/call-next", response_model=m.VisitOut,
              summary="Call the head of the line, as a technician")
    def call_next(body: m.CallNext, token: WriteToken) -> m.VisitOut:
        tech = api_technician(core.visits, body.technician)
        categories = (tech.categories if body.categories is None
                      else [core.settings.known_category(c).id for c in body.categories])
        called = _as(core, token).call_next(tech.name, categories,
                                            counter=body.counter or tech.counter,
                                            several=body.several)
        return _full(core, called.id, token)


def _actions(api: FastAPI, core: Core) -> None:
    _service_actions(api, core)
    _ending_actions(api, core)


def _service_actions(api: FastAPI, core: Core) -> None:
    def act(visit_id: str, token: ApiToken, technician: str) -> tuple[ViaApi, str, str]:
        return _acting(core, visit_id, token, technician)

    @api.post("/visits/{visit_id}/call", response_model=m.VisitOut, summary="Call a visit")
    def call(visit_id: str, body: m.Call, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        counter = body.counter or api_technician(core.visits, who).counter
        return _full(core, service.call(vid, who, counter=counter, several=body.several).id, token)

    @api.post("/visits/{visit_id}/start", response_model=m.VisitOut, summary="Start the service")
    def start(visit_id: str, body: m.Acting, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        return _full(core, service.start(vid, who).id, token)

    @api.post("/visits/{visit_id}/park", response_model=m.VisitOut, summary="Put on hold")
    def park(visit_id: str, body: m.WithNote, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        return _full(core, service.park(vid, who, body.note).id, token)

    @api.post("/visits/{visit_id}/resume", response_model=m.VisitOut, summary="Resume a parked visit")
    def resume(visit_id: str, body: m.Acting, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        return _full(core, service.resume(vid, who).id, token)

    @api.post("/visits/{visit_id}/return", response_model=m.VisitOut,
              summary="Return to the line at the original place")
    def return_to_queue(visit_id: str, body: m.WithNote,
                        token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        return _full(core, service.return_to_queue(vid, who, body.note).id, token)



def _ending_actions(api: FastAPI, core: Core) -> None:
    def act(visit_id: str, token: ApiToken, technician: str) -> tuple[ViaApi, str, str]:
        return _acting(core, visit_id, token, technician)

    @api.post("/visits/{visit_id}/resolve", response_model=m.VisitOut, summary="Resolve")
    def resolve(visit_id: str, body: m.Resolve, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        done = service.resolve(vid, who, body.code, body.notes,
                               time_spent_minutes=body.time_spent_minutes)
        return _full(core, done.id, token)

    @api.post("/visits/{visit_id}/escalate", response_model=m.VisitOut,
              summary="Hand to a backend group")
    def escalate(visit_id: str, body: m.Escalate, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        done = service.escalate(vid, who, body.group, body.notes, code=body.code,
                                time_spent_minutes=body.time_spent_minutes)
        return _full(core, done.id, token)

    @api.post("/visits/{visit_id}/no-show", response_model=m.VisitOut,
              summary="Mark a called visitor who did not come")
    def no_show(visit_id: str, body: m.Acting, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        return _full(core, service.no_show(vid, who).id, token)

    @api.post("/visits/{visit_id}/cancel", response_model=m.VisitOut, summary="Cancel a visit")
    def cancel(visit_id: str, body: m.Cancel, token: WriteToken) -> m.VisitOut:
        service, vid, who = act(visit_id, token, body.technician)
        return _full(core, service.cancel(vid, who, body.reason).id, token)


def _notices(api: FastAPI, core: Core, once: Idempotent) -> None:
    @api.get("/notices", response_model=list[m.NoticeOut], summary="Notices in force now")
    def notices(_token: ReadToken) -> list[m.NoticeOut]:
        return [notice_view(n) for n in core.notices.active()]

    @api.post("/notices", response_model=m.NoticeOut, status_code=201, summary="Post a notice")
    def post_notice(body: m.NoticeIn, token: WriteToken,
                    key: IdempotencyKey = None) -> Response:
        def work() -> tuple[int, m.NoticeOut]:
            posted = core.notices.post(
                title=body.title, message=body.message, severity=body.severity,
                categories=tuple(body.categories), ends_at=body.ends_at, actor=token.actor,
                translations={k: NoticeText(v.title, v.message)
                              for k, v in body.translations.items()})
            return 201, notice_view(posted)

        return once.run(token, key, fingerprint("POST", "/notices", body), work)

    @api.post("/notices/{notice_id}/end", response_model=m.NoticeOut, summary="End a notice now")
    def end_notice(notice_id: int, _token: WriteToken) -> m.NoticeOut:
        if not 0 < notice_id < 2**31:
            raise NotFound(f"No notice {notice_id}.")
        return notice_view(core.notices.end(notice_id))


def _acting(core: Core, visit_id: str, token: ApiToken,
            technician: str) -> tuple[ViaApi, str, str]:
    """The service acting for the token, the visit's id and the technician's name."""
    vid = _visit_id(visit_id)
    return _as(core, token), vid, api_technician(core.visits, technician).name


def _as(core: Core, token: ApiToken) -> ViaApi:
    return ViaApi(core.visits, token.actor)


def _visit_id(text: str) -> str:
    """A visit id as stored (a UUID); anything else is no visit (never sent to SQL)."""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise NotFound(f"No visit with id {text[:64]}.") from None


def _full(core: Core, visit_id: str, token: ApiToken) -> m.VisitOut:
    """The visit with its timeline, and its place and expected wait while waiting."""
    visit: Visit = core.visits.get(visit_id)
    if visit.state is not VisitState.WAITING:
        return visit_view(visit, personal=token.may_write)
    return visit_view(visit, personal=token.may_write, position=core.visits.position(visit_id),
                      estimate=core.visits.estimate_wait(visit_id))
