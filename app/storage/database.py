"""The encrypted database of one data folder: its key, its engine, its sessions and the mapping of its errors.

Nothing else lives here: the first site, the starter directory and the code lists are the Desk's business
(app/desk.py). A store's database is never deleted or written over by anything in this module: creating refuses
a folder that holds one, and opening refuses a database that is missing, empty or has lost its key file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import (
    DiskFull,
    StoreBusy,
    StoreDamaged,
    StoreExists,
    StoreKeyMissing,
    StoreLocked,
    StoreMissing,
    WrongPassphrase,
)
from app.passphrase import check_new_passphrase
from app.storage.engine import open_engine, translate_database_error
from app.storage.keys import AttemptThrottle, KeyFile, new_key_file

DB_NAME = "neuvo.db"
KEY_NAME = "neuvo.key"
ATTEMPTS_NAME = "unlock-attempts.json"
LOCK_NAME = "unlock.lock"
# A store being set up is built under a name of its own and takes the real name only once it is complete.
SETUP_PREFIX = "neuvo-setup-"
# Parallel unlock attempts wait for each other at most this long; then they are told the store is busy.
UNLOCK_LOCK_SECONDS = 30.0

# A session factory: `with sessions() as session, session.begin(): ...` (what every application service takes).
Sessions = Callable[[], AbstractContextManager[Session]]


def private_folder(path: Path) -> None:
    """Make `path` (and no parents) a folder only this user can open."""
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # e.g. a folder on a file system without Unix permissions
        os.chmod(path, 0o700)


def _sidecars(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


class Database:
    """The SQLCipher database in `data_dir`: create, unlock, lock, change the passphrase, hand out sessions."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._engine: Engine | None = None
        self._sessionmaker: sessionmaker[Session] | None = None
        self.last_backup: Path | None = None

    # -- files -----------------------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def key_path(self) -> Path:
        return self.data_dir / KEY_NAME

    def exists(self) -> bool:
        """A store exists once its key file is written (the last step of creating one)."""
        return self.key_path.exists()

    def has_database_file(self) -> bool:
        return self.db_path.exists() or any(path.exists() for path in _sidecars(self.db_path))

    def check_files(self) -> None:
        """Refuse, with what to do, a folder whose database cannot be opened as it is (nothing is changed)."""
        if not self.exists():
            if self.has_database_file():
                raise StoreKeyMissing(str(self.data_dir))
            raise StoreMissing(str(self.data_dir))
        if not self.db_path.exists():
            if self._finish_interrupted_setup():
                return
            raise StoreDamaged(
                f"The database {self.db_path} is missing. Restore it from your backup copy; nothing was changed.",
                reason="store.database_missing",
            )
        if self.db_path.stat().st_size == 0:
            raise StoreDamaged(
                f"The database {self.db_path} is empty (0 bytes): it was damaged or cut short. Restore it from your "
                "backup copy; nothing was changed.",
                reason="store.database_empty",
            )

    def _throttle(self, key_file: KeyFile) -> AttemptThrottle:
        return AttemptThrottle(self.data_dir / ATTEMPTS_NAME, key_file)

    def _unlock_lock(self) -> FileLock:
        return FileLock(str(self.data_dir / LOCK_NAME), timeout=UNLOCK_LOCK_SECONDS)

    # -- lifecycle -------------------------------------------------------------------------------
    def create(self, passphrase: str, populate: Callable[[Database], None] | None = None) -> str:
        """Create the store; `populate` fills the new database (first site, directory) before it is complete.

        Returns the recovery key (shown once). Refuses a folder that already holds a store or a database.
        """
        if self.exists():
            raise StoreExists(str(self.data_dir))
        if self.has_database_file():
            raise StoreKeyMissing(str(self.data_dir), is_init=True)
        check_new_passphrase(passphrase)
        private_folder(self.data_dir)
        for leftover in self.data_dir.glob(SETUP_PREFIX + "*"):
            leftover.unlink()  # an interrupted setup: setup data only, never a visit
        setup_path = self.data_dir / f"{SETUP_PREFIX}{secrets.token_hex(4)}.db"
        key_file, data_key, recovery_key = new_key_file(self.key_path, passphrase)
        try:
            _create_private_file(setup_path)
            self._open(data_key, setup_path)
            if populate is not None:
                populate(self)
            self.lock()  # the last connection checkpoints the WAL into the file
            key_file.save()
            os.replace(setup_path, self.db_path)
        except BaseException:
            self.lock()
            for partial in [setup_path, *_sidecars(setup_path)]:
                with contextlib.suppress(OSError):
                    partial.unlink()
            if not self.db_path.exists():
                with contextlib.suppress(OSError):
                    self.key_path.unlink()
            raise
        self._open(data_key, self.db_path)
        return recovery_key

    def _finish_interrupted_setup(self) -> bool:
        """A setup killed between saving the key file and naming the database: finish it (True) if it is that."""
        candidates = sorted(self.data_dir.glob(SETUP_PREFIX + "*.db"))
        if len(candidates) != 1 or candidates[0].stat().st_size == 0:
            return False
        os.replace(candidates[0], self.db_path)
        return True

    def _key_file(self) -> KeyFile:
        self.check_files()
        return KeyFile.load(self.key_path)

    def unwrap(self, passphrase: str) -> bytes:
        """Check the passphrase (slowed down after repeated failures) and return the data key.

        Attempts are counted before the passphrase is checked, one at a time (a lock), in the counter file and
        in the key file, so that parallel attempts, a killed process or a deleted counter file gain nothing.
        """
        key_file = self._key_file()
        try:
            with self._unlock_lock():
                key_file = KeyFile.load(self.key_path)  # the count another process just wrote
                throttle = self._throttle(key_file)
                throttle.check()
                throttle.record_attempt()
                try:
                    data_key = key_file.unwrap_with_passphrase(passphrase)
                except WrongPassphrase:
                    raise WrongPassphrase(wait_seconds=throttle.seconds_to_wait()) from None
                throttle.reset()
                return data_key
        except Timeout:
            raise StoreBusy() from None
        except OSError as error:
            raise _file_error(error, self.data_dir) from None

    def unlock(self, passphrase: str) -> None:
        self.open_with_key(self.unwrap(passphrase))

    def unlock_with_recovery_key(self, recovery_key: str, new_passphrase: str) -> None:
        """Open with the recovery key and set a new passphrase (the old one stops working)."""
        check_new_passphrase(new_passphrase)
        key_file = self._key_file()
        data_key = key_file.unwrap_with_recovery_key(recovery_key)
        self.open_with_key(data_key)
        key_file.set_passphrase(data_key, new_passphrase)
        key_file.reset_failures()
        try:
            key_file.save()
            self._throttle(key_file).reset()
        except OSError as error:
            raise _file_error(error, self.data_dir) from None

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the data key under a new passphrase; the database is not re-encrypted."""
        check_new_passphrase(new)
        key_file = self._key_file()
        data_key = key_file.unwrap_with_passphrase(current)
        key_file.set_passphrase(data_key, new)
        try:
            key_file.save()
        except OSError as error:
            raise _file_error(error, self.data_dir) from None

    def open_with_key(self, data_key: bytes) -> None:
        """Open with an already unwrapped data key (after `unwrap`, possibly on another thread)."""
        self.check_files()
        self._open(data_key, self.db_path)

    def _open(self, data_key: bytes, path: Path) -> None:
        from app.storage.schema import upgrade_to_head

        self.lock()
        engine = open_engine(path, data_key)
        try:
            self.last_backup = upgrade_to_head(engine, path)
        except DatabaseError as error:
            engine.dispose()
            raise translate_database_error(error, path) from None
        except OSError as error:
            engine.dispose()
            raise _file_error(error, self.data_dir) from None
        except BaseException:
            engine.dispose()
            raise
        self._engine = engine
        self._sessionmaker = sessionmaker(engine, expire_on_commit=False)

    def lock(self) -> None:
        """Close the database and drop the key."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._sessionmaker = None

    @property
    def is_locked(self) -> bool:
        return self._engine is None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreLocked()
        return self._engine

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session; use `with database.session() as s, s.begin():` for one transaction."""
        if self._sessionmaker is None:
            raise StoreLocked()
        try:
            with self._sessionmaker() as session:
                yield session
        except DatabaseError as error:
            raise translate_database_error(error, self.db_path) from None
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise DiskFull() from None
            raise


def _create_private_file(path: Path) -> None:
    """An empty file only this user can read (SQLite gives its -wal and -shm files the same permissions)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)


def _file_error(error: OSError, data_dir: Path) -> Exception:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull()
    return StoreDamaged(
        f"A file of the store in {data_dir} cannot be written or read ({error.strerror}). Nothing was changed.",
        reason="store.file_error",
        params={"problem": error.strerror or ""},
    )
