"""Screenshots of the liaison view's tabs and of the display board, in both themes.

Read-only: they show whatever the database holds (the demo data, usually).
:mod:`ui.screenshots.render` calls :func:`render_liaison_screenshots` and
:func:`render_display_screenshots`; each makes an offscreen QApplication if needed, and
its own task runner and floor feed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.bootstrap import Core
from ui.app import SIZES
from ui.board.view import DisplayBoard
from ui.common.feed import FloorFeed
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme
from ui.liaison.view import TABS, LiaisonView
from ui.screenshots.camera import Camera as _Camera
from ui.screenshots.camera import offscreen_app, quiet_process

_Shoot = Callable[[QApplication, TaskRunner, FloorFeed, _Camera], None]
LIAISON_SIZE = SIZES["liaison"]  # the size it opens at, not a flattering one
BOARD_SIZE = (1920, 1080)


def render_liaison_screenshots(core: Core, out: Path) -> list[Path]:
    """``liaison-<tab>-<theme>.png`` for every tab, plus the check-in form with matches."""

    def shoot(app: QApplication, runner: TaskRunner, feed: FloorFeed, camera: _Camera) -> None:
        for theme in THEMES:
            apply_theme(app, theme)
            _liaison_in(core, runner, feed, camera, theme)

    return _render(core, out, shoot)


def _render(core: Core, out: Path, shoot: _Shoot) -> list[Path]:
    """Run ``shoot`` with this rendering's runner, feed and camera; the light theme after."""
    app = offscreen_app(core.settings)
    with quiet_process(core) as (runner, feed):
        camera = _Camera(out, runner)
        try:
            shoot(app, runner, feed, camera)
            return camera.written
        finally:
            apply_theme(app, "light")


def _liaison_in(core: Core, runner: TaskRunner, feed: FloorFeed, camera: _Camera,
                theme: str) -> None:
    view = LiaisonView(core, runner, feed)
    view.resize(*LIAISON_SIZE)
    view.show()
    try:
        camera.settle()
        view.forecasts.run_now()  # the expected calls, as a second later
        _floor_tab(view, camera, theme)
        for tab in TABS[1:]:
            view.tabs.setCurrentIndex(TABS.index(tab))
            camera.settle()
            camera.take(view, f"liaison-{tab}-{theme}")
    finally:
        view.close()
        view.deleteLater()


def _floor_tab(view: LiaisonView, camera: _Camera, theme: str) -> None:
    tab = view.floor_tab
    waiting = [row for row in range(tab.model.rowCount())
               if tab.model.visit_at(row).state.value == "waiting"]
    if waiting:
        tab.table.selectRow(waiting[0])
    camera.take(view, f"liaison-floor-{theme}")
    if theme != "light":
        return
    form = tab.checkin_form
    form.name_edit.setText("an")
    form.search_now()
    camera.settle()
    form.category_combo.setCurrentIndex(1)
    form.description_edit.setPlainText("Locked out after the password change")
    camera.take(view, "liaison-floor-checkin-light")
    form.clear_form()


def render_display_screenshots(core: Core, out: Path) -> list[Path]:
    """``display-<theme>.png`` (ticket numbers only) and ``display-names-light.png``."""

    def shoot(app: QApplication, runner: TaskRunner, feed: FloorFeed, camera: _Camera) -> None:
        for theme in THEMES:
            apply_theme(app, theme)
            _board(core, runner, feed, camera, f"display-{theme}", show_names=False)
        apply_theme(app, "light")
        _board(core, runner, feed, camera, "display-names-light", show_names=True)

    return _render(core, out, shoot)


def _board(core: Core, runner: TaskRunner, feed: FloorFeed, camera: _Camera, name: str, *,
           show_names: bool) -> None:
    board = DisplayBoard(core, runner, feed, show_names=show_names, chime=False)
    board.resize(*BOARD_SIZE)
    board.show()
    try:
        camera.settle()
        camera.take(board, name)
    finally:
        board.close()
        board.deleteLater()
