"""The complete kiosk: directory of people, appointments, notices, surveys; visit details.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
VISIT_COLUMNS = (
    ("device", sa.String(120), ""),
    ("asset_tag", sa.String(64), ""),
    ("appointment_code", sa.String(16), ""),
    ("language", sa.String(8), "en"),
)


def upgrade() -> None:
    for name, kind, default in VISIT_COLUMNS:
        op.add_column("visits", sa.Column(name, kind, nullable=False, server_default=default))
    op.create_index("ix_visits_employee", "visits", ["requester_employee_id", "checked_in_at"])
    op.create_table(
        "people",
        sa.Column("employee_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("badge_id", sa.String(64), nullable=True),
        sa.Column("department", sa.String(120), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("employee_id", name="pk_people"),
        sa.UniqueConstraint("badge_id", name="uq_people_badge_id"),
    )
    op.create_index("ix_people_email", "people", ["email"])
    op.create_table(
        "appointments",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("employee_id", sa.String(64), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("scheduled_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("visit_id", sa.String(36), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_appointments"),
    )
    op.create_index("ix_appointments_site_time", "appointments", ["site", "scheduled_at"])
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("categories", sa.Text, nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=True),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notices"),
    )
    op.create_table(
        "surveys",
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name="pk_surveys"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name="fk_surveys_visit_id_visits"),
    )


def downgrade() -> None:
    op.drop_table("surveys")
    op.drop_table("notices")
    op.drop_index("ix_appointments_site_time", table_name="appointments")
    op.drop_table("appointments")
    op.drop_index("ix_people_email", table_name="people")
    op.drop_table("people")
    op.drop_index("ix_visits_employee", table_name="visits")
    with op.batch_alter_table("visits") as batch:
        for name, _kind, _default in reversed(VISIT_COLUMNS):
            batch.drop_column(name)
