"""Starts the GUI: crash handler first, then the setup wizard or the unlock screen, then the main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from app.paths import default_data_dir
from app.settings import PlainConfig
from app.ui.i18n import install_language
from app.ui.qt import QApplication, QDialog, QEvent, QLocale, QObject, QSize, QTimer, QWidget, application
from app.ui.tasks import TaskRunner

# app.storage.database.KEY_NAME and DB_NAME, without importing SQLAlchemy before the first paint.
KEY_FILE_NAME, DB_FILE_NAME = "neuvo.key", "neuvo.db"
# At exit a sync pass under way gets this long to end; the week stays in the outbox and goes next time anyway.
EXIT_SYNC_WAIT_SECONDS = 3.0


def _warm_up() -> None:
    """Import what unlocking needs while the person types the passphrase."""
    import app.desk  # noqa: F401
    import app.ui.context  # noqa: F401
    import app.ui.main_window  # noqa: F401
    from app.languages import language_index

    language_index()


class Controller(QObject):
    """Owns the top-level window: wizard → unlock → main window → (lock) → unlock."""

    def __init__(self, data_dir: Path, language: str) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.language = language
        self.tasks = TaskRunner(self)
        self.window: QWidget | None = None
        self.store: Any = None
        self.context: Any = None
        self.idle: Any = None
        self.sync: Any = None

    @property
    def has_store(self) -> bool:
        """A key file or a database: a database whose key file is gone gets the unlock screen, which says what to
        do, never the setup wizard (a new store must not be made beside it)."""
        return (self.data_dir / KEY_FILE_NAME).exists() or (self.data_dir / DB_FILE_NAME).exists()

    def start(self) -> None:
        if self.has_store:
            self.show_unlock()
        else:
            self.show_wizard()
        self.tasks.run_parallel(_warm_up)

    def _replace_window(self, window: QWidget) -> None:
        old = self.window
        self.window = window
        window.show()
        window.raise_()
        window.activateWindow()
        if old is not None:
            if isinstance(old, QDialog):
                old.done(QDialog.DialogCode.Accepted)  # close() would ask the wizard to cancel (reject)
            else:
                old.close()
            old.deleteLater()

    def show_wizard(self) -> None:
        from app.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.data_dir, self.tasks, self.language)
        wizard.language_chosen.connect(self.set_language)
        wizard.created.connect(self.show_main)
        wizard.rejected.connect(QApplication.quit)
        self._replace_window(wizard)

    def show_unlock(self) -> None:
        from app.ui.unlock import UnlockScreen
        from app.ui.window_fit import fitting_size

        screen = UnlockScreen(self.data_dir, self.tasks, self.language)
        screen.resize(fitting_size(screen, QSize(960, 640)))
        screen.language_chosen.connect(self.set_language)
        screen.unlocked.connect(self.show_main)
        self._replace_window(screen)
        screen.passphrase.setFocus()

    def set_language(self, language: str) -> None:
        self.language = language
        install_language(application(), language)
        PlainConfig(self.data_dir).set("ui_language", language)

    def show_main(self, store: Any) -> None:
        self.store = store

        def read() -> tuple[str, int]:
            return store.sites.default().name, int(store.settings.get("idle_lock_minutes"))

        self.tasks.run_db(read, self._build_main)

    def _build_main(self, values: tuple[str, int]) -> None:
        from app.ui.context import AppContext
        from app.ui.idle import IdleWatcher
        from app.ui.main_window import MainWindow
        from app.ui.sync_controller import SyncController

        site_name, idle_minutes = values
        self._stop_sync()  # the window rebuilt in another language: the new context gets its own loop
        self.context = AppContext(desk=self.store, tasks=self.tasks, ui_language=self.language)
        window = MainWindow(self.context, site_name)
        window.lock_requested.connect(self.lock)
        window.language_changed.connect(self._rebuild_in_language)
        self.context.events.settings_changed.connect(self._apply_idle_setting)
        if self.idle is not None:
            self.idle.stop()
        self.idle = IdleWatcher(idle_minutes, self)
        self.idle.idle.connect(self.lock)
        self._replace_window(window)
        self.sync = SyncController(self.context, self)
        self.sync.start()

    def _apply_idle_setting(self) -> None:
        store = self.store
        if store is None or self.idle is None:
            return
        self.tasks.run_db(lambda: int(store.settings.get("idle_lock_minutes")), self.idle.set_minutes)

    def _rebuild_in_language(self, language: str) -> None:
        self.set_language(language)
        store = self.store
        self.show_main(store)

    def _stop_sync(self, wait_seconds: float | None = None) -> None:
        """Stop the background sync now; the database lane waits for a pass under way before anything closes."""
        if self.sync is None:
            return
        sync, self.sync = self.sync, None
        stop_loop = sync.stop()
        self.tasks.run_db(lambda: stop_loop(wait_seconds), lambda _result: sync.deleteLater())

    def lock(self) -> None:
        """Close every window, close the database and drop the key, then ask for the passphrase."""
        if self.store is None:
            return
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        self._stop_sync()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        store, self.store, self.context = self.store, None, None
        self.tasks.run_db(store.lock)
        self.show_unlock()

    def shutdown(self) -> None:
        """At exit: stop the timers and workers, close the database, and delete the windows while Qt still runs.

        Deleting them here, not when the interpreter tears the QApplication down, keeps that teardown from
        freeing widgets whose deferred deletion never ran (a crash at exit otherwise).
        """
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        self._stop_sync(EXIT_SYNC_WAIT_SECONDS)
        self.tasks.shutdown()
        if self.store is not None:
            self.store.lock()
            self.store, self.context = None, None
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        self.window = None
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def run_gui(data_dir: Path | str | None = None) -> int:
    started = time.perf_counter()
    folder = Path(data_dir) if data_dir else default_data_dir()
    from app.ui.crash import install

    install(folder)
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Neuvo")
    app.setOrganizationName("Neuvo")
    language = PlainConfig(folder).ui_language(QLocale.system().name().split("_")[0])
    install_language(app, language)
    from app.ui.palette import apply_palette

    apply_palette(application())
    controller = Controller(folder, language)
    controller.start()
    # The handout fonts, once the first screen is up (every later page and preview has every script).
    from app.handouts.fonts import register_fonts

    QTimer.singleShot(0, register_fonts)
    if os.environ.get("NEUVO_EXIT_WHEN_READY") and controller.window is not None:
        # For `make bench`: report when the first screen has been painted and takes input, then quit.
        from app.ui.first_paint import FirstPaint

        def ready() -> None:
            print(f"ready {time.perf_counter() - started:.4f}", flush=True)
            app.quit()

        FirstPaint(controller.window, ready)
    code = app.exec()
    controller.shutdown()
    return code
