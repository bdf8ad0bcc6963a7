"""Incident notices and the three-faces survey."""

from datetime import timedelta

import pytest

from kiosk.app.feedback import FeedbackService
from kiosk.app.notices import NoticeService
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import NotFound, ValidationError
from kiosk.store import Database


@pytest.fixture
def notices(db: Database, settings: Settings, clock: ManualClock) -> NoticeService:
    return NoticeService(db, settings, clock)


@pytest.fixture
def feedback(db: Database, settings: Settings, clock: ManualClock) -> FeedbackService:
    return FeedbackService(db, settings, clock)


def test_notices_apply_to_their_categories_and_window(notices: NoticeService,
                                                      clock: ManualClock) -> None:
    wifi = notices.post(title="Wi-Fi is down in building B", message="We are on it.",
                        severity="warning", categories=("laptop", "mobile"),
                        ends_at=clock.now() + timedelta(hours=2))
    later = notices.post(title="Printer maintenance", starts_at=clock.now() + timedelta(hours=1))
    everyone = notices.post(title="Short-staffed today", severity="info")
    assert [n.id for n in notices.active("laptop")] == [wifi.id, everyone.id]
    assert [n.id for n in notices.active("account")] == [everyone.id]
    clock.advance(timedelta(hours=3))
    assert {n.id for n in notices.active()} == {later.id, everyone.id}
    notices.end(everyone.id)
    assert [n.id for n in notices.active()] == [later.id]
    assert len(notices.history()) == 3


def test_notice_edit_and_bad_input(notices: NoticeService, clock: ManualClock) -> None:
    notice = notices.post(title="VPN slow")
    edited = notices.edit(notice.id, title="VPN slow for everyone", message="Use the office LAN",
                          severity="critical", categories=(), starts_at=notice.starts_at,
                          ends_at=None)
    assert (edited.title, edited.severity) == ("VPN slow for everyone", "critical")
    with pytest.raises(ValidationError, match="needs a title"):
        notices.post(title="  ")
    with pytest.raises(ValidationError, match="Unknown category 'teleport'. Choose one of: laptop, "):
        notices.post(title="x", categories=("teleport",))
    with pytest.raises(ValidationError, match="Severity must be one of"):
        notices.post(title="x", severity="apocalyptic")
    with pytest.raises(ValidationError, match="end after it starts"):
        notices.post(title="x", ends_at=clock.now())
    with pytest.raises(NotFound):
        notices.end(999)


def _resolved(service: VisitService, name: str = "Ana", employee_id: str = "E1") -> str:
    visit = service.check_in(name=name, category="laptop", employee_id=employee_id)
    service.call(visit.id, "Dana")
    service.start(visit.id, "Dana")
    service.resolve(visit.id, "Dana", "fixed")
    return visit.ticket_number


def test_feedback_by_ticket_or_badge_once(feedback: FeedbackService,
                                          service: VisitService) -> None:
    ticket = _resolved(service)
    target = feedback.find(ticket_number=ticket.lower())
    assert target.ticket_number == ticket
    assert feedback.find(employee_id="E1").visit_id == target.visit_id
    feedback.rate(target.visit_id, 3, "Quick and friendly")
    assert feedback.score(target.visit_id) == 3
    with pytest.raises(ValidationError, match="already been rated"):
        feedback.rate(target.visit_id, 1)
    with pytest.raises(NotFound, match="no finished visit to rate"):
        feedback.find(ticket_number=ticket)


def test_feedback_bad_input(feedback: FeedbackService, service: VisitService) -> None:
    waiting = service.check_in(name="Bo", category="laptop")
    with pytest.raises(ValidationError, match="not been completed"):
        feedback.rate(waiting.id, 2)
    with pytest.raises(ValidationError, match="three faces"):
        feedback.rate(waiting.id, 5)
    with pytest.raises(ValidationError, match="Type your ticket number"):
        feedback.find()
    with pytest.raises(NotFound):
        feedback.find(ticket_number="Z-999")
