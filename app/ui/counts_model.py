"""Table models of the Statistics screen (counts per value, totals per week) and their in-cell bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.ui.qt import (
    AnyIndex,
    QColor,
    QFont,
    QLocale,
    QObject,
    QPainter,
    QPalette,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)
from app.ui.row_model import RowModel

# The first column's bar length, 0..1 (the row's count relative to the largest in the table).
BAR_ROLE = Qt.ItemDataRole.UserRole + 1
# The raw number behind a count cell, for tests and sorting.
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    is_remainder: bool = False  # the "not recorded" row, drawn apart from real values


@dataclass(frozen=True)
class WeekRow:
    week: str
    dates: str
    visits: int
    participants: int


class CountsModel(RowModel[CountRow]):
    """One dimension's counts: label, visits, share of the base (all visits, or the referred ones)."""

    LABEL, COUNT, SHARE = range(3)
    COLUMNS = 3

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = QLocale(language)
        self._base = 0
        self._largest = 0

    def set_rows(self, rows: list[CountRow], base: int) -> None:
        self._base = base
        self._largest = max((row.count for row in rows if not row.is_remainder), default=0)
        self._replace(rows)

    def rows(self) -> list[CountRow]:
        return list(self._items)

    def share_text(self, count: int) -> str:
        """A share as a whole percentage in the interface's convention ('34 %' in Finnish, '34%' in English)."""
        if self._base <= 0:
            return ""
        percent = 100 * count / self._base
        number = "<1" if 0 < percent < 0.5 else self.locale.toString(round(percent))
        return self.tr("%1%").replace("%1", number)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._item(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.LABEL:
                return row.label
            if column == self.COUNT:
                return self.locale.toString(row.count)
            return self.share_text(row.count)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.LABEL:
            return row.label
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column == self.LABEL else _RIGHT
        if role == Qt.ItemDataRole.FontRole and row.is_remainder:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.is_remainder:
            return QPalette().brush(QPalette.ColorRole.PlaceholderText)
        if role == BAR_ROLE and column == self.LABEL:
            return 0.0 if row.is_remainder or not self._largest else row.count / self._largest
        if role == VALUE_ROLE:
            return row.label if column == self.LABEL else row.count
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt API
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("", self.tr("Visits"), self.tr("Share"))[section] if 0 <= section < 3 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == self.LABEL else _RIGHT
        return None


class WeeklyModel(RowModel[WeekRow]):
    """Visits and people per ISO week of the chosen range."""

    WEEK, DATES, VISITS, PEOPLE = range(4)
    COLUMNS = 4

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locale = QLocale(language)
        self._largest = 0

    def set_rows(self, rows: list[WeekRow]) -> None:
        self._largest = max((row.visits for row in rows), default=0)
        self._replace(rows)

    def rows(self) -> list[WeekRow]:
        return list(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._item(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.WEEK:
                return row.week
            if column == self.DATES:
                return row.dates
            return self.locale.toString(row.visits if column == self.VISITS else row.participants)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (self.VISITS, self.PEOPLE) else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DATES:
            return QPalette().brush(QPalette.ColorRole.PlaceholderText)
        if role == BAR_ROLE and column == self.WEEK:
            return row.visits / self._largest if self._largest else 0.0
        if role == VALUE_ROLE:
            return (row.week, row.dates, row.visits, row.participants)[column]
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt API
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return (self.tr("Week"), self.tr("Dates"), self.tr("Visits"), self.tr("People"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if section in (self.VISITS, self.PEOPLE) else _LEFT
        return None


class BarDelegate(QStyledItemDelegate):
    """Draws a light bar behind the first column's text, so a table reads as a bar chart too."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        share = index.data(BAR_ROLE)
        if isinstance(share, float) and share > 0:
            colour = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(48)
            bar = option.rect.adjusted(0, 3, 0, -3)
            bar.setWidth(max(2, round(bar.width() * share)))
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(bar, 3, 3)
            painter.restore()
        super().paint(painter, option, index)
