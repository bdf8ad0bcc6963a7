"""Rules of the floor that span visits and technicians, applied inside a visit's transaction.

- One active visit per person: a person (matched by employee id, else e-mail) who is
  already in line is told their ticket instead of getting a second one; the front desk
  may allow a second visit, with a reason.
- A technician serves one visitor at a time: calling someone while another visitor is
  called or in service is refused, unless the technician chose to work on several.
- A technician's status follows the work: busy while a visitor is called or in service,
  available after, unless they set themselves away.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.app.technicians import TOPIC, TechnicianStatus
from kiosk.domain.visit import Requester
from kiosk.errors import AlreadyInLine, StillServing
from kiosk.store import UnitOfWork


def check_not_in_line(uow: UnitOfWork, site: str, requester: Requester) -> None:
    """Raise :class:`AlreadyInLine` when this person has a visit in progress."""
    current = uow.visits.active_for_person(site, employee_id=requester.employee_id,
                                           email=requester.email)
    if current is not None:
        raise AlreadyInLine(current.id, current.ticket_number)


def check_free(uow: UnitOfWork, site: str, technician: str) -> None:
    """Raise :class:`StillServing` when the technician is with someone already."""
    serving = uow.visits.serving(site, technician)
    if serving:
        raise StillServing(technician, serving[0].ticket_number)


def follow_the_work(uow: UnitOfWork, site: str, technician: str, now: datetime) -> None:
    """Busy while called or in service, available otherwise; away stays away."""
    if not technician:
        return
    row = uow.technicians.by_name(site, technician, for_update=True)
    if row is None or row.status == TechnicianStatus.AWAY:
        return
    status = (TechnicianStatus.BUSY if uow.visits.serving(site, technician)
              else TechnicianStatus.AVAILABLE)
    if status != row.status:
        row.status, row.status_at = status.value, now
        uow.changes.append(TOPIC, row.id, now)
