"""Keyboard helpers shared by the screens: a group of buttons as one Tab stop, Enter on a button, Tab that leaves."""

from __future__ import annotations

from collections.abc import Sequence

from app.ui.qt import QAbstractButton, QEvent, QKeyEvent, QObject, Qt, QTimeEdit, QWidget

_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class RovingFocus(QObject):
    """Buttons laid out in rows of `columns`: one of them is in the Tab chain, the arrow keys move between them.

    The arrows stop at the edges of the group (they never jump into the next group), Home and End go to the
    first and last button, and `reset()` makes the first button the Tab stop again (for the next visit, so the
    same keys always give the same choices).
    """

    def __init__(self, columns: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = max(1, columns)
        self.buttons: list[QAbstractButton] = []
        self._tab_stop = 0

    def set_buttons(self, buttons: Sequence[QAbstractButton]) -> None:
        for button in self.buttons:
            button.removeEventFilter(self)
        self.buttons = list(buttons)
        for button in self.buttons:
            button.installEventFilter(self)
        self.set_tab_stop(min(self._tab_stop, max(len(self.buttons) - 1, 0)))

    @property
    def tab_stop(self) -> QAbstractButton | None:
        return self.buttons[self._tab_stop] if self.buttons else None

    def set_tab_stop(self, index: int) -> None:
        self._tab_stop = index
        for position, button in enumerate(self.buttons):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if position == index else Qt.FocusPolicy.ClickFocus)

    def reset(self) -> None:
        self.set_tab_stop(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if isinstance(watched, QAbstractButton) and watched in self.buttons:
            if event.type() == QEvent.Type.FocusIn:
                self.set_tab_stop(self.buttons.index(watched))
            elif isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.modifiers() in _PLAIN:
                key = Qt.Key(event.key())
                if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
                    target = self._neighbour(self.buttons.index(watched), key)
                    if target is not None:
                        self.buttons[target].setFocus(Qt.FocusReason.OtherFocusReason)
                    return True  # at an edge the key is spent: focus never runs out of the group
                if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
                    self.buttons[0 if key == Qt.Key.Key_Home else -1].setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
        return super().eventFilter(watched, event)

    def _neighbour(self, index: int, key: Qt.Key) -> int | None:
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -self.columns,
            Qt.Key.Key_Down: self.columns,
        }
        target = index + steps[key]
        return target if 0 <= target < len(self.buttons) else None


class _EnterClicks(QObject):
    """Enter or Return on a focused push button clicks it, as Space does (outside dialogs Qt does nothing)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _ENTER
            and event.modifiers() in _PLAIN
            and isinstance(watched, QAbstractButton)
            and watched.isEnabled()
        ):
            watched.click()
            return True
        return super().eventFilter(watched, event)


_enter_clicks: _EnterClicks | None = None


def enter_clicks(*buttons: QAbstractButton) -> None:
    global _enter_clicks
    if _enter_clicks is None:
        _enter_clicks = _EnterClicks()
    for button in buttons:
        button.installEventFilter(_enter_clicks)


class TimeField(QTimeEdit):
    """A time field that Tab leaves: hours and minutes are typed in one go ("0930"), not tabbed between."""

    def focusNextPrevChild(self, is_next: bool) -> bool:  # noqa: N802 - Qt API
        return QWidget.focusNextPrevChild(self, is_next)
