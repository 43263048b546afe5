"""The result list: one search hit per row, the name and (dimmer, below) the organisation."""

from __future__ import annotations

from typing import Any

from app.directory.search import SearchHit
from app.ui.qt import AnyIndex, Qt
from app.ui.row_model import RowModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HitsModel(RowModel[SearchHit]):
    def set_hits(self, hits: list[SearchHit]) -> None:
        self._replace(hits)

    def hits(self) -> list[SearchHit]:
        return list(self._items)

    def row_of(self, service_id: int) -> int:
        return next((row for row, hit in enumerate(self._items) if hit.id == service_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self._item(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            name = f"★ {hit.name}" if hit.is_pinned else hit.name
            return f"{name}\n{hit.organization}" if hit.organization else name
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.organization or hit.name
        if role == ID_ROLE:
            return hit.id
        return None
