"""a visit's referral can name the directory entry the visitor was sent to

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("referral_service_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_visits_referral_service_id_dir_services",
            "dir_services",
            ["referral_service_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_constraint("fk_visits_referral_service_id_dir_services", type_="foreignkey")
        batch_op.drop_column("referral_service_id")
