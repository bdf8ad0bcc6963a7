"""Initial schema: visits, their event log, the change feed, ticket counters, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("service_day", sa.String(10), nullable=False),
        sa.Column("ticket_number", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("requester_name", sa.String(120), nullable=False),
        sa.Column("requester_email", sa.String(254), nullable=False),
        sa.Column("requester_employee_id", sa.String(64), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("technician", sa.String(120), nullable=False),
        sa.Column("checked_in_at", TS, nullable=False),
        sa.Column("queued_at", TS, nullable=False),
        sa.Column("called_at", TS, nullable=True),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("ended_at", TS, nullable=True),
        sa.Column("resolution_code", sa.String(64), nullable=False),
        sa.Column("resolution_notes", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_visits"),
        sa.UniqueConstraint("site", "service_day", "ticket_number", name="uq_visits_ticket"),
    )
    op.create_index("ix_visits_queue", "visits", ["state", "priority", "queued_at"])
    op.create_table(
        "visit_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=True),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_visit_events"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name="fk_visit_events_visit_id_visits"),
    )
    op.create_index("ix_visit_events_visit", "visit_events", ["visit_id", "seq"])
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("topic", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_changes"),
    )
    op.create_table(
        "ticket_counters",
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("service_day", sa.String(10), nullable=False),
        sa.Column("last_number", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("site", "service_day", name="pk_ticket_counters"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=False),
        sa.Column("claimed_until", TS, nullable=True),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("external_url", sa.String(512), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("visit_id", name="uq_outbox_visit_id"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name="fk_outbox_visit_id_visits"),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("ticket_counters")
    op.drop_table("changes")
    op.drop_index("ix_visit_events_visit", table_name="visit_events")
    op.drop_table("visit_events")
    op.drop_index("ix_visits_queue", table_name="visits")
    op.drop_table("visits")
