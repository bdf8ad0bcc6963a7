"""The company-facing API: its tokens and the answers kept for idempotency keys.

``api_tokens`` holds one row per token made by ``api-token create``: a name unique per
site (it is the actor the visits' timelines show, "api:NAME"), the scope (``read`` or
``write``), the SHA-256 of the secret (the secret is 32 random bytes, so a plain hash is
enough; it is shown once and never stored), when it was made, last used and revoked.
``api_idempotency`` keeps, per token and ``Idempotency-Key``, the fingerprint of the
request and the answer given, so a retried check-in or notice is answered again rather
than done twice; rows older than a day are removed as new ones come.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_used_at", TS, nullable=True),
        sa.Column("revoked_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("site", "name", name="uq_api_tokens_site_name"),
        sa.UniqueConstraint("secret_hash", name="uq_api_tokens_secret_hash"),
    )
    op.create_table(
        "api_idempotency",
        sa.Column("token_id", sa.String(32), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("token_id", "key", name="pk_api_idempotency"),
        sa.ForeignKeyConstraint(["token_id"], ["api_tokens.id"],
                                name="fk_api_idempotency_token_id_api_tokens"),
    )
    op.create_index("ix_api_idempotency_created_at", "api_idempotency", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_api_idempotency_created_at", table_name="api_idempotency")
    op.drop_table("api_idempotency")
    op.drop_table("api_tokens")
