"""The visitor's status link: one random token per visit, for the page behind the QR code.

``visit_links`` holds, per visit, the token of its status page (``/v/{token}`` of the web
service) and when it stops working (the end of the visit's service day, site time). The
token is the only thing that page asks for, so it is random (at least 128 bits, never the
visit id) and unique. It is stored as it is, not hashed: it grants only the visit's own
page (ticket number, place in line, wait; never a name) and leaving the line, for one
day, and ``status-link`` must be able to print it again.

Visits checked in before this revision have no link; their kiosk showed none either.
Whatever a visitor later asks to be told ("tell me when I'm close") hangs off this row's
visit in tables of its own.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "visit_links",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name="pk_visit_links"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name="fk_visit_links_visit_id_visits"),
        sa.UniqueConstraint("token", name="uq_visit_links_token"),
    )


def downgrade() -> None:
    op.drop_table("visit_links")
