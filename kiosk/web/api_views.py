"""The core's snapshots as the API's models (what a read-scoped token may not see left out)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from kiosk.app.floor import FloorSnapshot
from kiosk.app.metrics import Metrics, MetricsReport
from kiosk.app.notices import Notice
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.forecast import Forecast
from kiosk.domain.visit import Visit, VisitEvent, VisitState
from kiosk.web import api_models as m


def wait_view(estimate: WaitEstimate | None) -> m.Wait | None:
    if estimate is None:
        return None
    return m.Wait(minutes=_minutes(estimate.expected), low_minutes=_minutes(estimate.low),
                  high_minutes=_minutes(estimate.high), people_ahead=max(0, estimate.people_ahead),
                  coarse=estimate.coarse)


def _minutes(value: timedelta) -> int:
    try:
        return max(0, int(value.total_seconds() // 60))
    except (OverflowError, ValueError):  # nobody can take the category: no finite wait
        return 0


def visit_view(visit: Visit, *, personal: bool, position: int = 0,
               estimate: WaitEstimate | None = None) -> m.VisitOut:
    """A visit; ``personal`` (write-scoped tokens) adds the person and what they said."""
    return m.VisitOut(
        id=visit.id, ticket_number=visit.ticket_number, state=visit.state.value,
        category=visit.category, priority=visit.priority, checked_in_at=visit.checked_in_at,
        called_at=visit.called_at, started_at=visit.started_at, ended_at=visit.ended_at,
        technician=visit.technician, counter=visit.counter,
        resolution_code=visit.resolution_code, escalation_group=visit.escalation_group,
        language=visit.language, position=position,
        expected=wait_view(estimate) if visit.state is VisitState.WAITING else None,
        person=m.Person(name=visit.requester.name, email=visit.requester.email,
                        employee_id=visit.requester.employee_id) if personal else None,
        description=visit.description if personal else None,
        device=visit.device if personal else None,
        asset_tag=visit.asset_tag if personal else None,
        events=[_event(e, personal) for e in visit.events])


def _event(event: VisitEvent, personal: bool) -> m.Event:
    return m.Event(action=event.action, from_state=event.from_state, to_state=event.to_state,
                   at=event.at, actor=event.actor, note=event.note if personal else None)


def queue_view(active: list[Visit], forecast: Forecast, now: datetime, *,
               personal: bool) -> m.Queue:
    waiting = [v for v in active if v.state is VisitState.WAITING]
    return m.Queue(at=now, waiting=[
        m.InLine(id=v.id, ticket_number=v.ticket_number, category=v.category,
                 priority=v.priority, position=i, checked_in_at=v.checked_in_at,
                 waited_seconds=int(v.wait(now).total_seconds()), technician=v.technician,
                 expected=wait_view(forecast.of(v.id)),
                 name=v.requester.name if personal else None)
        for i, v in enumerate(waiting, start=1)],
        newcomer_waits=_newcomers(forecast.newcomers))


def _newcomers(newcomers: Mapping[str, WaitEstimate]) -> dict[str, m.Wait]:
    return {category: view for category, estimate in newcomers.items()
            if (view := wait_view(estimate)) is not None}


def floor_view(snapshot: FloorSnapshot) -> m.Floor:
    return m.Floor(
        at=snapshot.at, waiting=snapshot.waiting, called=snapshot.called,
        in_service=snapshot.in_service, parked=snapshot.parked,
        longest_wait_seconds=int(snapshot.longest_wait.total_seconds()),
        longest_wait_ticket=snapshot.longest_wait_ticket, sla_alerts=len(snapshot.alerts),
        technicians=[m.AtDesk(name=t.name, status=t.status, counter=t.counter,
                              ticket_number=t.ticket_number, visit_state=t.visit_state)
                     for t in snapshot.technicians],
        broadcast=snapshot.broadcast.message if snapshot.broadcast else None)


def notice_view(notice: Notice) -> m.NoticeOut:
    severity = notice.severity if notice.severity in ("info", "warning", "critical") else "info"
    return m.NoticeOut(
        id=notice.id, title=notice.title, message=notice.message,
        severity=severity,  # type: ignore[arg-type]
        categories=list(notice.categories), starts_at=notice.starts_at, ends_at=notice.ends_at,
        created_by=notice.created_by,
        translations={lang: m.NoticeText(title=t.title, message=t.message)
                      for lang, t in notice.translations})


def metrics_view(report: MetricsReport, first: date, last: date) -> m.MetricsOut:
    return m.MetricsOut(first_day=first, last_day=last, total=_figures(report.total),
                        by_category=[_figures(x) for x in report.by_category],
                        by_hour=[_figures(x) for x in report.by_hour],
                        by_technician=[_figures(x) for x in report.by_technician])


def _figures(x: Metrics) -> m.Figures:
    return m.Figures(
        key=x.key, visits=x.visits, called=x.called, avg_wait_seconds=m.seconds(x.avg_wait),
        p90_wait_seconds=m.seconds(x.p90_wait), handled=x.handled,
        avg_handling_seconds=m.seconds(x.avg_handling),
        p90_handling_seconds=m.seconds(x.p90_handling), wait_sla=x.wait_sla,
        resolution_sla=x.resolution_sla, surveys=x.surveys, happy_share=x.happy_share,
        avg_score=x.avg_score, first_visit_resolution=x.first_visit_resolution,
        no_show=x.no_show, cancelled=x.cancelled, abandonment=x.abandonment)
