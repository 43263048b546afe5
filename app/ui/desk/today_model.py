"""Today's visits as a table model: time, topics, languages and what was done, newest first."""

from __future__ import annotations

from typing import Any

from app.codes import Codebook
from app.languages import language_index
from app.ui.qt import AnyIndex, QObject, Qt
from app.ui.row_model import RowModel
from app.visits import VisitRecord
from app.weeks import local

TIME, TOPICS, LANGUAGES, OUTCOMES, SUMMARY = range(5)
_TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})
_ANSWERED_ROLES = _TEXT_ROLES | {Qt.ItemDataRole.UserRole, Qt.ItemDataRole.TextAlignmentRole}


class TodayModel(RowModel[VisitRecord]):
    """One row per visit of today; the full text of a cell is also its tooltip (the panel is narrow)."""

    COLUMNS = 5  # SUMMARY: the other three in one cell that wraps, for the narrow panel on the Desk

    def __init__(self, codes: Codebook, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.codes = codes
        self.language = language
        # Each row's cell texts, worked out once: a table that sizes its rows to their contents asks every cell
        # many times (the Desk's first paint after unlock asked some 30,000 times for a day of 270 visits).
        self._texts: dict[int, tuple[str, ...]] = {}

    def set_visits(self, visits: list[VisitRecord]) -> None:
        self._texts = {}
        self._replace(visits)

    def visits(self) -> list[VisitRecord]:
        return list(self._items)

    def visit_at(self, row: int) -> VisitRecord:
        return self._items[row]

    def row_of(self, visit_id: int) -> int | None:
        for row, visit in enumerate(self._items):
            if visit.id == visit_id:
                return row
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt API
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("Topics"), self.tr("Language"), self.tr("Done"), self.tr("Visit"))[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES:
            return None  # asked of every cell for every role while rows are sized: answered before anything else
        visit = self._item(index)
        if visit is None:
            return None
        if role in _TEXT_ROLES:
            texts = self._texts.get(index.row())
            if texts is None:
                texts = self._texts[index.row()] = tuple(self._text(visit, column) for column in range(self.COLUMNS))
            return texts[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return visit.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == TIME:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, visit: VisitRecord, column: int) -> str:
        if column == TIME:
            assert visit.at is not None
            return local(visit.at).strftime("%H:%M")
        if column == TOPICS:
            topics = ", ".join(self.codes.label("topic", code, self.language) for code in visit.topics)
            if visit.contact == "group":
                group = self.tr("Group of %1").replace("%1", str(visit.participants))
                return f"{group}: {topics}" if topics else group
            return topics
        if column == LANGUAGES:
            return ", ".join(language_index().name(code, self.language) for code in visit.languages)
        if column == SUMMARY:
            details = " · ".join(text for text in (self._text(visit, LANGUAGES), self._text(visit, OUTCOMES)) if text)
            return "\n".join(text for text in (self._text(visit, TOPICS), details) if text)
        return ", ".join(self.codes.label("outcome", code, self.language) for code in visit.outcomes)
