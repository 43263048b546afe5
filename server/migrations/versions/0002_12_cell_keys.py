"""Reports get their secret cell key (disclosure control by perturbation, issue 12; existing ones a random one)
and a column for their counts perturbed with it.

Revision ID: 0002_12
Revises: 0001
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002_12"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("cell_key", sa.String(32), nullable=True))
        # The counts perturbed with the key, made on arrival; NULL for the rows of before (exports work them out).
        batch.add_column(sa.Column("perturbed", sa.JSON(), nullable=True))
    reports = sa.table(
        "reports",
        sa.column("device_id", sa.String()),
        sa.column("site_id", sa.Integer()),
        sa.column("week", sa.String()),
        sa.column("cell_key", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(reports.c.device_id, reports.c.site_id, reports.c.week)).all()
    for device_id, site_id, week in rows:
        connection.execute(
            reports.update()
            .where(reports.c.device_id == device_id, reports.c.site_id == site_id, reports.c.week == week)
            .values(cell_key=secrets.token_hex(16))
        )
    with op.batch_alter_table("reports") as batch:
        batch.alter_column("cell_key", existing_type=sa.String(32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("perturbed")
        batch.drop_column("cell_key")
