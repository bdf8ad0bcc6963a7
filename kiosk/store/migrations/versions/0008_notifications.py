"""'Tell me when I'm close': what each visitor asked for, and the messages to send.

``notify_subscriptions`` holds, per visit, the channel (e-mail, SMS, Slack, Teams), its
address and the threshold of people ahead chosen (NULL: only when called).
``notifications`` is their outbox: a row is written in the transaction of the change
that calls for it (a call, or a change that brings a subscriber within its threshold),
claimed by ``techbar notify`` under a lease and retried with back-off, like the ticket
outbox. ``(visit_id, threshold)`` is unique, so no threshold is ever queued twice (the
call is threshold -1; a status link the liaison re-sends has none, and may be sent
again).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notify_subscriptions",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("ahead", sa.Integer(), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name="pk_notify_subscriptions"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name="fk_notify_subscriptions_visit_id_visits"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("people_ahead", sa.Integer(), nullable=False),
        sa.Column("counter", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=False),
        sa.Column("claimed_until", TS, nullable=True),
        sa.Column("sent_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name="fk_notifications_visit_id_visits"),
        sa.UniqueConstraint("visit_id", "threshold", name="uq_notifications_visit_threshold"),
    )
    op.create_index("ix_notifications_due", "notifications", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_notifications_due", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("notify_subscriptions")
