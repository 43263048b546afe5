"""The Sync tab: connect this laptop to the statistics server, see how the sync goes, set interval and retention."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.errors import NeuvoError
from app.settings import SETTINGS
from app.sync.proxy import proxy_display
from app.ui.context import AppContext
from app.ui.errors import error_text, show_error
from app.ui.qt import (
    QEvent,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.settings.general_tab import MAXIMUM_TEXT_WIDTH
from app.ui.sync_status import error_kind, error_sentence, server_words_text, weeks_text, when_text
from app.ui.tasks import while_alive

GREEN, RED = "#2e7d32", "#c0392b"


def _muted(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setProperty("muted", True)
    return label


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SyncTab(QWidget):
    """Enrolling announces itself as `events.sync_enrolled` (the sync then starts); `setting_saved` per change.

    Once enrolled, "Connect with a new code…" shows the connect form again (another team, a new server address);
    its Cancel returns to the connected view, and connecting enrolls again exactly as the first time.
    """

    setting_saved = Signal(str, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.status: Any = None
        self.is_loaded = False
        self.is_busy = False
        self.is_syncing = False
        self.is_reconnecting = False  # enrolled, and the connect form is shown again for a new code
        self.is_status_message = False  # the connect form's message tells the stored status, not an attempt
        self.intro = _muted(QLabel())

        # -- connect (shown until enrolled, and again for a new code) ------------------------------------
        self.connect_box = QGroupBox()
        self.reconnect_hint = _muted(QLabel())
        self.reconnect_hint.setObjectName("reconnectHint")
        self.server_url = QLineEdit()
        self.server_url.setObjectName("serverUrl")
        self.server_url.setPlaceholderText("https://neuvo.example.fi")
        self.server_url.textChanged.connect(self._update_buttons)
        self.server_hint = _muted(QLabel())
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setReadOnly(True)
        self.choose_ca_button = QPushButton()
        self.choose_ca_button.setObjectName("chooseCaBundleButton")
        self.choose_ca_button.clicked.connect(self.choose_ca_bundle)
        self.clear_ca_button = QPushButton()
        self.clear_ca_button.setObjectName("clearCaBundleButton")
        self.clear_ca_button.clicked.connect(lambda: self.set_ca_bundle(""))
        self.ca_hint = _muted(QLabel())
        self.code = QLineEdit()
        self.code.setObjectName("enrollmentCode")
        self.code.setMaxLength(64)
        self.code.textChanged.connect(self._update_buttons)
        self.code.returnPressed.connect(self.connect_to_server)
        self.connect_button = QPushButton()
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_to_server)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelConnectButton")
        self.cancel_button.clicked.connect(self.cancel_reconnect)
        self.server_label, self.ca_label, self.code_label = QLabel(), QLabel(), QLabel()
        for label, field in (
            (self.server_label, self.server_url),
            (self.ca_label, self.ca_bundle),
            (self.code_label, self.code),
        ):
            label.setBuddy(field)

        ca_row = QHBoxLayout()
        ca_row.setSpacing(6)
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.choose_ca_button)
        ca_row.addWidget(self.clear_ca_button)
        connect_layout = QVBoxLayout(self.connect_box)
        connect_layout.setSpacing(8)
        connect_layout.addWidget(self.reconnect_hint)
        connect_grid = QGridLayout()
        connect_layout.addLayout(connect_grid)
        connect_grid.setHorizontalSpacing(12)
        connect_grid.setVerticalSpacing(4)
        connect_grid.setColumnStretch(1, 1)
        connect_grid.addWidget(self.server_label, 0, 0)
        connect_grid.addWidget(self.server_url, 0, 1)
        connect_grid.addWidget(self.server_hint, 1, 1)
        connect_grid.setRowMinimumHeight(2, 8)
        connect_grid.addWidget(self.code_label, 3, 0)
        connect_grid.addWidget(self.code, 3, 1, Qt.AlignmentFlag.AlignLeft)
        connect_grid.setRowMinimumHeight(4, 8)
        connect_grid.addWidget(self.ca_label, 5, 0)
        connect_grid.addLayout(ca_row, 5, 1)
        connect_grid.addWidget(self.ca_hint, 6, 1)
        connect_grid.setRowMinimumHeight(7, 8)

        self.connect_message = QLabel()
        self.connect_message.setObjectName("connectMessage")
        self.connect_message.setWordWrap(True)
        self.connect_message.setVisible(False)
        # The server's own (English) words behind a refusal: apart from the translated sentence, muted.
        self.connect_detail = _detail_label("connectDetail")
        connect_messages = QVBoxLayout()
        connect_messages.setSpacing(2)
        connect_messages.addWidget(self.connect_message)
        connect_messages.addWidget(self.connect_detail)
        connect_row = QHBoxLayout()
        connect_row.setSpacing(12)
        connect_row.addWidget(self.connect_button, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        connect_row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        connect_row.addLayout(connect_messages, 1)
        connect_grid.addLayout(connect_row, 8, 1)

        # -- connection (shown once enrolled) -----------------------------------------------------------
        self.connection_box = QGroupBox()
        self.summary = QLabel()
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(True)
        self.server_value = _value_label("syncServer")
        self.device_value = _value_label("syncDevice")
        self.last_sync_value = _value_label("syncLastSuccess")
        self.waiting_value = _value_label("syncWaiting")
        self.error_value = _value_label("syncLastError")
        self.sync_now_button = QPushButton()
        self.sync_now_button.setObjectName("syncNowTabButton")
        self.sync_now_button.clicked.connect(self.sync_now)
        self.sync_message = QLabel()
        self.sync_message.setObjectName("syncMessage")
        self.sync_message.setWordWrap(True)
        self.sync_message.setVisible(False)
        self.reconnect_button = QPushButton()
        self.reconnect_button.setObjectName("reconnectButton")
        self.reconnect_button.clicked.connect(self.start_reconnect)
        self.error_detail = _detail_label("syncLastErrorDetail")
        self.detail_labels = [QLabel() for _ in range(5)]
        details = QGridLayout()
        details.setHorizontalSpacing(12)
        details.setVerticalSpacing(4)
        details.setColumnStretch(1, 1)
        values = (self.server_value, self.device_value, self.last_sync_value, self.waiting_value, self.error_value)
        for row, (label, value) in enumerate(zip(self.detail_labels, values, strict=True)):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            details.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            details.addWidget(value, row, 1)
        details.addWidget(self.error_detail, len(values), 1)
        sync_row = QHBoxLayout()
        sync_row.setSpacing(12)
        sync_row.addWidget(self.sync_now_button, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        sync_row.addWidget(self.sync_message, 1)
        sync_row.addWidget(self.reconnect_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        connection_layout = QVBoxLayout(self.connection_box)
        connection_layout.setSpacing(8)
        connection_layout.addWidget(self.summary)
        connection_layout.addLayout(details)
        connection_layout.addLayout(sync_row)

        # -- network (always shown: a proxy may be needed before the first connection) ----------------------------
        self.network_box = QGroupBox()
        self.network_box.setObjectName("networkBox")
        self.proxy = QLineEdit()
        self.proxy.setObjectName("syncProxy")
        self.proxy.setEnabled(False)  # until the stored value is read
        self.proxy.returnPressed.connect(self.save_proxy)
        self.proxy_label = QLabel()
        self.proxy_label.setBuddy(self.proxy)
        self.save_proxy_button = QPushButton()
        self.save_proxy_button.setObjectName("saveProxyButton")
        self.save_proxy_button.setEnabled(False)
        self.save_proxy_button.clicked.connect(self.save_proxy)
        self.proxy_hint, self.trust_hint = _muted(QLabel()), _muted(QLabel())
        self.proxy_kept = _muted(QLabel())  # a stored user name and password are never shown, only said to be there
        self.proxy_kept.setObjectName("proxyCredentialsKept")
        self.proxy_kept.setVisible(False)
        self._stored_proxy = ""  # the setting as stored (it may hold a password): never put in a widget
        self._shown_proxy = ""  # what the field was given for it
        self.network_message = QLabel()
        self.network_message.setObjectName("networkMessage")
        self.network_message.setWordWrap(True)
        self.network_message.setVisible(False)
        proxy_row = QHBoxLayout()
        proxy_row.setSpacing(6)
        proxy_row.addWidget(self.proxy, 1)
        proxy_row.addWidget(self.save_proxy_button)
        network_grid = QGridLayout(self.network_box)
        network_grid.setHorizontalSpacing(12)
        network_grid.setVerticalSpacing(4)
        network_grid.setColumnStretch(1, 1)
        network_grid.addWidget(self.proxy_label, 0, 0)
        network_grid.addLayout(proxy_row, 0, 1)
        network_grid.addWidget(self.proxy_kept, 1, 1)
        network_grid.addWidget(self.proxy_hint, 2, 1)
        network_grid.addWidget(self.network_message, 3, 1)
        network_grid.setRowMinimumHeight(4, 8)
        network_grid.addWidget(self.trust_hint, 5, 0, 1, 2)

        # -- schedule and retention (shown once enrolled; each saved as soon as changed) ----------------------
        self.schedule_box = QGroupBox()
        self.interval = self._spin_box("syncIntervalMinutes", "sync_interval_minutes")
        self.retention = self._spin_box("retentionMonths", "retention_months")
        self.interval_label, self.retention_label = QLabel(), QLabel()
        self.interval_hint, self.retention_hint = _muted(QLabel()), _muted(QLabel())
        self.schedule_message = QLabel()
        self.schedule_message.setObjectName("scheduleMessage")
        self.schedule_message.setWordWrap(True)
        self.schedule_message.setVisible(False)
        schedule_grid = QGridLayout(self.schedule_box)
        schedule_grid.setHorizontalSpacing(12)
        schedule_grid.setVerticalSpacing(4)
        schedule_grid.setColumnStretch(1, 1)
        schedule_grid.addWidget(self.interval_label, 0, 0)
        schedule_grid.addWidget(self.interval, 0, 1, Qt.AlignmentFlag.AlignLeft)
        schedule_grid.addWidget(self.interval_hint, 1, 1)
        schedule_grid.setRowMinimumHeight(2, 8)
        schedule_grid.addWidget(self.retention_label, 3, 0)
        schedule_grid.addWidget(self.retention, 3, 1, Qt.AlignmentFlag.AlignLeft)
        schedule_grid.addWidget(self.retention_hint, 4, 1)
        schedule_grid.addWidget(self.schedule_message, 5, 0, 1, 2)

        column = QWidget()
        column.setMaximumWidth(MAXIMUM_TEXT_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(10)
        column_layout.addWidget(self.intro)
        column_layout.addWidget(self.connect_box)
        column_layout.addWidget(self.connection_box)
        column_layout.addWidget(self.network_box)
        column_layout.addWidget(self.schedule_box)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(16, 16, 16, 16)
        # In a row, the column's wrapped labels get their height for the column's width, not the page's.
        column_row = QHBoxLayout()
        column_row.setContentsMargins(0, 0, 0, 0)
        column_row.addWidget(column, 1)
        column_row.addStretch(0)
        page_layout.addLayout(column_row)
        page_layout.addStretch(1)
        # The enrolled view is taller than the other tabs: it scrolls rather than squeezing its rows.
        scroll = QScrollArea()
        scroll.setObjectName("syncScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.connect_box.setVisible(False)
        self.connection_box.setVisible(False)
        self.schedule_box.setVisible(False)
        self.retranslate()
        self._update_buttons()
        context.events.sync_status_changed.connect(self._status_arrived)
        self.reload()

    def _spin_box(self, name: str, setting: str) -> QSpinBox:
        spec = SETTINGS[setting]
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(spec.minimum or 1, spec.maximum or 999)
        spin.setValue(int(spec.default))
        spin.setKeyboardTracking(False)  # save the typed number, not each keystroke
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        spin.setEnabled(False)  # until the stored value is read
        spin.valueChanged.connect(lambda value: self._save_setting(setting, value))
        return spin

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Neuvo can send this desk's anonymous weekly counts to your organisation's statistics server "
                "whenever the laptop has a network. Only numbers leave the laptop, never notes or visit rows."
            )
        )
        self.reconnect_hint.setText(
            self.tr(
                "Type the new code from your coordinator. The code decides the team this laptop reports for; "
                "with a new server address, every week is sent to that server again."
            )
        )
        self.server_label.setText(self.tr("Server address"))
        self.server_hint.setText(
            self.tr("From your coordinator. It starts with https:// (plain http:// only for this computer itself).")
        )
        self.code_label.setText(self.tr("Enrollment code"))
        self.code.setPlaceholderText(self.tr("e.g. K7QM2XPA9D3H"))
        self.ca_label.setText(self.tr("Certificate authority"))
        self.ca_bundle.setPlaceholderText(self.tr("Not needed usually"))
        self.choose_ca_button.setText(self.tr("Choose…"))
        self.clear_ca_button.setText(self.tr("Clear"))
        self.ca_hint.setText(
            self.tr(
                "Only if your city's IT uses its own certificate authority: choose the CA bundle file "
                "(.pem) they give you."
            )
        )
        self.connect_button.setText(self.tr("Connect"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.reconnect_button.setText(self.tr("Connect with a new code…"))
        self.reconnect_button.setToolTip(
            self.tr("For another team or a new server address: your coordinator gives a new enrollment code.")
        )
        self.connection_box.setTitle(self.tr("Connection"))
        texts = (
            self.tr("Server"),
            self.tr("Device id"),
            self.tr("Last successful sync"),
            self.tr("Waiting to be sent"),
            self.tr("Last error"),
        )
        for label, text in zip(self.detail_labels, texts, strict=True):
            label.setText(text)
        self.sync_now_button.setText(self.tr("Sync now"))
        self.schedule_box.setTitle(self.tr("Schedule and storage"))
        self.interval_label.setText(self.tr("Sync every"))
        self.interval.setSuffix(self.tr(" min"))
        self.interval_hint.setText(
            self.tr("Changes are also sent a few seconds after they are saved, and whenever you press Sync now.")
        )
        self.network_box.setTitle(self.tr("Network"))
        self.proxy_label.setText(self.tr("Proxy"))
        self.proxy_kept.setText(
            self.tr(
                "A user name and password are kept for this proxy; they are not shown. To change them, type the "
                "whole address again."
            )
        )
        self.proxy.setPlaceholderText(self.tr("None: a direct connection"))
        self.save_proxy_button.setText(self.tr("Save"))
        self.proxy_hint.setText(
            self.tr(
                "Only if your city's network requires a proxy, e.g. http://proxy.city.fi:8080 (a user name and "
                "password may go before the host: http://user:password@proxy.city.fi:8080). Neuvo never takes a "
                "proxy from the system's settings by itself; it is kept encrypted with the other data."
            )
        )
        self.trust_hint.setText(
            self.tr(
                "The server's certificate is checked against this computer's certificate store, where city IT "
                "installs its own certificate authorities, and against the CA bundle chosen when connecting."
            )
        )
        self.retention_label.setText(self.tr("Keep visit rows for"))
        self.retention.setSuffix(self.tr(" months"))
        self.retention_hint.setText(
            self.tr(
                "Older visit rows are deleted from this laptop once their week has reached the server; "
                "the weekly counts stay. Such a week can no longer be changed."
            )
        )
        self.show_status(self.status)

    # -- state --------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the sync status and the two settings on the database lane."""
        service, store = self.context.sync_service, self.context.desk

        def read() -> tuple[Any, int, int, str]:
            return (
                service.status(),
                int(store.settings.get("sync_interval_minutes")),
                int(store.settings.get("retention_months")),
                str(store.settings.get("sync_proxy") or ""),
            )

        self.context.tasks.run_db(read, while_alive(self, self._loaded), while_alive(self, self._failed))

    def _loaded(self, values: tuple[Any, int, int, str]) -> None:
        status, interval, retention, proxy = values
        if not self.proxy.isEnabled():  # the first read: later ones keep what is being typed
            self._show_proxy(proxy)
            self.proxy.setEnabled(True)
            self.save_proxy_button.setEnabled(True)
        for spin, value in ((self.interval, interval), (self.retention, retention)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
            spin.setEnabled(True)
        self.show_status(status)
        self.is_loaded = True

    def _status_arrived(self, status: Any) -> None:
        if self.is_syncing:  # the pass asked for has ended: its outcome is in the details above
            self.is_syncing = False
            _show(self.sync_message, "", "")
        self.show_status(status)

    @property
    def is_enrolled(self) -> bool:
        return bool(self.status is not None and self.status.is_enrolled)

    def show_status(self, status: Any) -> None:
        self.status = status
        if status is None:
            return
        is_enrolled = bool(status.is_enrolled)
        if not is_enrolled:
            self.is_reconnecting = False  # nothing to go back to: the form is the first connection's again
        is_connected_view = is_enrolled and not self.is_reconnecting
        self.intro.setVisible(not is_enrolled)  # explains connecting; once connected the details speak
        self.connect_box.setVisible(not is_connected_view)
        self.connect_box.setTitle(
            self.tr("Connect with a new code") if self.is_reconnecting else self.tr("Connect this laptop")
        )
        self.reconnect_hint.setVisible(self.is_reconnecting)
        self.cancel_button.setVisible(self.is_reconnecting)
        self.connection_box.setVisible(is_connected_view)
        self.schedule_box.setVisible(is_connected_view)
        self.sync_now_button.setEnabled(is_enrolled)
        if not is_enrolled:
            if not self.server_url.text() and status.server_url:
                self.server_url.setText(status.server_url)
            # Revoked, or the server forgot this laptop (its data reset): say so, unless an attempt speaks now.
            is_told = error_kind(status) in ("revoked", "not_enrolled") and not self.is_busy
            if is_told and (self.is_status_message or not self.connect_message.text()):
                _show(self.connect_message, error_sentence(status), RED)
                _show(self.connect_detail, "", "")
                self.is_status_message = True
            return
        self.summary.setText(self.summary_text(status.team or "", list(getattr(status, "sites", None) or [])))
        self.server_value.setText(status.server_url or "")
        self.device_value.setText(status.device_id or "")
        self.last_sync_value.setText(when_text(status.last_success_at))
        self.waiting_value.setText(weeks_text(status.waiting_weeks))
        problem = error_sentence(status)
        self.error_value.setText(problem or self.tr("none"))
        self.error_value.setStyleSheet(f"color: {RED};" if problem else "")
        _show(self.error_detail, server_words_text(status), "")

    def summary_text(self, team: str, sites: list[str]) -> str:
        if not sites:
            return self.tr("Connected as a device of team %1.").replace("%1", team)
        return (
            self.tr("Connected as a device of team %1; may report for: %2")
            .replace("%1", team)
            .replace("%2", ", ".join(sites))
        )

    # -- connecting ---------------------------------------------------------------------------------------
    def start_reconnect(self) -> None:
        """Show the connect form again, with the current server address, for a code of another team or server."""
        if self.is_busy or not self.is_enrolled:
            return
        self.is_reconnecting = True
        self.server_url.setText(self.status.server_url or "")
        self.code.clear()
        self._show_attempt("", "")
        self.show_status(self.status)
        self.code.setFocus()

    def cancel_reconnect(self) -> None:
        """Back to the connected view, unchanged: nothing was sent."""
        if self.is_busy or not self.is_reconnecting:
            return
        self.is_reconnecting = False
        self.code.clear()
        self.server_url.setText(self.status.server_url or "")
        self._show_attempt("", "")
        self.show_status(self.status)
        self.reconnect_button.setFocus()

    def choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Certificate authority bundle"),
            str(Path.home()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.set_ca_bundle(path)

    def set_ca_bundle(self, path: str) -> None:
        self.ca_bundle.setText(path)
        self.ca_bundle.setToolTip(path)
        self._update_buttons()

    def _update_buttons(self) -> None:
        is_filled = bool(self.server_url.text().strip()) and bool(self.code.text().strip())
        self.connect_button.setEnabled(is_filled and not self.is_busy)
        for widget in (self.server_url, self.code, self.choose_ca_button, self.cancel_button, self.reconnect_button):
            widget.setEnabled(not self.is_busy)
        self.clear_ca_button.setEnabled(not self.is_busy and bool(self.ca_bundle.text()))

    def connect_to_server(self) -> None:
        """Enroll off the UI thread (it uses the network and the database); the form is busy meanwhile."""
        server_url, code = self.server_url.text().strip(), self.code.text().strip()
        ca_bundle = self.ca_bundle.text() or None
        if not server_url or not code or self.is_busy:
            return
        self.is_busy = True
        self._update_buttons()
        self._show_attempt(self.tr("Connecting to %1…").replace("%1", server_url), "")
        service = self.context.sync_service
        self.context.tasks.run_parallel(
            lambda: service.enroll(server_url, code, ca_bundle),
            while_alive(self, self._connected),
            while_alive(self, self._connect_failed),
        )

    def _connected(self, info: Any) -> None:
        self.is_busy = False
        self.code.clear()
        self._update_buttons()
        self._show_attempt("", "")
        if self.is_reconnecting:  # back to the connected view; reload() brings the new server, team and sites
            self.is_reconnecting = False
            self.show_status(self.status)
        self.summary.setText(self.summary_text(info.team, list(info.sites)))
        self.context.events.sync_enrolled.emit()  # the controller starts the loop, or wakes it for the new team
        self.reload()

    def _connect_failed(self, error: BaseException) -> None:
        self.is_busy = False
        self._update_buttons()
        if not isinstance(error, NeuvoError):
            self._show_attempt("", "")
            show_error(self, error)
            return
        self._show_attempt(self.enroll_error_text(error), RED, server_words_text(error))
        if error_kind(error) == "enrollment_refused":
            self.code.setFocus()
            self.code.selectAll()

    def enroll_error_text(self, error: NeuvoError) -> str:
        """The enrollment's failure in plain words; the core's English only for the rare unforeseen case."""
        field = getattr(error, "field", None)
        if field == "server":
            if self.server_url.text().strip().lower().startswith("http://"):
                return self.tr(
                    "Plain http:// is allowed only for a server on this computer: it would send the counts "
                    "unencrypted. Use the https:// address your coordinator gave."
                )
            return self.tr("That is not a server address. It looks like https://stats.example.fi.")
        if field == "code":
            return self.tr("An enrollment code has 12 letters and digits. Type it as your coordinator gave it.")
        if field == "ca_bundle":
            return self.tr("That file is not a certificate bundle. Choose the .pem file your city's IT gave.")
        if error_kind(error) == "refused":
            # The server's own (English) words go below, muted and labelled as the server's: see _show_attempt.
            return self.tr(
                "The server did not accept the connection. Check the server address, or show the server's words "
                "to your coordinator."
            )
        return error_sentence(error)

    def _show_attempt(self, text: str, colour: str, detail: str = "") -> None:
        """The connect form's message about the attempt under way or just failed (not the stored status)."""
        self.is_status_message = False
        _show(self.connect_message, text, colour)
        _show(self.connect_detail, detail, "")

    def sync_now(self) -> None:
        self.context.events.sync_requested.emit()
        _show(self.sync_message, self.tr("Syncing…"), "")
        self.is_syncing = True

    # -- settings -----------------------------------------------------------------------------------------
    def _save_setting(self, setting: str, value: int) -> None:
        store = self.context.desk
        self.context.tasks.run_db(
            lambda: store.settings.set(setting, value),
            while_alive(self, lambda _result: self._setting_saved(setting, value)),
            while_alive(self, self._failed),
        )

    def _setting_saved(self, setting: str, value: int) -> None:
        if setting == "sync_interval_minutes":
            text = self.tr("Saved: Neuvo syncs every %1 min.")
        else:
            text = self.tr("Saved: visit rows are kept for %1 months.")
        _show(self.schedule_message, text.replace("%1", str(value)), GREEN)
        self.setting_saved.emit(setting, value)
        self.context.events.settings_changed.emit()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, NeuvoError):
            show_error(self, error)
            return
        _show(self.schedule_message, error_sentence(error), RED)

    def save_proxy(self) -> None:
        """Store the proxy as typed (blank: a direct connection) on the database lane; the next pass uses it."""
        store, typed = self.context.desk, self.proxy.text()
        if _has_credentials(self._stored_proxy) and typed.strip() == self._shown_proxy:
            typed = self._stored_proxy  # the address as shown, unchanged: its user name and password are kept

        def save() -> str:
            store.settings.set("sync_proxy", typed)
            return str(store.settings.get("sync_proxy") or "")

        self.save_proxy_button.setEnabled(False)
        self.context.tasks.run_db(save, while_alive(self, self._proxy_saved), while_alive(self, self._proxy_failed))

    def _proxy_saved(self, stored: str) -> None:
        self.save_proxy_button.setEnabled(True)
        self._show_proxy(stored)
        if stored:
            text = self.tr("Saved: the sync goes through the proxy %1.").replace("%1", proxy_display(stored))
        else:
            text = self.tr("Saved: the sync connects directly, without a proxy.")
        _show(self.network_message, text, GREEN)
        self.context.events.settings_changed.emit()

    def _show_proxy(self, stored: str) -> None:
        """The stored proxy in the field, without its user name and password (those are only said to be kept)."""
        kept = _has_credentials(stored)
        self._stored_proxy = stored
        self._shown_proxy = proxy_display(stored) if kept else stored
        self.proxy.setText(self._shown_proxy)
        self.proxy_kept.setVisible(kept)

    def _proxy_failed(self, error: BaseException) -> None:
        self.save_proxy_button.setEnabled(True)
        if not isinstance(error, NeuvoError):
            show_error(self, error)
            return
        _show(self.network_message, error_text(error), RED)
        self.proxy.setFocus()


def _has_credentials(proxy: str) -> bool:
    parts = urlsplit(proxy)
    return bool(proxy) and (parts.username is not None or parts.password is not None)


def _detail_label(name: str) -> QLabel:
    """A muted second line for the server's own words: selectable, so they can be copied to the coordinator."""
    label = _muted(_value_label(name))
    label.setVisible(False)
    return label


def _show(label: QLabel, text: str, colour: str) -> None:
    label.setStyleSheet(f"color: {colour};" if colour else "")
    label.setText(text)
    label.setVisible(bool(text))
