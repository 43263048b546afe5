"""weekly reports count referrals by directory service

Revision ID: 0005
Revises: 0004

An index lets the report count referred services per (site, week) without reading visit rows, and every
stored report is marked for rebuilding so that weeks counted before this version gain the new counts.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_referral_service", ["site_id", "week", "referral_service_id"], unique=False)
    op.execute("UPDATE week_reports SET is_dirty = 1")


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_referral_service")
    op.execute("UPDATE week_reports SET is_dirty = 1")
