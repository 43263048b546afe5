"""Opens the SQLCipher database with the raw data key (no KDF per connection), WAL and full sync."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError

from app.errors import DiskFull, StoreBusy, StoreDamaged, StoreFault

# SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes carry them in the low byte.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL = 5, 6, 10, 11, 13
SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_READONLY, SQLITE_PERM = 14, 26, 8, 3


def _raw_key_pragma_value(data_key: bytes) -> str:
    # SQLAlchemy's pysqlcipher dialect quotes the password: PRAGMA key = "x'…'" is SQLCipher's raw key.
    return f"x'{data_key.hex()}'"


def open_engine(db_path: Path, data_key: bytes) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=_raw_key_pragma_value(data_key), database=str(db_path))
    # hide_parameters: an error's text names the statement, never the values (a visit's note, its codes).
    engine = create_engine(url, hide_parameters=True)

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
    except OSError as error:
        engine.dispose()
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull() from None
        raise
    return engine


def sqlite_code(error: BaseException) -> int | None:
    """SQLite's primary result code behind `error` (a DBAPI error or SQLAlchemy's wrapper), if it has one."""
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate_database_error(error: Exception, db_path: Path) -> Exception:
    """A storage failure as a message a person understands, told apart by SQLite's result code.

    A failure of no known kind becomes StoreFault, which names SQLite's error and nothing of the data.
    """
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull()
    code = sqlite_code(error)
    if code == SQLITE_FULL:
        return DiskFull()
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy()
    if code in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return StoreDamaged(
            f"The database {db_path} cannot be read with this store's key; it may be damaged. Nothing was changed.",
            reason="store.unreadable",
        )
    if code == SQLITE_IOERR:
        return StoreDamaged(
            f"The disk did not let Neuvo read or write {db_path} (the disk may be full, removed or failing). "
            "Nothing was changed.",
            reason="store.io_error",
        )
    if code in (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM):
        return StoreDamaged(
            f"Neuvo may not open or write {db_path} (check the folder's permissions and free space). "
            "Nothing was changed.",
            reason="store.cannot_open",
        )
    original = getattr(error, "orig", error)
    name = getattr(original, "sqlite_errorname", None) or type(original).__name__
    return StoreFault(str(name))
