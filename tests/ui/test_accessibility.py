"""What a screen reader hears: every control a person can Tab to has a name, and no two on one screen share it.

The walker goes through every screen and dialog of the app, shows each page and tab, and asks Qt's
accessibility layer (what Orca, NVDA and VoiceOver read) for the name of each focusable widget.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.qt import QAbstractButton, QApplication, Qt, QWidget

WAIT = 10_000


def _focusable(root: QWidget) -> Iterator[QWidget]:
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isEnabled() and not isinstance(widget, QAbstractButton):
            continue
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusPolicy() & Qt.FocusPolicy.ClickFocus:
            if widget.focusProxy() is not None:
                continue  # its proxy is the one that gets the focus (and the name)
            if widget.objectName().startswith("qt_") or (
                type(widget).__name__ in ("QScrollBar", "QTabBar", "QCalendarWidget", "QToolButton")
                and not widget.objectName()
            ):
                continue  # Qt's own parts of a scroll area, tab widget or spin box
            yield widget


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says the control is: its own name, else the label it is labelled by.

    A combo box's Name on Linux is its current value ("—"), so only a name or a label relation counts there.
    """
    from PySide6.QtGui import QAccessible

    from app.ui.qt import QComboBox

    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    labels = [
        other.text(QAccessible.Text.Name)
        for other, relation in interface.relations()
        if relation & QAccessible.RelationFlag.Label
    ]
    label = labels[0].strip() if labels else ""
    if isinstance(widget, QComboBox):
        return label
    return (interface.text(QAccessible.Text.Name) or "").strip() or label


def problems(root: QWidget, where: str) -> list[str]:
    """Focusable widgets under `root` without a name, or sharing one with another."""
    named = [(widget, accessible_name(widget)) for widget in _focusable(root)]
    found = [f"{where}: {_describe(widget)} has no accessible name" for widget, name in named if not name]
    counts = Counter(name for _widget, name in named if name)
    for widget, name in named:
        if name and counts[name] > 1:
            found.append(f"{where}: {_describe(widget)} shares the name {name!r}")
    return found


def _describe(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName() or '?'}"


def _show(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.wait(50)


@pytest.fixture
def window(qtbot, context):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    window = MainWindow(context, "Puhos shopping centre")
    _show(qtbot, window)
    qtbot.waitUntil(lambda: window.desk.state is not None and not context.tasks.is_busy, timeout=WAIT)
    return window


def test_every_control_of_every_main_screen_has_its_own_name(qtbot, context, window) -> None:  # type: ignore[no-untyped-def]
    found: list[str] = []
    context.desk_sessions.start(context.sites.default().id, staff="Aino")
    context.events.session_changed.emit()
    qtbot.waitUntil(lambda: window.desk.form.isEnabled(), timeout=WAIT)
    window.desk.form.outcomes.buttons["referred"].click()
    window.desk.form.more_toggle.setChecked(True)
    form = window.desk.form
    groups = {
        group.accessibleName()
        for group in (form.topics, form.languages, form.outcomes, form.duration, form.asked_by)
    }
    assert "" not in groups and len(groups) == 5, "each choice group is announced with its title"
    assert form.topics.first_button().accessibleDescription() == form.topics.accessibleName()
    for index, name in enumerate(("Desk", "Statistics", "Directory")):
        window.show_page(index)
        qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=WAIT)
        qtbot.wait(50)
        found += problems(window, name)
    assert not found, "\n".join(found)


def test_save_and_ask_and_the_exit_question_have_their_own_names(qtbot, context, window) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: the visitor's exit question, in Arabic, as a screen reader meets it."""
    from app.visits import VisitInput

    context.sites.update(context.sites.default().id, asks_exit_question=True)
    context.events.sites_changed.emit()
    context.desk_sessions.start(context.sites.default().id, staff="Aino")
    context.events.session_changed.emit()
    qtbot.waitUntil(lambda: window.desk.ask_button.isVisible(), timeout=WAIT)
    found = problems(window, "Desk at a site that asks")
    visit_id = context.visits.add(VisitInput(topics=("housing",), languages=("ar",)))
    window.desk.ask_visitor(visit_id, VisitInput(languages=("ar",)))
    question = window.desk.exit_question
    assert question is not None and question.isVisible()
    found += problems(question, "Exit question")
    question.choose("skipped")
    assert not found, "\n".join(found)


def test_every_control_of_the_dialogs_has_its_own_name(qtbot, context, window) -> None:  # type: ignore[no-untyped-def]
    from app.ui.desk import PaperEntryDialog
    from app.ui.desk.session_bar import StartSessionDialog
    from app.ui.directory.service_dialog import ServiceDialog
    from app.ui.handouts.dialog import HandoutDialog
    from app.ui.settings_dialog import SettingsDialog

    found: list[str] = []
    settings = SettingsDialog(context, window)
    _show(qtbot, settings)
    for index in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=WAIT)
        qtbot.wait(50)
        found += problems(settings, f"Settings → {settings.tabs.tabText(index)}")
    settings.close()

    state = window.desk.state
    start = StartSessionDialog(state.sites, state.site.id if state.site else None, window)
    _show(qtbot, start)
    found += problems(start, "Start session")
    paper = PaperEntryDialog(context, window)
    _show(qtbot, paper)
    qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=WAIT)
    found += problems(paper, "Paper tally")
    service = ServiceDialog(context, None, window)
    _show(qtbot, service)
    found += problems(service, "Add service")
    handout = HandoutDialog(context, [], "fi", window)
    _show(qtbot, handout)
    qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=WAIT)
    found += problems(handout, "Handout")
    assert not found, "\n".join(found)


def test_every_control_of_setup_and_unlock_has_its_own_name(qtbot, qapp, store, data_dir: Path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.ui.setup_wizard import SetupWizard
    from app.ui.tasks import TaskRunner
    from app.ui.unlock import UnlockScreen

    qapp.setProperty("neuvo_testing", True)
    tasks = TaskRunner()
    try:
        found: list[str] = []
        wizard = SetupWizard(tmp_path / "fresh", tasks, "en")
        _show(qtbot, wizard)
        for page_id in wizard.pageIds()[:3]:  # the last page creates a store
            while wizard.currentId() != page_id:
                wizard.next()
            found += problems(wizard, f"Setup → {wizard.currentPage().title()}")
        store.lock()
        unlock = UnlockScreen(data_dir, tasks, "en")
        _show(qtbot, unlock)
        for index in range(unlock.pages.count()):
            unlock.pages.setCurrentIndex(index)
            found += problems(unlock, f"Unlock page {index}")
        assert not found, "\n".join(found)
    finally:
        tasks.shutdown()
        for widget in QApplication.topLevelWidgets():
            widget.close()
