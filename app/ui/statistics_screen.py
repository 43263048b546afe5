"""The Statistics screen: counts for a range of ISO weeks at one or all sites, and their export."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.codes import SINGLE_CHOICE_DIMENSIONS, VISITOR_ANSWER, VISITOR_ANSWER_CODES, VISITOR_SKIPPED
from app.directory.records import pick
from app.errors import BadInput, NeuvoError
from app.exports import export_range
from app.languages import language_index
from app.sites import SiteInfo
from app.statistics import StatisticsSummary, Totals
from app.ui.context import AppContext
from app.ui.counts_model import BarDelegate, CountRow, CountsModel, WeeklyModel, WeekRow
from app.ui.errors import error_text, show_error
from app.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QApplication,
    QComboBox,
    QDate,
    QEvent,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLocale,
    QObject,
    QPushButton,
    QScrollArea,
    QSettings,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    Qt,
    QTableView,
    QValidator,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import while_alive
from app.ui.trend_chart import Trend, TrendCard, change_text, previous_period
from app.weeks import current_week, parse_week, preset_range, week_at, week_index, week_start

FIRST_WEEK = "2020-W01"
MAX_VISIBLE_ROWS = 24  # every topic and every hour fit without scrolling inside the card
MAX_VISIBLE_WEEKS = 12  # a longer range scrolls inside its card, showing the latest weeks
CARD_COLUMNS = 3
# The cards, in reading order; similar lengths share a grid row so that rows stay compact.
CARD_ORDER = (
    "weeks",
    "topic",
    "language",
    "outcome",
    "found_via",
    "hour",
    "contact",
    "interpreter",
    "duration",
    "asked_by",
    "visitor_answer",
    "weekday",
    "referral_category",
    "referral_reason",
    "referral_service",
    "age_band",
    "gender",
    "years_in_finland",
    "handout_language",
)
REFERRAL_DIMENSIONS = ("referral_category", "referral_reason", "referral_service")
ALWAYS_RECORDED = frozenset({"contact", "hour", "weekday"})
# Bands read best in their own order (under 5 min, 5–15, ...) rather than largest first.
ORDINAL_DIMENSIONS = frozenset({"duration", "age_band", "years_in_finland", "visitor_answer"})
FORMATS = ("csv", "json", "xlsx")
_PARTIAL_WEEK = re.compile(r"^\d{0,4}(-?[Ww]?\d{0,2})?$")
_DATE_FORMATS = {"fi": ("d.M.", "d.M.yyyy"), "sv": ("d MMM", "d MMM yyyy"), "en": ("d MMM", "d MMM yyyy")}


def date_text(day: date, language: str, with_year: bool = False) -> str:
    formats = _DATE_FORMATS.get(language, _DATE_FORMATS["en"])
    return QLocale(language).toString(QDate(day.year, day.month, day.day), formats[1 if with_year else 0])


def week_dates(first: str, last: str, language: str, with_year: bool = False) -> str:
    """'5 Jan – 1 Feb': from the Monday of the first week to the Sunday of the last."""
    start, end = week_start(first), week_start(last) + timedelta(days=6)
    return f"{date_text(start, language, with_year)} – {date_text(end, language, with_year)}"


class WeekEdit(QSpinBox):
    """An ISO week such as 2026-W05: arrows step a week, typing a week works too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setKeyboardTracking(False)
        self.setAccelerated(True)
        self.setRange(week_index(FIRST_WEEK), week_index(current_week()))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def week(self) -> str:
        return week_at(self.value())

    def set_week(self, week: str) -> None:
        self.setValue(week_index(week))

    def textFromValue(self, value: int) -> str:  # noqa: N802 - Qt API
        return week_at(value)

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt API
        try:
            return week_index(parse_week(text))
        except BadInput:
            return self.value()

    def validate(self, text: str, position: int) -> Any:
        try:
            index = week_index(parse_week(text))
        except BadInput:
            state = QValidator.State.Intermediate if _PARTIAL_WEEK.match(text.strip()) else QValidator.State.Invalid
            return state, text, position
        inside = self.minimum() <= index <= self.maximum()
        return (QValidator.State.Acceptable if inside else QValidator.State.Intermediate), text, position


class SummaryTile(QFrame):
    """One headline number with its caption."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("tile", True)
        self.number = QLabel("–")
        self.number.setObjectName(f"{name}Number")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel()
        self.caption.setProperty("muted", True)
        self.caption.setWordWrap(True)
        self.previous = QLabel()  # the same figure for the period just before, and the change
        self.previous.setObjectName(f"{name}Previous")
        self.previous.setProperty("muted", True)
        self.previous.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.previous)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # never squeezed


class CountsCard(QFrame):
    """A small titled table; an 'empty' line replaces it when nothing was recorded."""

    def __init__(
        self, name: str, model: QAbstractTableModel, maximum_rows: int = MAX_VISIBLE_ROWS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{name}")
        self.maximum_rows = maximum_rows
        self.setProperty("card", True)
        self.model = model
        self.title = QLabel()
        title_font = self.title.font()
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.table = QTableView()
        self.table.setObjectName(f"table_{name}")
        self.table.setModel(model)
        self.table.setItemDelegateForColumn(0, BarDelegate(self.table))
        self.table.setShowGrid(False)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)  # a long label (Finnish) wraps onto a second line instead of being cut off
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = QLabel()
        self.empty.setProperty("muted", True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.caption = QLabel()
        self.caption.setProperty("muted", True)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.stack)
        layout.addStretch(1)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def fit_rows(self) -> None:
        """Size the table to its rows, so that the screen scrolls as one page (long lists scroll inside)."""
        rows = self.model.rowCount()
        has_rows = rows > 0
        self.stack.setCurrentIndex(0 if has_rows else 1)
        visible = max(1, min(rows, self.maximum_rows))
        self.table.resizeRowsToContents()
        row_heights = [self.table.rowHeight(row) for row in range(min(rows, self.maximum_rows))]
        height = (
            self.table.horizontalHeader().sizeHint().height()
            + (sum(row_heights) if row_heights else visible * self.table.verticalHeader().defaultSectionSize())
            + 2
        )
        self.table.setFixedHeight(height)
        self.stack.setFixedHeight(height if has_rows else self.empty.sizeHint().height())
        if rows > self.maximum_rows:
            self.table.scrollToBottom()


class StatisticsScreen(QWidget):
    """Weekly counts for coordinators; `refreshed` fires after new numbers are shown."""

    refreshed = Signal()
    compared = Signal()  # the previous period is beside the headline figures and on the chart
    export_finished = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsScreen")
        self.context = context
        self.language = context.ui_language
        self.result: StatisticsSummary | None = None
        self.previous_result: StatisticsSummary | None = None
        self._generation = 0
        self._preset: str | None = "week"
        self._is_applying_range = False
        # Demographics appear only once some were volunteered.
        self._hidden_cards = {name for name in CARD_ORDER[1:] if context.codes[name].is_optional}

        self.title = QLabel()
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.range_label = QLabel()
        self.range_label.setObjectName("rangeLabel")
        self.range_label.setProperty("muted", True)
        self.export_label = QLabel()
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in FORMATS:
            button = QPushButton()
            button.setObjectName(f"export_{fmt}")
            button.clicked.connect(lambda _checked=False, f=fmt: self.choose_export_file(f))
            self.export_buttons[fmt] = button
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # selectable with the mouse, not a Tab stop

        self.from_label = QLabel()
        self.to_label = QLabel()
        self.first_week = WeekEdit()
        self.first_week.setObjectName("firstWeek")
        self.last_week = WeekEdit()
        self.last_week.setObjectName("lastWeek")
        self.from_label.setBuddy(self.first_week)
        self.to_label.setBuddy(self.last_week)
        self.first_week.valueChanged.connect(lambda _value: self._week_edited(self.first_week))
        self.last_week.valueChanged.connect(lambda _value: self._week_edited(self.last_week))
        self.preset_buttons: dict[str, QPushButton] = {}
        for preset in ("week", "last4", "year"):
            button = QPushButton()
            button.setObjectName(f"preset_{preset}")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, p=preset: self.apply_preset(p))
            self.preset_buttons[preset] = button
        self.site_label = QLabel()
        self.site_combo = QComboBox()
        self.site_combo.setObjectName("siteFilter")
        self.site_label.setBuddy(self.site_combo)
        self.site_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.site_combo.setMinimumWidth(180)
        self.site_combo.currentIndexChanged.connect(lambda _index: self.refresh())

        self.visits_tile = SummaryTile("visitsTile")
        self.people_tile = SummaryTile("peopleTile")
        self.average_tile = SummaryTile("averageTile")
        self.unmet_tile = SummaryTile("unmetTile")

        self.weekly_model = WeeklyModel(self.language, self)
        self.count_models: dict[str, CountsModel] = {}
        self.cards: dict[str, CountsCard] = {"weeks": CountsCard("weeks", self.weekly_model, MAX_VISIBLE_WEEKS)}
        for name in CARD_ORDER[1:]:
            model = CountsModel(self.language, self)
            self.count_models[name] = model
            self.cards[name] = CountsCard(name, model)
        for card in self.cards.values():  # the wheel scrolls the page, not the card under the pointer
            card.table.viewport().installEventFilter(self)

        self._build_layout()
        self._apply_style()
        self.retranslate()
        self._set_range(*preset_range("week", current_week()))
        self._sync_presets()
        self.refresh_sites()
        context.events.visits_changed.connect(self._visits_changed)
        context.events.sites_changed.connect(self.refresh_sites)

    # -- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.range_label)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export_label)
        for button in self.export_buttons.values():
            export_row.addWidget(button)
        export_column = QVBoxLayout()
        export_column.setSpacing(4)
        export_column.addLayout(export_row)
        export_column.addWidget(self.status, 0, Qt.AlignmentFlag.AlignRight)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addLayout(export_column)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.from_label)
        filters.addWidget(self.first_week)
        filters.addWidget(self.to_label)
        filters.addWidget(self.last_week)
        filters.addSpacing(10)
        for button in self.preset_buttons.values():
            filters.addWidget(button)
        filters.addSpacing(18)
        filters.addWidget(self.site_label)
        filters.addWidget(self.site_combo)
        filters.addStretch(1)

        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for tile in (self.visits_tile, self.people_tile, self.average_tile, self.unmet_tile):
            tiles.addWidget(tile, 1)

        self.grid_host = QWidget()
        self.grid_host.setObjectName("cardGrid")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        for column in range(CARD_COLUMNS):
            self.grid.setColumnStretch(column, 1)
        self._place_cards()
        self.trend_card = TrendCard(self.language)
        page = QWidget()
        page.setObjectName("statisticsPage")
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(12)
        page_layout.addWidget(self.trend_card)
        page_layout.addWidget(self.grid_host, 1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("statisticsScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(page)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addLayout(tiles)
        layout.addWidget(self.scroll_area, 1)

    def _apply_style(self) -> None:
        self.setStyleSheet(
            "QFrame[card='true'], QFrame[tile='true'] { background: palette(base);"
            " border: 1px solid palette(midlight); border-radius: 8px; }"
            "QFrame[card='true'] QLabel, QFrame[tile='true'] QLabel { border: none; background: transparent; }"
            "QLabel[muted='true'] { color: palette(placeholder-text); }"
            "#cardGrid, #statisticsScroll, #statisticsPage { background: transparent; }"
            "QTableView { background: transparent; }"
            "QTableView QScrollBar:vertical { width: 8px; background: transparent; margin: 0; }"
            "QTableView QScrollBar::handle:vertical { background: palette(mid); border-radius: 4px; min-height: 24px; }"
            "QTableView QScrollBar::add-line, QTableView QScrollBar::sub-line { height: 0; }"
            "QTableView QScrollBar::add-page, QTableView QScrollBar::sub-page { background: transparent; }"
            "QHeaderView { background: transparent; }"
            "QHeaderView::section { background: transparent; border: none;"
            " border-bottom: 1px solid palette(midlight); padding: 2px 4px; color: palette(placeholder-text); }"
        )
        self.scroll_area.viewport().setAutoFillBackground(False)
        self.grid_host.setAutoFillBackground(False)

    def _place_cards(self) -> None:
        """Lay out the shown cards left to right, so that a hidden card leaves no hole."""
        for card in self.cards.values():
            self.grid.removeWidget(card)
        shown = [name for name in CARD_ORDER if name not in self._hidden_cards]
        for position, name in enumerate(shown):
            self.grid.addWidget(self.cards[name], position // CARD_COLUMNS, position % CARD_COLUMNS)
            self.cards[name].show()
        for name in self._hidden_cards:
            self.cards[name].hide()
        rows = -(-len(shown) // CARD_COLUMNS)
        for row in range(len(CARD_ORDER) // CARD_COLUMNS + 2):
            self.grid.setRowStretch(row, 1 if row == rows else 0)  # spare height goes below the cards

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Wheel and watched is not self.scroll_area.viewport():
            QApplication.sendEvent(self.scroll_area.viewport(), event)
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Statistics"))
        self.export_label.setText(self.tr("Export:"))
        self.export_buttons["csv"].setText(self.tr("CSV"))
        self.export_buttons["csv"].setToolTip(
            self.tr("One row per week, site and value, with codes; opens in Excel by double-click (semicolons, UTF-8)")
        )
        self.export_buttons["json"].setText(self.tr("JSON"))
        self.export_buttons["json"].setToolTip(self.tr("The weekly reports as they are sent, for other systems"))
        self.export_buttons["xlsx"].setText(self.tr("Excel"))
        self.export_buttons["xlsx"].setToolTip(
            self.tr("An Excel workbook: one sheet per dimension, with labels in Finnish, Swedish and English")
        )
        self.from_label.setText(self.tr("Weeks"))
        self.to_label.setText(self.tr("to"))
        self.preset_buttons["week"].setText(self.tr("This week"))
        self.preset_buttons["last4"].setText(self.tr("Last 4 weeks"))
        self.preset_buttons["year"].setText(self.tr("This year"))
        self.site_label.setText(self.tr("Site"))
        if self.site_combo.count():
            self.site_combo.setItemText(0, self.tr("All sites"))
        self.visits_tile.caption.setText(self.tr("Visits"))
        self.people_tile.caption.setText(self.tr("People"))
        self.people_tile.setToolTip(self.tr("A group info session counts each participant"))
        self.average_tile.caption.setText(self.tr("Visits per week on average"))
        self.unmet_tile.caption.setText(self.tr("visits where no service existed for the need"))
        self.unmet_tile.setToolTip(
            self.tr("The unmet-need signal: visits where no service existed for the visitor's need")
        )
        self.cards["weeks"].title.setText(self.tr("Visits per week"))
        for name in CARD_ORDER[1:]:
            self.cards[name].title.setText(self.context.codes[name].label(self.language))
        for card in self.cards.values():
            card.empty.setText(self.tr("Nothing recorded in these weeks."))
        self._update_range_label()
        if self.result is not None:
            self._show(self.result)

    # -- range and site -------------------------------------------------------------------
    def week_range(self) -> tuple[str, str]:
        return self.first_week.week(), self.last_week.week()

    def site_id(self) -> int | None:
        value = self.site_combo.currentData()
        return int(value) if value is not None else None

    def set_range(self, first: str, last: str) -> None:
        """Show the weeks first..last (a manual choice: no quick range stays highlighted)."""
        self._preset = None
        self._set_range(first, last)
        self._sync_presets()
        self.refresh()

    def apply_preset(self, preset: str) -> None:
        self._preset = preset
        self._set_range(*preset_range(preset, current_week()))
        self._sync_presets()
        self.refresh()

    def _set_range(self, first: str, last: str) -> None:
        self._is_applying_range = True
        try:
            for edit in (self.first_week, self.last_week):
                edit.setMaximum(max(week_index(current_week()), week_index(last)))
            self.first_week.set_week(first)
            self.last_week.set_week(last)
        finally:
            self._is_applying_range = False
        self._update_range_label()

    def _week_edited(self, edit: WeekEdit) -> None:
        if self._is_applying_range:
            return
        first, last = self.week_range()
        if first > last:  # keep the range the right way round: the other end follows
            if edit is self.first_week:
                self._set_range(first, first)
            else:
                self._set_range(last, last)
        self._preset = None
        self._sync_presets()
        self._update_range_label()
        self.refresh()

    def _sync_presets(self) -> None:
        for preset, button in self.preset_buttons.items():
            button.setChecked(preset == self._preset)

    def _update_range_label(self) -> None:
        first, last = self.week_range()
        weeks = first if first == last else f"{first} – {last}"
        site = self.site_combo.currentText() if self.site_combo.count() else ""
        parts = [weeks, week_dates(first, last, self.language, with_year=True)]
        if site:
            parts.append(site)
        self.range_label.setText("  ·  ".join(parts))

    def refresh_sites(self) -> None:
        self.context.tasks.run_db(self.context.sites.all, self._show_sites, self._failed)

    def _show_sites(self, sites: list[SiteInfo]) -> None:
        chosen = self.site_id()
        self.site_combo.blockSignals(True)
        self.site_combo.clear()
        self.site_combo.addItem(self.tr("All sites"), None)
        for site in sites:
            self.site_combo.addItem(site.name, site.id)
        found = self.site_combo.findData(chosen) if chosen is not None else 0
        self.site_combo.setCurrentIndex(max(found, 0))
        self.site_combo.blockSignals(False)
        if chosen is not None and found < 0:
            self.refresh()  # the chosen site is gone: show all sites
        self._update_range_label()

    # -- computing ------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._preset is not None:  # e.g. "this week" moves on when a new week has begun
            self._set_range(*preset_range(self._preset, current_week()))
        self.refresh()

    def _visits_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Recount on the database lane; only the newest answer is shown."""
        self._generation += 1
        generation = self._generation
        first, last = self.week_range()
        site_id = self.site_id()
        context = self.context
        self._update_range_label()
        self.context.tasks.run_db(
            lambda: context.statistics.summary(first, last, site_id),
            while_alive(self, lambda result: self._computed(generation, result)),
            self._failed,
        )

    def _computed(self, generation: int, result: StatisticsSummary) -> None:
        if generation != self._generation:
            return
        self.result = result
        self._show(result)
        self._compare_with_previous(generation, result)
        self.refreshed.emit()

    def _compare_with_previous(self, generation: int, result: StatisticsSummary) -> None:
        """The period of the same length just before: beside each headline figure and as the chart's line."""
        first, last = previous_period(week_index(result.first), week_index(result.last))
        context, site_id = self.context, result.site_id
        self.context.tasks.run_db(
            lambda: context.statistics.summary(week_at(first), week_at(last), site_id),
            while_alive(self, lambda previous: self._previous_computed(generation, result, previous)),
            self._failed,
        )

    def _previous_computed(self, generation: int, result: StatisticsSummary, previous: StatisticsSummary) -> None:
        if generation != self._generation:
            return
        self.previous_result = previous
        locale = QLocale(self.language)
        weeks = max(1, len(result.weeks))
        figures = (
            (self.visits_tile, result.totals.visits, previous.totals.visits, locale.toString(previous.totals.visits)),
            (
                self.people_tile,
                result.totals.participants,
                previous.totals.participants,
                locale.toString(previous.totals.participants),
            ),
            (
                self.average_tile,
                result.totals.visits / weeks,
                previous.totals.visits / weeks,
                locale.toString(previous.totals.visits / weeks, "f", 1),
            ),
            (
                self.unmet_tile,
                result.totals.count("outcome", "no-service"),
                previous.totals.count("outcome", "no-service"),
                locale.toString(previous.totals.count("outcome", "no-service")),
            ),
        )
        span = f"{previous.first} – {previous.last}" if previous.first != previous.last else previous.first
        for tile, now, before, shown in figures:
            change = change_text(now, before, locale)
            text = self.tr("before: %1").replace("%1", shown)
            tile.previous.setText(f"{text} ({change})" if change else text)
            tile.previous.setToolTip(self.tr("The previous period of the same length: %1").replace("%1", span))
        self.trend_card.chart.set_trend(
            Trend(
                [week for week, _visits, _people in result.weeks],
                [visits for _week, visits, _people in result.weeks],
                [visits for _week, visits, _people in previous.weeks],
            )
        )
        self.compared.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, NeuvoError):
            self.status.setText(error_text(error))
        else:
            show_error(self, error)

    def _show(self, result: StatisticsSummary) -> None:
        totals = result.totals
        locale = QLocale(self.language)
        self.visits_tile.number.setText(locale.toString(totals.visits))
        self.people_tile.number.setText(locale.toString(totals.participants))
        weeks = max(1, len(result.weeks))
        self.average_tile.number.setText(locale.toString(totals.visits / weeks, "f", 1))
        self.unmet_tile.number.setText(locale.toString(totals.count("outcome", "no-service")))
        self.weekly_model.set_rows(
            [
                WeekRow(week, week_dates(week, week, self.language), visits, participants)
                for week, visits, participants in result.weeks
            ]
        )
        referred = totals.count("outcome", "referred")
        for name, model in self.count_models.items():
            base = referred if name in REFERRAL_DIMENSIONS else totals.visits
            model.set_rows(self._rows(name, totals, base), base)
            self.cards[name].caption.setText(self._caption(name, base))
            if self.context.codes[name].is_optional and model.rowCount() == 0:
                self._hidden_cards.add(name)
            else:
                self._hidden_cards.discard(name)
        self._place_cards()
        for card in self.cards.values():
            card.fit_rows()

    def _rows(self, dimension: str, totals: Totals, base: int) -> list[CountRow]:
        pairs = totals.rows(dimension)
        if dimension in ORDINAL_DIMENSIONS:
            order = self.context.codes[dimension].codes
            pairs.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
        rows = [CountRow(self._label(dimension, code), count) for code, count in pairs]
        recorded = sum(row.count for row in rows)
        if dimension in SINGLE_CHOICE_DIMENSIONS and dimension not in ALWAYS_RECORDED and rows and recorded < base:
            remainder = self.tr("Not asked") if dimension == VISITOR_ANSWER else self.tr("Not recorded")
            rows.append(CountRow(remainder, base - recorded, is_remainder=True))
        return rows

    def _label(self, dimension: str, code: str) -> str:
        if dimension in ("language", "handout_language"):
            return f"{language_index().name(code, self.language)} ({code})"
        if dimension == "referral_service":
            names = self.result.service_names.get(code) if self.result else None
            return pick(names, self.language) if names else code
        return self.context.codes.label(dimension, code, self.language)

    def _caption(self, dimension: str, base: int) -> str:
        if dimension == VISITOR_ANSWER and self.result is not None:
            return self._response_rate(self.result.totals)
        if dimension in REFERRAL_DIMENSIONS:
            return self.tr("Shares of the %n visit(s) referred onward.", "", base)
        if self.context.codes[dimension].is_multi:
            return self.tr("A visit can have several, so shares add up to more than 100%.")
        if self.context.codes[dimension].is_optional:
            return self.tr("Only when the visitor volunteers it.")
        return ""

    def _response_rate(self, totals: Totals) -> str:
        """How many of the visitors asked the exit question answered it, and how many visits it was asked after."""
        answered = sum(totals.count(VISITOR_ANSWER, code) for code in VISITOR_ANSWER_CODES)
        asked = answered + totals.count(VISITOR_ANSWER, VISITOR_SKIPPED)
        if asked == 0:
            return ""
        locale = QLocale(self.language)
        rate = locale.toString(100 * answered / asked, "f", 0)
        text = self.tr("Response rate %1%: %2 of the %n visitor(s) asked answered.", "", asked)
        text = text.replace("%1", rate).replace("%2", locale.toString(answered))
        if totals.visits:
            share = locale.toString(100 * asked / totals.visits, "f", 0)
            text += " " + self.tr("Asked after %1% of the visits.").replace("%1", share)
        return text

    # -- export ---------------------------------------------------------------------------
    def choose_export_file(self, fmt: str) -> None:
        first, last = self.week_range()
        settings = QSettings()
        folder = str(settings.value("statistics/export_folder", str(Path.home())))
        name = f"neuvo-{first}" + (f"-{last}" if last != first else "") + f".{fmt}"
        filters = {
            "csv": self.tr("CSV files (*.csv)"),
            "json": self.tr("JSON files (*.json)"),
            "xlsx": self.tr("Excel workbooks (*.xlsx)"),
        }
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export statistics"), str(Path(folder) / name), filters[fmt]
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        settings.setValue("statistics/export_folder", str(path.parent))
        self.export_to(path, fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the chosen weeks and site as `fmt` (csv, json or xlsx) on the database lane."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        first, last = self.week_range()
        site_id = self.site_id()
        context = self.context
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))
        self.status.setToolTip(str(path))
        self.status.setStyleSheet("")
        self.context.tasks.run_db(
            # The CSV is for Excel opened by double-click (`;`, BOM), the command line's is the plain long format.
            lambda: export_range(context.statistics, fmt, path, first, last, site_id, context.codes, "excel-fi"),
            self._exported,
            self._export_failed,
        )

    def _exported(self, path: Path) -> None:
        self._end_export()
        self.status.setText(self.tr("Saved %1").replace("%1", path.name))
        self.status.setToolTip(str(path))
        self.status.setStyleSheet("color: #2e7d32;")
        self.export_finished.emit(True)

    def _export_failed(self, error: BaseException) -> None:
        self._end_export()
        if isinstance(error, OSError):
            reason = error.strerror or type(error).__name__
            self.status.setText(self.tr("Could not save the file: %1").replace("%1", reason))
        elif isinstance(error, NeuvoError):
            self.status.setText(error_text(error))
        else:
            self.export_finished.emit(False)
            show_error(self, error)
            return
        self.status.setStyleSheet("color: #c0392b;")
        self.export_finished.emit(False)

    def _end_export(self) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(True)
