"""Persistence: tables, the database handle, unit of work and repositories.

All SQL of the project lives in this package.
"""

from kiosk.store.database import Database, default_sqlite_url
from kiosk.store.unit_of_work import UnitOfWork

__all__ = ["Database", "UnitOfWork", "default_sqlite_url"]
