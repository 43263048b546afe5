"""The encrypted local store: create, unlock, lock, change the passphrase, and hand out sessions.

One Store object per data folder. Locking disposes the engine and drops the data key.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import (
    DiskFull,
    StoreDamaged,
    StoreExists,
    StoreLocked,
    StoreMissing,
    WrongPassphrase,
)
from app.passphrase import check_new_passphrase
from app.settings import SETTINGS, PlainConfig
from app.storage.engine import open_engine, translate_database_error
from app.storage.keys import AttemptThrottle, KeyFile, new_key_file

log = logging.getLogger(__name__)

DB_NAME = "neuvo.db"
KEY_NAME = "neuvo.key"
ATTEMPTS_NAME = "unlock-attempts.json"


class Store:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.config = PlainConfig(self.data_dir)
        self._engine: Engine | None = None
        self._data_key: bytes | None = None
        self._sessionmaker: sessionmaker[Session] | None = None
        self.last_backup: Path | None = None

    # -- files -----------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def key_path(self) -> Path:
        return self.data_dir / KEY_NAME

    @property
    def throttle(self) -> AttemptThrottle:
        return AttemptThrottle(self.data_dir / ATTEMPTS_NAME)

    def exists(self) -> bool:
        """A store exists once its key file is written (the last step of creating one)."""
        return self.key_path.exists()

    # -- lifecycle -------------------------------------------------------------
    def create(
        self,
        passphrase: str,
        site_name: str,
        usual_languages: list[str] | None = None,
        ui_language: str | None = None,
        with_starter_directory: bool = True,
    ) -> str:
        """Create the store with its first site and the starter directory; returns the recovery key (shown once)."""
        from app.sites import SiteService

        if self.exists():
            raise StoreExists(str(self.data_dir))
        check_new_passphrase(passphrase)
        SiteService.validate_name(site_name)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for leftover in self.data_dir.glob(DB_NAME + "*"):
            leftover.unlink()  # a half-created store from an interrupted setup
        key_file, data_key, recovery_key = new_key_file(self.key_path, passphrase)
        try:
            self._open(data_key, is_new=True)
            with self.session() as session, session.begin():
                SiteService.insert_site(session, site_name, usual_languages or [], is_default=True)
            if with_starter_directory:
                from app.directory.service import DirectoryService

                DirectoryService(self).import_starter()
            key_file.save()
        except BaseException:
            self.lock()
            for partial in self.data_dir.glob(DB_NAME + "*"):
                partial.unlink()
            raise
        if ui_language:
            self.config.set("ui_language", ui_language)
        self.throttle.reset()
        return recovery_key

    def _key_file(self) -> KeyFile:
        if not self.exists():
            raise StoreMissing(str(self.data_dir))
        return KeyFile.load(self.key_path)

    def unwrap(self, passphrase: str) -> bytes:
        """Check the passphrase (slowed down after repeated failures) and return the data key."""
        key_file = self._key_file()
        throttle = self.throttle
        throttle.check()
        try:
            data_key = key_file.unwrap_with_passphrase(passphrase)
        except WrongPassphrase:
            wait = throttle.record_failure()
            raise WrongPassphrase(wait_seconds=wait) from None
        throttle.reset()
        return data_key

    def unlock(self, passphrase: str) -> None:
        self._open(self.unwrap(passphrase))

    def unlock_with_recovery_key(self, recovery_key: str, new_passphrase: str) -> None:
        """Open with the recovery key and set a new passphrase (the old one stops working)."""
        check_new_passphrase(new_passphrase)
        key_file = self._key_file()
        data_key = key_file.unwrap_with_recovery_key(recovery_key)
        self._open(data_key)
        key_file.set_passphrase(data_key, new_passphrase)
        key_file.save()
        self.throttle.reset()

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the data key under a new passphrase; the database is not re-encrypted."""
        check_new_passphrase(new)
        key_file = self._key_file()
        data_key = key_file.unwrap_with_passphrase(current)
        key_file.set_passphrase(data_key, new)
        key_file.save()

    def open_with_key(self, data_key: bytes) -> None:
        """Open with an already unwrapped data key (after `unwrap`, possibly on another thread)."""
        self._open(data_key)

    def _open(self, data_key: bytes, is_new: bool = False) -> None:
        from app.storage.schema import upgrade_to_head

        if not is_new and not self.db_path.exists():
            # Opening would silently start an empty database and hide the loss of every saved visit.
            raise StoreDamaged(f"The database {self.db_path} is missing. Nothing was changed.")
        self.lock()
        engine = open_engine(self.db_path, data_key)
        try:
            self.last_backup = upgrade_to_head(engine, self.db_path)
        except DatabaseError as error:
            engine.dispose()
            raise translate_database_error(error, self.db_path) from None
        except BaseException:
            engine.dispose()
            raise
        self._engine = engine
        self._data_key = data_key
        self._sessionmaker = sessionmaker(engine, expire_on_commit=False)
        # The code lists pulled from the server apply from unlock on, before any form lists its choices.
        self._apply_published_codes()

    def _apply_published_codes(self) -> None:
        """Use the code lists this laptop last pulled from the server (the bundled ones if none).

        A document that cannot be used is ignored with a log line: the bundled lists always work, so pulled data
        never keeps the desk from opening.
        """
        from app.codes import use_document
        from app.storage.models import SYNC_STATE_ID, SyncState

        try:
            with self.session() as session:
                document = session.scalar(select(SyncState.codes_document).where(SyncState.id == SYNC_STATE_ID))
            use_document(document)
        except Exception as error:  # noqa: BLE001 - pulled data must never keep the desk from opening
            log.warning("The stored code lists were not used; the bundled ones are: %s", error)
            use_document(None)

    def lock(self) -> None:
        """Close the database and drop the key."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._data_key = None
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
        """A session; use `with store.session() as s, s.begin():` for one transaction."""
        if self._sessionmaker is None:
            raise StoreLocked()
        try:
            with self._sessionmaker() as session:
                yield session
        except DatabaseError as error:
            raise translate_database_error(error, self.db_path) from None
        except OSError as error:
            if error.errno == 28:
                raise DiskFull() from None
            raise

    # -- settings kept inside the store ---------------------------------------
    def get_setting(self, name: str) -> Any:
        from app.storage.models import Setting

        spec = SETTINGS[name]
        if not spec.is_private:
            return self.config.get(name)
        with self.session() as session:
            row = session.get(Setting, name)
            return row.value if row is not None else spec.default

    def set_setting(self, name: str, value: Any) -> None:
        from app.storage.models import Setting

        spec = SETTINGS[name]
        value = spec.validate(value)
        if not spec.is_private:
            self.config.set(name, value)
            return
        with self.session() as session, session.begin():
            session.merge(Setting(key=name, value=value))
