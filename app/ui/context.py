"""What every screen gets: the unlocked desk's services, the task runner and the UI language."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.codes import Codebook
from app.desk import Desk
from app.sync.service import SyncService
from app.ui.qt import QObject, Signal
from app.ui.tasks import TaskRunner


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
    desk: Desk
    tasks: TaskRunner
    ui_language: str
    events: Events = field(default_factory=Events)

    def __post_init__(self) -> None:
        self.visits = self.desk.visits
        self.sites = self.desk.sites
        self.desk_sessions = self.desk.desk_sessions
        self.paper_tally = self.desk.paper_tally
        self.statistics = self.desk.statistics
        self.visitor_answers = self.desk.visitor_answers
        self.sync_service: SyncService = self.desk.sync()

    @property
    def codes(self) -> Codebook:
        return self.desk.codebook()
