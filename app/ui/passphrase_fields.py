"""A new passphrase asked twice, with a strength meter (setup, recovery and the settings dialog)."""

from __future__ import annotations

from app.passphrase import MINIMUM_SCORE, strength
from app.ui.qt import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget, Signal


class NewPassphraseFields(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit()
        self.first.setObjectName("newPassphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setObjectName("newPassphraseAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("passphraseHint")
        self.first_label = QLabel()
        self.first_label.setBuddy(self.first)
        self.second_label = QLabel()
        self.second_label.setBuddy(self.second)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.first_label, self.first)
        layout.addRow("", self.meter)
        layout.addRow(self.second_label, self.second)
        layout.addRow("", self.hint)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.retranslate()

    def retranslate(self) -> None:
        self.first_label.setText(self.tr("New passphrase"))
        self.second_label.setText(self.tr("Again"))
        self.second.setAccessibleName(self.tr("New passphrase again"))
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        return strength(self.first.text()) >= MINIMUM_SCORE and self.first.text() == self.second.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        text = self.first.text()
        score = strength(text)
        self.meter.setValue(score)
        colour = "#c0392b" if score < MINIMUM_SCORE else "#2e7d32"
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        if not text:
            hint = self.tr("At least 10 characters. Several unrelated words are easy to type and hard to guess.")
        elif score < MINIMUM_SCORE:
            hint = self.tr("Too easy to guess: make it longer or less predictable.")
        elif text != self.second.text():
            hint = (
                self.tr("Strong enough. Type it again below.")
                if not self.second.text()
                else self.tr("The two passphrases differ.")
            )
        else:
            hint = self.tr("Strong enough, and the two match.")
        self.hint.setText(hint)
        self.changed.emit()
