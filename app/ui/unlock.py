"""The unlock screen: passphrase, or the recovery key and a new passphrase. The KDF runs off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.ui.errors import error_text
from app.ui.passphrase_fields import NewPassphraseFields
from app.ui.qt import (
    QComboBox,
    QEvent,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import TaskRunner

LANGUAGE_NAMES = (("fi", "Suomi"), ("sv", "Svenska"), ("en", "English"))


def _open_store(data_dir: Path, passphrase: str) -> Any:
    from app.desk import Desk  # imported here: SQLAlchemy loads after the first paint

    return Desk.unlock(data_dir, passphrase)


def _recover_store(data_dir: Path, recovery_key: str, new_passphrase: str) -> Any:
    from app.desk import Desk
    from app.storage.database import Database

    database = Database(data_dir)
    database.unlock_with_recovery_key(recovery_key, new_passphrase)
    return Desk(database)


class UnlockScreen(QWidget):
    """Emits `unlocked(desk)` with an open Desk."""

    unlocked = Signal(object)
    language_chosen = Signal(str)

    def __init__(self, data_dir: Path, tasks: TaskRunner, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockScreen")
        self.data_dir = data_dir
        self.tasks = tasks
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

        self.title = QLabel()
        self.title.setObjectName("unlockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)

        # Page 1: passphrase.
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(320)
        self.passphrase.returnPressed.connect(self.submit)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.forgot_button = QPushButton()
        self.forgot_button.setObjectName("forgotButton")
        self.forgot_button.setFlat(True)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setStyleSheet("color: palette(link); text-decoration: underline; border: none;")
        self.forgot_button.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        passphrase_page = QWidget()
        page_layout = QVBoxLayout(passphrase_page)
        self.passphrase_label = QLabel()
        page_layout.addWidget(self.passphrase_label)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        page_layout.addLayout(row)
        page_layout.addWidget(self.message)
        page_layout.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignLeft)

        # Page 2: recovery key and a new passphrase.
        self.recovery_key = QLineEdit()
        self.recovery_key.setObjectName("recoveryKey")
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_passphrase = NewPassphraseFields()
        self.recover_button = QPushButton()
        self.recover_button.setObjectName("recoverButton")
        self.recover_button.clicked.connect(self.submit_recovery)
        self.back_button = QPushButton()
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.recovery_message = QLabel()
        self.recovery_message.setObjectName("recoveryMessage")
        self.recovery_message.setWordWrap(True)
        self.recovery_message.setStyleSheet("color: #b3261e;")
        self.recovery_intro = QLabel()
        self.recovery_intro.setWordWrap(True)
        recovery_page = QWidget()
        recovery_layout = QVBoxLayout(recovery_page)
        recovery_layout.addWidget(self.recovery_intro)
        recovery_layout.addWidget(self.recovery_key)
        recovery_layout.addWidget(self.new_passphrase)
        recovery_layout.addWidget(self.recovery_message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        recovery_layout.addLayout(buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(passphrase_page)
        self.pages.addWidget(recovery_page)
        self.pages.currentChanged.connect(self._page_changed)
        self._page_changed(0)

        self.language = QComboBox()
        self.language.setObjectName("uiLanguage")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.currentIndexChanged.connect(lambda: self.language_chosen.emit(self.language.currentData()))

        card = QFrame()
        card.setObjectName("unlockCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(560)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.addWidget(self.title)
        card_layout.addWidget(self.subtitle)
        card_layout.addSpacing(12)
        card_layout.addWidget(self.pages)
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language)
        outer.addLayout(top)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 2)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        self.retranslate()
        self.passphrase.setFocus()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Neuvo — locked"))
        self.title.setText(self.tr("Neuvo is locked"))
        self.subtitle.setText(self.tr("Visits and the directory on this laptop are encrypted."))
        self.passphrase_label.setText(self.tr("Desk passphrase"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.forgot_button.setText(self.tr("Forgot the passphrase? Use the recovery key"))
        self.recovery_intro.setText(
            self.tr(
                "Type the recovery key you stored at setup, then choose a new desk passphrase. "
                "The old passphrase stops working."
            )
        )
        self.recover_button.setText(self.tr("Set new passphrase and unlock"))
        self.back_button.setText(self.tr("Back"))
        self.new_passphrase.retranslate()

    # -- actions ------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        for widget in (self.passphrase, self.recovery_key, self.new_passphrase):
            widget.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and self._wait_left == 0)
        self.recover_button.setEnabled(not busy)
        if busy:
            self.message.setText(self.tr("Opening…"))
            self.message.setStyleSheet("color: palette(text);")

    def submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error(self.tr("Type the desk passphrase."))
            return
        self._set_busy(True)
        self.tasks.run_db(lambda: _open_store(self.data_dir, passphrase), self._done, self._failed)

    def submit_recovery(self) -> None:
        if not self.new_passphrase.is_acceptable():
            self.recovery_message.setText(self.tr("Choose a strong new passphrase and type it twice."))
            return
        key, new = self.recovery_key.text(), self.new_passphrase.passphrase()
        self._set_busy(True)
        self.tasks.run_db(lambda: _recover_store(self.data_dir, key, new), self._done, self._recovery_failed)

    def _done(self, store: object) -> None:
        self.passphrase.clear()
        self.new_passphrase.clear()
        self.recovery_key.clear()
        self._set_busy(False)
        self.message.clear()
        self.unlocked.emit(store)

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        from app.errors import NeuvoError, WrongPassphrase

        self._set_busy(False)
        if not isinstance(error, NeuvoError):
            from app.ui.errors import report_unexpected

            report_unexpected(error)
            return
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self._show_error(error_text(error))
        if isinstance(error, WrongPassphrase) and error.wait_seconds > 0:
            self._wait_left = int(error.wait_seconds + 0.999)
            self.unlock_button.setEnabled(False)
            self._countdown.start()
            self._tick_text()

    def _recovery_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.clear()
        self.recovery_message.setText(error_text(error))

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._wait_left = 0
            self._countdown.stop()
            self.unlock_button.setEnabled(True)
            self.message.clear()
            return
        self._tick_text()

    def _tick_text(self) -> None:
        self._show_error(
            self.tr("Wrong passphrase. Too many attempts: try again in %1 s.").replace("%1", str(self._wait_left))
        )

    def _page_changed(self, index: int) -> None:
        # Only the shown page counts for the card's height.
        for number in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if number == index else QSizePolicy.Policy.Ignored
            self.pages.widget(number).setSizePolicy(policy, policy)
        self.pages.adjustSize()
        (self.passphrase if index == 0 else self.recovery_key).setFocus()
