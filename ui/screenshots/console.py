"""Screenshots of the technician console in each state, for docs and review.

Reads the database only: technicians are shown signed in without a PIN check (no
status is written) and the visits shown are the ones already in the database (the
demo data has one in every state).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.app.technicians import Technician, TechnicianStatus
from kiosk.bootstrap import Core
from kiosk.domain.visit import Visit, VisitState
from kiosk.errors import DatabaseOffline
from ui.common.dialogs import RESOLUTION_CODES, ResolveDialog
from ui.common.theme import apply_theme
from ui.console.feedback import FeedbackPage
from ui.console.view import ConsoleView, not_sent
from ui.screenshots.camera import Camera as _Shots
from ui.screenshots.camera import quiet_process

SIZE = (1360, 820)
_SAMPLE_NOTES = ("Reseated the RAM and updated the BIOS; the laptop now wakes from sleep. "
                 "Asked the visitor to keep the lid open during the next update.")


def render_console_screenshots(core: Core, out: Path) -> list[Path]:
    """Write ``console-<state>.png``: sign-in, idle, called, in service, parked, resolve, feedback.

    A state missing from the database is left out. Creates an offscreen
    QApplication (light theme) when none exists yet.

    Returns:
        The files written, in the order above.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["techbar-screenshots", "-platform", "offscreen"])
        apply_theme(app)
    out.mkdir(parents=True, exist_ok=True)
    with quiet_process(core) as (runner, feed):
        shots = _Shots(out, runner)
        view = ConsoleView(core, runner, feed)
        view.resize(*SIZE)
        view.show()
        try:
            shots.settle()
            view.forecasts.run_now()  # the expected calls, as a second later
            _sign_in_screen(view, shots)
            _visit_screens(view, shots, shots.call(core.technicians.list))
            return shots.written
        finally:
            view.close()
            view.deleteLater()


def _sign_in_screen(view: ConsoleView, shots: _Shots) -> None:
    shots.settle()
    page = view.sign_in_page
    if page.name_buttons:
        page.choose(next(iter(page.name_buttons)))
        for digit in "12":
            page.press_key(digit)
    shots.take(view, "console-sign-in")


def _visit_screens(view: ConsoleView, shots: _Shots, people: list[Technician]) -> None:
    queue = view.queue
    visits = queue.model.visits()
    serving = _first(visits, VisitState.IN_SERVICE)
    view.sign_in_as(_technician(people, serving.technician if serving else ""))
    view.message.clear_message()
    shots.take(view, "console-idle")
    for state, name in ((VisitState.CALLED, "console-called"),
                        (VisitState.IN_SERVICE, "console-in-service"),
                        (VisitState.PARKED, "console-parked")):
        visit = _first(visits, state)
        if visit is None:
            continue
        view.sign_in_as(_technician(people, visit.technician))
        view.message.clear_message()
        row = queue.proxy.mapFromSource(queue.model.index(queue.model.row_of(visit.id) or 0, 0))
        queue.table.selectRow(row.row())
        shots.take(view, name)
    if serving is not None:
        _resolve_dialog(view, shots, serving)
        _offline_screen(view, shots, serving)
    _feedback_page(view, shots, serving or (visits[0] if visits else None))


def _resolve_dialog(view: ConsoleView, shots: _Shots, visit: Visit) -> None:
    dialog = ResolveDialog(visit, view)
    dialog.code_combo.setCurrentIndex(dialog.code_combo.findData(RESOLUTION_CODES[0][0]))
    dialog.notes_edit.setPlainText(_SAMPLE_NOTES)
    dialog.minutes_spin.setValue(18)
    dialog.resize(620, 560)
    dialog.show()
    try:
        shots.take(dialog, "console-resolve-dialog")
    finally:
        dialog.close()
        dialog.deleteLater()


def _offline_screen(view: ConsoleView, shots: _Shots, visit: Visit) -> None:
    """The database away: the banner over the console, and a resolution kept in its dialog."""
    view.offline_banner.on_offline()
    view.on_task_failed(DatabaseOffline("connection lost"))
    dialog = ResolveDialog(visit, view)
    dialog.code_combo.setCurrentIndex(dialog.code_combo.findData(RESOLUTION_CODES[0][0]))
    dialog.notes_edit.setPlainText(_SAMPLE_NOTES)
    dialog.minutes_spin.setValue(18)
    dialog.error.show_error(not_sent(DatabaseOffline("connection lost")))
    dialog.resize(620, 600)
    try:
        shots.take(view, "console-offline")
        dialog.show()
        shots.take(dialog, "console-offline-dialog")
    finally:
        dialog.close()
        dialog.deleteLater()
        view.offline_banner.hide()
        view.message.clear_message()


def _feedback_page(view: ConsoleView, shots: _Shots, visit: Visit | None) -> None:
    if visit is None:
        return
    page = FeedbackPage(view.core.feedback, view.runner, visit.id, visit.ticket_number, view)
    page.resize(*SIZE)
    page.show()
    try:
        shots.take(page, "console-feedback")
    finally:
        page.close_timer.stop()
        page.close()


def _technician(people: list[Technician], name: str) -> Technician:
    found = next((t for t in people if t.name == name), None)
    if found is not None:
        return replace(found, status=TechnicianStatus.AVAILABLE)
    # A visit served under a name with no technician record: show it signed in anyway.
    return Technician(id="", name=name or "Dana", skills=(), status=TechnicianStatus.AVAILABLE,
                      status_at=datetime.now(UTC))


def _first(visits: tuple[Visit, ...], state: VisitState) -> Visit | None:
    return next((v for v in visits if v.state is state), None)
