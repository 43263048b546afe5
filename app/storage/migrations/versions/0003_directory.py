"""the offline service directory (HSDS-aligned tables) and its full-text search

Revision ID: 0003
Revises: 0002

dir_search holds each service's text folded (lower case, no diacritics: app.text.fold) for
word and prefix search; dir_search_trigram the names and keywords for parts of compound words;
dir_search_vocab lists dir_search's words for the typo-tolerant search.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dir_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("street", sa.JSON(), nullable=False),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.JSON(), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "source_id", name="uq_dir_locations_source"),
    )
    op.create_table(
        "dir_organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("website", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "source_id", name="uq_dir_organizations_source"),
    )
    op.create_table(
        "dir_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("alternate_name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("url", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assured_date", sa.Date(), nullable=True),
        sa.Column("modified_at", sa.DateTime(), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_record", sa.JSON(), nullable=True),
        sa.Column("local_record", sa.JSON(), nullable=True),
        sa.Column("pending_record", sa.JSON(), nullable=True),
        sa.Column("languages_seen", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("is_withdrawn", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["dir_organizations.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "source_id", name="uq_dir_services_source"),
    )
    op.create_index("ix_dir_services_updated_at", "dir_services", ["updated_at"], unique=False)
    op.create_table(
        "dir_phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["dir_services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_phones_service_id"), ["service_id"], unique=False)

    op.create_table(
        "dir_pins",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["dir_services.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("site_id", "service_id"),
    )
    op.create_table(
        "dir_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("byday", sa.String(length=30), nullable=False),
        sa.Column("opens_at", sa.String(length=8), nullable=True),
        sa.Column("closes_at", sa.String(length=8), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["dir_services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_schedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_schedules_service_id"), ["service_id"], unique=False)

    op.create_table(
        "dir_service_at_location",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["location_id"], ["dir_locations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["dir_services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("service_id", "location_id"),
    )
    op.create_table(
        "dir_service_languages",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["dir_services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("service_id", "code"),
    )
    with op.batch_alter_table("dir_service_languages", schema=None) as batch_op:
        batch_op.create_index("ix_dir_service_languages_code", ["code", "service_id"], unique=False)

    op.create_table(
        "dir_service_topics",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["dir_services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("service_id", "code"),
    )
    with op.batch_alter_table("dir_service_topics", schema=None) as batch_op:
        batch_op.create_index("ix_dir_service_topics_code", ["code", "service_id"], unique=False)
    op.execute(
        "CREATE VIRTUAL TABLE dir_search USING fts5(name, other, body, topics, content='', contentless_delete=1,"
        " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    op.execute(
        "CREATE VIRTUAL TABLE dir_search_trigram USING fts5(text, content='', contentless_delete=1, tokenize='trigram')"
    )
    op.execute("CREATE VIRTUAL TABLE dir_search_vocab USING fts5vocab(dir_search, 'row')")


def downgrade() -> None:
    op.execute("DROP TABLE dir_search_vocab")
    op.execute("DROP TABLE dir_search_trigram")
    op.execute("DROP TABLE dir_search")
    with op.batch_alter_table("dir_service_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_dir_service_topics_code")

    op.drop_table("dir_service_topics")
    with op.batch_alter_table("dir_service_languages", schema=None) as batch_op:
        batch_op.drop_index("ix_dir_service_languages_code")

    op.drop_table("dir_service_languages")
    op.drop_table("dir_service_at_location")
    with op.batch_alter_table("dir_schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_schedules_service_id"))

    op.drop_table("dir_schedules")
    op.drop_table("dir_pins")
    with op.batch_alter_table("dir_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_phones_service_id"))

    op.drop_table("dir_phones")
    op.drop_table("dir_services")
    op.drop_table("dir_organizations")
    op.drop_table("dir_locations")
