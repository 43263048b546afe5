"""The part every Neuvo table model shares: one Python item per row, counted and bounds-checked once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from app.ui.qt import AnyIndex, QAbstractTableModel, QModelIndex, QObject

Item = TypeVar("Item")


class RowModel(QAbstractTableModel, Generic[Item]):
    """A flat table over a list; subclasses give `COLUMNS`, `data` and `headerData`."""

    COLUMNS = 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []

    def _replace(self, items: Iterable[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def _item(self, index: AnyIndex) -> Item | None:
        """The item shown at `index`, or None for an index that is not (or no longer) a row here."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return self._items[index.row()]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else self.COLUMNS
