"""The schema: known revisions match the Alembic scripts, a new file gets every table, a newer file is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.desk import Desk
from app.errors import StoreTooNew
from app.storage import schema
from app.storage.database import Database
from app.storage.engine import open_engine
from app.storage.models import Base
from app.visits import VisitInput
from tests.conftest import PASSPHRASE

FTS_PREFIX = "dir_search"  # the directory's FTS5 tables (and their shadow tables) are not ORM models


def _not_full_text_search(name: str | None, type_: str, parent_names: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(FTS_PREFIX))


def script_directory() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_known_revisions_are_the_alembic_scripts_in_order() -> None:
    scripts = script_directory()
    oldest_first = [revision.revision for revision in reversed(list(scripts.walk_revisions()))]
    assert list(schema.KNOWN_REVISIONS) == oldest_first
    assert scripts.get_heads() == [schema.HEAD_REVISION]


def test_upgrading_an_empty_encrypted_file_creates_every_model_table(tmp_path: Path) -> None:
    db_path = tmp_path / "empty.db"
    engine = open_engine(db_path, os.urandom(32))
    try:
        assert schema.upgrade_to_head(engine, db_path) is None, "a new file has nothing to back up"
        with engine.connect() as connection:
            inspector = inspect(connection)
            tables = {name for name in inspector.get_table_names() if not name.startswith(FTS_PREFIX)}
            assert tables == set(Base.metadata.tables) | {"alembic_version"}
            for name, table in Base.metadata.tables.items():
                columns = {column["name"] for column in inspector.get_columns(name)}
                assert columns == set(table.columns.keys()), name
            assert schema.current_revision(connection) == schema.HEAD_REVISION
            differences = compare_metadata(
                MigrationContext.configure(
                    connection, opts={"compare_type": True, "include_name": _not_full_text_search}
                ),
                Base.metadata,
            )
            assert differences == []
    finally:
        engine.dispose()
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    assert list(tmp_path.glob("*.bak")) == []


def stamp_revision(store: Database, revision: str) -> None:
    store.lock()
    engine = open_engine(store.db_path, store.unwrap(PASSPHRASE))
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :revision"), {"revision": revision})
    finally:
        engine.dispose()


def test_database_from_a_newer_version_is_refused_and_left_byte_identical(store: Database) -> None:
    Desk(store).visits.add(VisitInput(topics=("housing",)))
    stamp_revision(store, "9999")
    before = folder_bytes(store.data_dir)

    reopened = Database(store.data_dir)
    with pytest.raises(StoreTooNew) as refused:
        reopened.unlock(PASSPHRASE)

    assert refused.value.revision == "9999"
    assert "newer version" in str(refused.value)
    assert reopened.is_locked
    assert folder_bytes(store.data_dir) == before


def test_backup_before_migration_is_a_complete_encrypted_copy(store: Database) -> None:
    visit_id = Desk(store).visits.add(VisitInput(topics=("housing",)))  # still in the WAL
    data_key = store.unwrap(PASSPHRASE)

    backup = schema.backup_before_migration(store.engine, store.db_path, "0000")

    assert backup.parent == store.data_dir
    assert backup.name.startswith(f"neuvo.db.before-{schema.HEAD_REVISION}-from-0000-")
    assert backup.name.endswith(".bak")
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    copy_engine = open_engine(backup, data_key)
    try:
        with copy_engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM visits")).scalars().all() == [visit_id]
    finally:
        copy_engine.dispose()


def test_unlocking_a_store_at_head_makes_no_backup(store: Database) -> None:
    Desk(store).visits.add(VisitInput(topics=("housing",)))
    assert schema.upgrade_to_head(store.engine, store.db_path) is None
    store.lock()
    reopened = Database(store.data_dir)
    reopened.unlock(PASSPHRASE)
    assert reopened.last_backup is None
    reopened.lock()
    assert list(store.data_dir.glob("*.bak")) == []


def test_a_0001_store_with_visits_is_migrated_and_counts_the_same(store: Database) -> None:
    from datetime import UTC, datetime

    library = Desk(store).sites.add("Itäkeskus library")
    visits = Desk(store).visits
    visits.add(
        VisitInput(topics=("housing", "kela-income"), languages=("ar",), at=datetime(2026, 11, 9, 10, tzinfo=UTC))
    )
    visits.add(
        VisitInput(
            topics=("housing",), outcomes=("referred",), site_id=library.id, at=datetime(2026, 11, 16, 9, tzinfo=UTC)
        )
    )
    before = Desk(store).statistics.weekly_reports("2026-W46", "2026-W47")
    schema.migrate(store.engine, "0001", downgrade=True)
    with store.engine.connect() as connection:
        assert "site_id" not in {column["name"] for column in inspect(connection).get_columns("visit_topics")}
    store.lock()

    reopened = Database(store.data_dir)
    reopened.unlock(PASSPHRASE)
    try:
        assert reopened.last_backup is not None, "the 0001 file was copied aside before migrating"
        with reopened.engine.connect() as connection:
            rows = connection.execute(text("SELECT site_id, week, code FROM visit_topics ORDER BY week, code")).all()
        assert [tuple(row) for row in rows] == [
            (1, "2026-W46", "housing"),
            (1, "2026-W46", "kela-income"),
            (library.id, "2026-W47", "housing"),
        ]
        with reopened.session() as session, session.begin():
            session.execute(text("UPDATE week_reports SET is_dirty = 1"))
        assert Desk(reopened).statistics.weekly_reports("2026-W46", "2026-W47") == before
    finally:
        reopened.lock()


def test_a_0008_store_is_migrated_to_who_asked_and_the_exit_answers_and_counts_the_same(store: Database) -> None:
    """Issue 15: the visits of an older store stay as they were, with nobody recorded as having asked."""
    from datetime import UTC, datetime

    Desk(store).visits.add(VisitInput(topics=("housing",), languages=("ar",), at=datetime(2026, 11, 9, 10, tzinfo=UTC)))
    before = Desk(store).statistics.weekly_reports("2026-W46", "2026-W46")
    schema.migrate(store.engine, "0008", downgrade=True)
    with store.engine.connect() as connection:
        assert "asked_by" not in {column["name"] for column in inspect(connection).get_columns("visits")}
        assert not inspect(connection).has_table("visitor_answer_counts")
    store.lock()

    reopened = Database(store.data_dir)
    reopened.unlock(PASSPHRASE)
    try:
        assert reopened.last_backup is not None
        with reopened.session() as session, session.begin():
            session.execute(text("UPDATE week_reports SET is_dirty = 1"))
        desk = Desk(reopened)
        assert desk.statistics.weekly_reports("2026-W46", "2026-W46") == before
        [visit] = desk.visits.list_visits(week="2026-W46")
        assert visit.asked_by is None
        assert not desk.sites.default().asks_exit_question
    finally:
        reopened.lock()
