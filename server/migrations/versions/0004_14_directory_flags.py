"""Advisors' flags of wrong or out-of-date directory entries, and the coordinator's server settings (the HSDS API's
access token).

Revision ID: 0004_14
Revises: 0003_13
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.storage.types import UTCDateTime

revision = "0004_14"
down_revision = "0003_13"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("service_source", sa.String(length=80), nullable=False),
        sa.Column("service_source_id", sa.String(length=200), nullable=False),
        sa.Column("service_name", sa.JSON(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("flagged_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "client_id", name="uq_directory_flags_device_client"),
    )
    op.create_index("ix_directory_flags_device_id", "directory_flags", ["device_id"])
    op.create_table(
        "server_settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("server_settings")
    op.drop_index("ix_directory_flags_device_id", table_name="directory_flags")
    op.drop_table("directory_flags")
