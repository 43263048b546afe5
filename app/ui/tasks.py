"""Runs work off the UI thread: one lane for the database (in order), one pool for slow other work.

Results come back to the UI thread through a queued signal; a worker never touches a widget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from app.ui.qt import QObject, Signal, isValid

log = logging.getLogger(__name__)
Callback = Callable[[Any], None]


class _Bridge(QObject):
    delivered = Signal(object)


def while_alive(owner: QObject, callback: Callback) -> Callback:
    """`callback`, skipped once `owner` is deleted (e.g. the window was locked while a save was running)."""

    def call(value: Any) -> None:
        if isValid(owner):
            callback(value)

    return call


def _receiver_alive(callback: Callback) -> bool:
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or isValid(owner)


class TaskRunner(QObject):
    """`run_db(fn, on_done, on_error)`: fn runs on the database lane; callbacks run on the UI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db_lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neuvo-db")
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="neuvo-work")
        self._bridge = _Bridge()
        self._bridge.delivered.connect(self._deliver)
        self._pending = 0
        self._lock = threading.Lock()
        self._is_shut_down = False

    def run_db(
        self, work: Callable[[], Any], on_done: Callback | None = None, on_error: Callback | None = None
    ) -> Future[Any]:
        return self._submit(self._db_lane, work, on_done, on_error)

    def run_parallel(
        self, work: Callable[[], Any], on_done: Callback | None = None, on_error: Callback | None = None
    ) -> Future[Any]:
        return self._submit(self._pool, work, on_done, on_error)

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def _submit(
        self, executor: ThreadPoolExecutor, work: Callable[[], Any], on_done: Callback | None, on_error: Callback | None
    ) -> Future[Any]:
        if self._is_shut_down:
            # The app is closing (or locked for good): late work, e.g. from a timer, is dropped, not run.
            dropped: Future[Any] = Future()
            dropped.cancel()
            return dropped
        with self._lock:
            self._pending += 1
            if self._pending == 1:
                self.busy_changed.emit(True)

        def job() -> Any:
            try:
                result = work()
            except BaseException as error:  # delivered to on_error on the UI thread
                self._bridge.delivered.emit((on_error, error, True))
                raise
            self._bridge.delivered.emit((on_done, result, False))
            return result

        return executor.submit(job)

    def _deliver(self, payload: tuple[Callback | None, Any, bool]) -> None:
        callback, value, is_error = payload
        with self._lock:
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)
        if callback is not None:
            if not _receiver_alive(callback):
                return  # the screen that asked was closed (e.g. the app locked) while the work ran
            callback(value)
        elif is_error:
            from app.ui.errors import report_unexpected

            report_unexpected(value)

    def wait_db_lane(self) -> None:
        """Block until the database lane has finished what was queued (used at lock and exit)."""
        self._db_lane.submit(lambda: None).result()

    def shutdown(self) -> None:
        self._is_shut_down = True
        self._db_lane.shutdown(wait=True)
        self._pool.shutdown(wait=False, cancel_futures=True)
