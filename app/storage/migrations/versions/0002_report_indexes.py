"""covering indexes for weekly reports and today's visits

Revision ID: 0002
Revises: 0001

The multi-select tables get the visit's site and week (filled from their visits here, kept equal by
VisitService), so that a weekly report is counted from indexes alone, without a join per visit.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CODE_TABLES = ("visit_topics", "visit_languages", "visit_outcomes")
REPORT_COLUMNS = (
    "interpreter",
    "contact",
    "found_via",
    "referral_category",
    "referral_reason",
    "duration",
    "hour",
    "weekday",
    "age_band",
    "gender",
    "years_in_finland",
)


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_site_at", ["site_id", "at"], unique=False)
        batch_op.create_index("ix_visits_report", ["site_id", "week", "participants", *REPORT_COLUMNS], unique=False)
    for table in CODE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("site_id", sa.Integer(), nullable=False, server_default="0"))
            batch_op.add_column(sa.Column("week", sa.String(length=8), nullable=False, server_default=""))
        op.execute(
            f"UPDATE {table} SET (site_id, week) = "
            f"(SELECT visits.site_id, visits.week FROM visits WHERE visits.id = {table}.visit_id)"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("site_id", server_default=None)
            batch_op.alter_column("week", server_default=None)
            batch_op.create_index(f"ix_{table}_report", ["site_id", "week", "code"], unique=False)


def downgrade() -> None:
    for table in CODE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_report")
            batch_op.drop_column("week")
            batch_op.drop_column("site_id")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_report")
        batch_op.drop_index("ix_visits_site_at")
