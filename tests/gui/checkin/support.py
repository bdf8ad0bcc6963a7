"""Helpers for the kiosk flow tests: a directory, a reader that types fast, a finished visit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.directory import DirectoryService, Person
from kiosk.app.visits import VisitService
from kiosk.domain.visit import Visit
from ui.checkin.view import CheckInView
from ui.common.tasks import TaskRunner

ANA_BADGE = "04A1B2C3"
ANA = Person("E1001", "Ana García", "ana.garcia@example.com", ANA_BADGE, "Finance")
JONAS = Person("E1002", "Jonas Müller", "jonas.mueller@example.com", "04A1D1B2", "Sales")


class FakeTime:
    """A monotonic clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def add_people(service: VisitService) -> DirectoryService:
    directory = DirectoryService(service.db, service.clock, service.settings.site_id)
    directory.import_people([ANA, JONAS])
    return directory


def past_visit(service: VisitService, person: Person = ANA, *, device: str = "ThinkPad X1",
               asset_tag: str = "TB-20931", category: str = "laptop") -> Visit:
    """A finished visit of ``person`` (resolved), with the device they brought."""
    visit = service.check_in(name=person.name, email=person.email,
                             employee_id=person.employee_id, category=category,
                             device=device, asset_tag=asset_tag)
    service.call(visit.id, "Dana")
    service.start(visit.id, "Dana")
    return service.resolve(visit.id, "Dana", "fixed")


def focus_target(view: CheckInView) -> QWidget:
    return view.window().focusWidget() or view


def type_keys(qtbot: QtBot, view: CheckInView, time: FakeTime, text: str, *, gap_s: float,
              enter: bool = True) -> None:
    """Type ``text`` into whatever has the focus, one key every ``gap_s`` seconds."""
    for character in text:
        time.now += gap_s
        qtbot.keyClick(focus_target(view), character)
    if enter:
        time.now += gap_s
        qtbot.keyClick(focus_target(view), Qt.Key.Key_Return)


def scan(qtbot: QtBot, view: CheckInView, time: FakeTime, text: str) -> None:
    """What a keyboard-wedge reader does: a burst of keys 10 ms apart, then Enter."""
    time.now += 5.0
    type_keys(qtbot, view, time, text, gap_s=0.010)


def wait_done(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
