"""List and table models of the Sites tab: the sites, and one site's weekly slots."""

from __future__ import annotations

from typing import Any

from app.codes import WEEKDAY_CODES, codebook
from app.sites import SiteInfo, SlotInfo
from app.ui.qt import QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SitesModel(QAbstractListModel):
    """Every site, the default one first and marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sites: list[SiteInfo] = []

    def set_sites(self, sites: list[SiteInfo]) -> None:
        self.beginResetModel()
        self._sites = list(sites)
        self.endResetModel()

    def sites(self) -> list[SiteInfo]:
        return list(self._sites)

    def site(self, row: int) -> SiteInfo:
        return self._sites[row]

    def row_of(self, site_id: int) -> int:
        return next((row for row, site in enumerate(self._sites) if site.id == site_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._sites)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sites):
            return None
        site = self._sites[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("%1 (default)").replace("%1", site.name) if site.is_default else site.name
        if role == ID_ROLE:
            return site.id
        return None


class SlotsModel(QAbstractTableModel):
    """A site's usual weekly opening slots, Monday first."""

    WEEKDAY, TIME, PARTNER = range(3)

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self._slots: list[SlotInfo] = []

    def set_slots(self, slots: list[SlotInfo]) -> None:
        self.beginResetModel()
        self._slots = sorted(slots, key=lambda slot: (slot.weekday, slot.start_time, slot.id))
        self.endResetModel()

    def slots(self) -> list[SlotInfo]:
        return list(self._slots)

    def slot(self, row: int) -> SlotInfo:
        return self._slots[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._slots):
            return None
        slot = self._slots[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.WEEKDAY:
                return codebook().label("weekday", WEEKDAY_CODES[slot.weekday - 1], self.language)
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
