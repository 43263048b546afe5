"""First-run wizard end to end, unlocking with the passphrase or the recovery key, and locking."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ui.qt import QPoint, Qt, QWizard
from tests.conftest import PASSPHRASE, SITE

NEW_PASSPHRASE = "harbour-tulip-42-violin"


@pytest.fixture
def tasks(qapp):  # type: ignore[no-untyped-def]
    from app.ui.tasks import TaskRunner

    qapp.setProperty("neuvo_testing", True)
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_setup_wizard_creates_store_and_requires_recovery_key_confirmation(qtbot, tasks, data_dir: Path) -> None:
    from app.storage.database import Database
    from app.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(data_dir, tasks, "en")
    qtbot.addWidget(wizard)
    wizard.show()
    created = []
    wizard.created.connect(created.append)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    finnish = wizard.language_page.buttons["fi"]
    qtbot.mouseClick(finnish, Qt.MouseButton.LeftButton, pos=QPoint(8, finnish.height() // 2))
    assert wizard.language_page.language() == "fi"
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert not next_button.isEnabled(), "a site name is required"
    qtbot.keyClicks(wizard.site_page.site_name, SITE)
    qtbot.mouseClick(wizard.site_page.languages.button("ar"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.site_page.languages.search, "somal")
    qtbot.keyClick(wizard.site_page.languages.completer.popup(), Qt.Key.Key_Return)
    assert wizard.site_page.languages.selected() == ["ar", "so"]
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)

    fields = wizard.passphrase_page.fields
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.keyClicks(fields.first, "kissa")
    qtbot.keyClicks(fields.second, "kissa")
    assert not commit.isEnabled(), "a weak passphrase must not be accepted"
    fields.clear()
    qtbot.keyClicks(fields.first, PASSPHRASE)
    qtbot.keyClicks(fields.second, PASSPHRASE + "x")
    assert not commit.isEnabled(), "the two passphrases must match"
    fields.second.clear()
    qtbot.keyClicks(fields.second, PASSPHRASE)
    assert commit.isEnabled()
    qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)

    page = wizard.recovery_page
    qtbot.waitUntil(lambda: page.store is not None, timeout=10_000)
    key = page.key_label.text()
    assert len(key.split("-")) == 8
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "finishing needs the 'I have stored the recovery key' checkbox"
    wizard.reject()
    assert wizard.isVisible(), "the wizard cannot be cancelled once the store exists"
    qtbot.mouseClick(page.stored, Qt.MouseButton.LeftButton, pos=QPoint(8, page.stored.height() // 2))
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert len(created) == 1

    store = created[0]
    assert store.sites.default().name == SITE
    assert store.sites.default().usual_languages == ["ar", "so"]
    assert store.config.ui_language() == "fi"
    store.lock()
    reopened = Database(data_dir)
    reopened.unlock_with_recovery_key(key, NEW_PASSPHRASE)
    reopened.lock()


def test_recovery_key_page_prints_the_key(qtbot, tasks, data_dir: Path, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.setup_wizard import recovery_key_document

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "key.pdf"
    printer.setOutputFileName(str(target))
    key = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    document = recovery_key_document(SITE, key, "Neuvo recovery key", "Keep it safe.")
    document.print_(printer)
    assert target.stat().st_size > 500
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
        assert "ABCD-EFGH-IJKL-MNOP\nQRST-UVWX-YZ23-4567" in text  # two whole lines, no group broken


def _unlock_screen(qtbot, tasks, data_dir):  # type: ignore[no-untyped-def]
    from app.ui.unlock import UnlockScreen

    screen = UnlockScreen(data_dir, tasks, "en")
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_unlock_with_right_passphrase_emits_open_store(qtbot, tasks, store, data_dir: Path) -> None:
    store.lock()
    screen = _unlock_screen(qtbot, tasks, data_dir)
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(screen.unlocked, timeout=10_000) as signal:
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    opened = signal.args[0]
    assert not opened.is_locked
    assert screen.passphrase.text() == "", "the passphrase does not linger in the field"
    opened.lock()


def test_wrong_passphrase_says_so_and_slows_down_after_repeated_failures(qtbot, tasks, store, data_dir) -> None:
    store.lock()
    screen = _unlock_screen(qtbot, tasks, data_dir)
    unlocked = []
    screen.unlocked.connect(unlocked.append)
    for attempt in range(3):
        screen.passphrase.setText(f"wrong guess {attempt}")
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Wrong passphrase" in screen.message.text(), timeout=10_000)
    assert "try again in" in screen.message.text()
    assert not screen.unlock_button.isEnabled(), "after three failures the next attempt must wait"
    assert not unlocked


def test_forgot_passphrase_uses_recovery_key_and_requires_new_passphrase(qtbot, tasks, store, data_dir) -> None:
    from app.errors import WrongPassphrase
    from app.storage.database import Database

    recovery_key = store.recovery_key
    store.lock()
    screen = _unlock_screen(qtbot, tasks, data_dir)
    qtbot.mouseClick(screen.forgot_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 1
    qtbot.keyClicks(screen.recovery_key, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    qtbot.keyClicks(screen.new_passphrase.first, NEW_PASSPHRASE)
    qtbot.keyClicks(screen.new_passphrase.second, NEW_PASSPHRASE)
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "recovery key does not open" in screen.recovery_message.text(), timeout=10_000)

    screen.recovery_key.setText(recovery_key.lower().replace("-", " "))
    with qtbot.waitSignal(screen.unlocked, timeout=10_000) as signal:
        qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    signal.args[0].lock()
    with pytest.raises(WrongPassphrase):
        Database(data_dir).unlock(PASSPHRASE)
    Database(data_dir).unlock(NEW_PASSPHRASE)


def test_a_database_whose_key_file_is_gone_gets_the_unlock_screen_that_says_so(qtbot, qapp, store, data_dir) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main import Controller
    from app.ui.unlock import UnlockScreen

    store.lock()
    (data_dir / "neuvo.key").unlink()
    saved = (data_dir / "neuvo.db").read_bytes()
    controller = Controller(data_dir, "en")
    controller.start()
    try:
        screen = controller.window
        assert isinstance(screen, UnlockScreen), "never the setup wizard beside an existing database"
        qtbot.keyClicks(screen.passphrase, PASSPHRASE)
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "key file" in screen.message.text(), timeout=10_000)
        assert "backup" in screen.message.text()
        assert (data_dir / "neuvo.db").read_bytes() == saved
    finally:
        controller.shutdown()
