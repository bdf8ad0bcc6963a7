"""Persistence: tables, the database handle, unit of work and repositories.

All SQL of the project lives in this package.
"""

from sqlalchemy.exc import SQLAlchemyError as DatabaseError

from kiosk.store.database import Database, default_sqlite_url
from kiosk.store.unit_of_work import UnitOfWork

#: Any error of the database layer, for callers outside the store that must survive one.
__all__ = ["Database", "DatabaseError", "UnitOfWork", "default_sqlite_url"]
