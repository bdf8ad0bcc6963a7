"""Incident notices and the three-faces survey."""

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import text

from kiosk.app.feedback import FeedbackService
from kiosk.app.notices import NoticeService, NoticeText
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


def test_notice_in_the_visitors_language_falls_back_to_the_default(
        notices: NoticeService) -> None:
    posted = notices.post(
        title="Wi-Fi is down in building B", message="We are on it.",
        translations={"es": NoticeText("Sin Wi-Fi en el edificio B", "Ya lo estamos arreglando."),
                      "de": NoticeText("WLAN in Gebäude B gestört")})
    (notice,) = notices.active()
    assert notice == posted
    assert (notice.title_for("es"), notice.message_for("es")) == (
        "Sin Wi-Fi en el edificio B", "Ya lo estamos arreglando.")
    assert (notice.title_for("de"), notice.message_for("de")) == (
        "WLAN in Gebäude B gestört", "We are on it."), "no German message: the default one"
    assert (notice.title_for("en"), notice.message_for("en")) == (
        "Wi-Fi is down in building B", "We are on it.")
    assert notice.title_for("fr") == "Wi-Fi is down in building B"


def test_notice_translations_are_cleaned_kept_and_replaced(notices: NoticeService) -> None:
    notice = notices.post(title="VPN slow", translations={
        "es": NoticeText("  VPN   lenta\n", ""), "de": NoticeText(" ", "\n")})
    assert notice.translations == (("es", NoticeText("VPN lenta", "")),), "empty ones dropped"
    kept = notices.edit(notice.id, title="VPN slow for everyone", message="", severity="info",
                        categories=(), starts_at=notice.starts_at, ends_at=None)
    assert kept.title_for("es") == "VPN lenta", "no translations given: they stay"
    replaced = notices.edit(notice.id, title="VPN slow", message="", severity="info",
                            categories=(), starts_at=notice.starts_at, ends_at=None,
                            translations={"de": NoticeText("VPN langsam")})
    assert replaced.translations == (("de", NoticeText("VPN langsam")),)
    assert notices.history()[0].title_for("es") == "VPN slow"


def test_notice_translation_bad_input(notices: NoticeService) -> None:
    with pytest.raises(ValidationError, match="translated into es, de, not 'fr'"):
        notices.post(title="x", translations={"fr": NoticeText("Wi-Fi en panne")})
    with pytest.raises(ValidationError, match="not 'en'"):
        notices.post(title="x", translations={"en": NoticeText("the default language")})
    with pytest.raises(ValidationError, match="^es: The title is 121 characters") as error:
        notices.post(title="x", translations={"es": NoticeText("y" * 121)})
    assert error.value.field == "title_es"
    assert notices.history() == []


def test_notices_posted_before_the_migration_have_no_translations(
        db: Database, notices: NoticeService) -> None:
    config = db.alembic_config()
    command.downgrade(config, "0003")
    try:
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO notices (site, title, message, severity, categories, starts_at, "
                "created_by, created_at, version) VALUES (:site, 'Printers offline', '', "
                "'info', '', :at, 'desk', :at, 1)"),
                {"site": notices.settings.site_id, "at": notices.clock.now()})
    finally:
        command.upgrade(config, "head")
    (notice,) = notices.history()
    assert (notice.translations, notice.title_for("de")) == ((), "Printers offline")


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
