"""'Tell me when I'm close': what a visitor chooses, the liaison's link actions, the health line.

The visitor chooses on the kiosk's ticket page (by visit id, ``Core.notify``) or on the
status page (by token): a channel this site offers (``[notify]``), its address (their
directory e-mail by default; a phone number they type for SMS) and a threshold of people
ahead (or only the call). Choosing is one transaction that also queues any threshold
already reached, so a visitor already within it hears at once. The messages themselves
are queued by :mod:`kiosk.app.notify_queue` and sent by ``techbar notify``
(:mod:`kiosk.notify.worker`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from kiosk.app.notify_queue import queue_notifications
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.nearby import Channel, Choice, clean_address, clean_channel, clean_threshold
from kiosk.domain.visit import VisitState
from kiosk.errors import NotFound, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import VisitRow

__all__ = ["NotifyHealth", "NotifyService"]
log = logging.getLogger(__name__)
UNKNOWN_LINK = "This status link is unknown or has expired."


@dataclass(frozen=True)
class NotifyHealth:
    """The liaison's notifications line: counts by status and the newest failures.

    Attributes:
        failures: (ticket number, reason, when queued) of messages that failed for good
            or whose worker stopped mid-send.
    """

    pending: int
    sent: int
    failed: int
    failures: tuple[tuple[str, str, datetime], ...]
    channels: tuple[str, ...]


class NotifyService:
    """Built once by the bootstrap (``Core.notify``)."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    def channels(self) -> tuple[Channel, ...]:
        """The channels this site offers, the page (nothing sent) last."""
        return (*(Channel(c) for c in self.settings.notify.channels), Channel.PAGE)

    def choose(self, visit_id: str, channel: str, address: str = "",
               ahead: object = None) -> Choice:
        """Store how the visitor of ``visit_id`` wants to be told (the kiosk's ticket page).

        Raises:
            ValidationError: a channel not offered, a bad phone number or e-mail, a bad
                threshold, or a visit no longer waiting or called.
            NotFound: no such visit.
        """
        with UnitOfWork(self.db) as uow:
            row = uow.visits.get(visit_id, for_update=True)
            if row is None or row.site != self.settings.site_id:
                raise NotFound(f"No visit with id {visit_id}.")
            choice = self._store(uow, row, channel, address, ahead)
            uow.commit()
            return choice

    def choose_by_token(self, token: str, channel: str, address: str = "",
                        ahead: object = None) -> Choice:
        """As :meth:`choose`, from the status page (``NotFound`` for a bad token)."""
        with UnitOfWork(self.db) as uow:
            # Locked as choose() does: a visit ending meanwhile is seen ended, and leaves
            # no address behind it.
            row = uow.visits.get(self._by_token(uow, token).id, for_update=True)
            if row is None:
                raise NotFound(UNKNOWN_LINK)
            choice = self._store(uow, row, channel, address, ahead)
            uow.commit()
            return choice

    def choice(self, visit_id: str) -> Choice | None:
        """What the visitor chose (None: only the page)."""
        with UnitOfWork(self.db, readonly=True) as uow:
            found = uow.notifications.subscription(visit_id)
            return None if found is None else Choice(Channel(found.channel), found.address,
                                                     found.ahead)

    def choice_by_token(self, token: str) -> Choice | None:
        with UnitOfWork(self.db, readonly=True) as uow:
            visit_id = self._by_token(uow, token).id  # read inside: the row expires after
        return self.choice(visit_id)

    def link(self, visit_id: str) -> str:
        """The visit's status page address, for the liaison to show.

        Raises:
            ValidationError: no web service, or the link has expired.
            NotFound: no visit, or it has no link (checked in before revision 0007).
        """
        if not self.settings.web.public_url:
            raise ValidationError("public_url", "This site has no web service: set [web] "
                                                "public_url in the settings.")
        with UnitOfWork(self.db, readonly=True) as uow:
            link = uow.links.for_visit(visit_id)
            if link is None:
                raise NotFound("This visit has no status link.")
            if link.expires_at <= self.clock.now():
                raise ValidationError("link", "This visit's status link has expired.")
            return f"{self.settings.web.public_url}/v/{link.token}"

    def resend_link(self, visit_id: str) -> str:
        """Queue the status link to the visitor by the channel they chose; returns the link.

        Raises:
            ValidationError: the visitor chose no channel, or the visit has ended.
        """
        url = self.link(visit_id)
        with UnitOfWork(self.db) as uow:
            row = uow.visits.get(visit_id, for_update=True)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.")
            if row.ended_at is not None:
                raise ValidationError("visit", f"{row.ticket_number} has ended.")
            chosen = uow.notifications.subscription(visit_id)
            if chosen is None:
                raise ValidationError("channel", f"{row.ticket_number} chose to follow the "
                                                 "page only: show them the link instead.")
            uow.notifications.queue(visit_id, None, 0, "", self.clock.now())
            uow.commit()
        log.info("visit %s: status link queued to send again", visit_id)
        return url

    def health(self) -> NotifyHealth:
        with UnitOfWork(self.db, readonly=True) as uow:
            counts = uow.notifications.counts()
            failures = tuple(uow.notifications.failures())
        return NotifyHealth(
            pending=counts.get("pending", 0) + counts.get("sending", 0),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0) + counts.get("unknown", 0),
            failures=failures, channels=self.settings.notify.channels)

    # ------------------------------------------------------------ internals

    def _by_token(self, uow: UnitOfWork, token: str) -> VisitRow:
        if not isinstance(token, str) or not 22 <= len(token) <= 64:
            raise NotFound(UNKNOWN_LINK)
        row = uow.links.valid_visits([token], self.clock.now()).get(token)
        if row is None or row.site != self.settings.site_id:
            raise NotFound(UNKNOWN_LINK)
        return row

    def _store(self, uow: UnitOfWork, row: VisitRow, channel: str, address: str,
               ahead: object) -> Choice:
        chosen = clean_channel(channel, self.channels())
        threshold = clean_threshold(ahead)
        where = clean_address(chosen, address, row.requester_email)
        if row.state not in (VisitState.WAITING.value, VisitState.CALLED.value,
                             VisitState.PARKED.value):
            raise ValidationError("visit", f"{row.ticket_number} is no longer in line.")
        now = self.clock.now()
        if chosen is Channel.PAGE:
            uow.notifications.unsubscribe(row.id)
        else:
            uow.notifications.subscribe(row.id, chosen.value, where, threshold, now)
            queue_notifications(uow, row, now)
        log.info("visit %s: told by %s (%s)", row.id, chosen.value,
                 "called" if threshold is None else f"{threshold} ahead")
        return Choice(chosen, where, threshold)
