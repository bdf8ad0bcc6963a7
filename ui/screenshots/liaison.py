"""Screenshots of the liaison view's tabs and of the display board, in both themes.

Read-only: they show whatever the database holds (the demo data, usually). The
lead's ``ui/screenshots.py`` calls :func:`render_liaison_screenshots` and
:func:`render_display_screenshots`; each makes an offscreen QApplication if needed.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Settings
from kiosk.app.floor import FloorService
from kiosk.app.visits import VisitService
from ui.screenshots.camera import Camera as _Camera
from ui.screenshots.camera import offscreen_app
from ui.board.view import DisplayBoard
from ui.liaison.view import TABS, LiaisonView
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme

QUIET_MS = 3_600_000
LIAISON_SIZE = (1440, 900)
BOARD_SIZE = (1920, 1080)


def render_liaison_screenshots(service: VisitService, settings: Settings,
                               out: Path) -> list[Path]:
    """``liaison-<tab>-<theme>.png`` for every tab, plus the check-in form with matches."""
    app = offscreen_app(settings)
    runner = TaskRunner()
    camera = _Camera(out, runner)
    try:
        for theme in THEMES:
            apply_theme(app, theme)
            _liaison_in(service, runner, camera, theme)
        return camera.written
    finally:
        apply_theme(app, "light")
        runner.shutdown()


def _liaison_in(service: VisitService, runner: TaskRunner, camera: _Camera, theme: str) -> None:
    view = LiaisonView(service, runner, poll_ms=QUIET_MS)
    view.resize(*LIAISON_SIZE)
    view.show()
    try:
        camera.settle()
        waiting = [row for row in range(view.model.rowCount())
                   if view.model.visit_at(row).state.value == "waiting"]
        if waiting:
            view.table.selectRow(waiting[0])
        camera.take(view, f"liaison-floor-{theme}")
        if theme == "light":
            form = view.checkin_form
            form.name_edit.setText("an")
            form.search_now()
            camera.settle()
            form.category_combo.setCurrentIndex(1)
            form.description_edit.setPlainText("Locked out after the password change")
            camera.take(view, "liaison-floor-checkin-light")
            form.clear_form()
        for tab in TABS[1:]:
            view.tabs.setCurrentIndex(TABS.index(tab))
            camera.settle()
            camera.take(view, f"liaison-{tab}-{theme}")
    finally:
        view.close()
        view.deleteLater()


def render_display_screenshots(service: VisitService, settings: Settings,
                               out: Path) -> list[Path]:
    """``display-<theme>.png`` (ticket numbers only) and ``display-names-light.png``."""
    app = offscreen_app(settings)
    runner = TaskRunner()
    camera = _Camera(out, runner)
    floor = FloorService(service)
    try:
        for theme in THEMES:
            apply_theme(app, theme)
            _board(floor, runner, camera, f"display-{theme}", show_names=False)
        apply_theme(app, "light")
        _board(floor, runner, camera, "display-names-light", show_names=True)
        return camera.written
    finally:
        apply_theme(app, "light")
        runner.shutdown()


def _board(floor: FloorService, runner: TaskRunner, camera: _Camera, name: str, *,
           show_names: bool) -> None:
    board = DisplayBoard(floor, runner, show_names=show_names, chime=False, poll_ms=QUIET_MS)
    board.resize(*BOARD_SIZE)
    board.show()
    try:
        camera.settle()
        camera.take(board, name)
    finally:
        board.close()
        board.deleteLater()
