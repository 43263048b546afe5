"""The handout dialog: choose the visitor's language and a layout, type the next steps, see the page, then
print it, save it as a PDF or show it full screen for the visitor to photograph or scan.

The next steps are printed only: never stored, not even in the statistics. Each handout given (printed,
saved or shown) is counted by language for the week's anonymous report.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import NeuvoError
from app.handouts.content import HandoutService, load_services
from app.handouts.labels import handout_languages
from app.handouts.render import LAYOUTS, Handout, page_images, paint_handout, write_pdf
from app.ui.context import AppContext
from app.ui.desk.style import DESK_STYLE
from app.ui.errors import error_text
from app.ui.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMessageBox,
    QPageSize,
    QPainter,
    QPixmap,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QSize,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.tasks import while_alive
from app.ui.window_fit import fitting_size

PREVIEW_DPI = 56  # an A4 page about 460 px high
PREVIEW_DELAY_MS = 200  # typing the next steps redraws the preview after a pause


class HandoutDialog(QDialog):
    """A handout of the given directory entries, in one of the eleven handout languages."""

    preview_updated = Signal()
    given = Signal(str, str)  # how (print, pdf, screen), language

    def __init__(
        self, context: AppContext, service_ids: list[int], language: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handoutDialog")
        self.setStyleSheet(DESK_STYLE)
        self.context = context
        self.service_ids = list(service_ids)
        self.services: list[HandoutService] = []
        self._generation = 0
        self.language_choice = QComboBox()
        self.language_choice.setObjectName("handoutLanguage")
        for code, item in handout_languages().items():
            self.language_choice.addItem(f"{item.name} ({code})", code)
        self.language_choice.setCurrentIndex(max(0, self.language_choice.findData(language or self._usual_language())))
        self.layout_choice = QComboBox()
        self.layout_choice.setObjectName("handoutLayout")
        for code in LAYOUTS:
            self.layout_choice.addItem("", code)
        self.next_steps = QPlainTextEdit()
        self.next_steps.setObjectName("handoutNextSteps")
        self.next_steps.setFixedHeight(90)
        self.next_steps.setTabChangesFocus(True)  # Tab goes on to the next field, it never types a tab
        self.discard_box: QMessageBox | None = None
        self._discard_confirmed = False
        self.preview = QLabel()
        self.preview.setObjectName("handoutPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(340, 470)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: #e8e8e8; border: 1px solid #c8c8c8;")
        self.pages_label = QLabel()
        self.pages_label.setProperty("muted", True)
        self.status = QLabel()
        self.status.setObjectName("handoutStatus")
        self.status.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("handoutPrint")
        self.print_button.setProperty("primary", True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("handoutSave")
        self.screen_button = QPushButton()
        self.screen_button.setObjectName("handoutScreen")
        self.close_button = QPushButton()
        self.language_label, self.layout_label, self.steps_label = QLabel(), QLabel(), QLabel()
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(PREVIEW_DELAY_MS)
        self._redraw.timeout.connect(self.update_preview)
        self._build_layout()
        self.language_choice.currentIndexChanged.connect(lambda _index: self.load())
        self.layout_choice.currentIndexChanged.connect(lambda _index: self.update_preview())
        self.next_steps.textChanged.connect(self._redraw.start)
        self.print_button.clicked.connect(self.print_handout)
        self.save_button.clicked.connect(self.choose_pdf_file)
        self.screen_button.clicked.connect(self.show_on_screen)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_handout)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.choose_pdf_file)
        self.retranslate()
        self.resize(fitting_size(self, QSize(900, 620)))
        self.load()

    def reject(self) -> None:
        """Escape or Close: typed next steps are never stored, so ask before they are thrown away."""
        if self._discard_confirmed or not self.next_steps.toPlainText().strip():
            super().reject()
            return
        if self.discard_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Close the handout"),
            self.tr("The next steps you typed are not saved anywhere. Close and discard them?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("discardNextSteps")
        discard = box.addButton(self.tr("Discard and close"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda button: self._discard_answered(button is discard))
        box.finished.connect(box.deleteLater)
        self.discard_box = box
        box.open()

    def _discard_answered(self, is_discarded: bool) -> None:
        self.discard_box = None
        if is_discarded:
            self._discard_confirmed = True
            self.reject()
        else:
            self.next_steps.setFocus(Qt.FocusReason.OtherFocusReason)

    def _usual_language(self) -> str:
        """The site's first usual visitor language that has handout labels, else the interface's language."""
        try:
            current = self.context.desk_sessions.current()
            site = self.context.sites.get(current.site_id) if current else self.context.sites.default()
        except NeuvoError:
            return self.context.ui_language
        known = handout_languages()
        return next((code for code in site.usual_languages if code in known), self.context.ui_language)

    def _build_layout(self) -> None:
        form = QFormLayout()
        for label, field in (
            (self.language_label, self.language_choice),
            (self.layout_label, self.layout_choice),
            (self.steps_label, self.next_steps),
        ):
            label.setBuddy(field)
        form.addRow(self.language_label, self.language_choice)
        form.addRow(self.layout_label, self.layout_choice)
        form.addRow(self.steps_label, self.next_steps)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.status)
        side.addStretch(1)
        for button in (self.print_button, self.save_button, self.screen_button, self.close_button):
            side.addWidget(button)
        page = QVBoxLayout()
        page.addWidget(self.preview, 1)
        page.addWidget(self.pages_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 2)
        layout.addLayout(page, 3)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Handout"))
        self.language_label.setText(self.tr("Language"))
        self.layout_label.setText(self.tr("Layout"))
        self.steps_label.setText(self.tr("Next steps"))
        self.layout_choice.setItemText(0, self.tr("A4 page (1–3 services)"))
        self.layout_choice.setItemText(1, self.tr("Cut-out cards (8 per page)"))
        self.next_steps.setPlaceholderText(
            self.tr("What was agreed, who does what, by when. Printed only, never saved.")
        )
        self.print_button.setText(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("Print with a preview (Ctrl+P)"))
        self.save_button.setText(self.tr("Save PDF…"))
        self.save_button.setToolTip(self.tr("Save the handout as a PDF file (Ctrl+S)"))
        self.screen_button.setText(self.tr("Show on screen"))
        self.screen_button.setToolTip(self.tr("Full screen, for the visitor to photograph or scan the codes"))
        self.close_button.setText(self.tr("Close"))

    # -- content ----------------------------------------------------------------------------------
    def language(self) -> str:
        return str(self.language_choice.currentData())

    def handout(self) -> Handout:
        return Handout(
            self.services,
            handout_languages()[self.language()],
            str(self.layout_choice.currentData()),
            self.next_steps.toPlainText(),
        )

    def load(self) -> None:
        """Read the entries in the chosen language (on the database lane), then redraw the preview."""
        self._generation += 1
        generation, store, ids, language = self._generation, self.context.desk, self.service_ids, self.language()
        self._set_busy(True)

        def loaded(services: list[HandoutService]) -> None:
            if generation == self._generation:
                self.services = services
                self._set_busy(False)
                self.update_preview()

        self.context.tasks.run_db(
            lambda: load_services(store.database.session, ids, language),
            while_alive(self, loaded),
            while_alive(self, self._failed),
        )

    def _set_busy(self, busy: bool) -> None:
        for button in (self.print_button, self.save_button, self.screen_button):
            button.setEnabled(not busy)

    def update_preview(self) -> None:
        if not self.services:
            return
        images = page_images(self.handout(), PREVIEW_DPI)
        pixmap = QPixmap.fromImage(images[0])
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.size() * 0.96,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.pages_label.setText(self.tr("Pages: %1").replace("%1", str(len(images))))
        self.preview_updated.emit()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.status.setText(error_text(error) if isinstance(error, NeuvoError) else str(error))

    # -- giving the handout -------------------------------------------------------------------------
    def _count(self, how: str) -> None:
        """One handout given in this language: counted for the week's anonymous report, off the UI thread."""
        store, language = self.context.desk, self.language()
        self.context.tasks.run_db(lambda: store.handouts.record(language))
        self.given.emit(how, language)

    def choose_pdf_file(self) -> None:
        if not self.services:
            return
        suggested = Path.home() / f"handout-{self.language()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save handout"), str(suggested), "PDF (*.pdf)")
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> bool:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_pdf(self.handout(), path)
        except NeuvoError as error:  # the old file is open in a PDF viewer (Windows)
            self.status.setText(error_text(error))
            return False
        except OSError as error:
            reason = error.strerror or str(error)
            self.status.setText(self.tr("Could not save %1: %2").replace("%1", str(path)).replace("%2", reason))
            return False
        self.status.setText(self.tr("Saved %1").replace("%1", str(path)))
        self._count("pdf")
        return True

    def print_handout(self) -> None:
        if not self.services:
            return
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        preview = QPrintPreviewDialog(printer, self)
        handout = self.handout()

        def paint(device: QPrinter) -> None:
            painter = QPainter(device)
            try:
                paint_handout(painter, device, handout, device.newPage)
            finally:
                painter.end()

        preview.paintRequested.connect(paint)
        if preview.exec() == QDialog.DialogCode.Accepted:
            self._count("print")

    def show_on_screen(self) -> None:
        if not self.services:
            return
        view = ScreenView(self.handout(), self)
        self._count("screen")
        view.showFullScreen()
        view.exec()


class ScreenView(QDialog):
    """The handout's pages full screen, as large as the screen allows; any key or click closes it."""

    def __init__(self, handout: Handout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoutScreenView")
        self.setStyleSheet("background: white;")
        screen = self.screen().availableGeometry() if self.screen() else None
        height_px = screen.height() if screen else 1000
        dpi = height_px / (297 / 25.4)
        self.images = page_images(handout, dpi)
        self.index = 0
        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        self._show_page()

    def _show_page(self) -> None:
        self.page.setPixmap(QPixmap.fromImage(self.images[self.index]))

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        forward = event.key() in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space)
        if forward and self.index + 1 < len(self.images):
            self.index += 1
            self._show_page()
        elif event.key() in (Qt.Key.Key_Left, Qt.Key.Key_PageUp) and self.index > 0:
            self.index -= 1
            self._show_page()
        else:
            self.accept()

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        self.accept()
