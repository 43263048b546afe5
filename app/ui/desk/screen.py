"""The Desk screen: the session bar, the visit form with its keyboard shortcuts, undo, and today's visits."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from app.errors import NeuvoError, PersonalDataInNote, StoreLocked
from app.handouts.labels import handout_languages
from app.ui.context import AppContext
from app.ui.desk.exit_question import ExitQuestion
from app.ui.desk.session_bar import SessionBar
from app.ui.desk.state import DeskState, load_desk_state
from app.ui.desk.style import DESK_STYLE
from app.ui.desk.today_model import LANGUAGES, OUTCOMES, SUMMARY, TIME, TOPICS, TodayModel
from app.ui.desk.visit_form import VisitForm
from app.ui.errors import error_text, show_error
from app.ui.qt import (
    QAbstractItemView,
    QEvent,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QScrollArea,
    QShortcut,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import while_alive
from app.visits import VisitInput, VisitRecord
from app.weeks import local

STATUS_SECONDS = 8
# A second save of the very same choices this soon after the first is a repeated key press, not a new visit.
REPEAT_SAVE_SECONDS = 1.5
UNDO_DEPTH = 20
TODAY_PANEL_WIDTH = (260, 340)  # (minimum, maximum): the form gets the rest


@dataclass(frozen=True)
class UndoStep:
    """How to take back one change: remove an added visit, restore a corrected or deleted one."""

    kind: str  # "added", "corrected" or "deleted"
    visit_id: int
    previous: VisitInput | None = None  # for "added": the choices saved, put back in the form on undo
    # For "added": the visitor's exit answer after it, kept only here (in memory) so that undo can take it back.
    answer: str | None = None


def _has_choices(visit: VisitInput) -> bool:
    return bool(visit.topics or visit.languages or visit.outcomes)


def _card() -> QFrame:
    card = QFrame()
    card.setProperty("card", True)
    return card


class CountTile(QFrame):
    """A big number with its caption (today's visits, this week's visits)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countTile")
        self.number = QLabel("0")
        self.number.setObjectName(f"{name}Number")
        self.caption = QLabel()
        self.caption.setProperty("muted", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)


class DeskScreen(QWidget):
    """Log a visit in seconds: pick, press Ctrl+Enter, and the form is ready for the next visitor."""

    refreshed = Signal()
    saved = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskScreen")
        self.context = context
        self.state: DeskState | None = None
        self.editing: VisitRecord | None = None
        self.undo_steps: list[UndoStep] = []
        self.delete_box: QMessageBox | None = None
        self._is_saving = False
        self._last_saved: tuple[VisitInput, float] | None = None  # (the choices, monotonic time) of the last save
        self.exit_question: ExitQuestion | None = None  # shown to the visitor after "Save and ask"
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(self._clear_status)

        self.session_bar = SessionBar(context)
        self.form = VisitForm(context, [])
        self.edit_banner = QLabel()
        self.edit_banner.setObjectName("editBanner")
        self.edit_banner.setWordWrap(True)
        self.edit_banner.hide()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(lambda: self.save(keep=False))
        self.keep_button = QPushButton()
        self.keep_button.setObjectName("saveKeepButton")
        self.keep_button.clicked.connect(lambda: self.save(keep=True))
        self.ask_button = QPushButton()  # shown where the site asks the exit question (Settings → Sites)
        self.ask_button.setObjectName("saveAskButton")
        self.ask_button.clicked.connect(lambda: self.save(ask=True))
        self.ask_button.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelEditButton")
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.cancel_button.hide()
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undoButton")
        self.undo_button.clicked.connect(self.undo)
        self.status = QLabel()
        self.status.setObjectName("deskStatus")
        self.status.setWordWrap(True)

        self.today_title = QLabel()
        self.today_title.setProperty("title", True)
        self.today_tile = CountTile("today")
        self.week_tile = CountTile("week")
        self.model = TodayModel(context.codes, context.ui_language, self)
        self.table = QTableView()
        self.table.setObjectName("todayTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # long Finnish topics wrap onto more lines instead of being cut off
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        for column in (TOPICS, LANGUAGES, OUTCOMES):  # shown together in SUMMARY, which wraps: nothing is cut off
            self.table.setColumnHidden(column, True)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._edit_index)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.table.activated.connect(self._edit_index)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("todayEmpty")
        self.empty_label.setProperty("muted", True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.empty_label)
        self.table_stack.addWidget(self.table)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editVisitButton")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteVisitButton")
        self.delete_button.clicked.connect(self.delete_selected)

        self._build_layout()
        self.setStyleSheet(DESK_STYLE)
        self._install_shortcuts()
        self.retranslate()
        self._update_buttons()
        context.events.session_changed.connect(self.refresh)
        context.events.visits_changed.connect(self.refresh)
        context.events.sites_changed.connect(self.refresh)
        self.session_bar.busy.connect(lambda _busy: self._update_buttons())
        self.form.more_toggle.toggled.connect(self._more_toggled)
        self.refresh()

    # -- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        # The common parts fit 1366x768; with "More" open on a small screen the form scrolls, never squeezes.
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("formScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the form's controls are the stops
        self.form_card = _card()
        self.form_card.setObjectName("formCard")
        save_row = QHBoxLayout()
        save_row.setSpacing(8)
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.keep_button)
        save_row.addWidget(self.ask_button)
        save_row.addWidget(self.cancel_button)
        save_row.addSpacing(6)
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.undo_button)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setObjectName("saveRule")
        rule.setStyleSheet("#saveRule { color: palette(midlight); }")
        form_layout = QVBoxLayout(self.form_card)
        form_layout.setContentsMargins(16, 10, 16, 8)
        form_layout.setSpacing(8)
        form_layout.addWidget(self.edit_banner)
        form_layout.addWidget(self.form_scroll, 1)
        form_layout.addWidget(rule)
        form_layout.addLayout(save_row)

        self.today_card = _card()
        self.today_card.setObjectName("todayCard")
        self.today_card.setMinimumWidth(TODAY_PANEL_WIDTH[0])
        self.today_card.setMaximumWidth(TODAY_PANEL_WIDTH[1])
        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        tiles.addWidget(self.today_tile, 1)
        tiles.addWidget(self.week_tile, 1)
        table_buttons = QHBoxLayout()
        table_buttons.setSpacing(8)
        table_buttons.addStretch(1)
        table_buttons.addWidget(self.edit_button)
        table_buttons.addWidget(self.delete_button)
        today_layout = QVBoxLayout(self.today_card)
        today_layout.setContentsMargins(14, 12, 14, 12)
        today_layout.setSpacing(10)
        today_layout.addWidget(self.today_title)
        today_layout.addLayout(tiles)
        today_layout.addWidget(self.table_stack, 1)
        today_layout.addLayout(table_buttons)

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.form_card, 3)
        body.addWidget(self.today_card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(8)
        layout.addWidget(self.session_bar)
        layout.addLayout(body, 1)
        for button in (self.save_button, self.keep_button, self.ask_button, self.cancel_button, self.undo_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def _install_shortcuts(self) -> None:
        bindings: list[tuple[str, Callable[[], None]]] = [
            ("Ctrl+Return", lambda: self.save(keep=False)),
            ("Ctrl+Enter", lambda: self.save(keep=False)),
            ("Ctrl+Shift+Return", lambda: self.save(keep=True)),
            ("Ctrl+Shift+Enter", lambda: self.save(keep=True)),
            ("Ctrl+Alt+Return", lambda: self.save(ask=True)),
            ("Ctrl+Alt+Enter", lambda: self.save(ask=True)),
            ("Ctrl+Z", self.undo),
            ("Escape", self.cancel_edit),
        ]
        self.shortcuts: list[QShortcut] = []
        for keys, action in bindings:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        self.shortcuts.append(delete_key)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.keep_button.setText(self.tr("Save and keep"))
        self.keep_button.setToolTip(self.tr("Save, and keep the choices for a similar visit (Ctrl+Shift+Enter)"))
        self.ask_button.setText(self.tr("Save and ask"))
        self.ask_button.setToolTip(
            self.tr("Save, then turn the screen to the visitor: did they get the help they needed? (Ctrl+Alt+Enter)")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Leave the visit as it was (Esc)"))
        self.undo_button.setText(self.tr("Undo"))
        self.today_title.setText(self.tr("Today's visits"))
        self.today_tile.caption.setText(self.tr("today"))
        self.week_tile.caption.setText(self.tr("this week"))
        self.empty_label.setText(self.tr("No visits logged today yet.\nEach saved visit appears here."))
        self.edit_button.setText(self.tr("Edit"))
        self.edit_button.setToolTip(self.tr("Load the selected visit into the form to correct it (Enter)"))
        self.delete_button.setText(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the selected visit"))
        self._update_buttons()

    def _focus_first_topic(self) -> None:
        self.form_scroll.verticalScrollBar().setValue(0)
        self.form.focus_first_topic()

    def _more_toggled(self, is_open: bool) -> None:
        if is_open:  # the optional part opens at the bottom: bring it into view on a small screen
            QTimer.singleShot(0, lambda: self.form_scroll.ensureWidgetVisible(self.form.more_area, 0, 0))

    # -- state ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the session, today's visits and the counts (on the database lane)."""
        context = self.context
        self._run_db(lambda: load_desk_state(context), self._apply_state, self._load_failed)

    def _run_db(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        self.context.tasks.run_db(work, while_alive(self, on_done), while_alive(self, on_error))

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, StoreLocked):
            return  # the window is being locked; the next unlock builds a fresh Desk
        if isinstance(error, NeuvoError):
            self._show_status(error_text(error), kind="error", timed=False)
        else:
            show_error(self, error)

    def _apply_state(self, state: DeskState) -> None:
        was_open = self.state is not None and self.state.is_open
        self.state = state
        self.session_bar.set_state(state)
        if state.site is not None:
            self.form.set_usual_languages(state.site.usual_languages)
        selected_id = self._selected_visit_id()
        self.model.set_visits(state.today)
        self.table_stack.setCurrentWidget(self.table if state.today else self.empty_label)
        if selected_id is not None and (row := self.model.row_of(selected_id)) is not None:
            self.table.selectRow(row)
        today, week = state.counts
        self.today_tile.number.setText(str(today))
        self.week_tile.number.setText(str(week))
        self._update_buttons()
        if state.is_open and not was_open and self.editing is None and self.isVisible():
            self._focus_first_topic()  # a session just started: the first visit can be logged right away
        self.refreshed.emit()

    def _update_buttons(self) -> None:
        is_open = self.state is not None and self.state.is_open
        is_editing = self.editing is not None
        self.form.setEnabled(is_open or is_editing)
        self.save_button.setEnabled(is_open or is_editing)
        self.keep_button.setEnabled(is_open)
        self.keep_button.setVisible(not is_editing)
        self.ask_button.setEnabled(is_open)
        self.ask_button.setVisible(not is_editing and self._site_asks())
        self.cancel_button.setVisible(is_editing)
        self.save_button.setText(self.tr("Save changes") if is_editing else self.tr("Save visit"))
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        self.undo_button.setEnabled(bool(self.undo_steps))
        self.undo_button.setToolTip(self._undo_text())
        has_selection = self._selected_visit_id() is not None
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)
        if self.status.property("hint") or not self.status.text():
            self._clear_status()

    def _closed_hint(self) -> str:
        if self.state is not None and self.state.stale is not None:
            return self.tr("Close the session left open (above) to log new visits.")
        return self.tr("Start a desk session (above) to log visits.")

    def _undo_text(self) -> str:
        if not self.undo_steps:
            return self.tr("Nothing to undo")
        kind = self.undo_steps[-1].kind
        if kind == "added":
            return self.tr("Remove the visit just saved (Ctrl+Z)")
        if kind == "corrected":
            return self.tr("Put back the visit as it was before the correction (Ctrl+Z)")
        return self.tr("Restore the deleted visit (Ctrl+Z)")

    # -- saving ---------------------------------------------------------------------------
    def _site_asks(self) -> bool:
        return self.state is not None and self.state.site is not None and self.state.site.asks_exit_question

    def save(self, keep: bool = False, ask: bool = False) -> None:
        """Ctrl+Enter: save the visit (or the correction) and get ready for the next one.

        `ask` (Ctrl+Alt+Enter): then turn the exit question to the visitor, where the site asks it."""
        if self._is_saving or not self.save_button.isEnabled() or self.is_asking():
            return
        if self.editing is not None:
            self._save_correction()
            return
        if self.state is None or self.state.session is None:
            return
        if ask and not self._site_asks():
            self._show_status(
                self.tr("Not saved: this site does not ask the exit question (Settings → Sites). Ctrl+Enter saves."),
                kind="error",
            )
            return
        choices = self.form.value()
        if not _has_choices(choices):
            self._show_status(
                self.tr("Not saved: choose at least a topic, the language or what was done."), kind="error"
            )
            self._focus_first_topic()
            return
        if self._last_saved is not None:
            last, at = self._last_saved
            if last == choices and time.monotonic() - at < REPEAT_SAVE_SECONDS:
                self._show_status(
                    self.tr("Already saved. To log one more visit like it, press again in a moment."), kind="muted"
                )
                return
        visit = replace(choices, session_id=self.state.session.id)
        visits = self.context.visits
        self._start_saving()
        self._run_db(
            lambda: visits.add(visit), lambda visit_id: self._saved(visit_id, keep, choices, ask), self._save_failed
        )

    def _saved(self, visit_id: int, keep: bool, choices: VisitInput, ask: bool = False) -> None:
        self._is_saving = False
        self._last_saved = (choices, time.monotonic())
        self._push_undo(UndoStep("added", visit_id, choices))
        if keep:
            self.form.note.clear()
        else:
            self.form.reset()
        self._focus_first_topic()
        self._show_status(self.tr("Visit saved"), kind="success")
        self.saved.emit(visit_id)
        self.context.events.visits_changed.emit()
        if ask:
            self.ask_visitor(visit_id, choices)

    # -- the visitor's exit question ------------------------------------------------------
    def is_asking(self) -> bool:
        return self.exit_question is not None

    def ask_visitor(self, visit_id: int, choices: VisitInput) -> None:
        """Cover the window with the exit question in the visit's language (the interface's when it has none)."""
        languages = handout_languages()
        code = next((code for code in choices.languages if code in languages), self.context.ui_language)
        question = ExitQuestion(languages.get(code, languages["en"]), self.window())
        question.answered.connect(lambda answer: self._record_answer(visit_id, answer))
        question.closed.connect(self._question_closed)
        self.exit_question = question
        question.open()

    def _record_answer(self, visit_id: int, answer: str) -> None:
        for index, step in enumerate(self.undo_steps):
            if step.kind == "added" and step.visit_id == visit_id:
                self.undo_steps[index] = replace(step, answer=answer)
        answers = self.context.visitor_answers
        self._run_db(
            lambda: answers.record(visit_id, answer),
            lambda _done: self._show_status(self.tr("The visitor's answer is counted"), kind="muted"),
            self._save_failed,
        )

    def _question_closed(self) -> None:
        self.exit_question = None
        self.window().activateWindow()
        self._focus_first_topic()

    def _save_correction(self) -> None:
        assert self.editing is not None
        record = self.editing
        visit = replace(self.form.value(), at=None, site_id=None, session_id=None)
        visits = self.context.visits
        self._start_saving()
        self._run_db(
            lambda: visits.update(record.id, visit), lambda _updated: self._corrected(record), self._save_failed
        )

    def _corrected(self, record: VisitRecord) -> None:
        self._is_saving = False
        self._push_undo(UndoStep("corrected", record.id, record.as_input()))
        self._leave_edit_mode()
        self._show_status(self.tr("Changes saved"), kind="success")
        self.context.events.visits_changed.emit()

    def _start_saving(self) -> None:
        self._is_saving = True
        self.form.clear_note_error()

    def _save_failed(self, error: BaseException) -> None:
        self._is_saving = False
        if isinstance(error, PersonalDataInNote):
            self.form.show_note_error(error_text(error))
            self._show_status(self.tr("Not saved: check the note."), kind="error")
        elif isinstance(error, NeuvoError):
            self._show_status(error_text(error), kind="error", timed=False)
        else:
            show_error(self, error)

    # -- undo -----------------------------------------------------------------------------
    def _push_undo(self, step: UndoStep) -> None:
        self.undo_steps.append(step)
        del self.undo_steps[:-UNDO_DEPTH]
        self._update_buttons()

    def undo(self) -> None:
        """Ctrl+Z: take back the last save, correction or deletion."""
        if not self.undo_steps or self._is_saving or self.is_asking():
            return
        step = self.undo_steps.pop()
        if self.editing is not None and self.editing.id == step.visit_id:
            self._leave_edit_mode()
        visits = self.context.visits
        restore: VisitInput | None = None
        if step.kind == "added":
            answers, answer = self.context.visitor_answers, step.answer

            def work() -> object:
                if answer is not None:  # the answer given after this visit goes with it
                    answers.withdraw_for_visit(step.visit_id, answer)
                return visits.delete(step.visit_id)

            message = self.tr("Visit removed")
            # "I saved too early": its choices come back, unless the next visit is already being filled in.
            current = self.form.value()
            if step.previous is not None and (current == step.previous or not _has_choices(current)):
                restore = step.previous
                message = self.tr("Visit removed; its choices are back in the form")
        elif step.kind == "corrected":
            corrected = step.previous
            assert corrected is not None
            work = lambda: visits.update(step.visit_id, corrected)  # noqa: E731
            message = self.tr("Correction undone")
        else:
            previous = step.previous
            assert previous is not None
            work = lambda: visits.add(previous)  # noqa: E731
            message = self.tr("Visit restored")
        self._is_saving = True
        self._update_buttons()
        self._run_db(work, lambda _result: self._undone(message, restore), self._undo_failed)

    def _undone(self, message: str, restore: VisitInput | None = None) -> None:
        self._is_saving = False
        self._last_saved = None
        if restore is not None:
            self.form.set_value(replace(restore, at=None, site_id=None, session_id=None))
            self._focus_first_topic()
        # Taking something back is not a success to celebrate in green: a neutral line.
        self._show_status(message, kind="muted")
        self._update_buttons()
        self.context.events.visits_changed.emit()

    def _undo_failed(self, error: BaseException) -> None:
        self._is_saving = False
        self._update_buttons()
        if isinstance(error, NeuvoError):
            self._show_status(error_text(error), kind="error", timed=False)
            self.context.events.visits_changed.emit()
        else:
            show_error(self, error)

    # -- today's visits -------------------------------------------------------------------
    def _selected_visit_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.visit_at(rows[0].row()).id

    def _selected_record(self) -> VisitRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.visit_at(rows[0].row()) if rows else None

    def _edit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def edit_selected(self) -> None:
        record = self._selected_record()
        if record is None or self._is_saving:
            return
        assert record.at is not None
        self.editing = record
        self.form.set_value(record.as_input())
        self.edit_banner.setText(
            self.tr(
                "Correcting the visit of %1. Change what is wrong, then Save changes (Ctrl+Enter) or Cancel (Esc)."
            ).replace("%1", local(record.at).strftime("%H:%M"))
        )
        self.edit_banner.show()
        self._update_buttons()
        self._focus_first_topic()

    def cancel_edit(self) -> None:
        if self.editing is None:
            return
        self._leave_edit_mode()
        self._focus_first_topic()

    def _leave_edit_mode(self) -> None:
        self.editing = None
        self.edit_banner.hide()
        self.form.reset()
        self._update_buttons()

    def delete_selected(self) -> None:
        record = self._selected_record()
        if record is None or self._is_saving:
            return
        assert record.at is not None
        topics = self.model.index(self.model.row_of(record.id) or 0, TOPICS).data()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete visit"),
            self.tr("Delete the visit of %1?").replace("%1", local(record.at).strftime("%H:%M")),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("deleteConfirmation")
        box.setInformativeText(topics or "")
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("confirmDelete")
        keep = box.addButton(self.tr("Keep"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepVisit")
        box.setDefaultButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda button: self._delete_answered(record, button is delete))
        box.finished.connect(box.deleteLater)
        self.delete_box = box
        box.open()

    def _delete_answered(self, record: VisitRecord, is_confirmed: bool) -> None:
        self.delete_box = None
        if not is_confirmed:
            return
        if self.editing is not None and self.editing.id == record.id:
            self._leave_edit_mode()
        visits = self.context.visits
        self._is_saving = True
        self._run_db(lambda: visits.delete(record.id), self._deleted, self._undo_failed)

    def _deleted(self, record: VisitRecord) -> None:
        self._is_saving = False
        self._push_undo(UndoStep("deleted", record.id, record.as_input()))
        self._show_status(self.tr("Visit deleted"), kind="success")
        self.context.events.visits_changed.emit()

    # -- status line ----------------------------------------------------------------------
    def _show_status(self, text: str, kind: str = "muted", timed: bool = True) -> None:
        self.status.setText(text)
        self.status.setProperty("hint", not timed and kind == "muted")
        for name in ("muted", "success", "error"):
            self.status.setProperty(name, name == kind)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        if timed:
            self._status_timer.start(STATUS_SECONDS * 1000)
        else:
            self._status_timer.stop()

    def _clear_status(self) -> None:
        if self.state is not None and not self.state.is_open and self.editing is None:
            self._show_status(self._closed_hint(), kind="muted", timed=False)
        else:
            self._show_status(self._keys_hint(), kind="muted", timed=False)

    def _keys_hint(self) -> str:
        if self._site_asks():
            return self.tr("Ctrl+Enter save · Ctrl+Alt+Enter save and ask · Ctrl+Z undo")
        return self.tr("Ctrl+Enter save · Ctrl+Shift+Enter keep choices · Ctrl+Z undo")

    def index_of(self, visit_id: int) -> QModelIndex:
        row = self.model.row_of(visit_id)
        return self.model.index(row, TIME) if row is not None else QModelIndex()
