"""Brings the database to the schema this version expects: backup first, refuse a newer file."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from app.errors import StoreDamaged, StoreTooNew

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Known here so that an unlock with nothing to migrate never imports Alembic (it costs ~0.1 s);
# tests/storage/test_schema.py checks these against the migration scripts.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009_15", "0010_14")
HEAD_REVISION = KNOWN_REVISIONS[-1]


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config(connection: Connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def backup_before_migration(engine: Engine, db_path: Path, revision: str) -> Path:
    """Copy the (still encrypted) file aside, complete: the WAL is folded in first."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.before-{HEAD_REVISION}-from-{revision}-{stamp}.bak")
    shutil.copy2(db_path, target)
    return target


def upgrade_to_head(engine: Engine, db_path: Path) -> Path | None:
    """Migrate if needed; returns the backup made, if any. Raises StoreTooNew for a newer file."""
    with engine.connect() as connection:
        revision = current_revision(connection)
    if revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreTooNew(revision)
    backup = backup_before_migration(engine, db_path, revision) if revision is not None else None
    migrate(engine, "head")
    return backup


def migrate(engine: Engine, revision: str, downgrade: bool = False) -> None:
    """Run the migrations to `revision` in one transaction, with foreign keys off.

    SQLite rebuilds a table to alter it; with foreign keys on, dropping the old `visits` table would
    cascade into the visits' topics. Foreign keys are checked once the migration is done.
    """
    from alembic import command

    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.commit()  # the pragma only takes effect outside a transaction
        try:
            with connection.begin():
                run = command.downgrade if downgrade else command.upgrade
                run(_alembic_config(connection), revision)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StoreDamaged(f"The migration left {len(problems)} broken references; nothing was changed.")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.commit()
