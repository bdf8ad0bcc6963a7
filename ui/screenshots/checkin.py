"""Screenshots of the kiosk's flows: badge, returning visitor, notice, appointment, ticket
with QR code and estimate, feedback faces and thanks, per language and theme.

The flows write (check-ins, answers), so they run on a scratch SQLite database with a
small sample directory, never on the database the caller passes: only its settings
are used.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app.appointments import AppointmentService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.app.directory import DirectoryService, Person
from kiosk.app.notices import NoticeService
from kiosk.app.visits import VisitService
from kiosk.store import Database
from ui.screenshots.camera import Camera
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.i18n import LANGUAGE_NAMES
from ui.checkin.work import KioskServices
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme

BADGE = "04A1B2C3"
_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
_QUIET_S = 3600.0
_SIZE = (1280, 800)
SAMPLE_STATUS_URL = "https://techbar.example.com/visit/{visit_id}"


def render_kiosk_flow_screenshots(service: VisitService, settings: Settings, out: Path, *,
                                  languages: Sequence[str] = tuple(LANGUAGE_NAMES),
                                  themes: Sequence[str] = tuple(THEMES)) -> list[Path]:
    """Write ``kiosk-flow-<screen>-<language>-<theme>.png`` for the flows' pages.

    ``service`` is only read for its settings (the flows run on a scratch database).
    Creates an offscreen QApplication when none exists yet.

    Returns:
        The files written.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["techbar-screenshots", "-platform", "offscreen"])
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="techbar-shots-") as scratch:
        db = Database(f"sqlite:///{Path(scratch) / 'flows.db'}")
        runner = TaskRunner()
        try:
            db.migrate()
            sample, code = _sample_service(db, settings or service.settings)
            for theme in themes:
                apply_theme(app, theme)
                for language in languages:
                    written += _flows(sample, runner, out, f"{language}-{theme}", language,
                                      code)
        finally:
            runner.shutdown()
            db.dispose()
            apply_theme(app, "light")
    return written


def _sample_service(db: Database, settings: Settings) -> tuple[VisitService, str]:
    """A small, realistic morning: a directory, a past visit, a queue and a notice."""
    clock = ManualClock(_NOW - timedelta(days=1))
    visits = VisitService(db, settings, clock)
    DirectoryService(db, clock, settings.site_id).import_people([
        Person("E1001", "Ana García", "ana.garcia@example.com", BADGE, "Finance"),
        Person("E1002", "Jonas Müller", "jonas.mueller@example.com", "04A1D1B2", "Sales")])
    first = settings.categories[0].id
    past = visits.check_in(name="Ana García", email="ana.garcia@example.com",
                           employee_id="E1001", category=first, device="ThinkPad X1 Carbon",
                           asset_tag="TB-20931")
    visits.call(past.id, "Dana")
    visits.start(past.id, "Dana")
    clock.advance(timedelta(minutes=20))
    visits.resolve(past.id, "Dana", "fixed")
    clock.set(_NOW - timedelta(minutes=30))
    for index, name in enumerate(("Sam Lee", "Priya Natarajan", "Tom O'Brien")):
        visits.check_in(name=name, category=settings.categories[index % 2].id)
    NoticeService(db, settings, clock).post(
        title="Wi-Fi is down in building B",
        message="The network team is on it; we expect it back by 11:00. No need to queue "
                "for Wi-Fi trouble in building B.",
        severity="warning", categories=(first,))
    booked = AppointmentService(visits, clock).book(
        name="Jonas Müller", category=first, scheduled_at=_NOW + timedelta(hours=2),
        employee_id="E1002")
    clock.set(_NOW)
    return visits, booked.code


def _finished_visit(service: VisitService) -> None:
    """A visit of the badge holder that just ended, to rate."""
    visit = service.check_in(name="Ana García", employee_id="E1001",
                             category=service.settings.categories[1].id,
                             device="ThinkPad X1 Carbon", asset_tag="TB-20931")
    service.call(visit.id, "Dana")
    service.start(visit.id, "Dana")
    service.resolve(visit.id, "Dana", "fixed")


def _flows(service: VisitService, runner: TaskRunner, out: Path, suffix: str,
           language: str, code: str) -> list[Path]:
    options = replace(KioskOptions.from_settings(
        service.settings, default_language=language, touch_keyboard="off",
        confirmation_seconds=_QUIET_S, idle_seconds=_QUIET_S),
        status_url_template=service.settings.kiosk.status_url_template or SAMPLE_STATUS_URL)
    view = CheckInView(service, runner, options=options,
                       services=KioskServices.from_visits(service))
    view.setFixedSize(*_SIZE)  # a full-screen kiosk cannot grow
    view.show()
    shots = _Shots(out, runner, suffix)
    try:
        _finished_visit(service)
        _walk(view, service, shots, code)
    finally:
        view.close()
        view.deleteLater()
        QCoreApplication.processEvents()
    return shots.written


def _walk(view: CheckInView, service: VisitService, shots: _Shots, code: str) -> None:
    first = service.settings.categories[0].id
    shots.take(view, "welcome")
    view.on_scanned(BADGE)
    shots.take(view, "returning")
    view.on_category_chosen(first)
    shots.take(view, "notice")
    view.notice.still_button.click()
    view.description_edit.setPlainText("The laptop will not join the Wi-Fi since the update.")
    shots.take(view, "same-device")
    view.on_submit_clicked()
    view.runner.wait_idle()
    assert view.page is Page.CONFIRMATION, "the sample check-in failed"
    shots.take(view, "confirmation")
    view.reset()
    view.welcome.appointment_button.click()
    view.appointment.code_edit.setText(code)
    view.on_appointment_submitted(code)
    shots.take(view, "appointment")
    view.reset()
    view.welcome.feedback_button.click()
    shots.take(view, "feedback")
    view.find_feedback(BADGE, scanned=True)
    view.runner.wait_idle()
    view.rate.faces[3].click()
    view.rate.comment_edit.setText("Quick and friendly, thank you!")
    shots.take(view, "feedback-faces")
    view.rate.on_send()
    shots.take(view, "thanks")
    view.reset()


class _Shots(Camera):
    """Names each picture ``kiosk-flow-<page>-<language>-<theme>.png``."""

    def __init__(self, out: Path, runner: TaskRunner, suffix: str) -> None:
        super().__init__(out, runner)
        self.suffix = suffix

    def take(self, widget: QWidget, name: str) -> None:
        super().take(widget, f"kiosk-flow-{name}-{self.suffix}")
