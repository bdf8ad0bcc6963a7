"""One transaction per user action."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session

from kiosk.store.database import Database
from kiosk.store.repositories.appointments import AppointmentRepository
from kiosk.store.repositories.changes import ChangeFeed
from kiosk.store.repositories.notices import BroadcastRepository, NoticeRepository
from kiosk.store.repositories.outbox import OutboxRepository
from kiosk.store.repositories.people import PeopleRepository
from kiosk.store.repositories.surveys import SurveyRepository
from kiosk.store.repositories.technicians import TechnicianRepository
from kiosk.store.repositories.visits import VisitRepository


class UnitOfWork:
    """A session and its repositories; rolled back unless ``commit()`` is called.

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
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if self.session.in_transaction():
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        if self.readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()
