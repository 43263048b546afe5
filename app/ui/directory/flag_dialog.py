"""What is wrong with a directory entry, in a few words: the advisor's flag for the coordinator."""

from __future__ import annotations

from app.directory.service import FLAG_CHARS
from app.ui.desk.style import DESK_STYLE
from app.ui.qt import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class FlagDialog(QDialog):
    def __init__(self, service_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagDialog")
        self.setStyleSheet(DESK_STYLE)
        self.setWindowTitle(self.tr("Entry wrong or out of date"))
        self.question = QLabel(
            self.tr("What is wrong with “%1”? A few words for the coordinator; nothing about the visitor.").replace(
                "%1", service_name
            )
        )
        self.question.setWordWrap(True)
        self.text = QLineEdit()
        self.text.setObjectName("flagText")
        self.text.setMaxLength(FLAG_CHARS)
        self.text.setPlaceholderText(self.tr("e.g. moved to a new address, phone number no longer works"))
        self.text.setAccessibleName(self.tr("What is wrong"))
        self.question.setBuddy(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save flag"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._validate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self._validate()
        self.resize(520, self.sizeHint().height())

    def _validate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text.text().strip()))
