"""Screenshots of the kiosk's flows: badge, returning visitor, notice, appointment, ticket
with QR code and estimate, feedback faces and thanks, per language and theme.

The flows write (check-ins, answers), so they run on a scratch core (a temporary SQLite
database) with a small sample directory, never on the caller's core: only its settings
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

from kiosk.app.directory import Person
from kiosk.bootstrap import Core, build_core
from kiosk.clock import ManualClock
from ui.checkin.options import KioskOptions, Page
from ui.checkin.view import CheckInView
from ui.common.i18n import LANGUAGE_NAMES
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme
from ui.screenshots.camera import Camera

BADGE = "04A1B2C3"
_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
_QUIET_S = 3600.0
_SIZE = (1280, 800)


def render_kiosk_flow_screenshots(core: Core, out: Path, *,
                                  languages: Sequence[str] = tuple(LANGUAGE_NAMES),
                                  themes: Sequence[str] = tuple(THEMES)) -> list[Path]:
    """Write ``kiosk-flow-<screen>-<language>-<theme>.png`` for the flows' pages.

    ``core`` is only read for its settings: the flows run on a scratch core of their
    own (a temporary SQLite database). Creates an offscreen QApplication when none
    exists yet.

    Returns:
        The files written.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["techbar-screenshots", "-platform", "offscreen"])
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="techbar-shots-") as scratch:
        clock = ManualClock(_NOW - timedelta(days=1))
        sample = build_core(database_url=f"sqlite:///{Path(scratch) / 'flows.db'}",
                            settings=core.settings, clock=clock)
        runner = TaskRunner()
        try:
            sample.migrate()
            code = _sample_morning(sample, clock)
            for theme in themes:
                apply_theme(app, theme)
                for language in languages:
                    written += _flows(sample, runner, out, f"{language}-{theme}", language,
                                      code)
        finally:
            runner.shutdown()
            sample.close()
            apply_theme(app, "light")
    return written


def _sample_morning(core: Core, clock: ManualClock) -> str:
    """A small, realistic morning: a directory, a past visit, a queue, a notice and an
    appointment (its code is returned); ``clock`` is the core's."""
    visits, settings = core.visits, core.settings
    core.directory.import_people([
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
    core.notices.post(
        title="Wi-Fi is down in building B",
        message="The network team is on it; we expect it back by 11:00. No need to queue "
                "for Wi-Fi trouble in building B.",
        severity="warning", categories=(first,))
    booked = core.appointments.book(
        name="Jonas Müller", category=first, scheduled_at=_NOW + timedelta(hours=2),
        employee_id="E1002")
    clock.set(_NOW)
    return booked.code


def _finished_visit(core: Core) -> None:
    """A visit of the badge holder that just ended, to rate (the walk of the language
    before left her in line: one active visit per person, so that one ends first)."""
    visits = core.visits
    for earlier in visits.active_visits():
        if earlier.requester.employee_id == "E1001":
            visits.cancel(earlier.id, "kiosk")
    visit = visits.check_in(name="Ana García", employee_id="E1001",
                            category=core.settings.categories[1].id,
                            device="ThinkPad X1 Carbon", asset_tag="TB-20931")
    visits.call(visit.id, "Dana")
    visits.start(visit.id, "Dana")
    visits.resolve(visit.id, "Dana", "fixed")


def _flows(core: Core, runner: TaskRunner, out: Path, suffix: str, language: str,
           code: str) -> list[Path]:
    settings = core.settings
    options = replace(KioskOptions.from_settings(
        settings, default_language=language, touch_keyboard="off",
        confirmation_seconds=_QUIET_S, idle_seconds=_QUIET_S),
        status_url_template=settings.status_link_template)  # as the kiosk shows it
    view = CheckInView(core, runner, options=options)
    view.setFixedSize(*_SIZE)  # a full-screen kiosk cannot grow
    view.show()
    shots = _Shots(out, runner, suffix)
    try:
        _finished_visit(core)
        _walk(view, shots, code)
    finally:
        view.close()
        view.deleteLater()
        QCoreApplication.processEvents()
    return shots.written


def _walk(view: CheckInView, shots: _Shots, code: str) -> None:
    pages = view.pages
    shots.take(view, "welcome")
    view.on_scanned(BADGE)
    shots.take(view, "returning")
    view.walk_in_flow.choose(view.settings.categories[0].id)
    shots.take(view, "notice")
    pages.notice.still_button.click()
    pages.details.description_edit.setPlainText(
        "The laptop will not join the Wi-Fi since the update.")
    shots.take(view, "same-device")
    _offline(view, shots)
    view.walk_in_flow.submit()
    view.runner.wait_idle()
    assert view.page is Page.CONFIRMATION, "the sample check-in failed"
    shots.take(view, "confirmation")
    view.reset()
    pages.welcome.appointment_button.click()
    pages.appointment.code_edit.setText(code)
    view.appointment_flow.submit(code)
    shots.take(view, "appointment")
    view.reset()
    pages.welcome.feedback_button.click()
    shots.take(view, "feedback")
    view.feedback_flow.find(BADGE, scanned=True)
    view.runner.wait_idle()
    pages.rate.faces[3].click()
    pages.rate.comment_edit.setText("Quick and friendly, thank you!")
    shots.take(view, "feedback-faces")
    pages.rate.on_send()
    shots.take(view, "thanks")
    view.reset()


def _offline(view: CheckInView, shots: _Shots) -> None:
    """The database away: the banner, and what the details page says instead of a ticket."""
    view.offline_banner.on_offline()
    view.pages.details.show_message(view.messages.offline)
    try:
        shots.take(view, "offline")
    finally:
        view.offline_banner.hide()
        view.pages.details.clear_message()


class _Shots(Camera):
    """Names each picture ``kiosk-flow-<page>-<language>-<theme>.png``."""

    def __init__(self, out: Path, runner: TaskRunner, suffix: str) -> None:
        super().__init__(out, runner)
        self.suffix = suffix

    def take(self, widget: QWidget, name: str) -> None:
        super().take(widget, f"kiosk-flow-{name}-{self.suffix}")
