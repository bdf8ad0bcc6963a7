"""Which database errors are outages: the database is unreachable or gave up on us.

An outage is worth waiting out and trying again: the server is down or restarting, the
network is cut, the connection was killed, a statement ran past its timeout, no pooled
connection came free in time, or a SQLite file stayed busy past its timeout. Integrity
errors, programming errors (a missing table, bad SQL) and concurrency errors (a
serialization failure, a deadlock) are not outages: they keep their own exceptions.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

#: PostgreSQL SQLSTATE classes and codes that mean the database went away (Appendix A).
_PG_REASONS: tuple[tuple[str, str], ...] = (
    ("57014", "statement timeout"),
    ("57P01", "server shutting down"),
    ("57P02", "server crashed"),
    ("57P03", "server starting up"),
    ("57P05", "connection idle too long"),
    ("08", "connection lost"),
    ("53", "server out of resources"),
    ("58", "server system error"),
)
#: SQLite's primary result codes that mean the file is busy or cannot be used now.
_SQLITE_REASONS = {5: "database busy", 6: "database locked", 10: "disk I/O error",
                   14: "cannot open the database file", 15: "database lock protocol error"}


def outage_reason(error: BaseException) -> str | None:
    """A few words saying why the database is unreachable, or None when ``error`` is not an
    outage (it must then be left as it is)."""
    if isinstance(error, PoolTimeout):
        return "no free connection"
    if not isinstance(error, DBAPIError):
        return None
    if error.connection_invalidated:
        return "connection lost"
    if not isinstance(error, (OperationalError, InterfaceError)):
        return None
    origin = error.orig
    sqlstate = getattr(origin, "sqlstate", None)
    if isinstance(sqlstate, str):
        return next((reason for prefix, reason in _PG_REASONS if sqlstate.startswith(prefix)),
                    None)
    code = getattr(origin, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_REASONS.get(code & 0xFF)
    # No SQLSTATE from the server: the driver failed to connect or lost the connection.
    return "connection lost" if isinstance(error, InterfaceError) else "cannot connect"
