"""The Directory screen: type to search (never blocking the typing), read the details, act on the entry.

Searches run on the database lane; only the newest answer is shown. Ctrl+F or "/" focuses the search
field. "Refer" hands the service to the Desk screen as the referral of the visit being logged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.directory.search import SearchFilters, SearchHit
from app.directory.service import DirectoryEntry
from app.errors import NeuvoError
from app.languages import language_index
from app.ui.context import AppContext
from app.ui.desk.style import DESK_STYLE
from app.ui.directory.entry_view import EntryView
from app.ui.directory.hits_model import ID_ROLE, HitsModel
from app.ui.errors import error_text, show_error
from app.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListView,
    QModelIndex,
    QObject,
    QPushButton,
    QShortcut,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import while_alive

SEARCH_DELAY_MS = 120
COMMON_LANGUAGES = ("fi", "sv", "en", "ar", "so", "ru", "fa", "uk", "et", "zh")


class DirectoryScreen(QWidget):
    refer_requested = Signal(int, str)  # service id, its name
    searched = Signal()
    entry_shown = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directoryScreen")
        self.context = context
        self.directory = context.desk.directory
        self.edits = context.desk.local_edits
        self.site_id: int | None = None
        self.entry: DirectoryEntry | None = None
        self.handout_dialog: QWidget | None = None  # the open handout dialog, if any
        self._generation = 0
        self._prefer: int | None = None  # the entry to select once the next results arrive
        self.setStyleSheet(DESK_STYLE)

        self.title = QLabel()
        self.title.setProperty("title", True)
        self.search = QLineEdit()
        self.search.setObjectName("directorySearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule_search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.topic = QComboBox()
        self.topic.setObjectName("topicFilter")
        self.served_in = QComboBox()
        self.served_in.setObjectName("languageFilter")
        self.open_now = QCheckBox()
        self.open_now.setObjectName("openNowFilter")
        self.no_appointment = QCheckBox()
        self.no_appointment.setObjectName("noAppointmentFilter")
        self.free = QCheckBox()
        self.free.setObjectName("freeFilter")
        self.under_30 = QCheckBox()
        self.under_30.setObjectName("under30Filter")
        for combo in (self.topic, self.served_in):
            combo.currentIndexChanged.connect(self.run_search)
        for box in (self.open_now, self.no_appointment, self.free, self.under_30):
            box.toggled.connect(self.run_search)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addServiceButton")
        self.add_button.clicked.connect(self.add_service)

        self.model = HitsModel(self)
        self.results = QListView()
        self.results.setObjectName("directoryResults")
        self.results.setModel(self.model)
        # Several entries can be selected (Ctrl/Shift+click) for one handout; the current one fills the detail pane.
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.setUniformItemSizes(False)
        self.results.setSpacing(2)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.results.activated.connect(lambda _index: self.refer())
        self.count_label = QLabel()
        self.count_label.setProperty("muted", True)
        self.no_results = QLabel()
        self.no_results.setObjectName("directoryNoResults")
        self.no_results.setWordWrap(True)
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.results)
        self.results_stack.addWidget(self.no_results)
        self._last_query: tuple[object, ...] | None = None  # a new search selects its own best hit
        self.search.installEventFilter(self)  # Down moves from the search box into the results

        self.view = EntryView(context.ui_language)
        self.view.setTabChangesFocus(True)  # Tab leaves the detail pane instead of cycling through its links
        self.conflict = QFrame()
        self.conflict.setObjectName("editBanner")
        self.conflict_text = QLabel()
        self.conflict_text.setWordWrap(True)
        self.take_new = QPushButton()
        self.take_new.setObjectName("takeNewButton")
        self.take_new.clicked.connect(lambda: self._resolve(True))
        self.keep_mine = QPushButton()
        self.keep_mine.setObjectName("keepMineButton")
        self.keep_mine.clicked.connect(lambda: self._resolve(False))
        banner = QHBoxLayout(self.conflict)
        banner.addWidget(self.conflict_text, 1)
        banner.addWidget(self.take_new)
        banner.addWidget(self.keep_mine)
        self.conflict.hide()

        self.refer_button = QPushButton()
        self.refer_button.setObjectName("referButton")
        self.refer_button.setProperty("primary", True)
        self.refer_button.clicked.connect(self.refer)
        self.handout_button = QPushButton()
        self.handout_button.setObjectName("handoutButton")
        self.handout_button.clicked.connect(self.open_handout)
        self.pin_button = QPushButton()
        self.pin_button.setObjectName("pinButton")
        self.pin_button.clicked.connect(self.toggle_pin)
        self.checked_button = QPushButton()
        self.checked_button.setObjectName("checkedButton")
        self.checked_button.clicked.connect(self.mark_checked)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editServiceButton")
        self.edit_button.clicked.connect(self.edit_service)
        self.flag_button = QPushButton()
        self.flag_button.setObjectName("flagButton")
        self.flag_button.clicked.connect(self.flag_entry)
        self.note = QLineEdit()
        self.note.setObjectName("serviceNote")
        self.note.returnPressed.connect(self.save_note)
        self.note_button = QPushButton()
        self.note_button.setObjectName("saveNoteButton")
        self.note_button.clicked.connect(self.save_note)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self._build_layout()
        for key in ("Ctrl+F", "/"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.focus_search)
        handout_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        handout_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        handout_key.activated.connect(self.open_handout)
        self.retranslate()
        self._fill_filters()
        self._update_actions()
        sites = context.sites
        self._run_db(lambda: sites.default().id, self.set_site)  # pins are per site; then the first search

    # -- layout ---------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.topic, 2)
        filters.addWidget(self.served_in, 2)
        filters.addWidget(self.open_now)
        filters.addWidget(self.no_appointment)
        filters.addWidget(self.free)
        filters.addWidget(self.under_30)
        filters.addStretch(1)
        filters.addWidget(self.add_button)

        left = QFrame()
        left.setProperty("card", True)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.results_stack, 1)
        left_layout.addWidget(self.count_label)

        actions = QHBoxLayout()
        actions.addWidget(self.refer_button)
        actions.addWidget(self.handout_button)
        actions.addWidget(self.pin_button)
        actions.addWidget(self.checked_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.flag_button)
        actions.addStretch(1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.note_button)

        right = QFrame()
        right.setProperty("card", True)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.conflict)
        right_layout.addWidget(self.view, 1)
        right_layout.addLayout(note_row)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.status)

        panes = QHBoxLayout()
        panes.addWidget(left, 2)
        panes.addWidget(right, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addLayout(panes, 1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.model.index(0, 0))
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Service directory"))
        self.search.setAccessibleName(self.tr("Search services"))
        self.view.setAccessibleName(self.tr("Service details"))
        self.results.setAccessibleName(self.tr("Services found"))
        self.note.setAccessibleName(self.tr("Our note about this service"))
        self.topic.setAccessibleName(self.tr("Topic filter"))
        self.served_in.setAccessibleName(self.tr("Language filter"))
        self.search.setPlaceholderText(self.tr("Search services: name, topic, place… (Ctrl+F)"))
        self.open_now.setText(self.tr("Open now"))
        self.no_appointment.setText(self.tr("No appointment"))
        self.no_appointment.setToolTip(self.tr("Only services the source says need no appointment (drop-in)"))
        self.free.setText(self.tr("Free"))
        self.free.setToolTip(self.tr("Only services the source says cost nothing"))
        self.under_30.setText(self.tr("Under 30s"))
        self.under_30.setToolTip(self.tr("Only services for young people (an age limit of 30 or less)"))
        self.add_button.setText(self.tr("Add service…"))
        self.add_button.setToolTip(self.tr("Add a service that is not in the directory, e.g. an NGO's weekly drop-in"))
        self.refer_button.setText(self.tr("Refer"))
        self.refer_button.setToolTip(self.tr("Record this service as the referral of the visit on the Desk screen"))
        self.handout_button.setText(self.tr("Handout…"))
        self.handout_button.setToolTip(
            self.tr("Print, save or show the selected services in the visitor's language (Ctrl+P)")
        )
        self.checked_button.setText(self.tr("Checked today"))
        self.checked_button.setToolTip(self.tr("The details were confirmed today"))
        self.edit_button.setText(self.tr("Edit…"))
        self.flag_button.setText(self.tr("Wrong?…"))
        self.flag_button.setToolTip(
            self.tr("Tell the coordinator that this entry is wrong or out of date (sent with the next sync)")
        )
        self.note.setPlaceholderText(self.tr("Our note about this service, e.g. call ahead for Somali"))
        self.note_button.setText(self.tr("Save note"))
        self.conflict_text.setText(
            self.tr("The source has a new version of this entry, which you have edited here. Which one is right?")
        )
        self.take_new.setText(self.tr("Take the new version"))
        self.keep_mine.setText(self.tr("Keep ours"))
        self._update_pin_text()

    def _fill_filters(self) -> None:
        language = self.context.ui_language
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem(self.tr("All topics"), None)
        for value in self.context.codes["topic"].values:
            self.topic.addItem(value.label(language), value.code)
        self.topic.blockSignals(False)
        self.served_in.blockSignals(True)
        self.served_in.clear()
        self.served_in.addItem(self.tr("Any language"), None)
        index = language_index()
        for code in COMMON_LANGUAGES:
            self.served_in.addItem(self.tr("Given in %1").replace("%1", index.name(code, language)), code)
        self.served_in.blockSignals(False)

    # -- searching ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def set_site(self, site_id: int | None) -> None:
        self.site_id = site_id
        self.run_search()

    def filters(self) -> SearchFilters:
        return SearchFilters(
            served_in=self.served_in.currentData(),
            topic=self.topic.currentData(),
            open_now=self.open_now.isChecked(),
            no_appointment=self.no_appointment.isChecked(),
            free=self.free.isChecked(),
            under_30=self.under_30.isChecked(),
        )

    def _schedule_search(self) -> None:
        self._timer.start()

    def run_search(self) -> None:
        """Search on the database lane; an answer that is no longer the newest is dropped."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        query, filters, site_id, language = self.search.text(), self.filters(), self.site_id, self.context.ui_language
        directory = self.directory
        self._run_db(
            lambda: directory.search(query, language, filters, limit=50, site_id=site_id),
            lambda hits: self._show_hits(generation, hits),
        )

    def _show_hits(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        query = (self.search.text().strip(), self.filters())
        is_same_search = query == self._last_query
        self._last_query = query
        # The same search again (data changed) keeps the entry shown; a new search starts at its best hit.
        keep = self._prefer or (self.entry.id if self.entry and is_same_search else None)
        self._prefer = None
        self.model.set_hits(hits)
        if not hits:
            self.no_results.setText(
                self.tr("No services match “%1”. Try fewer letters, another word or fewer filters.").replace(
                    "%1", self.search.text().strip()
                )
                if self.search.text().strip()
                else self.tr("No services match these filters.")
            )
        self.results_stack.setCurrentWidget(self.results if hits else self.no_results)
        self.count_label.setText(
            self.tr("Services shown: %1").replace("%1", str(len(hits))) if hits else self.tr("No services match.")
        )
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and hits:
            row = 0
        if row >= 0:
            self.results.setCurrentIndex(self.model.index(row, 0))
        else:
            self._clear_entry()
        self.searched.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        service_id = current.data(ID_ROLE) if current.isValid() else None
        if service_id is None:
            self._clear_entry()
            return
        self.load_entry(int(service_id))

    def load_entry(self, service_id: int) -> None:
        directory, language = self.directory, self.context.ui_language
        self._run_db(lambda: directory.entry(service_id, language), self._show_entry)

    def _show_entry(self, entry: DirectoryEntry) -> None:
        self.entry = entry
        self.view.show_entry(entry)
        self.note.setText(entry.note or "")
        self.conflict.setVisible(entry.has_new_source_version)
        self._update_actions()
        self.entry_shown.emit()

    def _clear_entry(self) -> None:
        self.entry = None
        self.view.show_nothing()
        self.note.clear()
        self.conflict.hide()
        self._update_actions()

    def _update_actions(self) -> None:
        has_entry = self.entry is not None
        for widget in (
            self.refer_button,
            self.handout_button,
            self.pin_button,
            self.checked_button,
            self.edit_button,
            self.note,
            self.note_button,
        ):
            widget.setEnabled(has_entry)
        if self.entry is not None and self.entry.is_withdrawn:
            self.refer_button.setEnabled(False)
        self.flag_button.setEnabled(has_entry and self.entry is not None and self.entry.source != "local")
        self._update_pin_text()

    def _is_pinned(self) -> bool:
        return self.entry is not None and any(hit.id == self.entry.id and hit.is_pinned for hit in self.model.hits())

    def _update_pin_text(self) -> None:
        self.pin_button.setText(self.tr("Unpin") if self._is_pinned() else self.tr("Pin for this site"))

    # -- actions --------------------------------------------------------------------------------
    def refer(self) -> None:
        if self.entry is not None and not self.entry.is_withdrawn:
            self.refer_requested.emit(self.entry.id, self.entry.name)

    def selected_ids(self) -> list[int]:
        """The selected entries in list order, or the one in the detail pane."""
        hits = self.model.hits()
        rows = sorted(index.row() for index in self.results.selectionModel().selectedRows())
        ids = [hits[row].id for row in rows if row < len(hits)]
        if not ids and self.entry is not None:
            ids = [self.entry.id]
        return ids

    def open_handout(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        from app.ui.handouts.dialog import HandoutDialog

        self.handout_dialog = HandoutDialog(self.context, ids, parent=self)
        self.handout_dialog.open()

    def toggle_pin(self) -> None:
        if self.entry is None or self.site_id is None:
            return
        edits, site_id, service_id, pinned = self.edits, self.site_id, self.entry.id, not self._is_pinned()
        self._run_db(lambda: edits.pin(site_id, service_id, pinned), lambda _result: self.run_search())

    def mark_checked(self) -> None:
        if self.entry is None:
            return
        edits, service_id = self.edits, self.entry.id
        self._run_db(
            lambda: edits.mark_checked(service_id),
            lambda _result: self._after_change(self.tr("Marked as checked today.")),
        )

    def save_note(self) -> None:
        if self.entry is None:
            return
        edits, service_id, text = self.edits, self.entry.id, self.note.text()
        self._run_db(
            lambda: edits.set_note(service_id, text), lambda _result: self._after_change(self.tr("Note saved."))
        )

    def _resolve(self, take_new: bool) -> None:
        if self.entry is None:
            return
        edits, service_id = self.edits, self.entry.id
        message = self.tr("The new version is in use.") if take_new else self.tr("Our version is kept.")
        self._run_db(lambda: edits.resolve(service_id, take_new), lambda _result: self._after_change(message))

    def add_service(self) -> None:
        from app.ui.directory.service_dialog import ServiceDialog

        dialog = ServiceDialog(self.context, None, self)
        if dialog.exec():
            edits, record = self.edits, dialog.record()
            name = next(iter(record.name.values()), "")
            self._run_db(lambda: edits.add(record), lambda service_id: self._added(service_id, name))

    def _added(self, service_id: int, name: str) -> None:
        """Show the new entry: search for its name and select it."""
        self.status.setText(self.tr("Service added."))
        self._prefer = service_id
        self.search.setText(name)
        self.run_search()

    def edit_service(self) -> None:
        if self.entry is None:
            return
        edits, service_id = self.edits, self.entry.id
        self._run_db(lambda: edits.record(service_id), lambda record: self._open_editor(service_id, record))

    def _open_editor(self, service_id: int, record: Any) -> None:
        from app.ui.directory.service_dialog import ServiceDialog

        dialog = ServiceDialog(self.context, record, self)
        if dialog.exec():
            edits, edited = self.edits, dialog.record()
            self._run_db(
                lambda: edits.edit(service_id, edited), lambda _result: self._after_change(self.tr("Changes saved."))
            )

    def flag_entry(self) -> None:
        """Ask what is wrong, in a few words; the flag waits for the next sync."""
        if self.entry is None:
            return
        from app.ui.directory.flag_dialog import FlagDialog

        self.flag_dialog = FlagDialog(self.entry.name, self)
        service_id, edits = self.entry.id, self.edits

        def send() -> None:
            text = self.flag_dialog.text.text()
            self._run_db(
                lambda: edits.flag(service_id, text),
                lambda _result: self._after_change(self.tr("Flag saved: the coordinator gets it with the next sync.")),
            )

        self.flag_dialog.accepted.connect(send)
        self.flag_dialog.open()

    def _after_change(self, message: str) -> None:
        self.status.setText(message)
        if self.entry is not None:
            self.load_entry(self.entry.id)
        self.run_search()

    def _run_db(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.context.tasks.run_db(work, while_alive(self, on_done), while_alive(self, self._failed))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, NeuvoError):
            show_error(self, error)
            return
        self.status.setText(error_text(error))
