"""Entering visits afterwards from a paper tally sheet: a past session, a list of visits, saved all at once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from app.desk_sessions import SessionInfo
from app.errors import NeuvoError, PersonalDataInNote, StoreLocked
from app.languages import language_index
from app.paper_tally import PastSession
from app.sites import SiteInfo
from app.ui.context import AppContext
from app.ui.desk.session_bar import day_text
from app.ui.desk.style import DESK_STYLE
from app.ui.desk.visit_form import VisitForm
from app.ui.errors import error_text, show_error
from app.ui.forms import set_row_labels
from app.ui.qt import (
    AnyIndex,
    QAbstractItemView,
    QButtonGroup,
    QCloseEvent,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMessageBox,
    QModelIndex,
    QObject,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QShortcut,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    Qt,
    QTableView,
    QTime,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.row_model import RowModel
from app.ui.tasks import while_alive
from app.visits import VisitInput
from app.weeks import HELSINKI, local, today_local

MAX_IDENTICAL = 500
DATE_FORMATS = {"fi": "ddd d.M.yyyy", "sv": "ddd d MMM yyyy", "en": "ddd d MMM yyyy"}
RECENT_SESSIONS = 40
TIME_COLUMN, COUNT_COLUMN, SUMMARY_COLUMN, REMOVE_COLUMN = range(4)


@dataclass(frozen=True)
class PendingVisit:
    """One line of the tally sheet: `count` identical visits at one time of day."""

    visit: VisitInput
    time_of_day: time
    count: int


@dataclass(frozen=True)
class PaperChoices:
    sites: list[SiteInfo]
    sessions: list[SessionInfo]  # recent ended sessions, newest first


def load_paper_choices(context: AppContext) -> PaperChoices:
    """Runs on the database lane; also reads the directory's phone numbers for the note check of the list."""
    context.visits.service_numbers()
    sessions = [session for session in context.desk_sessions.recent(RECENT_SESSIONS) if not session.is_open]
    return PaperChoices(context.sites.all(), sessions)


def save_paper_visits(
    context: AppContext, visits: list[VisitInput], new_session: dict[str, Any] | None, session_id: int | None
) -> list[int]:
    """Runs on the database lane: the session and its visits in one transaction (a refused visit saves nothing)."""
    past = PastSession(**new_session) if new_session is not None else None
    return context.paper_tally.save(visits, past, session_id)


class PendingModel(RowModel[PendingVisit]):
    """The visits added so far, not yet saved."""

    COLUMNS = 4

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def entries(self) -> list[PendingVisit]:
        return list(self._items)

    def total(self) -> int:
        return sum(entry.count for entry in self._items)

    def append(self, entry: PendingVisit) -> None:
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(entry)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            self.endRemoveRows()

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt API
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("Count"), self.tr("Visit"), "")[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self._item(index)
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == TIME_COLUMN:
                return entry.time_of_day.strftime("%H:%M")
            if index.column() == COUNT_COLUMN:
                return f"× {entry.count}"
            if index.column() == SUMMARY_COLUMN:
                return self._summary(entry.visit)
        return None

    def _summary(self, visit: VisitInput) -> str:
        language = self.context.ui_language
        codes = self.context.codes
        topics = ", ".join(codes.label("topic", code, language) for code in visit.topics)
        parts = [topics or self.tr("(no topic)")]
        if visit.contact == "group":
            group = self.tr("Group of %1").replace("%1", str(visit.participants))
            parts = [f"{group}: {topics}" if topics else group]
        if visit.languages:
            parts.append(", ".join(language_index().name(code, language) for code in visit.languages))
        if visit.outcomes:
            parts.append(", ".join(codes.label("outcome", code, language) for code in visit.outcomes))
        return " · ".join(parts)


class PaperEntryDialog(QDialog):
    """Pick or describe the past session, add the tally sheet's visits, then save them all in one go."""

    loaded = Signal()
    saved = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperEntryDialog")
        self.context = context
        self.choices: PaperChoices | None = None
        self.discard_box: QMessageBox | None = None
        self._is_saving = False

        self.new_choice = QRadioButton()
        self.new_choice.setObjectName("newSessionChoice")
        self.new_choice.setChecked(True)
        self.existing_choice = QRadioButton()
        self.existing_choice.setObjectName("existingSessionChoice")
        self.choice_group = QButtonGroup(self)
        self.choice_group.addButton(self.new_choice)
        self.choice_group.addButton(self.existing_choice)
        self.site = QComboBox()
        self.site.setObjectName("paperSite")
        self.date = QDateEdit()
        self.date.setObjectName("paperDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMATS.get(context.ui_language, DATE_FORMATS["en"]))
        today = today_local()
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date.setDate(QDate(today.year, today.month, today.day).addDays(-1))
        self.start_time = QTimeEdit(QTime(12, 0))
        self.start_time.setObjectName("paperStart")
        self.start_time.setDisplayFormat("HH:mm")
        self.end_time = QTimeEdit(QTime(16, 0))
        self.end_time.setObjectName("paperEnd")
        self.end_time.setDisplayFormat("HH:mm")
        self.staff = QLineEdit()
        self.staff.setObjectName("paperStaff")
        self.partner = QLineEdit()
        self.partner.setObjectName("paperPartner")
        self.existing = QComboBox()
        self.existing.setObjectName("paperExistingSession")
        self.existing_empty = QLabel()
        self.existing_empty.setProperty("muted", True)
        self.existing_empty.setWordWrap(True)

        self.form = VisitForm(context, [])
        self.time_of_day = QTimeEdit(QTime(12, 0))
        self.time_of_day.setObjectName("paperTimeOfDay")
        self.time_of_day.setDisplayFormat("HH:mm")
        self.count = QSpinBox()
        self.count.setObjectName("paperCount")
        self.count.setRange(1, MAX_IDENTICAL)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addToListButton")
        self.add_button.setProperty("primary", True)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_to_list)
        self.add_message = QLabel()
        self.add_message.setObjectName("addMessage")
        self.add_message.setWordWrap(True)

        self.pending = PendingModel(context, self)
        self.table = QTableView()
        self.table.setObjectName("pendingTable")
        self.table.setModel(self.pending)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TIME_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SUMMARY_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REMOVE_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(REMOVE_COLUMN, 34)
        self.pending_empty = QLabel()
        self.pending_empty.setProperty("muted", True)
        self.pending_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pending_empty.setWordWrap(True)
        self.pending_stack = QStackedWidget()
        self.pending_stack.addWidget(self.pending_empty)
        self.pending_stack.addWidget(self.table)
        self.total_label = QLabel()
        self.total_label.setObjectName("pendingTotal")
        self.total_label.setProperty("title", True)
        self.error = QLabel()
        self.error.setObjectName("paperError")
        self.error.setProperty("error", True)
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveAllButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_all)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("paperCancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.ask_to_cancel)

        self._build_layout()
        self.setStyleSheet(DESK_STYLE)
        self.retranslate()
        self.new_choice.toggled.connect(self._session_choice_changed)
        self.site.currentIndexChanged.connect(lambda _index: self._session_changed())
        self.existing.currentIndexChanged.connect(lambda _index: self._session_changed())
        self.date.dateChanged.connect(lambda _date: self._session_changed())
        self.start_time.timeChanged.connect(lambda _time: self._session_changed())
        self.end_time.timeChanged.connect(lambda _time: self._session_changed())
        self.pending.rowsInserted.connect(lambda *_args: self._pending_changed())
        self.pending.rowsRemoved.connect(lambda *_args: self._pending_changed())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.add_to_list)
        self._session_choice_changed()
        self._pending_changed()
        self.setEnabled(False)
        context.tasks.run_db(
            lambda: load_paper_choices(context), while_alive(self, self._loaded), while_alive(self, self._load_failed)
        )

    # -- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.new_form = QFormLayout()
        self.new_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.new_form.setContentsMargins(22, 0, 0, 0)
        times = QHBoxLayout()
        times.setSpacing(6)
        self.until_label = QLabel()
        times.addWidget(self.start_time)
        times.addWidget(self.until_label)
        times.addWidget(self.end_time)
        times.addStretch(1)
        self.new_form.addRow(QLabel(), self.site)
        self.new_form.addRow(QLabel(), self.date)
        self.new_form.addRow(QLabel(), times)
        self.new_form.addRow(QLabel(), self.staff)
        self.new_form.addRow(QLabel(), self.partner)
        self.new_fields = QWidget()
        self.new_fields.setLayout(self.new_form)
        existing_box = QVBoxLayout()
        existing_box.setContentsMargins(22, 0, 0, 0)
        existing_box.addWidget(self.existing)
        existing_box.addWidget(self.existing_empty)

        self.session_title = QLabel()
        self.session_title.setProperty("title", True)
        session_card = QFrame()
        session_card.setProperty("card", True)
        session_layout = QVBoxLayout(session_card)
        session_layout.setContentsMargins(14, 12, 14, 12)
        session_layout.setSpacing(8)
        session_layout.addWidget(self.session_title)
        session_layout.addWidget(self.new_choice)
        session_layout.addWidget(self.new_fields)
        session_layout.addWidget(self.existing_choice)
        session_layout.addLayout(existing_box)

        pending_card = QFrame()
        pending_card.setProperty("card", True)
        pending_layout = QVBoxLayout(pending_card)
        pending_layout.setContentsMargins(14, 12, 14, 12)
        pending_layout.setSpacing(8)
        pending_layout.addWidget(self.total_label)
        pending_layout.addWidget(self.pending_stack, 1)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(session_card)
        right.addWidget(pending_card, 1)

        self.time_label = QLabel()
        self.count_label = QLabel()
        add_row = QHBoxLayout()
        add_row.setSpacing(8)
        add_row.addWidget(self.time_label)
        add_row.addWidget(self.time_of_day)
        add_row.addSpacing(12)
        add_row.addWidget(self.count_label)
        add_row.addWidget(self.count)
        add_row.addSpacing(12)
        add_row.addWidget(self.add_message, 1)
        add_row.addWidget(self.add_button)
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("formScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form)
        self.visit_title = QLabel()
        self.visit_title.setProperty("title", True)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setObjectName("addRule")
        rule.setStyleSheet("#addRule { color: palette(midlight); }")
        form_card = QFrame()
        form_card.setProperty("card", True)
        form_layout = QVBoxLayout(form_card)
        form_layout.setContentsMargins(16, 12, 16, 10)
        form_layout.setSpacing(10)
        form_layout.addWidget(self.visit_title)
        form_layout.addWidget(self.form_scroll, 1)
        form_layout.addWidget(rule)
        form_layout.addLayout(add_row)

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(form_card, 1)
        right_host = QWidget()
        right_host.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        right_host.setFixedWidth(390)
        body.addWidget(right_host)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(12)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        for button in (self.cancel_button, self.save_button, self.add_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.save_button.setMinimumWidth(150)
        self.resize(1300, 720)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Visits from a paper tally sheet"))
        self.session_title.setText(self.tr("Session"))
        self.new_choice.setText(self.tr("A session not yet in Neuvo"))
        self.existing_choice.setText(self.tr("A session already in Neuvo"))
        labels = (
            self.tr("Site"),
            self.tr("Date"),
            self.tr("Time"),
            self.tr("Staff present"),
            self.tr("Partner organisation"),
        )
        set_row_labels(self.new_form, labels)
        self.until_label.setText(self.tr("to"))
        self.staff.setPlaceholderText(self.tr("First names or initials (optional)"))
        self.partner.setPlaceholderText(self.tr("e.g. Monik ry (optional)"))
        self.existing_empty.setText(self.tr("No ended sessions yet."))
        self.visit_title.setText(self.tr("Visit"))
        self.time_label.setText(self.tr("Time of day"))
        self.count_label.setText(self.tr("How many identical visits"))
        self.add_button.setText(self.tr("Add to list"))
        self.add_button.setToolTip(self.tr("Ctrl+Enter"))
        self.pending_empty.setText(
            self.tr("Fill in a visit on the left and press Add to list. Nothing is saved until you press Save all.")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self._pending_changed()

    # -- loading and the session ----------------------------------------------------------
    def _loaded(self, choices: PaperChoices) -> None:
        self.choices = choices
        for site in choices.sites:
            self.site.addItem(site.name, site.id)
        language = self.context.ui_language
        for session in choices.sessions:
            start, end = local(session.started_at), local(session.ended_at or session.started_at)
            parts = [f"{day_text(start.date(), language)} {start:%H:%M}–{end:%H:%M}", session.site_name]
            if session.partner:
                parts.append(session.partner)
            self.existing.addItem(" · ".join(parts), session.id)
        self.existing_choice.setEnabled(bool(choices.sessions))
        self.existing_empty.setVisible(not choices.sessions)
        self.existing.setVisible(bool(choices.sessions))
        self.setEnabled(True)
        self._session_choice_changed()
        self.form.focus_first_topic()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, StoreLocked):
            return
        self.setEnabled(True)
        if isinstance(error, NeuvoError):
            self._show_error(error_text(error))
        else:
            show_error(self, error)

    def _session_choice_changed(self) -> None:
        is_new = self.new_choice.isChecked()
        self.new_fields.setEnabled(is_new)
        self.existing.setEnabled(not is_new)
        self._session_changed()

    def _selected_session(self) -> SessionInfo | None:
        if self.choices is None or self.new_choice.isChecked():
            return None
        session_id = self.existing.currentData()
        return next((session for session in self.choices.sessions if session.id == session_id), None)

    def _site(self) -> SiteInfo | None:
        if self.choices is None:
            return None
        existing = self._selected_session()
        site_id = existing.site_id if existing is not None else self.site.currentData()
        return next((site for site in self.choices.sites if site.id == site_id), None)

    def session_day(self) -> date:
        existing = self._selected_session()
        if existing is not None:
            return local(existing.started_at).date()
        picked = self.date.date()
        return date(picked.year(), picked.month(), picked.day())

    def _session_hours(self) -> tuple[QTime, QTime]:
        existing = self._selected_session()
        if existing is not None:
            start, end = local(existing.started_at), local(existing.ended_at or existing.started_at)
            return QTime(start.hour, start.minute), QTime(end.hour, end.minute)
        return self.start_time.time(), self.end_time.time()

    def _session_changed(self) -> None:
        site = self._site()
        if site is not None:
            self.form.set_usual_languages(site.usual_languages)
        start, end = self._session_hours()
        if end > start:
            self.time_of_day.setTimeRange(start, end)
        self._update_save_button()

    def _session_problem(self) -> str | None:
        if self.new_choice.isChecked():
            start, end = self._session_hours()
            if end <= start:
                return self.tr("The session must end after it starts.")
            ended = datetime.combine(self.session_day(), time(end.hour(), end.minute()), HELSINKI)
            if ended > datetime.now(HELSINKI):
                return self.tr("The session must be over: its end is still to come.")
        elif self._selected_session() is None:
            return self.tr("Choose the session.")
        return None

    # -- the list -------------------------------------------------------------------------
    def add_to_list(self) -> None:
        """Ctrl+Enter: put the visit (times the count) on the list and clear the form for the next line."""
        if not self.isEnabled() or self._is_saving:
            return
        clock = self.time_of_day.time()
        visit = self.form.value()
        at = datetime.combine(self.session_day(), time(clock.hour(), clock.minute()), HELSINKI)
        try:
            self.context.visits.validate(replace(visit, at=at), self.context.visits.directory_numbers.last_read)
        except PersonalDataInNote as error:
            self.form.show_note_error(error_text(error))
            return
        except NeuvoError as error:
            self._show_add_message(error_text(error), is_error=True)
            return
        self.pending.append(PendingVisit(visit, time(clock.hour(), clock.minute()), self.count.value()))
        self._rebuild_remove_buttons()
        self.form.reset()
        self.count.setValue(1)
        self._show_add_message(self.tr("Added. Fill in the next one."), is_error=False)
        self.form.focus_first_topic()

    def remove_row(self, row: int) -> None:
        self.pending.remove(row)
        self._rebuild_remove_buttons()

    def _rebuild_remove_buttons(self) -> None:
        for row in range(self.pending.rowCount()):
            button = QToolButton()
            button.setObjectName(f"removePending_{row}")
            button.setText("✕")
            button.setAutoRaise(True)
            button.setToolTip(self.tr("Remove from the list"))
            button.clicked.connect(lambda _checked=False, r=row: self.remove_row(r))
            self.table.setIndexWidget(self.pending.index(row, REMOVE_COLUMN), button)

    def remove_buttons(self) -> list[QToolButton]:
        widgets = [
            self.table.indexWidget(self.pending.index(row, REMOVE_COLUMN)) for row in range(self.pending.rowCount())
        ]
        return [widget for widget in widgets if isinstance(widget, QToolButton)]

    def _pending_changed(self) -> None:
        total = self.pending.total()
        self.pending_stack.setCurrentWidget(self.table if total else self.pending_empty)
        self.total_label.setText(self.tr("Visits to save: %1").replace("%1", str(total)))
        self.save_button.setText(self.tr("Save all (%1)").replace("%1", str(total)) if total else self.tr("Save all"))
        self._update_save_button()

    def _update_save_button(self) -> None:
        problem = self._session_problem() if self.choices is not None else None
        self.save_button.setEnabled(self.pending.total() > 0 and problem is None and not self._is_saving)
        if problem and self.choices is not None:
            self._show_error(problem)
        else:
            self.error.hide()

    def _show_add_message(self, text: str, is_error: bool) -> None:
        self.add_message.setText(text)
        self.add_message.setProperty("error", is_error)
        self.add_message.setProperty("success", not is_error)
        self.add_message.style().unpolish(self.add_message)
        self.add_message.style().polish(self.add_message)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- saving and leaving ---------------------------------------------------------------
    def save_all(self) -> None:
        """Save every listed visit with its real date and time, in one transaction, then close."""
        if self._is_saving or not self.save_button.isEnabled():
            return
        day = self.session_day()
        visits = [
            replace(entry.visit, at=datetime.combine(day, entry.time_of_day, HELSINKI))
            for entry in self.pending.entries()
            for _ in range(entry.count)
        ]
        new_session: dict[str, Any] | None = None
        session_id: int | None = None
        existing = self._selected_session()
        if existing is not None:
            session_id = existing.id
        else:
            start, end = self._session_hours()
            new_session = {
                "site_id": int(self.site.currentData()),
                "started_at": datetime.combine(day, time(start.hour(), start.minute()), HELSINKI),
                "ended_at": datetime.combine(day, time(end.hour(), end.minute()), HELSINKI),
                "staff": self.staff.text(),
                "partner": self.partner.text(),
            }
        self._is_saving = True
        self._update_save_button()
        context = self.context
        context.tasks.run_db(
            lambda: save_paper_visits(context, visits, new_session, session_id),
            while_alive(self, self._saved),
            while_alive(self, self._save_failed),
        )

    def _saved(self, visit_ids: list[int]) -> None:
        self._is_saving = False
        self.context.events.visits_changed.emit()
        self.context.events.session_changed.emit()
        self.saved.emit(len(visit_ids))
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._is_saving = False
        self._update_save_button()
        if isinstance(error, NeuvoError):
            self._show_error(error_text(error))
        else:
            show_error(self, error)

    def ask_to_cancel(self) -> None:
        """Cancel: close without saving; a list not yet saved is only dropped after asking."""
        if not self.pending.total():
            self.reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Discard the list?"),
            self.tr("Visits on the list that are not saved yet: %1. Discard them?").replace(
                "%1", str(self.pending.total())
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("discardConfirmation")
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("confirmDiscard")
        keep = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda button: self.reject() if button is discard else None)
        box.finished.connect(box.deleteLater)
        self.discard_box = box
        box.open()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.ask_to_cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            return  # no default button: a stray Return must not save or close
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        # Only the window's close button gets here (accept/reject do not send a close event).
        if self.pending.total() and not self._is_saving:
            event.ignore()
            self.ask_to_cancel()
            return
        super().closeEvent(event)
