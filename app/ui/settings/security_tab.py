"""The Security tab: change the desk passphrase (the slow key derivation runs on the database lane)."""

from __future__ import annotations

from app.errors import NeuvoError, WrongPassphrase
from app.ui.context import AppContext
from app.ui.errors import error_text, show_error
from app.ui.passphrase_fields import NewPassphraseFields
from app.ui.qt import (
    QEvent,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.settings.general_tab import MAXIMUM_TEXT_WIDTH


class SecurityTab(QWidget):
    """`passphrase_changed` fires once the key file holds the new passphrase."""

    passphrase_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.is_busy = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.current = QLineEdit()
        self.current.setObjectName("currentPassphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.textChanged.connect(self._update_button)
        self.current_label = QLabel()
        self.fields = NewPassphraseFields()
        self.fields.changed.connect(self._update_button)
        self.change_button = QPushButton()
        self.change_button.setObjectName("changePassphraseButton")
        self.change_button.clicked.connect(self.change_passphrase)
        self.status = QLabel()
        self.status.setObjectName("passphraseStatus")
        self.status.setWordWrap(True)
        self.recovery_note = QLabel()
        self.recovery_note.setObjectName("recoveryKeyNote")
        self.recovery_note.setWordWrap(True)
        self.recovery_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.recovery_note.setStyleSheet(
            "QLabel#recoveryKeyNote { padding: 8px 10px; border: 1px solid palette(midlight);"
            " border-radius: 6px; background: palette(alternate-base); }"
        )

        current_form = QFormLayout()
        current_form.addRow(self.current_label, self.current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.change_button)
        column = QWidget()
        column.setMaximumWidth(MAXIMUM_TEXT_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(10)
        column_layout.addWidget(self.intro)
        column_layout.addLayout(current_form)
        column_layout.addWidget(self.fields)
        column_layout.addLayout(buttons)
        column_layout.addSpacing(8)
        column_layout.addWidget(self.recovery_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(column)
        layout.addStretch(1)
        self.retranslate()
        self._align_labels()

    def _align_labels(self) -> None:
        """The current-passphrase row lines up with the new-passphrase rows below it."""
        width = max(
            label.sizeHint().width()
            for label in (self.current_label, self.fields.first_label, self.fields.second_label)
        )
        for label in (self.current_label, self.fields.first_label, self.fields.second_label):
            label.setMinimumWidth(width)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Everyone at this desk unlocks Neuvo with the desk passphrase. After changing it, "
                "tell the new one to your colleagues in person, never by e-mail or chat."
            )
        )
        self.current_label.setText(self.tr("Current passphrase"))
        self.change_button.setText(self.tr("Change passphrase"))
        self.recovery_note.setText(
            self.tr(
                "The recovery key does not change: the printed key your coordinator keeps still opens the data. "
                "The data is not re-encrypted; only the passphrase that unlocks it changes."
            )
        )
        self.fields.retranslate()
        self._update_button()

    def _update_button(self) -> None:
        self.change_button.setEnabled(not self.is_busy and bool(self.current.text()) and self.fields.is_acceptable())

    def change_passphrase(self) -> None:
        current, new = self.current.text(), self.fields.passphrase()
        if not current or not self.fields.is_acceptable() or self.is_busy:
            return
        self.is_busy = True
        self._update_button()
        self._show(self.tr("Changing the passphrase…"), "")
        store = self.context.desk
        self.context.tasks.run_db(lambda: store.database.change_passphrase(current, new), self._changed, self._failed)

    def _changed(self, _result: object) -> None:
        self.is_busy = False
        self.current.clear()
        self.fields.clear()
        self._show(self.tr("The passphrase is changed. Use the new one from now on."), "#2e7d32")
        self.passphrase_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.is_busy = False
        self._update_button()
        if not isinstance(error, NeuvoError):
            self._show("", "")
            show_error(self, error)
            return
        self._show(error_text(error), "#c0392b")
        if isinstance(error, WrongPassphrase):
            self.current.setFocus()
            self.current.selectAll()

    def _show(self, text: str, colour: str) -> None:
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setText(text)
