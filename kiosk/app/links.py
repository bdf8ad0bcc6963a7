"""Status links: the random token each visit gets at check-in, for its page behind the QR code.

The token is the only key the status page (``kiosk/web``) has: random (never the visit
id), at least 128 bits, valid until the end of the visit's service day in site time.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from kiosk.config import Settings
from kiosk.domain.tickets import end_of_service_day
from kiosk.store import UnitOfWork
from kiosk.store.tables import VisitLinkRow, VisitRow

#: 24 random bytes: 192 bits, 32 URL-safe characters.
TOKEN_BYTES = 24


def new_token() -> str:
    """A status token: random, URL-safe, :data:`TOKEN_BYTES` bytes of entropy."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def issue_link(uow: UnitOfWork, row: VisitRow, settings: Settings, now: datetime) -> str:
    """Give a new visit its status token, in the caller's transaction; returns the token."""
    token = new_token()
    uow.links.add(VisitLinkRow(visit_id=row.id, token=token, created_at=now,
                               expires_at=end_of_service_day(row.service_day,
                                                             settings.utc_offset)))
    return token
