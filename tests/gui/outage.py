"""An outage the GUI tests switch on and off: a visit service that fails like a lost
database (:class:`~kiosk.errors.DatabaseOffline`) while ``down`` is set."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kiosk.app.checkin import CheckInService
from kiosk.app.visit_queries import ChangeBatch
from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.domain.visit import Visit
from kiosk.errors import DatabaseOffline
from ui.common.offline import Connectivity
from ui.common.tasks import TaskRunner


@dataclass
class Switch:
    down: bool = False

    def check(self) -> None:
        if self.down:
            raise DatabaseOffline("connection lost")


class FlakyVisits(VisitService):
    """The real visit service, failing as an outage would while the switch is down."""

    def __init__(self, real: VisitService, switch: Switch) -> None:
        super().__init__(real.db, real.settings, real.clock)
        self.switch = switch

    def latest_change(self) -> int:
        self.switch.check()
        return super().latest_change()

    def active_visits(self) -> list[Visit]:
        self.switch.check()
        return super().active_visits()

    def changes_since(self, seq: int, limit: int = 1000) -> ChangeBatch:
        self.switch.check()
        return super().changes_since(seq, limit)

    def check_in(self, *args: Any, **kwargs: Any) -> Visit:
        self.switch.check()
        return super().check_in(*args, **kwargs)

    def resolve(self, *args: Any, **kwargs: Any) -> Visit:
        self.switch.check()
        return super().resolve(*args, **kwargs)

    def add_note(self, *args: Any, **kwargs: Any) -> Visit:
        self.switch.check()
        return super().add_note(*args, **kwargs)


def flaky_core(core: Core, runner: TaskRunner, switch: Switch) -> Core:
    """``core`` whose visits (and the kiosk's check-in) fail while ``switch`` is down, and
    the runner's connectivity probing through them."""
    visits = FlakyVisits(core.visits, switch)
    Connectivity.of(runner, visits.latest_change)
    checkin = CheckInService(visits, core.appointments, core.directory, core.notices,
                             core.feedback)
    return replace(core, visits=visits, checkin=checkin)
