"""The console and the floor: technicians, delay broadcasts; time spent, escalation, counter.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("visits", sa.Column("time_spent_minutes", sa.Integer, nullable=True))
    op.add_column("visits", sa.Column("escalation_group", sa.String(120), nullable=False,
                                      server_default=""))
    op.add_column("visits", sa.Column("counter", sa.String(32), nullable=False, server_default=""))
    op.create_index("ix_visits_ended", "visits", ["site", "ended_at"])
    op.create_table(
        "technicians",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("pin_hash", sa.String(255), nullable=False),
        sa.Column("skills", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_at", TS, nullable=False),
        sa.Column("counter", sa.String(32), nullable=False),
        sa.Column("failed_pins", sa.Integer, nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_technicians"),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_broadcasts"),
    )


def downgrade() -> None:
    op.drop_table("broadcasts")
    op.drop_table("technicians")
    op.drop_index("ix_visits_ended", table_name="visits")
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("counter")
        batch.drop_column("escalation_group")
        batch.drop_column("time_spent_minutes")
