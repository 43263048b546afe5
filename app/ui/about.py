"""Help → About: Neuvo's version (the one `neuvo --version` prints), its licence, the data folder, and what it
ships with under which licence."""

from __future__ import annotations

from app import __version__
from app.licences import LICENCE, components
from app.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class AboutDialog(QDialog):
    def __init__(self, data_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Neuvo"))
        self.data_dir = data_dir
        self.title = QLabel()
        self.title.setObjectName("aboutTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.licence = QLabel()
        self.licence.setObjectName("aboutLicence")
        self.licence.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setObjectName("aboutDataFolder")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.components_label = QLabel()
        self.components_label.setWordWrap(True)
        self.model = QStandardItemModel(self)
        for name, version, licence in components():
            row = [QStandardItem(name), QStandardItem(version), QStandardItem(licence)]
            for item in row:
                item.setEditable(False)
            self.model.appendRow(row)
        self.table = QTableView()
        self.table.setObjectName("aboutComponents")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.components_label.setBuddy(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.licence)
        layout.addWidget(self.folder)
        layout.addSpacing(6)
        layout.addWidget(self.components_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.retranslate()
        self.resize(620, 560)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Neuvo %1").replace("%1", __version__))
        self.summary.setText(
            self.tr(
                "The offline desk for advisory points: anonymous visit statistics, the service directory and "
                "handouts in the visitor's language."
            )
        )
        self.licence.setText(
            self.tr("Version %1. Licence: %2 (European Union Public Licence).")
            .replace("%1", __version__)
            .replace("%2", LICENCE)
        )
        self.folder.setText(
            self.tr("Data folder (encrypted): %1").replace("%1", self.data_dir)
        )
        self.components_label.setText(
            self.tr(
                "Neuvo ships with these components under their own licences. Qt and PySide6 are used under the "
                "LGPL 3.0: their libraries in the program folder may be replaced with other builds."
            )
        )
        self.model.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("Licence")])
