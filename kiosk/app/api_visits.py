"""The technician's actions through the API: a named technician, recorded as "via api:NAME".

The API acts as a technician of the site (an unknown name is refused, with the words the
transfer dialog uses), under the same rules as the console: the visit's holder is that
technician, so only they may start, resolve... what they called. Each event the action
adds to the visit's timeline names both: ``Kim via api:helpdesk-bot``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.app.visits import VisitService
from kiosk.domain.text import clean_line
from kiosk.domain.visit import Action, VisitState
from kiosk.errors import ValidationError
from kiosk.store import UnitOfWork
from kiosk.store.tables import VisitRow

#: The longest actor a timeline event holds (``visit_events.actor``).
MAX_ACTOR = 120


@dataclass(frozen=True)
class ApiTechnician:
    """The technician an API request acts as, and the categories they take."""

    name: str
    categories: tuple[str, ...] | None
    counter: str


class ViaApi(VisitService):
    """The core's visit service (its settings, clock and hooks) recording every event as
    ``<technician> via <token actor>``."""

    def __init__(self, visits: VisitService, via: str) -> None:
        # Everything the core's service was built with, hooks included, without a rebuild.
        self.__dict__.update(visits.__dict__)
        self.via = via

    def _record(self, uow: UnitOfWork, row: VisitRow, action: Action,  # type: ignore[override]
                before: VisitState | None, actor: str, now: datetime, note: str = "") -> None:
        suffix = f" via {self.via}"
        VisitService._record(uow, row, action, before, actor[:MAX_ACTOR - len(suffix)] + suffix,
                             now, note)


def api_technician(visits: VisitService, name: str) -> ApiTechnician:
    """The active technician of the site with this name.

    Raises:
        ValidationError: an empty name, or no technician has it.
    """
    clean = clean_line(name, "technician", 120, required=True)
    with UnitOfWork(visits.db, readonly=True) as uow:
        row = uow.technicians.by_name(visits.settings.site_id, clean)
        if row is None:
            raise ValidationError("technician", f"There is no technician called {clean}.")
        skills = tuple(s for s in row.skills.split(",") if s)
        return ApiTechnician(row.name, skills or None, row.counter)
