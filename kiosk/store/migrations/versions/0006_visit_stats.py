"""Running aggregates of the shared metrics: a year's report without reading a year of visits.

``visit_stats`` holds one row per site, local day a visit ended, dimension and key,
with the sums the report needs and two duration histograms, and the same per local
month (``span``), so a year is read from about twelve rows a group; ``visit_stats_sites`` says,
per site, with which settings (UTC offset, category targets) the rows were computed and
whether they are complete.

Existing visits are not summed here: the local day, the hour and the targets met depend
on the site's settings, which a migration does not have. A site with visits from before
this revision has no ``visit_stats_sites`` row, so its reports keep reading the raw
visits (as before, only slower over long ranges) until ``techbar metrics rebuild`` has
built every day. A new database (or a site whose first visit ends after this revision)
starts complete and is kept up to date by every visit that ends.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SUMS = ("visits", "called", "wait_sum", "handled", "handling_sum", "wait_measured", "wait_met",
        "resolution_measured", "resolution_met", "surveys", "happy", "score_sum",
        "first_visit_measured", "first_visit_resolved", "no_show", "cancelled")
WIDE = ("wait_sum", "handling_sum")


def upgrade() -> None:
    op.create_table(
        "visit_stats",
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("span", sa.String(5), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("dimension", sa.String(16), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        *(sa.Column(name, sa.BigInteger if name in WIDE else sa.Integer, nullable=False)
          for name in SUMS),
        sa.Column("wait_hist", sa.LargeBinary, nullable=False),
        sa.Column("handling_hist", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("site", "span", "day", "dimension", "key", name="pk_visit_stats"),
    )
    op.create_table(
        "visit_stats_sites",
        sa.Column("site", sa.String(32), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer, nullable=False),
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("ready", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("site", name="pk_visit_stats_sites"),
    )


def downgrade() -> None:
    op.drop_table("visit_stats_sites")
    op.drop_table("visit_stats")
