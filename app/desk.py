"""The desk: one unlocked store and the application services over it, the same for the window and the CLI.

A Desk is made from an unlocked Database. It owns the code lists in use (the ones the coordinator last published,
pulled by the sync, else the bundled ones) and hands them to the services that need them; nothing is global, so
locking the desk leaves nothing of it in effect.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.codes import Codebook, bundled_codebook, codebook_of
from app.desk_sessions import DeskSessionService
from app.directory.service import DirectoryService, LocalEdits
from app.errors import NeuvoError
from app.handouts.counts import HandoutCounter
from app.paper_tally import PaperTallyService
from app.settings import PlainConfig
from app.sites import SiteService
from app.statistics import StatisticsService
from app.storage.database import Database, Sessions
from app.storage.models import SYNC_STATE_ID, SyncState
from app.stored_settings import SettingsService
from app.visitor_answers import VisitorAnswerService
from app.visits import VisitService

if TYPE_CHECKING:
    import httpx

    from app.sync.service import SyncService

log = logging.getLogger(__name__)


def published_codebook(sessions: Sessions) -> Codebook:
    """The code lists this laptop last pulled from the server (the bundled ones if none).

    A document that cannot be used is ignored with a log line: the bundled lists always work, so pulled data
    never keeps the desk from opening.
    """
    try:
        with sessions() as session:
            document = session.scalar(select(SyncState.codes_document).where(SyncState.id == SYNC_STATE_ID))
        return codebook_of(document)
    except NeuvoError as error:
        log.warning("The stored code lists were not used; the bundled ones are (%s).", error.reason)
        return bundled_codebook()


class Desk:
    """The services of one unlocked store. `lock()` closes it; make a new Desk after the next unlock."""

    def __init__(self, database: Database) -> None:
        self.database = database
        sessions = database.session
        self.config = PlainConfig(database.data_dir)
        self.settings = SettingsService(sessions, self.config)
        self.codes: Codebook = published_codebook(sessions)
        self.sites = SiteService(sessions)
        self.visits = VisitService(sessions, self.codebook)
        self.desk_sessions = DeskSessionService(sessions)
        self.paper_tally = PaperTallyService(sessions, self.codebook)
        self.statistics = StatisticsService(sessions, self.codebook)
        self.handouts = HandoutCounter(sessions)
        self.visitor_answers = VisitorAnswerService(sessions)
        self.directory = DirectoryService(sessions, self.settings)
        self.local_edits = LocalEdits(sessions)

    # -- making and opening ----------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        database: Database,
        passphrase: str,
        site_name: str,
        usual_languages: list[str] | None = None,
        ui_language: str | None = None,
        with_starter_directory: bool = True,
    ) -> tuple[Desk, str]:
        """A new store in `database`'s folder with its first site and the starter directory: (the open desk, the
        recovery key). `database` is left unlocked."""
        SiteService.validate_name(site_name)

        def populate(database: Database) -> None:
            with database.session() as session, session.begin():
                SiteService.insert_site(session, site_name, usual_languages or [], is_default=True)
            if with_starter_directory:
                settings = SettingsService(database.session, PlainConfig(database.data_dir))
                DirectoryService(database.session, settings).import_starter()

        recovery_key = database.create(passphrase, populate)
        desk = cls(database)
        if ui_language:
            desk.config.set("ui_language", ui_language)
        return desk, recovery_key

    @classmethod
    def unlock(cls, data_dir: Path, passphrase: str) -> Desk:
        database = Database(data_dir)
        database.unlock(passphrase)
        return cls(database)

    # -- the code lists ---------------------------------------------------------------------------
    def codebook(self) -> Codebook:
        """The code lists in use now (services ask each time, so lists pulled by a sync apply at once)."""
        return self.codes

    def use_codes(self, book: Codebook) -> None:
        self.codes = book

    # -- the rest ---------------------------------------------------------------------------------
    def sync(
        self,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], object] | None = None,
        rng: random.Random | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> SyncService:
        """The sync over this desk (a new one each time: the loop and "Sync now" each keep their own)."""
        from app.sync.service import SyncService  # httpx and the wire format load only when sync is used

        options: dict[str, Any] = {"transport": transport, "rng": rng}
        if clock is not None:
            options["clock"] = clock
        if sleep is not None:
            options["sleep"] = sleep
        if monotonic is not None:
            options["monotonic"] = monotonic
        return SyncService(self.database.session, self.settings, self.codebook, self.use_codes, **options)

    @property
    def data_dir(self) -> Path:
        return self.database.data_dir

    @property
    def is_locked(self) -> bool:
        return self.database.is_locked

    def lock(self) -> None:
        self.database.lock()
