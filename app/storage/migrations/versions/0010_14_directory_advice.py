"""directory: what advisors filter by (appointment, cost, ages, channel) and their flags of wrong entries

Revision ID: 0010_14
Revises: 0009_15
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_14"
down_revision = "0009_15"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dir_services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appointment_needed", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("is_free", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("minimum_age", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("maximum_age", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("channel", sa.String(length=20), nullable=True))
    op.create_table(
        "dir_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_source", sa.String(length=80), nullable=False),
        sa.Column("service_source_id", sa.String(length=200), nullable=False),
        sa.Column("service_name", sa.JSON(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dir_flags_sent_at", "dir_flags", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_dir_flags_sent_at", table_name="dir_flags")
    op.drop_table("dir_flags")
    with op.batch_alter_table("dir_services", schema=None) as batch_op:
        for column in ("channel", "maximum_age", "minimum_age", "is_free", "appointment_needed"):
            batch_op.drop_column(column)
