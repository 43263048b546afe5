"""The main window: navigation between the Desk and Statistics screens, lock, settings, paper entry, sync status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.ui.context import AppContext
from app.ui.qt import (
    QAction,
    QButtonGroup,
    QCloseEvent,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSettings,
    QSize,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.sync_status import SyncStatusBar
from app.ui.window_fit import fit_to_screen

if TYPE_CHECKING:
    from app.ui.directory import DirectoryScreen
    from app.ui.statistics_screen import StatisticsScreen

SIDEBAR_STYLE = (
    "#sidebar { background: palette(alternate-base); border-right: 1px solid palette(mid); }"
    "#sidebar QPushButton { text-align: left; padding: 8px 12px; border: 2px solid transparent;"
    " border-radius: 6px; background: transparent; color: palette(button-text); }"
    "#sidebar QPushButton:focus { border-color: palette(text); }"
    "#sidebar QPushButton:checked { background: palette(highlight); color: palette(highlighted-text); }"
    "#sidebar QPushButton:hover:!checked { background: palette(midlight); }"
)


DESK_PAGE, STATISTICS_PAGE, DIRECTORY_PAGE = range(3)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    language_changed = Signal(str)

    def __init__(self, context: AppContext, site_name: str = "") -> None:
        super().__init__()
        from app.ui.desk import DeskScreen

        self.setObjectName("mainWindow")
        self.context = context
        self.site_name = site_name
        self.desk = DeskScreen(context)
        # The Statistics and Directory pages are built when first shown (or asked for): the window after unlock
        # is usable sooner, and each page loads what it shows when it is built in any case.
        self._built: dict[int, QWidget] = {DESK_PAGE: self.desk}
        self.pages = QStackedWidget()
        self.pages.addWidget(self.desk)
        self.pages.addWidget(QWidget())  # the Statistics page's place
        self.pages.addWidget(QWidget())  # the Directory page's place

        self.nav_desk = self._nav_button("navDesk", 0)
        self.nav_statistics = self._nav_button("navStatistics", 1)
        self.nav_directory = self._nav_button("navDirectory", 2)
        self.nav_group = QButtonGroup(self)
        self.nav_group.addButton(self.nav_desk, 0)
        self.nav_group.addButton(self.nav_statistics, 1)
        self.nav_group.addButton(self.nav_directory, 2)
        self.nav_desk.setChecked(True)

        self.paper_button = QPushButton()
        self.paper_button.setObjectName("paperEntryButton")
        self.paper_button.clicked.connect(self.open_paper_entry)
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.clicked.connect(self.open_settings)
        # Help → About Neuvo… (also F1).
        self.about_action = QAction(self)
        self.about_action.setObjectName("aboutAction")
        self.about_action.setShortcut(QKeySequence("F1"))
        self.about_action.triggered.connect(self.open_about)
        self.addAction(self.about_action)
        self.help_menu = QMenu(self)
        self.help_menu.addAction(self.about_action)
        self.help_button = QPushButton()
        self.help_button.setObjectName("helpButton")
        self.help_button.setMenu(self.help_menu)
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lockButton")
        self.lock_button.clicked.connect(self.lock_requested)
        self.brand = QLabel("Neuvo")
        brand_font = self.brand.font()
        brand_font.setPointSizeF(brand_font.pointSizeF() * 1.5)
        brand_font.setBold(True)
        self.brand.setFont(brand_font)
        self.site_label = QLabel(site_name)
        self.site_label.setObjectName("siteLabel")
        self.site_label.setWordWrap(True)

        sidebar = QFrame()
        sidebar.setObjectName("sidebar")
        sidebar.setFixedWidth(176)
        sidebar.setStyleSheet(SIDEBAR_STYLE)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(10, 14, 10, 14)
        side.addWidget(self.brand)
        side.addWidget(self.site_label)
        side.addSpacing(14)
        side.addWidget(self.nav_desk)
        side.addWidget(self.nav_statistics)
        side.addWidget(self.nav_directory)
        side.addStretch(1)
        side.addWidget(self.paper_button)
        side.addWidget(self.settings_button)
        side.addWidget(self.help_button)
        side.addWidget(self.lock_button)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar)
        # On a screen smaller than a page needs (1366x768 at 150 % scaling) the page scrolls: no button is ever
        # out of reach beyond the screen's edge. At 1366x768 and 100 % nothing scrolls.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page_scroll.setWidget(self.pages)
        layout.addWidget(self.page_scroll, 1)
        self.setCentralWidget(central)

        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        self.addAction(self.lock_action)
        for index, key in enumerate(("Ctrl+1", "Ctrl+2", "Ctrl+3")):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, i=index: self.show_page(i))
            self.addAction(action)
        context.events.settings_changed.connect(self._settings_changed)

        # The status bar: how the sync goes, and "Sync now" (or "Connect…" before this laptop is enrolled).
        self.sync_status = SyncStatusBar()
        self.sync_now_action = QAction(self)
        self.sync_now_action.setObjectName("syncNowAction")
        self.sync_now_action.triggered.connect(self.sync_now)
        self.addAction(self.sync_now_action)
        self.sync_status.button.setDefaultAction(self.sync_now_action)
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addWidget(self.sync_status, 1)
        context.events.sync_status_changed.connect(self._sync_status_changed)
        self.retranslate()
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            fit_to_screen(self)  # saved on a bigger screen, or on a monitor no longer attached
        else:
            fit_to_screen(self, QSize(1366, 768))
        self._fitted_on_show = False

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._fitted_on_show:  # the real title bar is known now: fit once more
            self._fitted_on_show = True
            fit_to_screen(self)

    def _nav_button(self, name: str, index: int) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setCheckable(True)
        button.clicked.connect(lambda: self.show_page(index))
        return button

    def retranslate(self) -> None:
        title = self.tr("Neuvo")
        self.setWindowTitle(f"{title} — {self.site_name}" if self.site_name else title)
        self.nav_desk.setText(self.tr("Desk"))
        self.nav_desk.setToolTip(self.tr("Log visits (Ctrl+1)"))
        self.nav_statistics.setText(self.tr("Statistics"))
        self.nav_statistics.setToolTip(self.tr("Weekly counts and exports (Ctrl+2)"))
        self.nav_directory.setText(self.tr("Directory"))
        self.nav_directory.setToolTip(self.tr("Find the right service, offline (Ctrl+3, then Ctrl+F)"))
        self.paper_button.setText(self.tr("Paper tally…"))
        self.paper_button.setToolTip(self.tr("Enter visits afterwards from a paper tally sheet"))
        self.settings_button.setText(self.tr("Settings…"))
        self.help_button.setText(self.tr("Help"))
        self.about_action.setText(self.tr("About Neuvo… (F1)"))
        self.lock_button.setText(self.tr("Lock (Ctrl+L)"))
        self._retranslate_sync_action()

    def _retranslate_sync_action(self) -> None:
        if self.is_enrolled:
            self.sync_now_action.setText(self.tr("Sync now"))
            self.sync_now_action.setToolTip(self.tr("Send the waiting weeks to the server now"))
        else:
            self.sync_now_action.setText(self.tr("Connect…"))
            self.sync_now_action.setToolTip(self.tr("Connect this laptop to a statistics server (Settings → Sync)"))

    @property
    def is_enrolled(self) -> bool:
        status: Any = self.sync_status.status
        return bool(status is not None and status.is_enrolled)

    def _sync_status_changed(self, status: Any) -> None:
        self.sync_status.show_status(status)
        self._retranslate_sync_action()

    def sync_now(self) -> None:
        """Wake the background sync; before this laptop is enrolled, open Settings → Sync instead."""
        if not self.is_enrolled:
            self.open_sync_settings()
            return
        self.sync_status.show_syncing()
        self.context.events.sync_requested.emit()

    @property
    def statistics(self) -> StatisticsScreen:
        """The Statistics page (built the first time it is needed)."""
        from app.ui.statistics_screen import StatisticsScreen

        page = self._page(STATISTICS_PAGE)
        assert isinstance(page, StatisticsScreen)
        return page

    @property
    def directory(self) -> DirectoryScreen:
        """The Directory page (built the first time it is needed)."""
        from app.ui.directory import DirectoryScreen

        page = self._page(DIRECTORY_PAGE)
        assert isinstance(page, DirectoryScreen)
        return page

    def _page(self, index: int) -> QWidget:
        """The page at `index`, built and put in its place in the page stack if it was not yet."""
        page = self._built.get(index)
        if page is not None:
            return page
        if index == STATISTICS_PAGE:
            from app.ui.statistics_screen import StatisticsScreen

            page = StatisticsScreen(self.context)
        else:
            from app.ui.directory import DirectoryScreen

            directory = DirectoryScreen(self.context)
            directory.refer_requested.connect(self._refer)
            page = directory
        placeholder = self.pages.widget(index)
        current = self.pages.currentIndex()
        self.pages.insertWidget(index, page)
        if placeholder is not None:
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
        self.pages.setCurrentIndex(current)
        self._built[index] = page
        return page

    def show_page(self, index: int) -> None:
        self._page(index)
        self.pages.setCurrentIndex(index)
        self.nav_group.button(index).setChecked(True)
        if index == DIRECTORY_PAGE:
            self.directory.focus_search()

    def _refer(self, service_id: int, name: str) -> None:
        """The service chosen in the directory becomes the referral of the visit on the Desk screen."""
        self.desk.form.set_referral_service(service_id, name)
        self.show_page(0)
        self.desk.form.focus_referral()  # on with the same visit: where to, and why

    def open_paper_entry(self) -> None:
        from app.ui.desk import PaperEntryDialog

        PaperEntryDialog(self.context, self).exec()

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.context, self).exec()

    def open_about(self) -> None:
        from app.ui.about import AboutDialog

        AboutDialog(str(self.context.desk.data_dir), self).exec()

    def open_sync_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self)
        dialog.tabs.setCurrentWidget(dialog.sync)
        dialog.exec()

    def _settings_changed(self) -> None:
        language = self.context.desk.config.ui_language()
        if language != self.context.ui_language:
            self.language_changed.emit(language)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
