"""Sample people and visits for the kiosk flow tests, and waiting for the core's answers."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.app.directory import Person
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.domain.visit import Visit
from ui.common.tasks import TaskRunner

ANA_BADGE = "04A1B2C3"
ANA = Person("E1001", "Ana García", "ana.garcia@example.com", ANA_BADGE, "Finance")
JONAS = Person("E1002", "Jonas Müller", "jonas.mueller@example.com", "04A1D1B2", "Sales")


def add_people(core: Core) -> None:
    core.directory.import_people([ANA, JONAS])


def past_visit(service: VisitService, person: Person = ANA, *, device: str = "ThinkPad X1",
               asset_tag: str = "TB-20931", category: str = "laptop") -> Visit:
    """A finished visit of ``person`` (resolved), with the device they brought."""
    visit = service.check_in(name=person.name, email=person.email,
                             employee_id=person.employee_id, category=category,
                             device=device, asset_tag=asset_tag)
    service.call(visit.id, "Dana")
    service.start(visit.id, "Dana")
    return service.resolve(visit.id, "Dana", "fixed")


def wait_done(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
