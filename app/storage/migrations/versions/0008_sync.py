"""sync with the statistics server: the device's identity and state, acknowledged and closed weeks

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("device_secret", sa.String(length=64), nullable=False),
        sa.Column("previous_device_id", sa.String(length=32), nullable=True),
        sa.Column("previous_device_secret", sa.String(length=64), nullable=True),
        sa.Column("server_url", sa.String(length=500), nullable=True),
        sa.Column("ca_bundle", sa.Text(), nullable=True),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=True),
        sa.Column("is_revoked", sa.Boolean(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_kind", sa.String(length=40), nullable=True),
        sa.Column("directory_etag", sa.String(length=200), nullable=True),
        sa.Column("codes_etag", sa.String(length=200), nullable=True),
        sa.Column("codes_document", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # Existing weeks start unacknowledged: after enrolling, every week is sent once.
    with op.batch_alter_table("week_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acked_revision", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("is_closed", sa.Boolean(), nullable=False, server_default=sa.false()))
    # The server default only fills existing rows; the model supplies the value from now on.
    with op.batch_alter_table("week_reports", schema=None) as batch_op:
        batch_op.alter_column("acked_revision", server_default=None)
        batch_op.alter_column("is_closed", server_default=None)
    # Referral codes are now percent-encoded for the wire: rebuild the weeks that count referrals.
    op.execute("UPDATE week_reports SET is_dirty = 1 WHERE payload LIKE '%referral_service%'")


def downgrade() -> None:
    with op.batch_alter_table("week_reports", schema=None) as batch_op:
        batch_op.drop_column("is_closed")
        batch_op.drop_column("acked_revision")
    op.drop_table("sync_state")
