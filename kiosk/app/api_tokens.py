"""The company-facing API's tokens and idempotency keys (``api-token create|list|revoke``).

A token is ``tbk_`` and 32 random bytes (URL-safe base64), shown once when it is made;
only its SHA-256 is stored (the secret is high-entropy, so a plain hash cannot be
guessed back) and a presented secret is compared with :func:`hmac.compare_digest`.
Its name is the actor the visits' timelines show (``api:NAME``), its scope ``read`` or
``write`` (which also reads). A revoked token stays listed and stops working at once,
in every process (nothing is cached).

Writes that create something (a check-in, a notice) may carry an ``Idempotency-Key``:
:meth:`ApiTokenService.begin` claims the key for the request's fingerprint, and the
answer is kept by :meth:`~ApiTokenService.finish`, so a retry gets the same answer
instead of a second visit; the same key with another request is refused.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.errors import NotFound, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import ApiTokenRow

log = logging.getLogger(__name__)

SCOPES = ("read", "write")
SECRET_PREFIX = "tbk_"
SECRET_BYTES = 32
MAX_TOKEN_NAME = 40
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: How stale "last used" may get before a request writes it again (a write per request
#: would cost every read a transaction).
LAST_USED_EVERY = timedelta(minutes=1)
#: How long the answer to an idempotency key is kept.
KEEP_ANSWERS = timedelta(days=1)
MAX_IDEMPOTENCY_KEY = 255
#: The status of a kept answer whose request is still being worked on.
IN_PROGRESS = 0


@dataclass(frozen=True)
class ApiToken:
    """A token as listed (never its secret or hash)."""

    id: str
    name: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def may_write(self) -> bool:
        return self.scope == "write"

    @property
    def actor(self) -> str:
        """Who the visits' timelines say acted: ``api:NAME``."""
        return f"api:{self.name}"


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: shown once, never stored."""

    token: ApiToken
    secret: str


@dataclass(frozen=True)
class KeptAnswer:
    """The answer given to an earlier request with the same idempotency key.

    ``status`` is :data:`IN_PROGRESS` while that request is still being worked on.
    """

    status: int
    body: str


def check_token_name(name: str) -> str:
    """A token's name: 1-40 letters, digits, ``.``, ``_`` or ``-`` (it names an actor)."""
    text = name.strip()
    if not text or len(text) > MAX_TOKEN_NAME or not _NAME.fullmatch(text):
        raise ValidationError("name", f"A token's name is 1 to {MAX_TOKEN_NAME} letters, digits, "
                                      "'.', '_' or '-', starting with a letter or digit.")
    return text


def check_idempotency_key(key: str) -> str:
    if not 0 < len(key) <= MAX_IDEMPOTENCY_KEY or not all(" " < c < "\x7f" for c in key):
        raise ValidationError("idempotency_key", f"An Idempotency-Key is 1 to "
                                                 f"{MAX_IDEMPOTENCY_KEY} visible ASCII characters.")
    return key


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class ApiTokenService:
    """Make, list, revoke and check the API's tokens; keep the answers to idempotency keys."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    def create(self, name: str, scope: str) -> NewToken:
        """A new token; its secret is in the answer and nowhere else.

        Raises:
            ValidationError: a malformed or taken name, or a scope other than read/write.
        """
        clean = check_token_name(name)
        if scope not in SCOPES:
            raise ValidationError("scope", f"The scope is 'read' or 'write', not '{scope[:20]}'.")
        secret = SECRET_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
        with UnitOfWork(self.db) as uow:
            if uow.api_tokens.by_name(self.settings.site_id, clean) is not None:
                raise ValidationError("name", f"There is already a token called {clean} "
                                              "(revoked tokens keep their names).")
            row = ApiTokenRow(id=uuid.uuid4().hex, site=self.settings.site_id, name=clean,
                              scope=scope, secret_hash=secret_hash(secret),
                              created_at=self.clock.now())
            uow.api_tokens.add(row)
            uow.commit()
            log.info("API token %s made (%s)", row.id, scope)
            return NewToken(_token(row), secret)

    def list(self) -> builtins.list[ApiToken]:
        """Every token of the site, revoked ones too, by name."""
        with UnitOfWork(self.db, readonly=True) as uow:
            return [_token(r) for r in uow.api_tokens.all(self.settings.site_id)]

    def revoke(self, name: str) -> ApiToken:
        """Stop a token now (revoking a revoked one changes nothing).

        Raises:
            NotFound: no token has this name.
        """
        with UnitOfWork(self.db) as uow:
            row = uow.api_tokens.by_name(self.settings.site_id, name.strip())
            if row is None:
                raise NotFound(f"There is no token called {name.strip()[:MAX_TOKEN_NAME]}.")
            if row.revoked_at is None:
                row.revoked_at = self.clock.now()
                log.info("API token %s revoked", row.id)
            uow.commit()
            return _token(row)

    def authenticate(self, secret: str) -> ApiToken | None:
        """The token with this secret, or None (unknown, malformed or revoked)."""
        if not secret.startswith(SECRET_PREFIX) or len(secret) > 128:
            return None
        digest = secret_hash(secret)
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.api_tokens.by_hash(self.settings.site_id, digest)
            if row is None or not hmac.compare_digest(row.secret_hash, digest):
                return None
            token = _token(row)
        if token.revoked_at is not None:
            return None
        now = self.clock.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            with UnitOfWork(self.db) as uow:
                fresh = uow.api_tokens.by_name(self.settings.site_id, token.name)
                if fresh is not None:
                    fresh.last_used_at = now
                uow.commit()
        return token

    # ------------------------------------------------------------ idempotency keys

    def begin(self, token: ApiToken, key: str, fingerprint: str) -> KeptAnswer | None:
        """Claim ``key`` for a request: None when it is new (go on, then :meth:`finish`
        or :meth:`abandon`), else the answer kept for it (status 0: still running).

        Raises:
            ValidationError: a malformed key, or one used for a different request.
        """
        check_idempotency_key(key)
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            uow.api_tokens.forget_before(now - KEEP_ANSWERS)
            if uow.api_tokens.claim(token.id, key, fingerprint, now):
                uow.commit()
                return None
            kept = uow.api_tokens.answer(token.id, key)
            uow.commit()
        if kept is None:  # removed meanwhile: the client may try again
            return KeptAnswer(IN_PROGRESS, "")
        if not hmac.compare_digest(kept.fingerprint, fingerprint):
            raise ValidationError("idempotency_key", "This Idempotency-Key was already used "
                                                     "for a different request.")
        return KeptAnswer(kept.status, kept.body)

    def finish(self, token: ApiToken, key: str, status: int, body: str) -> None:
        """Keep the answer to a claimed key."""
        with UnitOfWork(self.db) as uow:
            row = uow.api_tokens.answer(token.id, key)
            if row is not None:
                row.status = status
                row.body = body
            uow.commit()

    def abandon(self, token: ApiToken, key: str) -> None:
        """Free a claimed key whose request failed (a retry may do the work)."""
        with UnitOfWork(self.db) as uow:
            uow.api_tokens.forget(token.id, key)
            uow.commit()


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(id=row.id, name=row.name, scope=row.scope, created_at=row.created_at,
                    last_used_at=row.last_used_at, revoked_at=row.revoked_at)
