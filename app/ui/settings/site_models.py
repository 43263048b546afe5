"""List and table models of the Sites tab: the sites, and one site's weekly slots."""

from __future__ import annotations

from typing import Any

from app.codes import WEEKDAY_CODES, bundled_codebook
from app.sites import SiteInfo, SlotInfo
from app.ui.qt import AnyIndex, QObject, Qt
from app.ui.row_model import RowModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SitesModel(RowModel[SiteInfo]):
    """Every site, the default one first and marked."""

    def set_sites(self, sites: list[SiteInfo]) -> None:
        self._replace(sites)

    def sites(self) -> list[SiteInfo]:
        return list(self._items)

    def site(self, row: int) -> SiteInfo:
        return self._items[row]

    def row_of(self, site_id: int) -> int:
        return next((row for row, site in enumerate(self._items) if site.id == site_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        site = self._item(index)
        if site is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("%1 (default)").replace("%1", site.name) if site.is_default else site.name
        if role == ID_ROLE:
            return site.id
        return None


class SlotsModel(RowModel[SlotInfo]):
    """A site's usual weekly opening slots, Monday first."""

    WEEKDAY, TIME, PARTNER = range(3)
    COLUMNS = 3

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = language

    def set_slots(self, slots: list[SlotInfo]) -> None:
        self._replace(sorted(slots, key=lambda slot: (slot.weekday, slot.start_time, slot.id)))

    def slots(self) -> list[SlotInfo]:
        return list(self._items)

    def slot(self, row: int) -> SlotInfo:
        return self._items[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        slot = self._item(index)
        if slot is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.WEEKDAY:
                return bundled_codebook().label("weekday", WEEKDAY_CODES[slot.weekday - 1], self.language)
            if index.column() == self.TIME:
                return f"{slot.start_time}–{slot.end_time}"
            return slot.partner or ""
        if role == ID_ROLE:
            return slot.id
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt API
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return (self.tr("Day"), self.tr("Time"), self.tr("Partner organisation"))[section]
        return None
