"""The Sites tab: add and rename sites, their usual languages, the default site and weekly slots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.codes import WEEKDAY_CODES
from app.errors import NeuvoError
from app.sites import SiteInfo
from app.ui.context import AppContext
from app.ui.errors import error_text, show_error
from app.ui.language_picker import LanguagePicker
from app.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QEvent,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    Qt,
    QTableView,
    QTime,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from app.ui.settings.site_models import SitesModel, SlotsModel
from app.ui.setup_wizard import COMMON_DESK_LANGUAGES
from app.ui.tasks import while_alive


class SitesTab(QWidget):
    """Every change is saved at once and announced with `context.events.sites_changed`."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.language = context.ui_language
        self.site: SiteInfo | None = None  # None while a new site is being entered
        self.is_loaded = False

        self.sites_model = SitesModel(self)
        self.site_list = QListView()
        self.site_list.setObjectName("siteList")
        self.site_list.setModel(self.sites_model)
        self.site_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.site_list.setFixedWidth(230)
        self.site_list.setSpacing(2)
        self.site_list.setWordWrap(True)
        self.site_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.site_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.site_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.site_list.selectionModel().currentChanged.connect(lambda current, _old: self._site_chosen(current.row()))
        self.new_site_button = QPushButton()
        self.new_site_button.setObjectName("newSiteButton")
        self.new_site_button.clicked.connect(self.start_new_site)

        self.details = QGroupBox()
        self.name = QLineEdit()
        self.name.setObjectName("siteNameEdit")
        self.name.setMaxLength(200)
        self.name.textChanged.connect(self._update_buttons)
        self.name.returnPressed.connect(self.save_site)
        self.languages = LanguagePicker(COMMON_DESK_LANGUAGES, self.language)
        self.languages.setObjectName("siteLanguages")
        self.languages.changed.connect(self._update_buttons)
        self.languages_hint = QLabel()
        self.languages_hint.setWordWrap(True)
        self.languages_hint.setProperty("muted", True)
        self.asks_exit_question = QCheckBox()
        self.asks_exit_question.setObjectName("siteAsksExitQuestion")
        self.asks_exit_question.toggled.connect(lambda _checked: self._update_buttons())
        self.exit_question_hint = QLabel()
        self.exit_question_hint.setWordWrap(True)
        self.exit_question_hint.setProperty("muted", True)
        self.default_button = QPushButton()
        self.default_button.setObjectName("makeDefaultButton")
        self.default_button.clicked.connect(self.make_default)
        self.default_note = QLabel()
        self.default_note.setProperty("muted", True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveSiteButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_site)
        self.name_label = QLabel()
        self.name_label.setBuddy(self.name)
        self.languages_label = QLabel()
        details_form = QFormLayout()
        details_form.addRow(self.name_label, self.name)
        details_form.addRow(self.languages_label, self.languages)
        details_form.addRow("", self.languages_hint)
        details_form.addRow("", self.asks_exit_question)
        details_form.addRow("", self.exit_question_hint)
        details_buttons = QHBoxLayout()
        details_buttons.addWidget(self.default_button)
        details_buttons.addWidget(self.default_note)
        details_buttons.addStretch(1)
        details_buttons.addWidget(self.save_button)
        details_layout = QVBoxLayout(self.details)
        details_layout.addLayout(details_form)
        details_layout.addLayout(details_buttons)

        self.slots_box = QGroupBox()
        self.slots_model = SlotsModel(self.language, self)
        self.slot_table = QTableView()
        self.slot_table.setObjectName("slotTable")
        self.slot_table.setModel(self.slots_model)
        self.slot_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.slot_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.slot_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slot_table.setShowGrid(False)
        self.slot_table.verticalHeader().hide()
        self.slot_table.verticalHeader().setDefaultSectionSize(self.slot_table.fontMetrics().height() + 10)
        self.slot_table.setAlternatingRowColors(True)
        self.slot_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.slot_table.horizontalHeader().setStretchLastSection(True)
        self.slot_table.setMinimumHeight(110)
        self.slot_table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.weekday = QComboBox()
        self.weekday.setObjectName("slotWeekday")
        for number, code in enumerate(WEEKDAY_CODES, start=1):
            self.weekday.addItem(context.codes.label("weekday", code, self.language), number)
        self.start_time = QTimeEdit(QTime(10, 0))
        self.start_time.setObjectName("slotStart")
        self.start_time.setDisplayFormat("HH:mm")
        self.end_time = QTimeEdit(QTime(14, 0))
        self.end_time.setObjectName("slotEnd")
        self.end_time.setDisplayFormat("HH:mm")
        self.partner = QLineEdit()
        self.partner.setObjectName("slotPartner")
        self.partner.setMaxLength(200)
        self.partner.returnPressed.connect(self.add_slot)
        self.add_slot_button = QPushButton()
        self.add_slot_button.setObjectName("addSlotButton")
        self.add_slot_button.clicked.connect(self.add_slot)
        self.remove_slot_button = QPushButton()
        self.remove_slot_button.setObjectName("removeSlotButton")
        self.remove_slot_button.clicked.connect(self.remove_slot)
        self.until_label = QLabel("–")
        new_slot = QHBoxLayout()
        new_slot.addWidget(self.weekday)
        new_slot.addWidget(self.start_time)
        new_slot.addWidget(self.until_label)
        new_slot.addWidget(self.end_time)
        new_slot.addWidget(self.partner, 1)
        new_slot.addWidget(self.add_slot_button)
        slot_table_row = QHBoxLayout()
        slot_table_row.addWidget(self.slot_table, 1)
        slot_side = QVBoxLayout()
        slot_side.addWidget(self.remove_slot_button)
        slot_side.addStretch(1)
        slot_table_row.addLayout(slot_side)
        slots_layout = QVBoxLayout(self.slots_box)
        slots_layout.addLayout(slot_table_row)
        slots_layout.addLayout(new_slot)

        self.status = QLabel()
        self.status.setObjectName("sitesStatus")
        self.status.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.site_list, 1)
        left.addWidget(self.new_site_button)
        right = QVBoxLayout()
        right.addWidget(self.details)
        right.addWidget(self.slots_box, 1)
        right.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.retranslate()
        self._show_site(None)
        self.reload()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.new_site_button.setText(self.tr("New site…"))
        self.name_label.setText(self.tr("Name"))
        self.name.setPlaceholderText(self.tr("e.g. Puhos shopping centre"))
        self.languages_label.setText(self.tr("Usual languages"))
        self.languages.set_title(self.tr("Usual languages"))
        self.site_list.setAccessibleName(self.tr("Sites"))
        self.slot_table.setAccessibleName(self.tr("Usual weekly hours"))
        self.weekday.setAccessibleName(self.tr("Weekday of the new slot"))
        self.start_time.setAccessibleName(self.tr("Slot starts at"))
        self.end_time.setAccessibleName(self.tr("Slot ends at"))
        self.partner.setAccessibleName(self.tr("Partner organisation of the slot"))
        self.languages_hint.setText(self.tr("Offered first when a visit is logged at this site."))
        self.asks_exit_question.setText(self.tr("Ask visitors the exit question: “Did you get the help you needed?”"))
        self.exit_question_hint.setText(
            self.tr(
                "After “Save and ask” (Ctrl+Alt+Enter) the screen turns to the visitor, in the visit's language: "
                "one tap, nothing typed. Only the answer is counted, never with the visit."
            )
        )
        self.default_button.setText(self.tr("Make default"))
        self.default_button.setToolTip(self.tr("Neuvo opens at the default site and logs visits there"))
        self.default_note.setText(self.tr("This is the default site."))
        self.slots_box.setTitle(self.tr("Usual weekly hours"))
        self.partner.setPlaceholderText(self.tr("Partner organisation (optional)"))
        self.add_slot_button.setText(self.tr("Add"))
        self.remove_slot_button.setText(self.tr("Remove"))
        self._update_titles()

    def _update_titles(self) -> None:
        if self.site is None:
            self.details.setTitle(self.tr("New site"))
            self.save_button.setText(self.tr("Add site"))
        else:
            self.details.setTitle(self.tr("Site"))
            self.save_button.setText(self.tr("Save changes"))

    # -- loading and choosing -------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Read the sites again and select `select_id` (else keep the current one, else the first)."""
        keep = select_id if select_id is not None else (self.site.id if self.site else None)
        self.context.tasks.run_db(
            self.context.sites.all, while_alive(self, lambda sites: self._loaded(sites, keep)), self._failed
        )

    def _loaded(self, sites: list[SiteInfo], select_id: int | None) -> None:
        self.sites_model.set_sites(sites)
        self.is_loaded = True
        row = self.sites_model.row_of(select_id) if select_id is not None else -1
        if row < 0 and sites:
            row = 0
        if row >= 0:
            self.site_list.setCurrentIndex(self.sites_model.index(row, 0))
            self._site_chosen(row)  # also when the row is the same one, to show the fresh values

    def _site_chosen(self, row: int) -> None:
        if 0 <= row < self.sites_model.rowCount():
            self._show_site(self.sites_model.site(row))

    def start_new_site(self) -> None:
        self.site_list.clearSelection()
        self.site_list.setCurrentIndex(self.sites_model.index(-1, 0))
        self._show_site(None)
        self.name.setFocus()

    def _show_site(self, site: SiteInfo | None) -> None:
        self.site = site
        self.name.setText(site.name if site else "")
        self.languages.set_selected(site.usual_languages if site else [])
        self.asks_exit_question.setChecked(site.asks_exit_question if site else False)
        self.slots_model.set_slots(site.slots if site else [])
        self.slots_box.setEnabled(site is not None)
        self.default_button.setVisible(site is not None and not site.is_default)
        self.default_note.setVisible(site is not None and site.is_default)
        self._update_titles()
        self._update_buttons()

    def _update_buttons(self) -> None:
        name = " ".join(self.name.text().split())
        if self.site is None:
            has_changes = bool(name)
        else:
            has_changes = (
                name != self.site.name
                or self.languages.selected() != self.site.usual_languages
                or self.asks_exit_question.isChecked() != self.site.asks_exit_question
            )
        self.save_button.setEnabled(bool(name) and has_changes)
        self.remove_slot_button.setEnabled(self.site is not None and self.slot_table.selectionModel().hasSelection())

    # -- changing -------------------------------------------------------------------------
    def save_site(self) -> None:
        if not self.save_button.isEnabled():
            return
        name = " ".join(self.name.text().split())
        languages = self.languages.selected()
        asks = self.asks_exit_question.isChecked()
        sites = self.context.sites  # a name in use, or none, is refused by the core (worded in app/ui/errors.py)
        if self.site is None:
            self._run(lambda: sites.add(name, languages, asks), lambda site: self._saved(site, self.tr("Site added.")))
        else:
            site_id = self.site.id
            self._run(
                lambda: sites.update(site_id, name=name, usual_languages=languages, asks_exit_question=asks),
                lambda site: self._saved(site, self.tr("Saved.")),
            )

    def make_default(self) -> None:
        if self.site is None:
            return
        site_id = self.site.id
        sites = self.context.sites

        def work() -> SiteInfo:
            sites.set_default(site_id)
            return sites.get(site_id)

        self._run(work, lambda site: self._saved(site, self.tr("%1 is now the default site.").replace("%1", site.name)))

    def add_slot(self) -> None:
        if self.site is None:
            return
        start, end = self.start_time.time(), self.end_time.time()
        site_id = self.site.id
        weekday = int(self.weekday.currentData())
        partner = self.partner.text().strip() or None
        sites = self.context.sites

        def work() -> SiteInfo:
            sites.add_slot(site_id, weekday, start.toString("HH:mm"), end.toString("HH:mm"), partner)
            return sites.get(site_id)

        def done(site: SiteInfo) -> None:
            self.partner.clear()
            self._saved(site, self.tr("Weekly hours added."))

        self._run(work, done)

    def remove_slot(self) -> None:
        rows = self.slot_table.selectionModel().selectedRows()
        if self.site is None or not rows:
            return
        slot = self.slots_model.slot(rows[0].row())
        site_id = self.site.id
        sites = self.context.sites

        def work() -> SiteInfo:
            sites.remove_slot(slot.id)
            return sites.get(site_id)

        self._run(work, lambda site: self._saved(site, self.tr("Weekly hours removed.")))

    def _run(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.status.setText("")
        self.context.tasks.run_db(work, on_done, self._failed)

    def _saved(self, site: SiteInfo, message: str) -> None:
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(message)
        self.context.events.sites_changed.emit()
        self.reload(select_id=site.id)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, NeuvoError):
            show_error(self, error)
            return
        self._show_error(error_text(error))

    def _show_error(self, text: str) -> None:
        self.status.setStyleSheet("color: #c0392b;")
        self.status.setText(text)
