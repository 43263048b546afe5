"""The bar above the form: start a desk session (by hand or from today's weekly slot), end it, close a stale one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from app.desk_sessions import SessionInfo
from app.errors import NeuvoError
from app.sites import SiteInfo, SlotInfo
from app.ui.context import AppContext
from app.ui.desk.state import DeskState
from app.ui.errors import error_text, show_error
from app.ui.forms import set_row_labels
from app.ui.keyboard import TimeField, enter_clicks
from app.ui.qt import (
    QComboBox,
    QCompleter,
    QDate,
    QDialog,
    QEvent,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QLocale,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTime,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import while_alive
from app.weeks import HELSINKI, local, now_utc, today_local

_DATE_FORMATS = {"fi": "ddd d.M.yyyy", "sv": "ddd d MMM yyyy", "en": "ddd d MMM yyyy"}


def short_time(text: str) -> str:
    """'12:00' → '12', '09:30' → '9:30': how slot times read on a button."""
    hours, minutes = text.split(":")
    hour = str(int(hours))
    return hour if minutes == "00" else f"{hour}:{minutes}"


def day_text(day: date, language: str) -> str:
    return QLocale(language).toString(QDate(day.year, day.month, day.day), _DATE_FORMATS.get(language, "ddd d MMM"))


def weekday_name(weekday: int, language: str) -> str:
    return QLocale(language).dayName(weekday, QLocale.FormatType.ShortFormat)


def helsinki_at(day: date, clock: QTime) -> datetime:
    return datetime.combine(day, time(clock.hour(), clock.minute()), HELSINKI)


class StartSessionDialog(QDialog):
    """Where, since when, who is at the desk and with which partner organisation."""

    def __init__(self, sites: list[SiteInfo], site_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startSessionDialog")
        self.site = QComboBox()
        self.site.setObjectName("sessionSite")
        for site in sites:
            self.site.addItem(site.name, site.id)
        if site_id is not None and self.site.findData(site_id) >= 0:
            self.site.setCurrentIndex(self.site.findData(site_id))
        now = local(now_utc())  # Helsinki time, as the visits are: not the computer's own clock
        self.start = TimeField(QTime(now.hour, now.minute))
        self.start.setObjectName("sessionStart")
        self.start.setDisplayFormat("HH:mm")
        self.start.setMaximumTime(QTime(now.hour, now.minute))
        self.staff = QLineEdit()
        self.staff.setObjectName("sessionStaff")
        self.partner = QLineEdit()
        self.partner.setObjectName("sessionPartner")
        partners = sorted({slot.partner for site in sites for slot in site.slots if slot.partner})
        if partners:
            completer = QCompleter(partners, self.partner)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.partner.setCompleter(completer)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startSessionOk")
        self.start_button.setDefault(True)
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("startSessionCancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in (self.site, self.start, self.staff, self.partner):
            label = QLabel()
            label.setBuddy(field)  # the label names the field for screen readers
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(14)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Start desk session"))
        labels = (self.tr("Site"), self.tr("Started at"), self.tr("Staff present"), self.tr("Partner organisation"))
        set_row_labels(self.form, labels)
        self.staff.setPlaceholderText(self.tr("First names or initials, e.g. Aino, Li"))
        self.partner.setPlaceholderText(self.tr("e.g. Monik ry (optional)"))
        self.start_button.setText(self.tr("Start session"))
        self.cancel_button.setText(self.tr("Cancel"))

    def values(self) -> tuple[int, datetime, str, str]:
        return (
            int(self.site.currentData()),
            helsinki_at(today_local(), self.start.time()),
            self.staff.text(),
            self.partner.text(),
        )


class SessionBar(QFrame):
    """Shows the open session, or how to open one, or asks to close one left open since an earlier day."""

    busy = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionBar")
        self.context = context
        self.language = context.ui_language
        self.state: DeskState | None = None
        self.start_dialog: StartSessionDialog | None = None
        self.slot_buttons: list[QPushButton] = []
        self.pages = QStackedWidget()

        # No session open.
        self.idle_title = QLabel()
        self.idle_title.setProperty("title", True)
        self.idle_hint = QLabel()
        self.idle_hint.setProperty("muted", True)
        self.idle_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.slot_row = QHBoxLayout()
        self.slot_row.setSpacing(8)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startSessionButton")
        self.start_button.clicked.connect(self.open_start_dialog)
        idle_text = QHBoxLayout()
        idle_text.setSpacing(10)
        idle_text.addWidget(self.idle_title)
        idle_text.addWidget(self.idle_hint, 1)
        idle = QWidget()
        idle_row = QHBoxLayout(idle)
        idle_row.setContentsMargins(0, 0, 0, 0)
        idle_row.setSpacing(10)
        idle_row.addLayout(idle_text, 1)
        idle_row.addLayout(self.slot_row)
        idle_row.addWidget(self.start_button)

        # A session is open.
        self.open_dot = QLabel("●")
        self.open_dot.setObjectName("openDot")
        self.open_title = QLabel()
        self.open_title.setObjectName("sessionTitle")
        self.open_title.setProperty("title", True)
        self.open_details = QLabel()
        self.open_details.setObjectName("sessionDetails")
        self.open_details.setProperty("muted", True)
        # Long partner or staff names are cut rather than pushing the End button off the bar.
        self.open_details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.end_button = QPushButton()
        self.end_button.setObjectName("endSessionButton")
        self.end_button.clicked.connect(self.end_session)
        open_text = QHBoxLayout()
        open_text.setSpacing(12)
        open_text.addWidget(self.open_title)
        open_text.addWidget(self.open_details, 1)
        opened = QWidget()
        open_row = QHBoxLayout(opened)
        open_row.setContentsMargins(0, 0, 0, 0)
        open_row.setSpacing(10)
        open_row.addWidget(self.open_dot)
        open_row.addLayout(open_text, 1)
        open_row.addWidget(self.end_button)

        # A session left open since an earlier day.
        self.stale_title = QLabel()
        self.stale_title.setProperty("title", True)
        self.stale_text = QLabel()
        self.stale_text.setObjectName("staleText")
        self.stale_text.setWordWrap(True)
        self.stale_error = QLabel()
        self.stale_error.setObjectName("staleError")
        self.stale_error.setProperty("error", True)
        self.stale_error.setWordWrap(True)
        self.stale_error.hide()
        self.stale_end_label = QLabel()
        self.stale_end = TimeField()
        self.stale_end.setObjectName("staleEnd")
        self.stale_end.setDisplayFormat("HH:mm")
        self.stale_end_label.setBuddy(self.stale_end)
        self.close_stale_button = QPushButton()
        self.close_stale_button.setObjectName("closeStaleButton")
        self.close_stale_button.clicked.connect(self.close_stale_session)
        stale_text = QVBoxLayout()
        stale_text.setSpacing(1)
        stale_text.addWidget(self.stale_title)
        stale_text.addWidget(self.stale_text)
        stale_text.addWidget(self.stale_error)
        stale = QWidget()
        stale_row = QHBoxLayout(stale)
        stale_row.setContentsMargins(0, 0, 0, 0)
        stale_row.setSpacing(10)
        stale_row.addLayout(stale_text, 1)
        stale_row.addWidget(self.stale_end_label)
        stale_row.addWidget(self.stale_end)
        stale_row.addWidget(self.close_stale_button)

        for page in (idle, opened, stale):
            self.pages.addWidget(page)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 8, 6)
        layout.addWidget(self.pages)
        enter_clicks(self.start_button, self.end_button, self.close_stale_button)
        self.retranslate()

    # -- state ----------------------------------------------------------------------------
    def set_state(self, state: DeskState) -> None:
        self.state = state
        if state.stale is not None:
            self._show_stale(state.stale, state.suggested_end)
            mode = "stale"
        elif state.session is not None:
            self._show_open(state.session)
            mode = "open"
        else:
            self._show_idle(state)
            mode = "idle"
        if self.property("mode") != mode:
            self.setProperty("mode", mode)
            self.style().unpolish(self)
            self.style().polish(self)
        self.pages.setCurrentIndex(("idle", "open", "stale").index(mode))

    def _show_idle(self, state: DeskState) -> None:
        for button in self.slot_buttons:
            self.slot_row.removeWidget(button)
            button.deleteLater()
        self.slot_buttons = []
        for slot, site in state.slots_today:
            button = QPushButton(self._slot_text(slot, site, state))
            button.setObjectName(f"slot_{slot.id}")
            button.setProperty("primary", True)
            button.setToolTip(self.tr("Start the session of this weekly slot now"))
            button.clicked.connect(lambda _checked=False, slot_id=slot.id: self.start_from_slot(slot_id))
            enter_clicks(button)
            self.slot_row.addWidget(button)
            self.slot_buttons.append(button)
        self.start_button.setProperty("primary", not self.slot_buttons)
        self.start_button.style().unpolish(self.start_button)
        self.start_button.style().polish(self.start_button)

    def _slot_text(self, slot: SlotInfo, site: SiteInfo, state: DeskState) -> str:
        parts = [
            f"{weekday_name(slot.weekday, self.language)} {short_time(slot.start_time)}–{short_time(slot.end_time)}"
        ]
        if state.site is None or site.id != state.site.id:
            parts.append(site.name)
        if slot.partner:
            parts.append(slot.partner)
        return " · ".join(parts)

    def _show_open(self, session: SessionInfo) -> None:
        self.open_title.setText(session.site_name)
        details = [self.tr("Open since %1").replace("%1", local(session.started_at).strftime("%H:%M"))]
        if session.partner:
            details.append(self.tr("with %1").replace("%1", session.partner))
        if session.staff:
            details.append(self.tr("Staff: %1").replace("%1", session.staff))
        self.open_details.setText(" · ".join(details))

    def _show_stale(self, session: SessionInfo, suggested_end: datetime | None) -> None:
        started = local(session.started_at)
        self.stale_text.setText(
            self.tr("The session at %1 that started on %2 at %3 was never ended. When did it end?")
            .replace("%1", session.site_name)
            .replace("%2", day_text(started.date(), self.language))
            .replace("%3", started.strftime("%H:%M"))
        )
        self.stale_end.setMinimumTime(QTime(started.hour, started.minute))
        end = local(suggested_end) if suggested_end else started
        self.stale_end.setTime(QTime(end.hour, end.minute))
        self.stale_error.hide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.idle_title.setText(self.tr("No desk session open"))
        self.idle_hint.setText(self.tr("Start a session to log visits."))
        self.start_button.setText(self.tr("Start desk session…"))
        self.start_button.setToolTip(self.tr("Choose the site, start time, staff and partner"))
        self.end_button.setText(self.tr("End session"))
        self.end_button.setToolTip(self.tr("End the desk session now"))
        self.stale_title.setText(self.tr("A desk session was left open"))
        self.stale_end_label.setText(self.tr("Ended at"))
        self.close_stale_button.setText(self.tr("Close session"))
        if self.state is not None:
            self.set_state(self.state)

    # -- actions --------------------------------------------------------------------------
    def open_start_dialog(self) -> None:
        if self.state is None or not self.state.sites:
            return
        dialog = StartSessionDialog(self.state.sites, self.state.site.id if self.state.site else None, self)
        dialog.accepted.connect(lambda: self._start_from_dialog(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.start_dialog = dialog
        dialog.open()

    def _start_from_dialog(self, dialog: StartSessionDialog) -> None:
        site_id, started_at, staff, partner = dialog.values()
        self.start_dialog = None
        sessions = self.context.desk_sessions
        self._run(lambda: sessions.start(site_id, started_at=started_at, staff=staff, partner=partner))

    def start_from_slot(self, slot_id: int) -> None:
        sessions = self.context.desk_sessions
        self._run(lambda: sessions.start_from_slot(slot_id))

    def end_session(self) -> None:
        if self.state is None or self.state.session is None:
            return
        session_id = self.state.session.id
        sessions = self.context.desk_sessions
        self._run(lambda: sessions.end(session_id))

    def close_stale_session(self) -> None:
        if self.state is None or self.state.stale is None:
            return
        stale = self.state.stale
        ended_at = helsinki_at(local(stale.started_at).date(), self.stale_end.time())
        sessions = self.context.desk_sessions
        self.stale_error.hide()
        self._run(lambda: sessions.end(stale.id, ended_at=min(ended_at, now_utc())), on_error=self._stale_failed)

    def _stale_failed(self, error: BaseException) -> None:
        if not isinstance(error, NeuvoError):
            show_error(self, error)
            return
        self.stale_error.setText(error_text(error))
        self.stale_error.show()

    def _run(self, work: Callable[[], object], on_error: Callable[[BaseException], None] | None = None) -> None:
        self.setEnabled(False)
        self.busy.emit(True)

        def done(_result: object) -> None:
            self.setEnabled(True)
            self.busy.emit(False)
            self.context.events.session_changed.emit()

        def failed(error: BaseException) -> None:
            self.setEnabled(True)
            self.busy.emit(False)
            (on_error or (lambda problem: show_error(self, problem)))(error)

        self.context.tasks.run_db(work, while_alive(self, done), while_alive(self, failed))
