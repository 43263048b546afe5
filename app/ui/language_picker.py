"""Language quick picks: the site's usual languages as toggle buttons, any ISO 639 language by typing."""

from __future__ import annotations

from app.languages import language_index
from app.ui.keyboard import RovingFocus
from app.ui.qt import (
    QAbstractItemView,
    QCompleter,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStringListModel,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

COLUMNS = 6


class LanguagePicker(QWidget):
    """Multi-select of languages; `selected()` gives codes in the order they were picked."""

    changed = Signal()

    def __init__(self, usual: list[str], ui_language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languagePicker")
        self.ui_language = ui_language
        self._buttons: dict[str, QPushButton] = {}
        self._order: list[str] = []
        self.navigation = RovingFocus(COLUMNS, self)  # the buttons are one Tab stop, arrows move inside
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.search = QLineEdit()
        self.search.setObjectName("languageSearch")
        self._title = ""
        self.search.setClearButtonEnabled(True)
        self._matches = QStringListModel(self)
        self._codes_by_row: list[str] = []
        self.completer = QCompleter(self._matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.setCompleter(self.completer)
        self.search.textEdited.connect(self._update_matches)
        # PySide6's stubs declare the signal without its overloads; [str] picks the text one, as documented.
        self.completer.activated[str].connect(self._pick_text)  # type: ignore[index]
        self.search.returnPressed.connect(self._pick_first)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addLayout(search_row)
        self.set_usual(usual)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Other language: type its name or code…"))
        self.search.setAccessibleName(
            self.tr("%1: another language").replace("%1", self._title) if self._title else self.tr("Other language")
        )

    def set_ui_language(self, language: str) -> None:
        """Name the languages in another interface language (chosen on the setup wizard's first page)."""
        self.ui_language = language
        for code, button in self._buttons.items():
            button.setText(self._label(code))

    # -- public ---------------------------------------------------------------------------
    def set_usual(self, codes: list[str]) -> None:
        """Show these languages as buttons (keeping any extra ones picked since)."""
        for code in codes:
            self._add_button(code, checked=False)

    def selected(self) -> list[str]:
        return [code for code in self._order if self._buttons[code].isChecked()]

    def set_selected(self, codes: list[str]) -> None:
        for code in codes:
            self._add_button(code, checked=True)
        for code, button in self._buttons.items():
            button.setChecked(code in codes)
        self._order = [code for code in codes if code in self._buttons] + [
            code for code in self._order if code not in codes
        ]
        self.changed.emit()

    def clear(self) -> None:
        for button in self._buttons.values():
            button.setChecked(False)
        self.search.clear()
        self.navigation.reset()
        self.changed.emit()

    def set_title(self, title: str) -> None:
        """The group's name for screen readers (each button and the search field say which group they are in)."""
        self._title = title
        self.setAccessibleName(title)
        self.retranslate()
        for button in self._buttons.values():
            button.setAccessibleDescription(title)

    def button(self, code: str) -> QPushButton | None:
        return self._buttons.get(code)

    def pick(self, code: str) -> None:
        self._add_button(code, checked=True)
        self.changed.emit()

    # -- internals ------------------------------------------------------------------------
    def _label(self, code: str) -> str:
        return f"{language_index().name(code, self.ui_language)} ({code})"

    def _add_button(self, code: str, checked: bool) -> None:
        button = self._buttons.get(code)
        if button is None:
            button = QPushButton(self._label(code))
            button.setObjectName(f"language_{code}")
            button.setCheckable(True)
            button.setAccessibleDescription(self._title)
            button.toggled.connect(lambda _checked, c=code: self._toggled(c))
            position = len(self._buttons)
            self._grid.addWidget(button, position // COLUMNS, position % COLUMNS)
            self._buttons[code] = button
            self._order.append(code)
            self.navigation.set_buttons(list(self._buttons.values()))
        if checked:
            button.setChecked(True)

    def _toggled(self, code: str) -> None:
        if self._buttons[code].isChecked():
            self._order.remove(code)
            self._order.append(code)
        self.changed.emit()

    def _update_matches(self, text: str) -> None:
        found = language_index().search(text, limit=12)
        self._codes_by_row = [language.code for language in found]
        self._matches.setStringList([self._label(language.code) for language in found])
        if found:
            # The best match is preselected: Return takes it, arrow keys choose another.
            self.completer.complete()
            self._popup().setCurrentIndex(self._matches.index(0))

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        if popup is None:  # QCompleter makes a default popup when first asked: never None
            raise RuntimeError("The completer has no popup.")
        return popup

    def _pick_text(self, text: str) -> None:
        if "(" in text and text.endswith(")"):
            self.pick(text.rsplit("(", 1)[1][:-1])
        self.search.clear()

    def _pick_first(self) -> None:
        popup = self._popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer's own activation handles it
        self._update_matches(self.search.text())
        if self._codes_by_row:
            self.pick(self._codes_by_row[0])
            self.search.clear()
            popup.hide()
