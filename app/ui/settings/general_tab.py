"""The General tab: interface language and the idle lock, each saved as soon as it is changed."""

from __future__ import annotations

from app.errors import NeuvoError
from app.settings import SETTINGS
from app.ui.context import AppContext
from app.ui.errors import error_text, show_error
from app.ui.qt import (
    QComboBox,
    QEvent,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import while_alive

LANGUAGE_NAMES = (("fi", "Suomi"), ("sv", "Svenska"), ("en", "English"))
MAXIMUM_TEXT_WIDTH = 640  # explanations stay readable lines in a wide dialog


class GeneralTab(QWidget):
    """`language_saved` fires once the new interface language is stored (the window then rebuilds itself)."""

    language_saved = Signal(str)
    idle_minutes_saved = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.language = QComboBox()
        self.language.setObjectName("uiLanguage")
        for code, name in LANGUAGE_NAMES:  # each language's own name: findable whatever the current one
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(context.ui_language)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_hint = QLabel()
        self.language_hint.setWordWrap(True)
        self.language_hint.setProperty("muted", True)

        spec = SETTINGS["idle_lock_minutes"]
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idleMinutes")
        self.idle_minutes.setRange(spec.minimum or 1, spec.maximum or 240)
        self.idle_minutes.setValue(int(spec.default))
        self.idle_minutes.setKeyboardTracking(False)  # save the typed number, not each keystroke
        self.idle_minutes.setEnabled(False)  # until the stored value is read
        self.idle_minutes.valueChanged.connect(self._save_idle_minutes)
        self.idle_hint = QLabel()
        self.idle_hint.setWordWrap(True)
        self.idle_hint.setProperty("muted", True)
        self.status = QLabel()
        self.status.setObjectName("generalStatus")
        self.status.setWordWrap(True)

        self.language_label = QLabel()
        self.idle_label = QLabel()
        for field in (self.language, self.idle_minutes):
            field.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.language_label, 0, 0)
        grid.addWidget(self.language, 0, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.language_hint, 1, 1)
        grid.setRowMinimumHeight(2, 12)
        grid.addWidget(self.idle_label, 3, 0)
        grid.addWidget(self.idle_minutes, 3, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.idle_hint, 4, 1)
        column = QWidget()
        column.setMaximumWidth(MAXIMUM_TEXT_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addLayout(grid)
        column_layout.addSpacing(8)
        column_layout.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(column)
        layout.addStretch(1)
        self.retranslate()
        store = context.desk
        context.tasks.run_db(
            lambda: int(store.settings.get("idle_lock_minutes")), self._show_idle_minutes, self._failed
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.language_label.setText(self.tr("Interface language"))
        self.language_hint.setText(self.tr("Neuvo switches to the chosen language right away."))
        self.idle_label.setText(self.tr("Lock when idle after"))
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_hint.setText(
            self.tr(
                "Neuvo locks itself when nobody has used it for this long; unlocking needs the passphrase. "
                "A short time protects the data when the desk is left unattended."
            )
        )

    def _show_idle_minutes(self, minutes: int) -> None:
        self.idle_minutes.blockSignals(True)
        self.idle_minutes.setValue(minutes)
        self.idle_minutes.blockSignals(False)
        self.idle_minutes.setEnabled(True)

    def _save_idle_minutes(self, minutes: int) -> None:
        store = self.context.desk
        self.context.tasks.run_db(
            lambda: store.settings.set("idle_lock_minutes", minutes),
            while_alive(self, lambda _result: self._idle_minutes_saved(minutes)),
            self._failed,
        )

    def _idle_minutes_saved(self, minutes: int) -> None:
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(self.tr("Saved: Neuvo locks after %1 min without use.").replace("%1", str(minutes)))
        self.idle_minutes_saved.emit(minutes)
        self.context.events.settings_changed.emit()

    def _language_chosen(self, _index: int) -> None:
        code = str(self.language.currentData())
        store = self.context.desk
        self.context.tasks.run_db(
            lambda: store.settings.set("ui_language", code),
            while_alive(self, lambda _result: self.language_saved.emit(code)),
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, NeuvoError):
            show_error(self, error)
            return
        self.status.setStyleSheet("color: #c0392b;")
        self.status.setText(error_text(error))
