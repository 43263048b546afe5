"""The Desk at 1366x768 (issue 15 #3): the whole visit form without scrolling in fi, sv and en, nothing clipped,
and windows that never come up bigger than the screen or off it."""

from __future__ import annotations

import pytest

from app.ui.qt import QApplication, QRect, QSettings, QSize, QWidget

WAIT = 10_000
# A 1366x768 laptop: a 32 px panel and a 36 px title bar leave this much for the window's content.
CLIENT_AREA = QSize(1366, 768 - 32 - 36)


@pytest.fixture
def window_in(qtbot, qapp, store):  # type: ignore[no-untyped-def]
    from app.desk import Desk
    from app.ui.context import AppContext
    from app.ui.i18n import install_language
    from app.ui.main_window import MainWindow
    from app.ui.palette import apply_palette
    from app.ui.tasks import TaskRunner

    qapp.setProperty("neuvo_testing", True)
    before = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    before_font = qapp.font()
    apply_palette(qapp)  # the look the app has (run_gui applies it): Fusion, the app's palette and style sheet
    from app.handouts.fonts import register_fonts

    register_fonts()  # as run_gui does after the first paint: the handout fonts must not change the UI's font
    runners = []

    def build(language: str, asks_exit_question: bool = False):  # type: ignore[no-untyped-def]
        install_language(qapp, language)
        sites = Desk(store).sites
        sites.update(sites.default().id, asks_exit_question=asks_exit_question)
        tasks = TaskRunner()
        runners.append(tasks)
        context = AppContext(desk=Desk(store), tasks=tasks, ui_language=language)
        window = MainWindow(context, "Puhos shopping centre")
        qtbot.addWidget(window)
        window.show()
        window.resize(CLIENT_AREA)  # after the first show, which fits the window to the (800x800) test screen
        if context.desk_sessions.current() is None:
            context.desk_sessions.start(context.sites.default().id, staff="Aino")
        context.events.session_changed.emit()
        qtbot.waitUntil(lambda: window.desk.form.isEnabled() and not tasks.is_busy, timeout=WAIT)
        return window

    yield build
    for tasks in runners:
        tasks.shutdown()
    install_language(qapp, "en")
    qapp.setStyle(before[2])
    qapp.setPalette(before[0])
    qapp.setStyleSheet(before[1])
    qapp.setFont(before_font)


def _clipped(form: QWidget) -> list[str]:
    """Visible controls of the form that reach past its right edge (cut off by the panel)."""
    right = form.width()
    found = []
    for widget in form.findChildren(QWidget):
        if widget.isVisibleTo(form) and widget.width() > 0:
            edge = widget.mapTo(form, widget.rect().topRight()).x()
            if edge > right:
                found.append(f"{widget.objectName() or type(widget).__name__} ends at {edge} > {right}")
    return found


@pytest.mark.parametrize("asks_exit_question", [False, True], ids=["", "asking"])
@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_whole_visit_form_fits_1366x768_without_scrolling(  # type: ignore[no-untyped-def]
    qtbot, window_in, language, asks_exit_question, tmp_path
) -> None:
    window = window_in(language, asks_exit_question)
    desk = window.desk
    assert desk.ask_button.isVisible() == asks_exit_question
    desk.form.set_referral_service(1, "Kelan palvelupiste Itäkeskus, Helsingin kaupungin monikielinen neuvonta")
    qtbot.wait(100)
    window.grab().save(str(tmp_path / f"desk-{language}.png"))

    assert desk.form_scroll.verticalScrollBar().maximum() == 0, "the form scrolls with More closed"
    buttons = (desk.save_button, desk.keep_button, desk.undo_button, *([desk.ask_button] * asks_exit_question))
    for widget in (desk.form.note, desk.form.more_toggle, desk.form.interpreter, desk.form.asked_by, *buttons):
        assert widget.isVisible() and not widget.visibleRegion().isEmpty(), f"{widget.objectName()} is not on screen"
    assert desk.form.width() <= desk.form_scroll.viewport().width(), "the form is wider than its panel"
    assert not _clipped(desk.form), _clipped(desk.form)
    status = window.statusBar()
    assert status.mapTo(window, status.rect().bottomLeft()).y() <= window.height(), "the sync line is on screen"


def test_a_window_saved_on_a_bigger_screen_comes_back_inside_this_one(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    screen = QApplication.primaryScreen().availableGeometry()
    big = MainWindow(context)
    qtbot.addWidget(big)
    big.setGeometry(QRect(screen.width() + 200, 100, screen.width() + 600, screen.height() + 400))
    QSettings().setValue("main_window/geometry", big.saveGeometry())
    try:
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        frame = window.frameGeometry()
        assert screen.contains(frame), f"{frame} is not inside the screen {screen}"
    finally:
        QSettings().remove("main_window/geometry")


def test_fitting_keeps_the_first_window_within_a_small_screen(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.window_fit import FRAME_ALLOWANCE, fit_to_screen

    widget = QWidget()
    qtbot.addWidget(widget)
    laptop = QRect(0, 0, 1366, 768 - 32)
    fit_to_screen(widget, QSize(1366, 768), available=laptop)
    assert widget.height() + FRAME_ALLOWANCE.height() <= laptop.height()
    assert widget.width() + FRAME_ALLOWANCE.width() <= laptop.width()
    assert widget.x() >= 0 and widget.y() >= 0
