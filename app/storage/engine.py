"""Opens the SQLCipher database with the raw data key (no KDF per connection), WAL and full sync."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError

from app.errors import DiskFull, StoreDamaged


def _raw_key_pragma_value(data_key: bytes) -> str:
    # SQLAlchemy's pysqlcipher dialect quotes the password: PRAGMA key = "x'…'" is SQLCipher's raw key.
    return f"x'{data_key.hex()}'"


def open_engine(db_path: Path, data_key: bytes) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=_raw_key_pragma_value(data_key), database=str(db_path))
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL with synchronous=FULL: a commit that returned survives a killed process or a power cut.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.close()

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    except DatabaseError as error:
        engine.dispose()
        raise translate_database_error(error, db_path) from None
    return engine


def translate_database_error(error: Exception, db_path: Path) -> Exception:
    """A known storage failure as a message a person understands."""
    message = str(getattr(error, "orig", error)).lower()
    if "disk is full" in message or "database or disk is full" in message:
        return DiskFull()
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return DiskFull()
    if "not a database" in message or "malformed" in message:
        return StoreDamaged(
            f"The database {db_path} cannot be read with this store's key; it may be damaged. Nothing was changed."
        )
    if isinstance(error, OperationalError) and "locked" in message:
        return StoreDamaged("The database is in use by another Neuvo window or command. Try again.")
    return error
