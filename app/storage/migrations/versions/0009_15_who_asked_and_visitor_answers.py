"""who asked (the person themself, a relative, a professional) and the visitor's own exit answers, counted per week

Revision ID: 0009_15
Revises: 0008

The weekly report's covering index gets the new column. The exit answers are counts per (site, week, answer) only:
nothing ties one to the visit it followed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_15"
down_revision = "0008"
branch_labels = None
depends_on = None

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
        batch_op.add_column(sa.Column("asked_by", sa.String(length=40), nullable=True))
        batch_op.drop_index("ix_visits_report")
        batch_op.create_index(
            "ix_visits_report", ["site_id", "week", "participants", *REPORT_COLUMNS, "asked_by"], unique=False
        )
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("asks_exit_question", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.alter_column("asks_exit_question", server_default=None)
    op.create_table(
        "visitor_answer_counts",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("answer", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("site_id", "week", "answer"),
    )


def downgrade() -> None:
    op.drop_table("visitor_answer_counts")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("asks_exit_question")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_report")
        batch_op.create_index("ix_visits_report", ["site_id", "week", "participants", *REPORT_COLUMNS], unique=False)
        batch_op.drop_column("asked_by")
