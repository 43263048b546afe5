"""Settings → Sync and the status bar against the real server process: enroll, Sync now, refusals, outage, lock."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest

from app.ui.qt import QPoint, Qt, QTimer
from app.visits import VisitInput
from app.weeks import now_utc, week_of
from tests.conftest import PASSPHRASE, SITE, sync_of
from tests.server_process import ServerProcess, enrollment_code, run_cli, stored_totals
from tests.sync.test_trust_store_and_proxy import tls_server  # noqa: F401 - the HTTPS server fixture

WAIT_MS = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The real server (uvicorn on 127.0.0.1, a free port) over a SQLite file of its own, shared by the module's
    tests: each enrolls its own site (`site`), so none sees another's team, devices or counts."""
    with ServerProcess(f"sqlite:///{tmp_path_factory.mktemp('sync-ui') / 'server.db'}") as process:
        yield process


@pytest.fixture
def own_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A server of the test's own, for the tests that stop it."""
    with ServerProcess(f"sqlite:///{tmp_path / 'server.db'}") as process:
        yield process


@pytest.fixture(autouse=True)
def site(store) -> str:  # type: ignore[no-untyped-def]
    """The store's site, renamed (before anything reads it) to a name no other test of the module uses."""
    from app.desk import Desk

    sites = Desk(store).sites
    name = unique(SITE)
    sites.update(sites.default().id, name=name)
    return name


def unique(name: str) -> str:
    return f"{name} {secrets.token_hex(3)}"


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
def window(qtbot, context, sync, site):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    widget = MainWindow(context, site)
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


def exported_visits(server, week: str, site: str) -> int:  # type: ignore[no-untyped-def]
    """The visits the server holds of `site` in `week` (the true count behind its perturbed export; the export
    command is run too, and must answer)."""
    exported = run_cli(
        server.database_url, "export", "weekly", "--from", week, "--to", week, "--format", "csv", "--threshold", "1"
    )
    assert exported.stdout.startswith("week,site,dimension,value,count")
    return stored_totals(server.url, week, week).get((site, week), {}).get(("total", "visits"), 0)


def test_enroll_from_the_sync_tab_then_sync_now_sends_the_visit(  # type: ignore[no-untyped-def]
    qtbot, context, sync, window, dialog, server, site
) -> None:
    tab = dialog.sync
    assert tab.connect_box.isVisible() and not tab.connection_box.isVisible()

    connect(qtbot, tab, server.url, enrollment_code(server.database_url, site))

    qtbot.waitUntil(lambda: tab.connection_box.isVisible(), timeout=WAIT_MS)
    assert tab.summary.text() == f"Connected as a device of team {site}; may report for: {site}"
    assert tab.server_value.text() == server.url.rstrip("/")
    assert len(tab.device_value.text()) == 32
    qtbot.waitUntil(lambda: status_text(window).startswith("Last sync: today"), timeout=WAIT_MS)
    assert window.sync_now_action.text() == "Sync now"

    context.visits.add(VisitInput(topics=("housing",)))
    context.events.visits_changed.emit()
    qtbot.waitUntil(lambda: "1 week waiting" in status_text(window), timeout=WAIT_MS)

    click(qtbot, window.sync_status.button)

    qtbot.waitUntil(lambda: status_text(window).endswith("nothing waiting"), timeout=WAIT_MS)
    assert exported_visits(server, week_of(now_utc()), site) == 1
    qtbot.waitUntil(lambda: tab.waiting_value.text() == "nothing", timeout=WAIT_MS)
    assert tab.error_value.text() == "none"


def test_interval_and_retention_are_saved_as_soon_as_changed(  # type: ignore[no-untyped-def]
    qtbot, context, sync, window, dialog, server, site
) -> None:
    tab = dialog.sync
    connect(qtbot, tab, server.url, enrollment_code(server.database_url, site))
    qtbot.waitUntil(lambda: tab.schedule_box.isVisible() and sync.loop is not None, timeout=WAIT_MS)

    with qtbot.waitSignal(tab.setting_saved, timeout=WAIT_MS):
        tab.interval.lineEdit().selectAll()
        qtbot.keyClicks(tab.interval, "30")
        qtbot.keyClick(tab.interval, Qt.Key.Key_Return)
    with qtbot.waitSignal(tab.setting_saved, timeout=WAIT_MS):
        tab.retention.lineEdit().selectAll()
        qtbot.keyClicks(tab.retention, "24")
        qtbot.keyClick(tab.retention, Qt.Key.Key_Return)

    assert context.desk.settings.get("sync_interval_minutes") == 30
    assert context.desk.settings.get("retention_months") == 24
    assert tab.schedule_message.text() == "Saved: visit rows are kept for 24 months."
    qtbot.waitUntil(lambda: sync.loop.interval_seconds == 30 * 60, timeout=WAIT_MS)


def test_a_wrong_code_is_refused_in_plain_words_and_nothing_is_enrolled(qtbot, context, dialog, server, site) -> None:  # type: ignore[no-untyped-def]
    tab = dialog.sync
    enrollment_code(server.database_url, site)  # the site exists; this laptop just has the wrong code

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
    qtbot, context, sync, window, own_server, site
) -> None:
    context.sync_service.enroll(own_server.url, enrollment_code(own_server.database_url, site))
    context.events.sync_enrolled.emit()
    qtbot.waitUntil(lambda: status_text(window).endswith("nothing waiting"), timeout=WAIT_MS)
    own_server.stop()
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


def test_unlock_starts_the_sync_and_lock_stops_it(qtbot, store, server, site, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from app.storage.database import Database
    from app.ui.main import Controller
    from app.ui.main_window import MainWindow

    store.lock()
    enrolling = Database(data_dir)
    enrolling.unlock(PASSPHRASE)
    sync_of(enrolling).enroll(server.url, enrollment_code(server.database_url, site))
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


def enroll_in_the_tab(qtbot, tab, sync, server, site: str) -> None:  # type: ignore[no-untyped-def]
    connect(qtbot, tab, server.url, enrollment_code(server.database_url, site))
    qtbot.waitUntil(lambda: tab.connection_box.isVisible() and sync.loop is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.summary.text().endswith(f"may report for: {site}"), timeout=WAIT_MS)


def test_connect_with_a_new_code_moves_the_laptop_to_another_team(  # type: ignore[no-untyped-def]
    qtbot, context, sync, window, dialog, server, site
) -> None:
    other_site, other_team = unique("Kallio"), unique("Helsinki North")
    tab = dialog.sync
    enroll_in_the_tab(qtbot, tab, sync, server, site)
    device_id, loop = tab.device_value.text(), sync.loop

    click(qtbot, tab.reconnect_button)

    assert tab.connect_box.isVisible() and tab.cancel_button.isVisible() and tab.reconnect_hint.isVisible()
    assert not tab.connection_box.isVisible() and not tab.schedule_box.isVisible()
    assert tab.connect_box.title() == "Connect with a new code"
    assert tab.server_url.text() == server.url.rstrip("/"), "pre-filled with the current server address"
    assert tab.code.text() == "" and tab.code.hasFocus()
    qtbot.keyClicks(tab.code, enrollment_code(server.database_url, other_site, other_team))
    passes = loop.passes
    click(qtbot, tab.connect_button)

    qtbot.waitUntil(lambda: tab.connection_box.isVisible(), timeout=WAIT_MS)
    assert not tab.connect_box.isVisible() and tab.schedule_box.isVisible()
    expected = f"Connected as a device of team {other_team}; may report for: {other_site}"
    qtbot.waitUntil(lambda: tab.summary.text() == expected, timeout=WAIT_MS)
    assert tab.device_value.text() == device_id, "the same laptop, moved to the other team"
    status = context.sync_service.status()
    assert (status.team, status.sites, status.is_enrolled) == (other_team, (other_site,), True)
    assert sync.loop is loop and loop.is_running, "the background sync keeps running for the new team"
    qtbot.waitUntil(lambda: loop.passes > passes, timeout=WAIT_MS)  # the enrollment woke it
    assert tab.summary.text() == expected


def test_cancel_returns_to_the_connected_view_unchanged(qtbot, context, sync, window, dialog, server, site) -> None:  # type: ignore[no-untyped-def]
    tab = dialog.sync
    enroll_in_the_tab(qtbot, tab, sync, server, site)
    shown = (tab.summary.text(), tab.server_value.text(), tab.device_value.text())
    before = context.sync_service.status()

    click(qtbot, tab.reconnect_button)
    tab.server_url.clear()
    qtbot.keyClicks(tab.server_url, "https://elsewhere.example.fi")
    qtbot.keyClicks(tab.code, "ABCDEFGHJKLM")
    click(qtbot, tab.cancel_button)

    assert tab.connection_box.isVisible() and tab.schedule_box.isVisible()
    assert not tab.connect_box.isVisible()
    assert (tab.summary.text(), tab.server_value.text(), tab.device_value.text()) == shown
    after = context.sync_service.status()
    assert (after.server_url, after.device_id, after.team, after.sites) == (
        before.server_url,
        before.device_id,
        before.team,
        before.sites,
    )
    click(qtbot, tab.reconnect_button)
    assert tab.server_url.text() == before.server_url and tab.code.text() == "", "the typed values were dropped"


def test_a_server_that_forgot_the_laptop_asks_for_a_new_code_in_plain_words(  # type: ignore[no-untyped-def]
    qtbot, context, sync, window, dialog, own_server, site, tmp_path: Path
) -> None:
    tab = dialog.sync
    enroll_in_the_tab(qtbot, tab, sync, own_server, site)
    context.visits.add(VisitInput(topics=("housing",)))
    context.events.visits_changed.emit()
    click(qtbot, window.sync_status.button)
    qtbot.waitUntil(lambda: status_text(window).endswith("nothing waiting"), timeout=WAIT_MS)
    own_server.stop()

    with ServerProcess(f"sqlite:///{tmp_path / 'reset.db'}", port=own_server.port) as reset:  # its data is gone
        click(qtbot, window.sync_status.button)

        forgotten = "Not connected: the server no longer knows this laptop"
        qtbot.waitUntil(lambda: status_text(window) == forgotten, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: tab.connect_box.isVisible(), timeout=WAIT_MS)
        assert tab.connect_message.text() == (
            "The server no longer knows this laptop (its data may have been reset). Connect it again with a new "
            "code from your coordinator; every week is then sent again."
        )
        assert not tab.cancel_button.isVisible()
        assert tab.server_url.text() == own_server.url.rstrip("/")

        qtbot.keyClicks(tab.code, enrollment_code(reset.database_url, site))
        click(qtbot, tab.connect_button)

        qtbot.waitUntil(lambda: tab.connection_box.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: status_text(window).endswith("nothing waiting"), timeout=WAIT_MS)
        assert exported_visits(reset, week_of(now_utc()), site) == 1, "every week was sent again"


def test_error_words_are_translated_and_the_servers_own_stay_apart(qapp) -> None:  # type: ignore[no-untyped-def]
    from app.errors import DeviceUnknown, NotEnrolled, SyncRefused
    from app.sync.service import SyncStatus
    from app.ui.sync_status import error_kind, error_sentence, server_words_text, short_error_text

    def status(kind: str | None, text: str | None = "English words from the core.") -> SyncStatus:
        return SyncStatus(True, "https://s.example.fi", "d", "t", ("s",), None, None, 0, text, last_error_kind=kind)

    assert error_kind(DeviceUnknown()) == error_kind(status("not_enrolled")) == "not_enrolled"
    forgotten = error_sentence(DeviceUnknown())
    assert forgotten.startswith("The server no longer knows this laptop") and forgotten == error_sentence(
        status("not_enrolled")
    )
    assert short_error_text(DeviceUnknown()) == "the server no longer knows this laptop"
    assert error_sentence(NotEnrolled()) == "This laptop is not connected to a server yet."
    # The stored kind decides; the English sentence is never read to guess one.
    assert error_kind(status("certificate", "anything at all")) == "certificate"
    assert error_kind(status(None, "The sync server x could not be reached: refused.")) == "other"
    assert error_kind(status(None, None)) == ""
    refused = status("refused", "Week 2025-W02 of site 'A' was not accepted: too late.")
    assert "Week 2025-W02" not in error_sentence(refused)
    assert server_words_text(refused) == "In the server's words: Week 2025-W02 of site 'A' was not accepted: too late."
    assert server_words_text(SyncRefused("No such site.")) == "In the server's words: No such site."
    assert server_words_text(status("unreachable")) == ""


# -- the network: a proxy typed in the Sync tab, the city's CA in the system trust store ------------------------
def test_the_proxy_typed_in_the_sync_tab_carries_the_enrollment_and_the_sync(  # type: ignore[no-untyped-def]
    qtbot, context, sync, window, dialog, site, tls_server, monkeypatch  # noqa: F811 - the imported fixture
) -> None:
    from tests.sync.test_trust_store_and_proxy import PROXY_ONLY_NAME, ConnectProxy

    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.ca_file))  # IT installed the city's CA on this computer
    tab = dialog.sync
    assert tab.network_box.isVisible(), "the proxy can be set before the first connection"
    with ConnectProxy({PROXY_ONLY_NAME: "127.0.0.1"}) as proxy:
        qtbot.keyClicks(tab.proxy, f"127.0.0.1:{proxy.port}")
        click(qtbot, tab.save_proxy_button)
        qtbot.waitUntil(lambda: tab.network_message.isVisible(), timeout=WAIT_MS)
        assert tab.network_message.text() == f"Saved: the sync goes through the proxy http://127.0.0.1:{proxy.port}."
        assert tab.proxy.text() == f"http://127.0.0.1:{proxy.port}"
        assert context.desk.settings.get("sync_proxy") == f"http://127.0.0.1:{proxy.port}"

        context.desk.visits.add(VisitInput(topics=("housing",), languages=("ar",)))
        connect(qtbot, tab, tls_server.url(PROXY_ONLY_NAME), enrollment_code(tls_server.database_url, site))
        qtbot.waitUntil(lambda: tab.connection_box.isVisible(), timeout=WAIT_MS)
        week = week_of(now_utc())
        qtbot.waitUntil(
            lambda: stored_totals(tls_server.url(), week, week).get((site, week), {}).get(("total", "visits")) == 1,
            timeout=WAIT_MS,
        )
        assert set(proxy.tunnels) == {f"{PROXY_ONLY_NAME}:{tls_server.port}"}
        sync.stop()(5.0)


def test_a_bad_proxy_is_refused_in_the_persons_language_and_nothing_changes(  # type: ignore[no-untyped-def]
    qtbot, qapp, context, dialog
) -> None:
    from app.ui.i18n import install_language

    tab = dialog.sync
    install_language(qapp, "fi")
    try:
        qtbot.keyClicks(tab.proxy, "ftp://proxy.city.fi")
        qtbot.keyClick(tab.proxy, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: tab.network_message.isVisible(), timeout=WAIT_MS)
        message, title = tab.network_message.text(), tab.network_box.title()
    finally:
        install_language(qapp, "en")
    assert message.startswith("Tämä ei ole välityspalvelimen osoite"), message
    assert title == "Verkko"
    assert context.desk.settings.get("sync_proxy") == ""
    assert tab.proxy.text() == "ftp://proxy.city.fi", "what was typed stays, to be corrected"


def test_the_proxy_password_is_never_shown_in_the_sync_tab_and_an_unchanged_address_keeps_it(  # type: ignore[no-untyped-def]
    qtbot, context, window, tmp_path
) -> None:
    """Review: the Network box put the stored proxy in the field as it is, password and all."""
    from app.ui.qt import QLabel, QLineEdit
    from app.ui.settings_dialog import SettingsDialog

    stored = "http://aino:S3cret-pw@proxy.city.fi:8080"
    context.desk.settings.set("sync_proxy", stored)

    def texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
        children = [*widget.findChildren(QLabel), *widget.findChildren(QLineEdit)]
        return [child.text() for child in children if child.isVisible()]

    dialog = SettingsDialog(context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.sync)
    tab = dialog.sync
    qtbot.waitUntil(lambda: tab.is_loaded and tab.proxy.isEnabled(), timeout=WAIT_MS)
    assert tab.proxy.text() == "http://proxy.city.fi:8080"
    assert tab.proxy_kept.isVisible() and "not shown" in tab.proxy_kept.text()
    assert not any("S3cret" in text or "aino" in text for text in texts(dialog))
    dialog.grab().save(str(tmp_path / "sync-tab-proxy-kept.png"))
    click(qtbot, tab.save_proxy_button)  # saved as shown: the user name and password stay
    qtbot.waitUntil(lambda: tab.network_message.isVisible(), timeout=WAIT_MS)
    assert context.desk.settings.get("sync_proxy") == stored
    assert tab.network_message.text() == "Saved: the sync goes through the proxy http://proxy.city.fi:8080."
    assert not any("S3cret" in text for text in texts(dialog))

    tab.proxy.clear()
    qtbot.keyClicks(tab.proxy, "http://eero:Other-pw@proxy2.city.fi:3128")
    qtbot.keyClick(tab.proxy, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: context.desk.settings.get("sync_proxy") == "http://eero:Other-pw@proxy2.city.fi:3128")
    qtbot.waitUntil(lambda: tab.proxy.text() == "http://proxy2.city.fi:3128", timeout=WAIT_MS)
    assert not any("Other-pw" in text for text in texts(dialog))
    tab.proxy.clear()
    qtbot.keyClicks(tab.proxy, "proxy3.city.fi:8080")  # another address typed without them: none are kept
    click(qtbot, tab.save_proxy_button)
    qtbot.waitUntil(lambda: context.desk.settings.get("sync_proxy") == "http://proxy3.city.fi:8080")
    qtbot.waitUntil(lambda: not tab.proxy_kept.isVisible(), timeout=WAIT_MS)
