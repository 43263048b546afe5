"""Calls back once a window has been painted and the event loop is free again: the moment a person can use it.

Used by `NEUVO_EXIT_WHEN_READY` (for `make bench`) and by the bare-window floor the benchmark compares with,
so both are measured the same way. Imports only QtCore, so that it costs nothing before the first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    def __init__(self, window: QObject, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False
