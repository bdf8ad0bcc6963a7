"""Render every window and screen offscreen into PNG files named after the screen.

Reads the database only (the kiosk's confirmation shows an existing waiting visit),
so it can run against any database, demo or not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Settings
from kiosk.domain import Visit, VisitState
from kiosk.services import VisitService
from ui.app import SIZES
from ui.checkin import CheckInView, Page
from ui.console import ConsoleView
from ui.liaison import LiaisonView
from ui.tasks import TaskRunner
from ui.theme import apply_theme

T = TypeVar("T")
_QUIET_POLL_MS = 3_600_000
_SAMPLE_NAME = "Alex Morgan"
_SAMPLE_DESCRIPTION = "My laptop won't connect to the Wi-Fi since this morning's update."


def render_screenshots(service: VisitService, settings: Settings, out: Path) -> list[Path]:
    """Write ``kiosk-*.png``, ``console-*.png`` and ``liaison.png`` into ``out``.

    Creates an offscreen QApplication when none exists yet.

    Returns:
        The files written, in the order the screens appear to a user.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["techbar-screenshots", "-platform", "offscreen"])
    app.setApplicationDisplayName(settings.site_name)
    apply_theme(app)
    out.mkdir(parents=True, exist_ok=True)
    runner = TaskRunner()
    try:
        shots = _Shots(out, runner)
        _kiosk_screens(service, runner, shots)
        _console_screens(service, runner, shots)
        _liaison_screen(service, runner, shots)
        return shots.written
    finally:
        runner.shutdown()


class _Shots:
    def __init__(self, out: Path, runner: TaskRunner) -> None:
        self.out = out
        self.runner = runner
        self.written: list[Path] = []

    def take(self, widget: QWidget, name: str) -> None:
        self.settle()
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")
        self.written.append(path)

    def settle(self) -> None:
        self.runner.wait_idle()
        for _ in range(3):
            QCoreApplication.processEvents()

    def call(self, work: Callable[[], T]) -> T:
        """Run a service call on the pool and wait for its result."""
        box: list[Any] = []
        self.runner.run(work, box.append, box.append, name="screenshots.call")
        self.runner.wait_idle()
        if not box:
            raise TimeoutError("the database did not answer in time")
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]  # type: ignore[no-any-return]


def _show(widget: QWidget, kind: str) -> None:
    widget.resize(*SIZES[kind])
    widget.show()


def _kiosk_screens(service: VisitService, runner: TaskRunner, shots: _Shots) -> None:
    view = CheckInView(service, runner, reset_after_ms=_QUIET_POLL_MS)
    _show(view, "kiosk")
    try:
        shots.take(view, "kiosk-welcome")
        view.on_next_clicked()
        shots.take(view, "kiosk-name-missing")
        view.reset()
        view.name_edit.setText(_SAMPLE_NAME)
        view.on_next_clicked()
        shots.take(view, "kiosk-category")
        view.on_category_chosen(service.settings.categories[0].id)
        view.description_edit.setPlainText(_SAMPLE_DESCRIPTION)
        shots.take(view, "kiosk-details")
        waiting = [v for v in shots.call(service.active_visits)
                   if v.state is VisitState.WAITING]
        if waiting:
            last = waiting[-1]
            view.show_confirmation(last, shots.call(lambda: service.position(last.id)))
            assert view.page is Page.CONFIRMATION
            shots.take(view, "kiosk-confirmation")
    finally:
        view.close()
        view.deleteLater()


def _console_screens(service: VisitService, runner: TaskRunner, shots: _Shots) -> None:
    view = ConsoleView(service, runner, poll_ms=_QUIET_POLL_MS)
    _show(view, "console")
    try:
        shots.settle()
        serving = _first(view.model.visits(), VisitState.IN_SERVICE)
        view.technician_edit.setText(serving.technician if serving else "Dana")
        shots.take(view, "console-idle")
        if serving is not None:
            row = view.model.row_of(serving.id)
            if row is not None:
                view.table.selectRow(row)
            shots.settle()
            shots.take(view, "console-in-service")
    finally:
        view.close()
        view.deleteLater()


def _liaison_screen(service: VisitService, runner: TaskRunner, shots: _Shots) -> None:
    view = LiaisonView(service, runner, poll_ms=_QUIET_POLL_MS)
    _show(view, "liaison")
    try:
        shots.settle()
        shots.take(view, "liaison")
    finally:
        view.close()
        view.deleteLater()


def _first(visits: tuple[Visit, ...], state: VisitState) -> Visit | None:
    return next((v for v in visits if v.state is state), None)
