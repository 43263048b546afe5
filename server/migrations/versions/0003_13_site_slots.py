"""Sites get their usual weekly slots as laptops send them (issue 13: completeness expects a report every week
of a site with slots).

Revision ID: 0003_13
Revises: 0002_12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.storage.types import UTCDateTime

revision = "0003_13"
down_revision = "0002_12"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("slots", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("slots_updated_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("slots_updated_at")
        batch.drop_column("slots")
