"""Settings → Sync and the status bar against the real server process: enroll, Sync now, refusals, outage, lock."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from app.ui.qt import QPoint, Qt, QTimer
from app.visits import VisitInput
from app.weeks import now_utc, week_of
from tests.conftest import PASSPHRASE, SITE
from tests.server_process import ServerProcess, enrollment_code, run_cli

WAIT_MS = 30_000


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The real server (uvicorn on 127.0.0.1, a free port) over a SQLite file of its own."""
    with ServerProcess(f"sqlite:///{tmp_path / 'server.db'}") as process:
        yield process


@pytest.fixture
def sync(context):  # type: ignore[no-untyped-def]
    """The background sync as the app runs it while unlocked (short passes, so that an outage shows soon)."""
    from app.ui.sync_controller import SyncController

    controller = SyncController(context)
    controller.visits_debounce_ms = 60_000  # these tests press Sync now themselves
    controller.pass_seconds = 3.0
    yield controller
    controller.stop()(5.0)


@pytest.fixture
def window(qtbot, context, sync):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    widget = MainWindow(context, SITE)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    sync.start()
    qtbot.waitUntil(lambda: widget.sync_status.label.text() == "Not connected to a server", timeout=WAIT_MS)
    return widget


@pytest.fixture
def dialog(qtbot, context, window):  # type: ignore[no-untyped-def]
    from app.ui.settings_dialog import SettingsDialog

    widget = SettingsDialog(context, window)
    qtbot.addWidget(widget)
    widget.show()
    bar = widget.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    assert widget.tabs.currentWidget() is widget.sync
    qtbot.waitUntil(lambda: widget.sync.is_loaded, timeout=WAIT_MS)
    return widget


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def connect(qtbot, tab, server_url: str, code: str) -> None:  # type: ignore[no-untyped-def]
    tab.server_url.clear()
    qtbot.keyClicks(tab.server_url, server_url)
    qtbot.keyClicks(tab.code, code)
    click(qtbot, tab.connect_button)


def status_text(window) -> str:  # type: ignore[no-untyped-def]
    return str(window.sync_status.label.text())


def exported_visits(server, week: str) -> int:  # type: ignore[no-untyped-def]
    """The server's weekly export (its own command, threshold 1 so that a single visit shows) for `week`."""
    exported = run_cli(
        server.database_url, "export", "weekly", "--from", week, "--to", week, "--format", "csv", "--threshold", "1"
    )
    for row in csv.DictReader(io.StringIO(exported.stdout)):
        if (row["site"], row["dimension"], row["value"]) == (SITE, "total", "visits"):
            return int(row["count"])
    return 0


def test_enroll_from_the_sync_tab_then_sync_now_sends_the_visit(qtbot, context, sync, window, dialog, server) -> None:  # type: ignore[no-untyped-def]
    tab = dialog.sync
    assert tab.connect_box.isVisible() and not tab.connection_box.isVisible()

    connect(qtbot, tab, server.url, enrollment_code(server.database_url, SITE))

    qtbot.waitUntil(lambda: tab.connection_box.isVisible(), timeout=WAIT_MS)
    assert tab.summary.text() == f"Connected as a device of team {SITE}; may report for: {SITE}"
    assert tab.server_value.text() == server.url.rstrip("/")
    assert len(tab.device_value.text()) == 32
    qtbot.waitUntil(lambda: status_text(window).startswith("Last sync: today"), timeout=WAIT_MS)
    assert window.sync_now_action.text() == "Sync now"

    context.visits.add(VisitInput(topics=("housing",)))
    context.events.visits_changed.emit()
    qtbot.waitUntil(lambda: "1 week waiting" in status_text(window), timeout=WAIT_MS)

    click(qtbot, window.sync_status.button)

    qtbot.waitUntil(lambda: status_text(window).endswith("nothing waiting"), timeout=WAIT_MS)
    assert exported_visits(server, week_of(now_utc())) == 1
    qtbot.waitUntil(lambda: tab.waiting_value.text() == "nothing", timeout=WAIT_MS)
    assert tab.error_value.text() == "none"


def test_interval_and_retention_are_saved_as_soon_as_changed(qtbot, context, sync, window, dialog, server) -> None:  # type: ignore[no-untyped-def]
    tab = dialog.sync
    connect(qtbot, tab, server.url, enrollment_code(server.database_url, SITE))
    qtbot.waitUntil(lambda: tab.schedule_box.isVisible() and sync.loop is not None, timeout=WAIT_MS)

    with qtbot.waitSignal(tab.setting_saved, timeout=WAIT_MS):
        tab.interval.lineEdit().selectAll()
        qtbot.keyClicks(tab.interval, "30")
        qtbot.keyClick(tab.interval, Qt.Key.Key_Return)
    with qtbot.waitSignal(tab.setting_saved, timeout=WAIT_MS):
        tab.retention.lineEdit().selectAll()
        qtbot.keyClicks(tab.retention, "24")
        qtbot.keyClick(tab.retention, Qt.Key.Key_Return)

    assert context.store.get_setting("sync_interval_minutes") == 30
    assert context.store.get_setting("retention_months") == 24
    assert tab.schedule_message.text() == "Saved: visit rows are kept for 24 months."
    qtbot.waitUntil(lambda: sync.loop.interval_seconds == 30 * 60, timeout=WAIT_MS)


def test_a_wrong_code_is_refused_in_plain_words_and_nothing_is_enrolled(qtbot, context, dialog, server) -> None:  # type: ignore[no-untyped-def]
    tab = dialog.sync
    enrollment_code(server.database_url, SITE)  # the site exists; this laptop just has the wrong code

    connect(qtbot, tab, server.url, "WRONGCODE234")

    qtbot.waitUntil(lambda: not tab.is_busy, timeout=WAIT_MS)
    assert tab.connect_message.text() == (
        "The enrollment code was not accepted: it may be mistyped, expired or already used on another laptop. "
        "Ask your coordinator for a new code."
    )
    assert not context.sync_service.status().is_enrolled
    assert tab.connect_box.isVisible() and not tab.connection_box.isVisible()
    assert tab.connect_button.isEnabled(), "the person can correct the code and try again"


def test_plain_http_to_another_computer_is_refused(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    tab = dialog.sync

    connect(qtbot, tab, "http://192.0.2.10:8080", "ABCDEFGHJKLM")

    qtbot.waitUntil(lambda: not tab.is_busy, timeout=WAIT_MS)
    assert tab.connect_message.text().startswith("Plain http:// is allowed only for a server on this computer")
    assert not context.sync_service.status().is_enrolled


def test_server_down_shows_unreachable_while_the_week_waits_and_the_ui_stays_responsive(  # type: ignore[no-untyped-def]
    qtbot, context, sync, window, server
) -> None:
    context.sync_service.enroll(server.url, enrollment_code(server.database_url, SITE))
    context.events.sync_enrolled.emit()
    qtbot.waitUntil(lambda: status_text(window).endswith("nothing waiting"), timeout=WAIT_MS)
    server.stop()
    context.visits.add(VisitInput(topics=("taxes",)))
    context.events.visits_changed.emit()

    gaps: list[float] = []
    last_tick = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        gaps.append(now - last_tick[0])
        last_tick[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(tick)
    heartbeat.start(20)
    click(qtbot, window.sync_status.button)
    assert "syncing…" in status_text(window)

    qtbot.waitUntil(lambda: "server not reachable, will retry" in status_text(window), timeout=WAIT_MS)
    heartbeat.stop()

    assert "1 week waiting" in status_text(window)
    assert context.sync_service.status().waiting_weeks == 1
    assert max(gaps) < 1.0, f"the UI thread stalled for {max(gaps):.2f} s while the server was down"


def test_unlock_starts_the_sync_and_lock_stops_it(qtbot, store, server, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.store import Store
    from app.sync.service import SyncService
    from app.ui.main import Controller
    from app.ui.main_window import MainWindow

    store.lock()
    enrolling = Store(data_dir)
    enrolling.unlock(PASSPHRASE)
    SyncService(enrolling).enroll(server.url, enrollment_code(server.database_url, SITE))
    enrolling.lock()
    controller = Controller(data_dir, "en")
    controller.start()
    try:
        qtbot.keyClicks(controller.window.passphrase, PASSPHRASE)
        qtbot.keyClick(controller.window.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: controller.sync is not None and controller.sync.loop is not None, timeout=WAIT_MS)
        window, loop, unlocked = controller.window, controller.sync.loop, controller.store
        assert isinstance(window, MainWindow)
        qtbot.waitUntil(lambda: status_text(window).startswith("Last sync: today"), timeout=WAIT_MS)
        assert loop.is_running

        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

        qtbot.waitUntil(lambda: unlocked.is_locked and not loop.is_running, timeout=WAIT_MS)
        assert controller.sync is None
    finally:
        controller.shutdown()


def test_before_enrolling_the_status_bar_button_opens_settings_on_the_sync_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from app.ui.qt import QApplication
    from app.ui.settings_dialog import SettingsDialog

    assert window.sync_now_action.text() == "Connect…"
    seen: list[object] = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog.tabs.currentWidget() is dialog.sync)
        dialog.reject()

    QTimer.singleShot(200, look_and_close)
    click(qtbot, window.sync_status.button)
    assert seen == [True]
