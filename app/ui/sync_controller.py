"""Runs the background sync while Neuvo is unlocked and brings its status to the UI thread.

The sync loop works on its own thread and never touches a widget: its status callback only emits a signal,
which Qt queues to the UI thread. Starting reads the enrollment on the database lane; stopping only asks the
loop to stop and leaves the waiting for it to the database lane, so the UI thread never waits on the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from app.crash_report import crash_text
from app.ui.context import AppContext
from app.ui.qt import QObject, Qt, QTimer, Signal
from app.ui.tasks import while_alive

log = logging.getLogger(__name__)

# A burst of visits (paper entry, a busy hour) makes one pass, soon after the last one.
VISITS_DEBOUNCE_MS = 3_000
# How long stopping may wait for a pass that is under way (each request has its own timeout too).
STOP_WAIT_SECONDS = 15.0


class SyncController(QObject):
    """Owns the SyncLoop while unlocked: start after unlock, `sync_now()`, `stop()` at lock and exit."""

    # Emitted from the loop's thread; connected queued, so `_publish` runs on the UI thread.
    _status_arrived = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loop: Any = None
        self.is_active = False
        self.visits_debounce_ms = VISITS_DEBOUNCE_MS
        self.pass_seconds: float | None = None  # the loop's own default unless set (tests use a short one)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.sync_now)
        self._status_arrived.connect(self._publish, Qt.ConnectionType.QueuedConnection)
        events = context.events
        events.visits_changed.connect(self._visits_changed)
        events.sync_requested.connect(self.sync_now)
        events.sync_enrolled.connect(self._enrolled)
        events.settings_changed.connect(self._settings_changed)

    @property
    def is_running(self) -> bool:
        return self.loop is not None

    def start(self) -> None:
        """Read the enrollment and the interval (database lane), publish the status, run the loop if enrolled."""
        self.is_active = True
        service, store = self.context.sync_service, self.context.desk

        def read() -> tuple[Any, int]:
            return service.status(), int(store.settings.get("sync_interval_minutes"))

        self.context.tasks.run_db(read, while_alive(self, self._started))

    def _started(self, values: tuple[Any, int]) -> None:
        status, interval_minutes = values
        if not self.is_active:
            return  # locked before the enrollment was read
        self.context.events.sync_status_changed.emit(status)
        if status.is_enrolled and self.loop is None:
            self._start_loop(interval_minutes)

    def _start_loop(self, interval_minutes: int) -> None:
        from app.sync.loop import LOOP_PASS_SECONDS, SyncLoop

        self.loop = SyncLoop(
            self.context.sync_service,
            interval_minutes * 60.0,
            self._status_arrived.emit,
            pass_seconds=self.pass_seconds or LOOP_PASS_SECONDS,
        )
        self.loop.start()

    def _enrolled(self) -> None:
        """Just enrolled in Settings → Sync: run the loop now (a first pass sends what is waiting)."""
        if not self.is_active:
            return
        if self.loop is None:
            self.start()
        else:
            self.sync_now()

    def sync_now(self) -> None:
        self._debounce.stop()
        if self.loop is not None:
            self.loop.wake()

    def _visits_changed(self) -> None:
        """Show at once that a week waits; send it shortly after the last of a burst of changes."""
        if not self.is_active:
            return
        service = self.context.sync_service
        self.context.tasks.run_db(service.status, while_alive(self, self._publish))
        if self.loop is not None:
            self._debounce.start(self.visits_debounce_ms)

    def _settings_changed(self) -> None:
        if self.loop is None:
            return
        store = self.context.desk
        self.context.tasks.run_db(
            lambda: int(store.settings.get("sync_interval_minutes")), while_alive(self, self._apply_interval)
        )

    def _apply_interval(self, minutes: int) -> None:
        if self.loop is not None and self.loop.interval_seconds != minutes * 60.0:
            self.loop.set_interval(minutes * 60.0)

    def _publish(self, status: Any) -> None:
        if self.is_active:  # a pass that ended after the lock has nothing to show
            self.context.events.sync_status_changed.emit(status)

    def stop(self) -> Callable[[float | None], None]:
        """Stop at once on the UI thread (no more statuses, no wakes); return the stop of the loop itself.

        Stopping the loop waits for a request under way, so the caller runs the returned function where waiting
        is harmless: on the database lane, before the store is closed.
        """
        self.is_active = False
        self._debounce.stop()
        loop, self.loop = self.loop, None
        if loop is None:
            return _nothing_to_stop

        def wait(seconds: float | None = None) -> None:
            try:
                loop.stop(timeout=STOP_WAIT_SECONDS if seconds is None else seconds)
            except Exception as error:  # stopping must never keep the store open
                log.error("The sync loop did not stop cleanly\n%s", crash_text(error))

        return wait


def _nothing_to_stop(seconds: float | None = None) -> None:
    """The stop of a loop that was not running."""
