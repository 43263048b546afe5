"""Installs the interface language: Neuvo's own .qm and Qt's standard-dialog translations."""

from __future__ import annotations

from app.paths import translations_dir
from app.ui.qt import QApplication, QLocale, QTranslator

_installed: list[QTranslator] = []


def install_language(app: QApplication, language: str) -> None:
    """Switch every translated string to `language` (fi, sv or en); widgets get a LanguageChange event."""
    from PySide6.QtCore import QLibraryInfo

    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    own = QTranslator(app)
    if own.load(f"neuvo_{language}", str(translations_dir())):
        app.installTranslator(own)
        _installed.append(own)
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
