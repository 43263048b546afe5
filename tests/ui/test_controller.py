"""The whole window flow: unlock → main window, Ctrl+L and idle time lock (closing the database), language switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ui.qt import QApplication, Qt
from tests.conftest import PASSPHRASE


@pytest.fixture
def controller(qapp, store, data_dir: Path):  # type: ignore[no-untyped-def]
    from app.ui.i18n import install_language
    from app.ui.main import Controller

    qapp.setProperty("neuvo_testing", True)
    store.lock()
    controller = Controller(data_dir, "en")
    controller.start()
    yield controller
    controller.shutdown()
    install_language(qapp, "en")


def _unlock(qtbot, controller):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow
    from app.ui.unlock import UnlockScreen

    screen = controller.window
    assert isinstance(screen, UnlockScreen)
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow) and not controller.tasks.is_busy, timeout=10_000)
    return controller.window


def _is_unlock_screen(controller) -> bool:  # type: ignore[no-untyped-def]
    from app.ui.unlock import UnlockScreen

    return isinstance(controller.window, UnlockScreen) and controller.window.isVisible()


def test_ctrl_l_locks_closes_the_database_and_asks_for_the_passphrase_again(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    window = _unlock(qtbot, controller)
    store = controller.store
    assert not store.is_locked

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: _is_unlock_screen(controller) and store.is_locked, timeout=10_000)
    assert controller.store is None and controller.context is None
    assert store.database._engine is None, "locking drops the engine, and with it the key"
    assert not any(isinstance(widget, type(window)) and widget.isVisible() for widget in QApplication.topLevelWidgets())
    again = _unlock(qtbot, controller)
    assert again.isVisible(), "the same passphrase opens it again"


def test_lock_button_closes_an_open_dialog_too(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    from app.ui.qt import QDialog

    window = _unlock(qtbot, controller)
    dialog = QDialog(window)
    dialog.show()
    qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _is_unlock_screen(controller), timeout=10_000)
    assert not dialog.isVisible(), "nothing of the unlocked app stays on screen"


def test_idle_time_locks_and_input_postpones_it(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    window = _unlock(qtbot, controller)
    store = controller.store
    assert controller.idle.interval_ms == 10 * 60_000, "the default idle lock is 10 minutes"

    controller.idle.set_minutes(0.6 / 60)  # 600 ms
    for _ in range(4):  # keep typing for longer than the idle time: no lock
        qtbot.wait(250)
        qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert not store.is_locked and controller.window is window

    qtbot.waitUntil(lambda: _is_unlock_screen(controller) and store.is_locked, timeout=5_000)


def test_idle_lock_follows_the_stored_setting(qtbot, controller, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _unlock(qtbot, controller)
    controller.store.settings.set("idle_lock_minutes", 3)
    controller.context.events.settings_changed.emit()
    qtbot.waitUntil(lambda: controller.idle.interval_ms == 3 * 60_000, timeout=10_000)


def test_switching_the_language_rebuilds_the_main_window_in_that_language(  # type: ignore[no-untyped-def]
    qtbot, controller, compiled_translations
) -> None:
    window = _unlock(qtbot, controller)
    assert window.lock_button.text() == "Lock (Ctrl+L)"

    window.language_changed.emit("fi")

    qtbot.waitUntil(lambda: controller.window is not window and controller.window.isVisible(), timeout=10_000)
    rebuilt = controller.window
    assert rebuilt.lock_button.text() not in ("", "Lock (Ctrl+L)")
    assert "Ctrl+L" in rebuilt.lock_button.text()
    assert controller.store.config.ui_language() == "fi", "the choice is remembered for the next start"
    assert not controller.store.is_locked, "switching the language keeps the store open"
