"""The visitor's status page: what a status link shows, leaving the line from it, the link.

Every visit gets a random token at check-in (:func:`kiosk.app.links.issue_link`, in
the check-in's transaction), valid until the end of its service day (site time). The token is the
only key the page has: the web service (``kiosk/web``) asks :class:`StatusService` for
the visit's :class:`VisitStatus` by token and never sees the visit id, the name, the
e-mail or the description. A wrong token and an expired one are the same
:class:`~kiosk.errors.NotFound`, with one message.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk.app.visits import VisitService
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.forecast import Forecast
from kiosk.domain.tickets import normalise_ticket, service_day
from kiosk.domain.visit import TRANSITIONS, Action, Visit, VisitState
from kiosk.errors import IllegalTransition, NotFound, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.repositories.visits import to_visit

__all__ = ["LEFT_FROM_PHONE", "PHONE_ACTOR", "StatusService", "VisitStatus"]
log = logging.getLogger(__name__)

#: What a token may look like at all; anything else is refused before the database.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,64}")
#: The one answer to a wrong, expired or malformed token.
UNKNOWN_LINK = "This status link is unknown or has expired."
#: Who cancels a visit left from the status page, and the timeline's reason.
PHONE_ACTOR = "visitor (status page)"
LEFT_FROM_PHONE = "left from phone"
_LEAVABLE = TRANSITIONS[Action.CANCEL][0]
#: How long one forecast of the line serves the pages while the floor does not change.
FORECAST_TTL = timedelta(seconds=10)


@dataclass(frozen=True)
class VisitStatus:
    """What the status page shows: never a name, an e-mail or a description.

    Attributes:
        position: the 1-based place in the waiting line; 0 when not waiting.
        wait: the wait from now while waiting (:meth:`VisitService.estimate_wait`'s
            figures), else None.
        counter: where to go once called ("Desk 2"; "" when the technician gave none).
        category_labels: the category's label per language (``label`` picks one).
        language: the language the visitor chose at the kiosk.
    """

    ticket_number: str
    state: VisitState
    position: int
    wait: WaitEstimate | None
    counter: str
    category: str
    category_labels: tuple[tuple[str, str], ...]
    language: str

    def label(self, language: str) -> str:
        """The category's label in ``language``, else in English, else its id."""
        labels = dict(self.category_labels)
        return labels.get(language) or labels.get("en") or self.category

    @property
    def may_leave(self) -> bool:
        """Whether the visitor can still leave the line (waiting, called or on hold)."""
        return self.state in _LEAVABLE


class StatusService:
    """The status page's use cases, by token; built once by the bootstrap (``Core.status``)."""

    def __init__(self, db: Database, settings: Settings, clock: Clock,
                 visits: VisitService) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.visits = visits
        self._lock = threading.Lock()
        self._cached: tuple[int, datetime, Forecast] | None = None

    def visit_status(self, token: str) -> VisitStatus:
        """The visit behind ``token`` as its page shows it.

        Raises:
            NotFound: an unknown, expired or malformed token (one message for all).
        """
        found = self.statuses([token]).get(token)
        if found is None:
            raise NotFound(UNKNOWN_LINK)
        return found

    def statuses(self, tokens: Iterable[str]) -> dict[str, VisitStatus]:
        """The status of every valid token among ``tokens``, from one read of the visits and
        at most one forecast of the line (what the live pages of a process share)."""
        wanted = [t for t in dict.fromkeys(tokens) if _TOKEN_SHAPE.fullmatch(t)]
        visits = self._visits(wanted)
        waiting = any(v.state is VisitState.WAITING for v in visits.values())
        forecast = self._forecast() if waiting else None
        return {token: self._status(visit, forecast) for token, visit in visits.items()}

    def _forecast(self) -> Forecast:
        """The line's forecast, read again once anything changed on the floor (the change
        feed moved: a visit, a technician) or :data:`FORECAST_TTL` passed; until then
        every page shares one (it costs tens of milliseconds, a page a millisecond)."""
        seq = self.visits.latest_change()
        now = self.clock.now()
        with self._lock:
            cached = self._cached
        if cached is not None and cached[0] == seq and timedelta(0) <= now - cached[1] < FORECAST_TTL:
            return cached[2]
        forecast = self.visits.line_forecast()  # read after seq: never older than it
        with self._lock:
            self._cached = (seq, now, forecast)
        return forecast

    def leave(self, token: str) -> VisitStatus:
        """The visitor no longer needs help: cancel the visit ("left from phone").

        Leaving twice is no error: the second time finds the visit already cancelled.

        Raises:
            NotFound: as :meth:`visit_status`.
            IllegalTransition: the visit is with a technician or has ended otherwise.
        """
        visit = self._visits([token] if _TOKEN_SHAPE.fullmatch(token) else []).get(token)
        if visit is None:
            raise NotFound(UNKNOWN_LINK)
        if visit.state is not VisitState.CANCELLED:
            try:
                self.visits.cancel(visit.id, PHONE_ACTOR, LEFT_FROM_PHONE)
            except IllegalTransition:
                if self.visit_status(token).state is not VisitState.CANCELLED:
                    raise
            log.info("visit %s left the line from its status page", visit.id)
        return self.visit_status(token)

    def status_link(self, ticket: str, day: date | None = None) -> str:
        """The status page's address of ticket ``ticket`` of ``day`` (site time; today).

        Raises:
            ValidationError: the site has no web service (``[web] public_url`` is empty).
            NotFound: no such ticket that day, it has no link (checked in before the web
                service existed), or its link has expired.
        """
        if not self.settings.web.public_url:
            raise ValidationError("public_url", "This site has no web service: set [web] "
                                                "public_url in the settings.")
        now = self.clock.now()
        chosen = day.isoformat() if day else service_day(now, self.settings.utc_offset)
        number = normalise_ticket(ticket)
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.visits.find_by_ticket(self.settings.site_id, chosen, number)
            link = uow.links.for_visit(row.id) if row is not None else None
            if row is None or link is None:
                raise NotFound(f"No ticket {number} with a status link on {chosen}.")
            if link.expires_at <= now:
                raise NotFound(f"The status link of {number} on {chosen} has expired.")
            return self.link(link.token)

    def link(self, token: str) -> str:
        """The address of the status page of ``token`` on this site's web service."""
        return f"{self.settings.web.public_url}/v/{token}"

    def _visits(self, tokens: list[str]) -> dict[str, Visit]:
        if not tokens:
            return {}
        with UnitOfWork(self.db, readonly=True) as uow:
            rows = uow.links.valid_visits(tokens, self.clock.now())
            return {t: to_visit(rows[t]) for t in tokens
                    if t in rows and rows[t].site == self.settings.site_id}

    def _status(self, visit: Visit, forecast: Forecast | None) -> VisitStatus:
        estimate = forecast.of(visit.id) if forecast is not None else None
        waiting = visit.state is VisitState.WAITING
        category = self.settings.category(visit.category)
        return VisitStatus(
            ticket_number=visit.ticket_number, state=visit.state,
            position=estimate.people_ahead + 1 if waiting and estimate else 0,
            wait=estimate if waiting else None,
            counter=visit.counter if visit.state is VisitState.CALLED else "",
            category=visit.category,
            category_labels=category.labels if category else (),
            language=visit.language)
