"""A technician's own open visits by index; the aggregates' histograms kept out of line.

``serving`` (whom a technician has called or is serving: asked before every call and
after every action of theirs) found its rows through ``ix_visits_line`` by site and
state, then read every visit called or in service at the site to keep one
technician's: a step per technician at work. ``ix_visits_desk`` leads with the site and
the technician and holds only the visits not yet ended that are a technician's (a few
hundred rows after a year of history, as on the first day).

It leaves out the waiting visits nobody has taken (``technician = ''``), the whole line:
given it, the planner could fetch the line's head for ``call_next`` (``technician = ''
OR technician = :me``) by technician and sort the whole line, where ``ix_visits_line``
hands it the head in order. Only a query that says ``technician <> ''`` in so many
words (``serving``) can use it.

``visit_stats``' two histogram blobs are stored out of line and uncompressed on
PostgreSQL (``STORAGE EXTERNAL``, ``toast_tuple_target`` 128). Each visit's end adds to
the sums of its day's and month's rows, then rewrites their histograms: with the blobs
inline, both writes copied them (a busy day's are a kilobyte or more each) into a new
row version and into the WAL; out of line, the sums' write copies a pointer, and the
histograms' write stores them once, without trying to compress them first (six rows
with kilobyte blobs rewritten as a visit's end does: 26.3 KiB of WAL a transaction
before, 18.5 after). SQLite has no such setting (nothing changes there).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None
AT_A_DESK = sa.text("ended_at IS NULL AND technician <> ''")


def upgrade() -> None:
    op.create_index("ix_visits_desk", "visits", ["site", "technician", "state"],
                    sqlite_where=AT_A_DESK, postgresql_where=AT_A_DESK)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE visit_stats ALTER COLUMN wait_hist SET STORAGE EXTERNAL, "
                   "ALTER COLUMN handling_hist SET STORAGE EXTERNAL, "
                   "SET (toast_tuple_target = 128)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE visit_stats ALTER COLUMN wait_hist SET STORAGE EXTENDED, "
                   "ALTER COLUMN handling_hist SET STORAGE EXTENDED, "
                   "RESET (toast_tuple_target)")
    op.drop_index("ix_visits_desk", table_name="visits")
