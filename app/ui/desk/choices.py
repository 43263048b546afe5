"""Compact checkable choice buttons in a grid: one or several codes of a dimension, mouse or keyboard."""

from __future__ import annotations

from app.ui.keyboard import RovingFocus
from app.ui.qt import (
    QGridLayout,
    QPalette,
    QPushButton,
    QRect,
    QSize,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    Qt,
    QWidget,
    Signal,
)

HORIZONTAL_PADDING = 9
VERTICAL_PADDING = 3
_TEXT_FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


class ChoiceButton(QPushButton):
    """A checkable button whose label wraps onto a second line instead of being cut off (long Finnish words)."""

    def __init__(self, code: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.code = code
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setProperty("choice", True)
        self.setToolTip(text)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _text_height(self, width: int) -> int:
        metrics = self.fontMetrics()
        box = metrics.boundingRect(
            QRect(0, 0, max(width - 2 * HORIZONTAL_PADDING, 10), 10_000), _TEXT_FLAGS, self.text()
        )
        return max(box.height(), metrics.height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._text_height(width) + 2 * VERTICAL_PADDING + 2

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = min(self.fontMetrics().horizontalAdvance(self.text()), 220) + 2 * HORIZONTAL_PADDING + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # The height at the natural width: layouts ask heightForWidth() for the real one.
        longest_word = max((self.fontMetrics().horizontalAdvance(word) for word in self.text().split()), default=0)
        return QSize(longest_word + 2 * HORIZONTAL_PADDING + 2, self.sizeHint().height())

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt API
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        if not self.isEnabled():
            role, group = QPalette.ColorRole.WindowText, QPalette.ColorGroup.Disabled
        elif self.isChecked():
            role, group = QPalette.ColorRole.HighlightedText, QPalette.ColorGroup.Active
        else:
            role, group = QPalette.ColorRole.ButtonText, QPalette.ColorGroup.Active
        painter.setPen(self.palette().color(group, role))
        text_rect = self.rect().adjusted(HORIZONTAL_PADDING, VERTICAL_PADDING, -HORIZONTAL_PADDING, -VERTICAL_PADDING)
        painter.drawText(text_rect, _TEXT_FLAGS, self.text())


class ChoiceGroup(QWidget):
    """The values of one dimension as buttons in a grid.

    Single choice behaves like radio buttons that can be unset again (all these answers are optional);
    `allows_none=False` keeps one value chosen. For keyboard use the group is one Tab stop: the arrow
    keys move between its buttons and Space toggles one.
    """

    changed = Signal()

    def __init__(
        self,
        name: str,
        choices: list[tuple[str, str]],
        columns: int,
        is_multi: bool,
        allows_none: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.is_multi = is_multi
        self.allows_none = allows_none
        self.columns = max(1, columns)
        self.buttons: dict[str, ChoiceButton] = {}
        self._order: list[ChoiceButton] = []
        self.navigation = RovingFocus(self.columns, self)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(5)
        self.grid.setVerticalSpacing(4)
        for position, (code, label) in enumerate(choices):
            button = ChoiceButton(code, label, self)
            button.setObjectName(f"{name}_{code}")
            button.clicked.connect(lambda _checked=False, b=button: self._clicked(b))
            self.grid.addWidget(button, position // self.columns, position % self.columns)
            self.buttons[code] = button
            self._order.append(button)
        widest = max((button.sizeHint().width() for button in self._order), default=0)
        for column in range(min(self.columns, len(choices))):
            self.grid.setColumnStretch(column, 1)
            if len(choices) <= self.columns:
                # A single row of short labels (durations) stays on one line each.
                self.grid.setColumnMinimumWidth(column, widest)
        self.navigation.set_buttons(self._order)

    # -- values ---------------------------------------------------------------------------
    def selected(self) -> list[str]:
        """The checked codes, in the order of the code list."""
        return [button.code for button in self._order if button.isChecked()]

    def value(self) -> str | None:
        chosen = self.selected()
        return chosen[0] if chosen else None

    def set_selected(self, codes: list[str] | tuple[str, ...]) -> None:
        for button in self._order:
            button.setChecked(button.code in codes)
        self.changed.emit()

    def set_value(self, code: str | None) -> None:
        self.set_selected([code] if code else [])

    def clear(self) -> None:
        self.set_selected([])

    def set_title(self, title: str) -> None:
        """The group's name for screen readers; each button says which group it belongs to."""
        self.setAccessibleName(title)
        for button in self._order:
            button.setAccessibleDescription(title)

    def first_button(self) -> ChoiceButton:
        return self._order[0]

    def focus_first(self) -> None:
        self._set_tab_stop(0)
        self._order[0].setFocus(Qt.FocusReason.TabFocusReason)

    # -- behaviour ------------------------------------------------------------------------
    def _clicked(self, button: ChoiceButton) -> None:
        if not self.is_multi:
            if button.isChecked():
                for other in self._order:
                    if other is not button:
                        other.setChecked(False)
            elif not self.allows_none:
                button.setChecked(True)
        self._set_tab_stop(self._order.index(button))
        self.changed.emit()

    def _set_tab_stop(self, index: int) -> None:
        """Only one button of the group is in the Tab chain; the arrow keys reach the others."""
        self.navigation.set_tab_stop(index)

    def reset_focus(self) -> None:
        """The first button becomes the group's Tab stop again (a new visit starts from the same place)."""
        self.navigation.reset()
