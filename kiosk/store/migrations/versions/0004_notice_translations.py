"""Notices in more than one language: a title and message per language, beside the default.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notices", sa.Column("translations", sa.JSON, nullable=False,
                                       server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("translations")
