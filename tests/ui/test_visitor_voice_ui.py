"""Issue 15, the visitor's voice at the desk: who asked is one keyboard group of the visit form."""

from __future__ import annotations

import pytest

from app.ui.qt import QApplication, Qt
from app.weeks import today_local

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT = 10_000


@pytest.fixture
def open_desk(qtbot, context):  # type: ignore[no-untyped-def]
    """The Desk at 1366x768, shown, active, with a session open at the default site."""
    from app.ui.desk import DeskScreen

    screen = DeskScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT):
        screen.show()
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen, timeout=WAIT)
    context.desk_sessions.start(context.sites.default().id, staff="Aino")
    context.events.session_changed.emit()
    qtbot.waitUntil(lambda: screen.form.isEnabled(), timeout=WAIT)
    return screen


def press(qtbot, desk, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget() or desk, key, modifiers)


def test_who_asked_is_one_tab_stop_after_the_duration_with_arrows_inside(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    form.focus_first_topic()
    press(qtbot, open_desk, Qt.Key.Key_Space)  # a topic
    form.duration.focus_first()
    press(qtbot, open_desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.asked_by.buttons["self"], "the durations are one Tab stop"
    assert form.asked_by.accessibleName() == "Who asked"
    press(qtbot, open_desk, Qt.Key.Key_Right)
    press(qtbot, open_desk, Qt.Key.Key_Right)
    press(qtbot, open_desk, Qt.Key.Key_Right)  # arrows stay inside the group
    assert QApplication.focusWidget() is form.asked_by.buttons["professional"]
    press(qtbot, open_desk, Qt.Key.Key_Space)
    press(qtbot, open_desk, Qt.Key.Key_Left)
    press(qtbot, open_desk, Qt.Key.Key_Space)  # one choice: the relative replaces the professional
    assert form.asked_by.selected() == ["relative"]
    press(qtbot, open_desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.interpreter, "Tab leaves the group"

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: len(context.visits.list_visits(day=today_local())) == 1, timeout=WAIT)
    [visit] = context.visits.list_visits(day=today_local())
    assert visit.asked_by == "relative"
    assert form.asked_by.selected() == [], "the next visit starts with nobody chosen"


def test_undo_puts_who_asked_back_in_the_form(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    form.topics.buttons["taxes"].click()
    form.asked_by.buttons["professional"].click()
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: len(context.visits.list_visits(day=today_local())) == 1, timeout=WAIT)
    press(qtbot, open_desk, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: context.visits.list_visits(day=today_local()) == [], timeout=WAIT)
    qtbot.waitUntil(lambda: form.asked_by.selected() == ["professional"], timeout=WAIT)


@pytest.fixture
def statistics(qtbot, context):  # type: ignore[no-untyped-def]
    from app.ui.i18n import install_language
    from app.ui.statistics_screen import StatisticsScreen

    install_language(QApplication.instance(), "en")  # as the app does: English plural forms come from neuvo_en

    widget = StatisticsScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    with qtbot.waitSignal(widget.refreshed, timeout=WAIT):
        widget.show()
    return widget


def rows_of(screen, dimension: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {row.label: row.count for row in screen.count_models[dimension].rows()}


def test_statistics_show_who_asked_and_the_visitors_answers_with_the_response_rate(  # type: ignore[no-untyped-def]
    qtbot, context, statistics, tmp_path
) -> None:
    from app.visits import VisitInput

    ids = [
        context.visits.add(VisitInput(topics=("housing",), asked_by=asked_by))
        for asked_by in ("self", "self", "relative", "professional", None)
    ]
    for visit_id, answer in zip(ids, ("yes", "yes", "no", "skipped"), strict=False):
        context.visitor_answers.record(visit_id, answer)
    with qtbot.waitSignal(statistics.refreshed, timeout=WAIT):
        context.events.visits_changed.emit()
    assert rows_of(statistics, "asked_by") == {
        "The person themself": 2,
        "A relative on their behalf": 1,
        "A professional": 1,
        "Not recorded": 1,
    }
    assert rows_of(statistics, "visitor_answer") == {"Yes": 2, "No": 1, "No answer (skipped)": 1, "Not asked": 1}
    card = statistics.cards["visitor_answer"]
    assert card.isVisible()
    assert card.caption.text() == (
        "Response rate 75%: 3 of the 4 visitors asked answered. Asked after 80% of the visits."
    )
    statistics.grab().save(str(tmp_path / "statistics-visitor-voice.png"))
