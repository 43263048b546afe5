"""Help → About: the version `neuvo --version` prints, the licence, the data folder and the components' licences."""

from __future__ import annotations

import subprocess

from app import __version__
from app.ui.qt import QApplication, Qt
from tests.test_cli import NEUVO


def test_help_about_shows_the_version_of_neuvo_version_the_licence_and_the_data_folder(  # type: ignore[no-untyped-def]
    qtbot, context, monkeypatch
) -> None:
    from app.ui.about import AboutDialog
    from app.ui.main_window import MainWindow

    window = MainWindow(context, "Puhos")
    qtbot.addWidget(window)
    window.show()
    opened: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: opened.append(dialog) or 0)

    assert [action.text() for action in window.help_button.menu().actions()] == ["About Neuvo… (F1)"]
    window.help_button.menu().actions()[0].trigger()

    assert len(opened) == 1
    about = opened[0]
    printed = subprocess.run([str(NEUVO), "--version"], capture_output=True, text=True, timeout=60, check=True)
    assert printed.stdout.strip() == f"neuvo {__version__}"
    assert about.title.text() == f"Neuvo {__version__}"
    assert "Licence: EUPL-1.2" in about.licence.text()
    assert str(context.desk.data_dir) in about.folder.text()
    rows = {
        about.model.item(row, 0).text(): (about.model.item(row, 1).text(), about.model.item(row, 2).text())
        for row in range(about.model.rowCount())
    }
    assert rows["Neuvo"] == (__version__, "EUPL-1.2")
    assert rows["PySide6"][1] == "LGPL-3.0-only" and rows["Qt"][0]
    assert rows["SQLAlchemy"][1] == "MIT"


def test_f1_opens_about_and_it_is_translated(qtbot, qapp, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.about import AboutDialog
    from app.ui.i18n import install_language
    from app.ui.main_window import MainWindow

    opened: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    install_language(qapp, "sv")  # as the app does: the window is made in the chosen language
    try:
        window = MainWindow(context, "Puhos")
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        QApplication.processEvents()
        texts = (opened[0].windowTitle(), opened[0].licence.text(), window.help_button.text()) if opened else ()
    finally:
        install_language(qapp, "en")
    assert texts and texts[0] == "Om Neuvo"
    assert texts[1].startswith(f"Version {__version__}. Licens: EUPL-1.2")
    assert texts[2] == "Hjälp"
