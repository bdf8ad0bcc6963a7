"""The line found by site: an index that does not grow with a year of history.

``ix_visits_queue`` did not lead with the site and held every visit ever made, so the
planners scanned a site's whole history for its line, and ``ORDER BY priority DESC,
queued_at`` could not walk it in order. ``ix_visits_line`` is partial: it holds only
the visits not yet ended (``ended_at IS NULL``), a few hundred rows after a year as
on the first day, leads with the site and the state, and is ordered as the line is
(highest priority first, then arrival, then ticket), so the head of the line is its
first entry. Because it is small, its statistics tell both planners the truth: the
active visits are few, whatever the history.

``ix_visits_ended`` becomes partial the other way (``ended_at IS NOT NULL``): every
query of it asks for a range of end times, which implies as much, and it no longer
offers the planners its NULLs as a second, unordered way to the active visits.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None
OPEN = sa.text("ended_at IS NULL")
ENDED = sa.text("ended_at IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_visits_line", "visits",
                    ["site", "state", sa.text("priority DESC"), "queued_at", "ticket_number"],
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.drop_index("ix_visits_queue", table_name="visits")
    op.drop_index("ix_visits_ended", table_name="visits")
    op.create_index("ix_visits_ended", "visits", ["site", "ended_at"],
                    sqlite_where=ENDED, postgresql_where=ENDED)


def downgrade() -> None:
    op.drop_index("ix_visits_ended", table_name="visits")
    op.create_index("ix_visits_ended", "visits", ["site", "ended_at"])
    op.create_index("ix_visits_queue", "visits", ["state", "priority", "queued_at"])
    op.drop_index("ix_visits_line", table_name="visits")
