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
    qtbot.waitUntil(lambda: form.asked_by.selected() == [], timeout=WAIT)  # the next visit starts with nobody


def test_undo_puts_who_asked_back_in_the_form(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    form.topics.buttons["taxes"].click()
    form.asked_by.buttons["professional"].click()
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: open_desk.undo_button.isEnabled(), timeout=WAIT)
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
    order = [row.label for row in statistics.count_models["visitor_answer"].rows()]
    assert order == ["Yes", "No", "No answer (skipped)", "Not asked"], "in the answers' own order, not by size"
    card = statistics.cards["visitor_answer"]
    assert card.isVisible()
    assert card.caption.text() == (
        "Response rate 75%: 3 of the 4 visitors asked answered. Asked after 80% of the visits."
    )
    statistics.grab().save(str(tmp_path / "statistics-visitor-voice.png"))


# -- the exit question -------------------------------------------------------------------------------------------
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def asking_desk(qtbot, context, monkeypatch):  # type: ignore[no-untyped-def]
    """The Desk at a site that asks the exit question, with short timers (the real ones are seconds)."""
    import app.ui.desk.exit_question as exit_question

    monkeypatch.setattr(exit_question, "THANKS_MS", 100)
    context.sites.update(context.sites.default().id, asks_exit_question=True)
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
    qtbot.waitUntil(lambda: screen.form.isEnabled() and screen.ask_button.isVisible(), timeout=WAIT)
    return screen


def answers_now(context) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from app.weeks import now_utc, week_of

    return context.visitor_answers.counts(context.sites.default().id, week_of(now_utc()))


def test_ctrl_alt_enter_saves_and_asks_the_visitor_in_the_visits_language_right_to_left(  # type: ignore[no-untyped-def]
    qtbot, context, asking_desk, tmp_path
) -> None:
    form = asking_desk.form
    form.topics.buttons["housing"].click()
    form.languages.set_selected(["ar"])
    press(qtbot, asking_desk, Qt.Key.Key_Return, CTRL_ALT)
    qtbot.waitUntil(lambda: asking_desk.exit_question is not None, timeout=WAIT)
    question = asking_desk.exit_question
    assert len(context.visits.list_visits(day=today_local())) == 1, "the visit is saved first"
    assert question.isVisible() and question.geometry() == asking_desk.rect(), "it covers the whole window"
    assert question.question.text() == "هل حصلت على المساعدة التي كنت تحتاجها؟"
    assert question.layoutDirection() == Qt.LayoutDirection.RightToLeft
    faces = {button.code: button for button in question.buttons}
    assert [faces[code].accessibleName() for code in ("yes", "partly", "no")] == ["نعم", "جزئيًا", "لا"]
    assert faces["yes"].x() > faces["no"].x(), "right to left: the first answer is on the right"
    assert question.skip_button.text() == "تخطي"
    from app.ui.qt import QWidget

    focusable = [question, *(w for w in question.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus)]
    names = [widget.accessibleName() or widget.text() for widget in focusable]  # type: ignore[attr-defined]
    assert all(names) and len(set(names)) == len(names), names
    asking_desk.window().grab().save(str(tmp_path / "exit-question-ar.png"))

    form.topics.buttons["taxes"].click()  # the advisor's next visit behind the question (as if a key got there)
    press(qtbot, asking_desk, Qt.Key.Key_Return, CTRL)  # saving while the visitor answers does nothing
    press(qtbot, asking_desk, Qt.Key.Key_Z, CTRL)  # nor does undo
    qtbot.mouseClick(faces["no"], Qt.MouseButton.LeftButton)
    assert question.thanks.isVisible() and question.thanks.text() == "شكرًا لك!"
    qtbot.mouseClick(faces["yes"], Qt.MouseButton.LeftButton)  # one tap counts: the rest is ignored
    qtbot.waitUntil(lambda: asking_desk.exit_question is None, timeout=WAIT)
    qtbot.waitUntil(lambda: answers_now(context) == {"no": 1}, timeout=WAIT)
    assert QApplication.focusWidget() is form.topics.first_button(), "the advisor gets the form back"
    assert len(context.visits.list_visits(day=today_local())) == 1


def test_ctrl_enter_saves_without_asking_and_the_question_is_in_finnish_for_a_finnish_visit(  # type: ignore[no-untyped-def]
    qtbot, context, asking_desk, tmp_path
) -> None:
    form = asking_desk.form
    form.topics.buttons["taxes"].click()
    press(qtbot, asking_desk, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: asking_desk.undo_button.isEnabled(), timeout=WAIT)  # saved, the form ready again
    assert len(context.visits.list_visits(day=today_local())) == 1
    assert asking_desk.exit_question is None, "Ctrl+Enter saves as before"

    form.topics.buttons["taxes"].click()
    form.languages.set_selected(["fi"])
    asking_desk.ask_button.click()
    qtbot.waitUntil(lambda: asking_desk.exit_question is not None, timeout=WAIT)
    question = asking_desk.exit_question
    assert question.question.text() == "Saitko tarvitsemaasi apua?"
    assert question.layoutDirection() == Qt.LayoutDirection.LeftToRight
    asking_desk.window().grab().save(str(tmp_path / "exit-question-fi.png"))
    assert QApplication.focusWidget() is question, "no answer looks chosen beforehand"
    press(qtbot, asking_desk, Qt.Key.Key_Right)  # the arrows reach the faces and move between them
    assert QApplication.focusWidget() is question.buttons[0]
    press(qtbot, asking_desk, Qt.Key.Key_Right)
    press(qtbot, asking_desk, Qt.Key.Key_Space)  # Space taps the face that has the focus
    qtbot.waitUntil(lambda: answers_now(context) == {"partly": 1}, timeout=WAIT)


def test_skip_and_no_tap_at_all_count_as_asked_but_not_answered(qtbot, context, asking_desk) -> None:  # type: ignore[no-untyped-def]
    form = asking_desk.form
    for expected in ({"skipped": 1}, {"skipped": 2}):
        form.topics.buttons["housing"].click()
        press(qtbot, asking_desk, Qt.Key.Key_Return, CTRL_ALT)
        qtbot.waitUntil(lambda: asking_desk.exit_question is not None, timeout=WAIT)
        question = asking_desk.exit_question
        assert question.question.text() == "Did you get the help you needed?", "no visit language: the interface's"
        if expected == {"skipped": 1}:
            qtbot.mouseClick(question.skip_button, Qt.MouseButton.LeftButton)
        else:  # nobody taps: it closes by itself after a while (here the while is over at once)
            assert question.unanswered_timer.isActive()
            question.unanswered_timer.start(0)
        qtbot.waitUntil(lambda: asking_desk.exit_question is None, timeout=WAIT)
        qtbot.waitUntil(lambda expected=expected: answers_now(context) == expected, timeout=WAIT)
        qtbot.wait(1600)  # past the repeated-save guard, as the next visitor would be


def test_undo_after_the_answer_takes_the_visit_and_its_answer_back(qtbot, context, asking_desk) -> None:  # type: ignore[no-untyped-def]
    form = asking_desk.form
    form.topics.buttons["housing"].click()
    press(qtbot, asking_desk, Qt.Key.Key_Return, CTRL_ALT)
    qtbot.waitUntil(lambda: asking_desk.exit_question is not None, timeout=WAIT)
    qtbot.mouseClick(asking_desk.exit_question.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: asking_desk.exit_question is None and answers_now(context) == {"yes": 1}, timeout=WAIT)
    press(qtbot, asking_desk, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: context.visits.list_visits(day=today_local()) == [], timeout=WAIT)
    assert answers_now(context) == {}


def test_save_and_ask_at_a_site_that_does_not_ask_saves_nothing_and_says_why(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    assert not open_desk.ask_button.isVisible()
    open_desk.form.topics.buttons["housing"].click()
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL_ALT)
    assert "does not ask the exit question" in open_desk.status.text()
    assert open_desk.exit_question is None
    qtbot.wait(50)
    assert context.visits.list_visits(day=today_local()) == []


def test_the_exit_question_is_switched_on_per_site_in_the_settings(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings.sites_tab import SitesTab

    tab = SitesTab(context)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.is_loaded and tab.site is not None, timeout=WAIT)
    assert not tab.asks_exit_question.isChecked() and not tab.save_button.isEnabled()
    tab.asks_exit_question.click()
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    qtbot.waitUntil(lambda: context.sites.default().asks_exit_question, timeout=WAIT)


def test_keys_never_leave_the_exit_question_for_the_window_behind_it(qtbot, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Review: Tab from Skip went on to the hidden sidebar (Desk, Paper tally, Settings…), and F1 or Ctrl+2 opened
    the About box or changed the page behind the visitor's screen."""
    from app.ui.about import AboutDialog
    from app.ui.main_window import MainWindow

    opened: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    context.sites.update(context.sites.default().id, asks_exit_question=True)
    window = MainWindow(context, "Puhos")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    context.desk_sessions.start(context.sites.default().id, staff="Aino")
    context.events.session_changed.emit()
    desk = window.desk
    qtbot.waitUntil(lambda: desk.form.isEnabled() and desk.ask_button.isVisible(), timeout=WAIT)
    desk.form.topics.buttons["housing"].click()
    desk.form.languages.set_selected(["ar"])
    press(qtbot, desk, Qt.Key.Key_Return, CTRL_ALT)
    qtbot.waitUntil(lambda: desk.exit_question is not None, timeout=WAIT)
    question = desk.exit_question
    for key in (Qt.Key.Key_Tab,) * 9 + (Qt.Key.Key_Backtab,) * 9:
        press(qtbot, desk, key)
        focused = QApplication.focusWidget()
        assert focused is question or question.isAncestorOf(focused), (key, focused.objectName())
    press(qtbot, desk, Qt.Key.Key_F1)
    press(qtbot, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert opened == [], "no About box over the visitor's question"
    assert window.pages.currentIndex() == 0, "the page behind stays the Desk"
    assert desk.exit_question is question and question.isVisible()
    with qtbot.waitSignal(window.lock_requested, timeout=WAIT):  # locking still works (the advisor leaves)
        press(qtbot, desk, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, desk, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: desk.exit_question is None, timeout=WAIT)
    press(qtbot, desk, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # the advisor's keys work again
    assert window.pages.currentIndex() == 1
