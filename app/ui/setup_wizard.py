"""First run: interface language, the site, the desk passphrase, then the recovery key shown once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.ui.desk.style import DESK_STYLE
from app.ui.errors import error_text
from app.ui.language_picker import LanguagePicker
from app.ui.passphrase_fields import NewPassphraseFields
from app.ui.qt import (
    QCheckBox,
    QEvent,
    QFont,
    QFontDatabase,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    Qt,
    QTextDocument,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
)
from app.ui.tasks import TaskRunner

# Offered as quick picks at setup; any other ISO 639 language can be typed.
COMMON_DESK_LANGUAGES = ["fi", "sv", "en", "ar", "so", "ru", "fa", "prs", "ckb", "uk", "et", "zh"]
LANGUAGES = (("fi", "Suomi"), ("sv", "Svenska"), ("en", "English"))


def recovery_key_document(site_name: str, recovery_key: str, title: str, explanation: str) -> QTextDocument:
    """The printable page with the recovery key (for the coordinator's safe)."""
    from html import escape

    # Two lines of four groups, never broken inside a group: a hyphen at a line end would read as a wrap.
    groups = recovery_key.split("-")
    half = (len(groups) + 1) // 2
    lines = "<br>".join(escape("-".join(part)) for part in (groups[:half], groups[half:]) if part)
    document = QTextDocument()
    document.setHtml(
        f"<h1>{escape(title)}</h1><p>{escape(site_name)}</p>"
        f"<p style='font-family: monospace; font-size: 22pt; white-space: nowrap'><b>{lines}</b></p>"
        f"<p>{escape(explanation)}</p>"
    )
    return document


class LanguagePage(QWizardPage):
    language_chosen = Signal(str)

    def __init__(self, language: str) -> None:
        super().__init__()
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for code, name in LANGUAGES:
            button = QRadioButton(name)
            button.setObjectName(f"uiLanguage_{code}")
            button.setChecked(code == language)
            button.toggled.connect(lambda checked, c=code: checked and self.language_chosen.emit(c))
            layout.addWidget(button)
            self.buttons[code] = button
        layout.addStretch(1)
        self.retranslate()

    def language(self) -> str:
        return next(code for code, button in self.buttons.items() if button.isChecked())

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to Neuvo"))
        self.setSubTitle(self.tr("Choose the language of the app. You can change it later in the settings."))


class SitePage(QWizardPage):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.site_name = QLineEdit()
        self.site_name.setObjectName("siteName")
        self.site_name.textChanged.connect(self.completeChanged)
        self.languages = LanguagePicker(COMMON_DESK_LANGUAGES, language)
        self.name_label = QLabel()
        self.name_hint = QLabel()
        self.name_hint.setWordWrap(True)
        self.languages_label = QLabel()
        self.languages_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(self.site_name)
        layout.addWidget(self.name_hint)
        layout.addSpacing(12)
        layout.addWidget(self.languages_label)
        layout.addWidget(self.languages)
        layout.addStretch(1)
        self.retranslate()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.site_name.text().strip())

    def retranslate(self) -> None:
        self.setTitle(self.tr("Where is this desk?"))
        self.setSubTitle(self.tr("The first site this laptop works at. You can add more sites later."))
        self.name_label.setText(self.tr("Site name"))
        self.site_name.setPlaceholderText(self.tr("e.g. Puhos shopping centre"))
        self.name_hint.setText(self.tr("A place, not a person: visits are counted per site and week."))
        self.languages_label.setText(
            self.tr("Languages usually spoken at this desk (they are offered first when you log a visit):")
        )


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.fields = NewPassphraseFields()
        self.fields.changed.connect(self.completeChanged)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.fields)
        layout.addStretch(1)
        self.setCommitPage(True)
        self.retranslate()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.fields.is_acceptable()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Desk passphrase"))
        self.setSubTitle(self.tr("Everything Neuvo stores on this laptop is encrypted with it."))
        self.intro.setText(
            self.tr(
                "Everyone who works at this desk uses this passphrase to unlock Neuvo. "
                "Neuvo locks itself when it is not used for a while."
            )
        )
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create"))
        self.fields.retranslate()


class RecoveryPage(QWizardPage):
    """Creates the store on entry (off the UI thread) and shows the recovery key once."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setup = wizard
        self.store: Any = None
        self.recovery_key = ""
        self.status = QLabel()
        self.status.setObjectName("creationStatus")
        self.status.setWordWrap(True)
        self.key_label = QLabel()
        self.key_label.setObjectName("recoveryKeyLabel")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.6)
        mono.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(mono)
        self.key_label.setStyleSheet("padding: 14px; border: 1px dashed palette(mid);")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printRecoveryKey")
        self.print_button.clicked.connect(self.print_key)
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.create_store)
        self.retry_button.hide()
        self.stored = QCheckBox()
        self.stored.setObjectName("recoveryKeyStored")
        self.stored.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.key_label)
        layout.addWidget(self.explanation)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(self.stored)
        layout.addStretch(1)
        self._show_key(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Recovery key"))
        self.setSubTitle(self.tr("Shown only this once."))
        self.explanation.setText(
            self.tr(
                "If the passphrase is forgotten, this key is the only way to open the data. "
                "Print it or write it down and give it to your coordinator to keep in a safe place. "
                "Do not keep it with the laptop."
            )
        )
        self.print_button.setText(self.tr("Print the recovery key…"))
        self.retry_button.setText(self.tr("Try again"))
        self.stored.setText(self.tr("I have stored the recovery key"))
        if self.store is None and not self.retry_button.isVisible():
            self.status.setText(self.tr("Creating the encrypted store…"))

    def _show_key(self, visible: bool) -> None:
        for widget in (self.key_label, self.explanation, self.print_button, self.stored):
            widget.setVisible(visible)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        if self.store is None:
            self.create_store()

    def create_store(self) -> None:
        site = self.setup.site_page.site_name.text().strip()
        languages = self.setup.site_page.languages.selected()
        passphrase = self.setup.passphrase_page.fields.passphrase()
        language = self.setup.language_page.language()
        data_dir = self.setup.data_dir
        self.retry_button.hide()
        self.status.setText(self.tr("Creating the encrypted store…"))

        def work() -> tuple[Any, str]:
            from app.desk import Desk
            from app.storage.database import Database

            return Desk.create(Database(data_dir), passphrase, site, languages, language)

        self.setup.tasks.run_db(work, self._created, self._failed)

    def _created(self, result: tuple[Any, str]) -> None:
        self.store, self.recovery_key = result
        self.key_label.setText(self.recovery_key)
        self.status.setText(self.tr("The encrypted store is ready. Here is its recovery key:"))
        self._show_key(True)
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(error_text(error))
        self.retry_button.show()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.store is not None and self.stored.isChecked()

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.document().print_(printer)

    def document(self) -> QTextDocument:
        return recovery_key_document(
            self.setup.site_page.site_name.text().strip(),
            self.recovery_key,
            self.tr("Neuvo recovery key"),
            self.explanation.text(),
        )


class SetupWizard(QWizard):
    """Emits `created(store)` with the new, unlocked store when the user finishes."""

    created = Signal(object)
    language_chosen = Signal(str)

    def __init__(self, data_dir: Path, tasks: TaskRunner, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.data_dir = data_dir
        self.tasks = tasks
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.language_page = LanguagePage(language)
        self.language_page.language_chosen.connect(self.language_chosen)
        self.site_page = SitePage(language)
        self.passphrase_page = PassphrasePage()
        self.recovery_page = RecoveryPage(self)
        for page in (self.language_page, self.site_page, self.passphrase_page, self.recovery_page):
            self.addPage(page)
        self.setStyleSheet(DESK_STYLE)  # the same clear checked state for language buttons as on the Desk
        self.resize(760, 560)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Neuvo — setup"))
        for page in (self.language_page, self.site_page, self.passphrase_page, self.recovery_page):
            page.retranslate()

    def accept(self) -> None:
        store = self.recovery_page.store
        if store is None:
            return
        super().accept()
        self.created.emit(store)

    def reject(self) -> None:
        if self.recovery_page.store is not None:
            return  # the store exists: the key must be confirmed before leaving
        super().reject()
