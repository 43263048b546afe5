"""the directory's names, folded, in an indexed table: the exact name typed is found first in any directory

Revision ID: 0006
Revises: 0005
"""

import json

import sqlalchemy as sa
from alembic import op

from app.text import words

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dir_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["dir_services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dir_names_name", "dir_names", ["name"], unique=False)
    op.create_index("ix_dir_names_service_id", "dir_names", ["service_id"], unique=False)
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, name FROM dir_services WHERE NOT is_withdrawn"))
    names = [
        {"id": service_id, "name": folded}
        for service_id, raw in rows
        for folded in {" ".join(words(name))[:400] for name in json.loads(raw or "{}").values() if words(name)}
    ]
    if names:
        connection.execute(sa.text("INSERT INTO dir_names (service_id, name) VALUES (:id, :name)"), names)


def downgrade() -> None:
    op.drop_index("ix_dir_names_service_id", table_name="dir_names")
    op.drop_index("ix_dir_names_name", table_name="dir_names")
    op.drop_table("dir_names")
