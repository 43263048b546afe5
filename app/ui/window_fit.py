"""Windows that fit the screen they are on: never taller or wider than its free area, never restored off-screen."""

from __future__ import annotations

from app.ui.qt import QGuiApplication, QRect, QSize, QWidget

# Room for the window manager's title bar and borders while the window is not shown yet (its real frame is
# known only once it is on screen; `fit_to_screen` is called again then).
FRAME_ALLOWANCE = QSize(16, 40)


def _frame_extra(window: QWidget) -> QSize:
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
        if extra.width() > 0 or extra.height() > 0:
            return extra
    return FRAME_ALLOWANCE


def available_area(window: QWidget) -> QRect:
    """The free area (without panels and task bars) of the screen the window is on, else of the main screen."""
    centre = window.frameGeometry().center()
    screen = QGuiApplication.screenAt(centre) if window.isVisible() else None
    screen = screen or window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitting_size(window: QWidget, preferred: QSize | None = None, available: QRect | None = None) -> QSize:
    """`preferred` (or the size now), made small enough for the window and its frame to fit the free area."""
    area = available if available is not None else available_area(window)
    extra = _frame_extra(window)
    limit = QSize(max(area.width() - extra.width(), 200), max(area.height() - extra.height(), 200))
    size = (preferred if preferred is not None else window.size()).boundedTo(limit)
    return size.expandedTo(window.minimumSize().boundedTo(limit))


def fit_to_screen(window: QWidget, preferred: QSize | None = None, available: QRect | None = None) -> None:
    """Size the window to `preferred` (or its size now) but within the free screen area, and move it onto it.

    A geometry restored from a bigger screen, or a second monitor no longer there, ends up fully visible.
    """
    area = available if available is not None else available_area(window)
    extra = _frame_extra(window)
    size = fitting_size(window, preferred, area)
    window.resize(size)
    frame_width, frame_height = size.width() + extra.width(), size.height() + extra.height()
    x = min(max(window.x(), area.left()), area.left() + area.width() - frame_width)
    y = min(max(window.y(), area.top()), area.top() + area.height() - frame_height)
    window.move(x, y)
