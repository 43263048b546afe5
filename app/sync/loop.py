"""The background sync: a daemon thread that runs a pass on a timer and on "Sync now", and backs off on failure.

It never gives up while weeks wait: after a failure it retries with capped exponential backoff and jitter,
and a success brings it back to the normal interval. The status callback runs on this thread; a UI marshals it.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable

from app.crash_report import crash_text
from app.errors import NeuvoError, ServerUnreachable
from app.sync.backoff import Backoff
from app.sync.service import SyncService, SyncStatus

log = logging.getLogger(__name__)

# A background pass may take longer than `neuvo sync now`: a first sync sends a whole year.
LOOP_PASS_SECONDS = 60.0


class SyncLoop:
    def __init__(
        self,
        service: SyncService,
        interval_seconds: float,
        on_status: Callable[[SyncStatus], None] | None = None,
        backoff: Backoff | None = None,
        pass_seconds: float = LOOP_PASS_SECONDS,
    ) -> None:
        self._wake = threading.Event()
        self._stop = threading.Event()
        # The loop's own copy of the service: its short waits between retries end at once when the loop is
        # stopped (a lock must not wait), without changing how the service behaves for anyone else.
        self.service = copy.copy(service)
        self.service.sleep = self._stop.wait
        self.interval_seconds = interval_seconds
        self.on_status = on_status
        self.backoff = backoff or Backoff()
        self.pass_seconds = pass_seconds
        self.passes = 0  # finished passes, successful or not (for tests and diagnostics)
        self._thread: threading.Thread | None = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, first_delay: float = 0.0) -> None:
        """Start the thread; the first pass runs after `first_delay` seconds (or on wake())."""
        if self.is_running:
            return
        self._stop.clear()
        self._wake.clear()
        self._thread = threading.Thread(target=self._run, args=(first_delay,), name="neuvo-sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Sync now: run a pass as soon as the current one (if any) ends."""
        self._wake.set()

    def set_interval(self, seconds: float) -> None:
        self.interval_seconds = seconds
        self._wake.set()  # the new interval applies from a pass run now

    def stop(self, timeout: float = 5.0) -> None:
        """Stop promptly: a waiting loop ends at once; a pass under way ends with its current request."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._thread = None

    def _run(self, delay: float) -> None:
        while True:
            self._wake.wait(timeout=delay)
            self._wake.clear()
            if self._stop.is_set():
                return
            delay = self._pass()
            self.passes += 1
            if self._stop.is_set():
                return
            self._report()

    def _pass(self) -> float:
        """Run one pass; returns the seconds until the next one."""
        try:
            result = self.service.sync_once(self.pass_seconds)
        except ServerUnreachable as error:
            return self.backoff.next_delay(error.retry_after)
        except NeuvoError:
            # Not enrolled, revoked, refused or locked: retrying soon cannot help; the interval (or a wake) will.
            self.backoff.reset()
            return self.interval_seconds
        except Exception as error:  # a bug must not end the thread: log it and keep the outbox moving later
            log.error("sync pass failed\n%s", crash_text(error))  # types and frames, never the error's words
            return self.backoff.next_delay()
        self.backoff.reset()
        if not result.is_complete:
            return 0.0  # progress was made and more waits: carry on at once
        if result.waiting_weeks:
            return self.backoff.next_delay()  # weeks changed or collided during the pass: again shortly
        return self.interval_seconds

    def _report(self) -> None:
        if self.on_status is None:
            return
        try:
            self.on_status(self.service.status())
        except NeuvoError:
            pass  # the store was locked meanwhile: nothing to show
        except Exception as error:
            log.error("sync status callback failed\n%s", crash_text(error))
