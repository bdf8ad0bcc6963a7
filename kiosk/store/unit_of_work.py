"""One transaction per user action."""

from __future__ import annotations

import logging
from types import TracebackType

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.errors import DatabaseOffline
from kiosk.store.database import Database
from kiosk.store.outages import outage_reason
from kiosk.store.repositories.api_tokens import ApiTokenRepository
from kiosk.store.repositories.appointments import AppointmentRepository
from kiosk.store.repositories.changes import ChangeFeed
from kiosk.store.repositories.links import LinkRepository
from kiosk.store.repositories.notices import BroadcastRepository, NoticeRepository
from kiosk.store.repositories.notifications import NotificationRepository
from kiosk.store.repositories.outbox import OutboxRepository
from kiosk.store.repositories.people import PeopleRepository
from kiosk.store.repositories.remote_join import RemoteJoinRepository
from kiosk.store.repositories.surveys import SurveyRepository
from kiosk.store.repositories.technicians import TechnicianRepository
from kiosk.store.repositories.visits import VisitRepository

log = logging.getLogger(__name__)

class UnitOfWork:
    """A session and its repositories; rolled back unless ``commit()`` is called.

    An outage met inside the block (see :mod:`kiosk.store.outages`) leaves it as
    :class:`~kiosk.errors.DatabaseOffline`, raised from the driver's error; every other
    error leaves unchanged. Rolling back and closing never hide the block's own error.

    Usage::

        with UnitOfWork(db) as uow:
            ...
            uow.commit()
    """

    session: Session
    visits: VisitRepository
    changes: ChangeFeed
    outbox: OutboxRepository
    people: PeopleRepository
    appointments: AppointmentRepository
    notices: NoticeRepository
    surveys: SurveyRepository
    technicians: TechnicianRepository
    broadcasts: BroadcastRepository
    links: LinkRepository
    api_tokens: ApiTokenRepository
    remote_join: RemoteJoinRepository

    def __init__(self, db: Database, *, readonly: bool = False) -> None:
        self.db = db
        self.readonly = readonly

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.session(readonly=self.readonly)
        self.session.begin()
        dialect = self.db.dialect
        self.visits = VisitRepository(self.session, dialect)
        self.changes = ChangeFeed(self.session, dialect)
        self.outbox = OutboxRepository(self.session, dialect)
        self.people = PeopleRepository(self.session)
        self.appointments = AppointmentRepository(self.session, dialect)
        self.notices = NoticeRepository(self.session)
        self.surveys = SurveyRepository(self.session)
        self.technicians = TechnicianRepository(self.session, dialect)
        self.broadcasts = BroadcastRepository(self.session)
        self.links = LinkRepository(self.session)
        self.notifications = NotificationRepository(self.session, dialect)
        self.api_tokens = ApiTokenRepository(self.session, dialect)
        self.remote_join = RemoteJoinRepository(self.session, dialect)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        failed_release = self._release()
        if exc is not None:
            reason = outage_reason(exc)
            if reason is not None:
                raise DatabaseOffline(reason) from exc
            return  # the block's own error goes on, whatever the rollback did
        if failed_release is not None and outage_reason(failed_release) is None:
            raise failed_release
        # The work is done; a rollback the lost connection refused changes nothing
        # (the server drops an open transaction with its connection).

    def _release(self) -> SQLAlchemyError | None:
        """Roll back what was not committed and give the connection back.

        Returns:
            The error of the rollback (the connection may be gone), or None.
        """
        error: SQLAlchemyError | None = None
        try:
            if self.session.in_transaction():
                self.session.rollback()
        except SQLAlchemyError as failed:
            error = failed
        try:
            self.session.close()
        except SQLAlchemyError as failed:  # a dead connection is dropped from the pool
            log.debug("closing a session failed: %s", type(failed).__name__)
        return error

    def commit(self) -> None:
        if self.readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()
