"""The API's tokens and the answers kept for its idempotency keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.store.tables import ApiIdempotencyRow, ApiTokenRow


class ApiTokenRepository:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    def add(self, row: ApiTokenRow) -> None:
        self.session.add(row)

    def all(self, site: str) -> list[ApiTokenRow]:
        return list(self.session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.site == site).order_by(ApiTokenRow.name)))

    def by_name(self, site: str, name: str) -> ApiTokenRow | None:
        return self.session.scalars(select(ApiTokenRow).where(
            ApiTokenRow.site == site, ApiTokenRow.name == name)).first()

    def by_hash(self, site: str, secret_hash: str) -> ApiTokenRow | None:
        return self.session.scalars(select(ApiTokenRow).where(
            ApiTokenRow.secret_hash == secret_hash, ApiTokenRow.site == site)).first()

    # ------------------------------------------------------------ idempotency keys

    def answer(self, token_id: str, key: str) -> ApiIdempotencyRow | None:
        return self.session.get(ApiIdempotencyRow, (token_id, key))

    def claim(self, token_id: str, key: str, fingerprint: str, now: datetime) -> bool:
        """Record that a request with this key is being worked on; False when the key
        is already taken (by a finished or a running request)."""
        values = {"token_id": token_id, "key": key, "fingerprint": fingerprint, "status": 0,
                  "body": "", "created_at": now}
        statement = _insert(self.dialect, values).on_conflict_do_nothing(
            index_elements=["token_id", "key"]).returning(ApiIdempotencyRow.key)
        return self.session.execute(statement).first() is not None

    def forget(self, token_id: str, key: str) -> None:
        self.session.execute(delete(ApiIdempotencyRow).where(
            ApiIdempotencyRow.token_id == token_id, ApiIdempotencyRow.key == key))

    def forget_before(self, moment: datetime) -> None:
        self.session.execute(delete(ApiIdempotencyRow).where(
            ApiIdempotencyRow.created_at < moment))


def _insert(dialect: str, values: dict[str, Any]) -> Any:
    """An INSERT of an idempotency row that may skip a conflict (either database)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert(ApiIdempotencyRow).values(**values)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(ApiIdempotencyRow).values(**values)
