"""The settings dialog: General, Sites, Security and Sync tabs; every change is saved as soon as it is made."""

from __future__ import annotations

from app.ui.context import AppContext
from app.ui.qt import QDialog, QDialogButtonBox, QEvent, QTabWidget, QVBoxLayout, QWidget
from app.ui.settings.general_tab import GeneralTab
from app.ui.settings.security_tab import SecurityTab
from app.ui.settings.sites_tab import SitesTab
from app.ui.settings.sync_tab import SyncTab


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.context = context
        self.general = GeneralTab(context)
        self.general.setObjectName("generalTab")
        self.general.language_saved.connect(self._language_saved)
        self.sites = SitesTab(context)
        self.sites.setObjectName("sitesTab")
        self.security = SecurityTab(context)
        self.security.setObjectName("securityTab")
        self.sync = SyncTab(context)
        self.sync.setObjectName("syncTab")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self.general, "")
        self.tabs.addTab(self.sites, "")
        self.tabs.addTab(self.security, "")
        self.tabs.addTab(self.sync, "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.setStyleSheet("QLabel[muted='true'] { color: palette(placeholder-text); }")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.tabs.setTabText(0, self.tr("General"))
        self.tabs.setTabText(1, self.tr("Sites"))
        self.tabs.setTabText(2, self.tr("Security"))
        self.tabs.setTabText(3, self.tr("Sync"))

    def _language_saved(self, _language: str) -> None:
        # The main window rebuilds itself in the new language, and this dialog with it: close first.
        self.accept()
        self.context.events.settings_changed.emit()
