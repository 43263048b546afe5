"""The handout dialog from the Directory screen: two services selected, language switched, preview redrawn,
PDF saved and the handout counted."""

from __future__ import annotations

from pathlib import Path

from app.ui.qt import QItemSelectionModel, Qt


def test_two_services_language_switch_preview_and_save(qtbot, context, screen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    names = [hit.name for hit in screen.model.hits()]
    first, second = names.index("Kela"), names.index("Asumisneuvonta")
    selection = screen.results.selectionModel()
    selection.select(screen.model.index(first, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    selection.select(screen.model.index(second, 0), QItemSelectionModel.SelectionFlag.Select)
    qtbot.waitUntil(lambda: screen.handout_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.handout_button, Qt.MouseButton.LeftButton)
    dialog = screen.handout_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: len(dialog.services) == 2 and dialog.preview.pixmap() is not None, timeout=10_000)
    assert {service.name for service in dialog.services} == {"Kela", "Asumisneuvonta"}
    assert dialog.language() == "ar", "the site's first usual language (ar, so, ru)"

    before = dialog.preview.pixmap().toImage()
    with qtbot.waitSignal(dialog.preview_updated, timeout=10_000):
        dialog.language_choice.setCurrentIndex(dialog.language_choice.findData("fi"))
    assert dialog.language() == "fi"
    assert dialog.preview.pixmap().toImage() != before, "the preview shows the Finnish page"

    target = tmp_path / "kela-fi.pdf"
    with qtbot.waitSignal(dialog.given, timeout=10_000) as given:
        assert dialog.save_pdf(target)
    assert given.args == ["pdf", "fi"]
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 5_000
    assert "kela-fi.pdf" in dialog.status.text()
    qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=10_000)
    week = context.statistics.weekly_reports(*[_this_week()] * 2)
    assert sum(report.count("handout_language", "fi") for report in week) == 1
    from app.ui.handouts.dialog import ScreenView

    view = ScreenView(dialog.handout(), dialog)  # the full-screen view for desks without a printer
    qtbot.addWidget(view)
    screen_height = view.screen().availableGeometry().height()
    assert abs(view.page.pixmap().height() - screen_height) <= 2, "the page as tall as the screen"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def _this_week() -> str:
    from app.weeks import now_utc, week_of

    return week_of(now_utc())


def test_tab_leaves_next_steps_and_escape_asks_before_discarding_them(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 #4/#8: Tab in "Next steps" moves on (no tab typed); Escape asks before the typed text is lost."""
    from app.ui.qt import QApplication

    qtbot.waitUntil(lambda: screen.handout_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.handout_button, Qt.MouseButton.LeftButton)
    dialog = screen.handout_dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=10_000)
    dialog.next_steps.setFocus()
    qtbot.keyClicks(dialog.next_steps, "Call Kela on Monday")
    qtbot.keyClick(dialog.next_steps, Qt.Key.Key_Tab)
    assert dialog.next_steps.toPlainText() == "Call Kela on Monday", "no tab character typed"
    assert not dialog.next_steps.hasFocus()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None and box.isVisible(), "Escape asks first"
    assert dialog.isVisible()
    keep = next(button for button in box.buttons() if button.text() == "Keep editing")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.discard_box is None, timeout=5_000)
    assert dialog.isVisible() and dialog.next_steps.toPlainText() == "Call Kela on Monday"

    dialog.reject()
    discard = next(button for button in dialog.discard_box.buttons() if button.text() == "Discard and close")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_saving_over_a_pdf_open_in_a_viewer_says_close_it(  # type: ignore[no-untyped-def]
    qtbot, context, screen, tmp_path: Path, monkeypatch
) -> None:
    from tests.core.test_file_in_use import held_open_by_another_program, leftovers

    selection = screen.results.selectionModel()
    kela = [hit.name for hit in screen.model.hits()].index("Kela")
    selection.select(screen.model.index(kela, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.waitUntil(lambda: screen.handout_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.handout_button, Qt.MouseButton.LeftButton)
    dialog = screen.handout_dialog
    qtbot.waitUntil(lambda: len(dialog.services) == 1, timeout=10_000)
    folder = tmp_path / "handouts"
    folder.mkdir()
    target = folder / "kela.pdf"
    target.write_bytes(b"%PDF open in the viewer")
    held_open_by_another_program(monkeypatch, target)

    assert not dialog.save_pdf(target)

    assert "Close the file in the other program" in dialog.status.text()
    assert target.read_bytes() == b"%PDF open in the viewer"
    assert leftovers(folder, target) == []
    dialog.reject()
