"""Joining the line from one's desk: the remote mark, one-time codes, a pause switch.

- ``visits.remote``: the visit was made from the web (``/join``), not at the kiosk or
  the front desk; the console and the liaison mark it.
- ``join_codes``: one row per one-time code e-mailed to a directory address: only the
  code's salted SHA-256 is kept, with what the visitor asked for (the directory's
  employee id, the reason and details), the client (hashed), when it expires, how many
  wrong codes were tried, and when it was used (single use).
- ``site_switches``: small on/off switches of a site that every station and the web
  service read from the database (``remote_join_paused``), with who changed them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Added in place on both databases (a batch copy of `visits` would fail on SQLite on
    # the tables that refer to it while foreign keys are enforced).
    op.add_column("visits", sa.Column("remote", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_table(
        "join_codes",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("employee_id", sa.String(64), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_join_codes"),
    )
    op.create_index("ix_join_codes_email", "join_codes", ["site", "email", "created_at"])
    op.create_index("ix_join_codes_client", "join_codes", ["site", "client", "created_at"])
    op.create_table(
        "site_switches",
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("on", sa.Boolean(), nullable=False),
        sa.Column("changed_at", TS, nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("site", "name", name="pk_site_switches"),
    )


def downgrade() -> None:
    op.drop_table("site_switches")
    op.drop_index("ix_join_codes_client", table_name="join_codes")
    op.drop_index("ix_join_codes_email", table_name="join_codes")
    op.drop_table("join_codes")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a plain column in place (3.35+); a batch copy of `visits` would
        # fail on the tables that refer to it while foreign keys are enforced.
        op.execute("ALTER TABLE visits DROP COLUMN remote")
    else:
        op.drop_column("visits", "remote")
