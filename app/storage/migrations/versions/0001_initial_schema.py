"""initial schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("usual_languages", sa.JSON(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "desk_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("staff", sa.String(length=200), nullable=True),
        sa.Column("partner", sa.String(length=200), nullable=True),
        sa.Column("is_from_paper", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("desk_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_sessions_site_id"), ["site_id"], unique=False)

    op.create_table(
        "week_reports",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("is_dirty", sa.Boolean(), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
        ),
        sa.PrimaryKeyConstraint("site_id", "week"),
    )
    op.create_table(
        "weekly_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("end_time", sa.String(length=5), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("weekly_slots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_weekly_slots_site_id"), ["site_id"], unique=False)

    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("weekday", sa.String(length=3), nullable=False),
        sa.Column("hour", sa.String(length=2), nullable=False),
        sa.Column("contact", sa.String(length=40), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("interpreter", sa.String(length=40), nullable=True),
        sa.Column("found_via", sa.String(length=40), nullable=True),
        sa.Column("duration", sa.String(length=40), nullable=True),
        sa.Column("referral_category", sa.String(length=40), nullable=True),
        sa.Column("referral_reason", sa.String(length=40), nullable=True),
        sa.Column("age_band", sa.String(length=40), nullable=True),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("years_in_finland", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["desk_sessions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["sites.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_at", ["at"], unique=False)
        batch_op.create_index("ix_visits_site_week", ["site_id", "week"], unique=False)
        batch_op.create_index("ix_visits_week", ["week"], unique=False)

    op.create_table(
        "visit_languages",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("visit_id", "code"),
    )
    op.create_table(
        "visit_outcomes",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("visit_id", "code"),
    )
    op.create_table(
        "visit_topics",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("visit_id", "code"),
    )


def downgrade() -> None:

    op.drop_table("visit_topics")
    op.drop_table("visit_outcomes")
    op.drop_table("visit_languages")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_week")
        batch_op.drop_index("ix_visits_site_week")
        batch_op.drop_index("ix_visits_at")

    op.drop_table("visits")
    with op.batch_alter_table("weekly_slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weekly_slots_site_id"))

    op.drop_table("weekly_slots")
    op.drop_table("week_reports")
    with op.batch_alter_table("desk_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_sessions_site_id"))

    op.drop_table("desk_sessions")
    op.drop_table("sites")
    op.drop_table("settings")
