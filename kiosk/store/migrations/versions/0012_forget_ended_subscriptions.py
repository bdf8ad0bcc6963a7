"""Forget how to reach the visitors of visits that have ended.

From this revision a visit's end deletes its row of ``notify_subscriptions`` (the
channel and the address a visitor chose to be told by): nothing is sent for an ended
visit, so the address had no further use, and the table keeps only the open visits'
rows. The rows written before it, for visits already ended, go here.

That keeps ``waiting_subscribers`` (asked on every move of the line) reading a handful
of rows: it starts from the subscriptions and checks each against its visit. Before,
SQLite started from the visits and walked the whole waiting line to probe each for a
subscription.

Downgrading restores nothing: the addresses are gone, as intended.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM notify_subscriptions WHERE visit_id IN "
               "(SELECT id FROM visits WHERE ended_at IS NOT NULL)")


def downgrade() -> None:
    pass  # the deleted addresses are not kept anywhere
