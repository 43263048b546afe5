"""What every screen gets: the unlocked store's services, the task runner and the UI language."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.codes import Codebook, codebook
from app.desk_sessions import DeskSessionService
from app.sites import SiteService
from app.statistics import StatisticsService
from app.store import Store
from app.sync.service import SyncService
from app.ui.qt import QObject, Signal
from app.ui.tasks import TaskRunner
from app.visits import VisitService


class Events(QObject):
    """Changes screens tell each other about (the window wires them in one place)."""

    visits_changed = Signal()
    sites_changed = Signal()
    session_changed = Signal()
    settings_changed = Signal()
    sync_status_changed = Signal(object)  # a SyncStatus, delivered on the UI thread
    sync_requested = Signal()  # "Sync now"
    sync_enrolled = Signal()  # this laptop was just connected to a server


@dataclass
class AppContext:
    store: Store
    tasks: TaskRunner
    ui_language: str
    events: Events = field(default_factory=Events)

    def __post_init__(self) -> None:
        self.visits = VisitService(self.store)
        self.sites = SiteService(self.store)
        self.desk_sessions = DeskSessionService(self.store)
        self.statistics = StatisticsService(self.store)
        self.sync_service = SyncService(self.store)

    @property
    def codes(self) -> Codebook:
        return codebook()
