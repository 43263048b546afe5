"""The Desk screen: sessions, logging visits with clicks and keys, undo, corrections, the note check."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from app.ui.desk.today_model import SUMMARY
from app.ui.qt import QApplication, QPoint, Qt, QTimeEdit
from app.visits import VisitInput
from app.weeks import HELSINKI, local, today_local
from tests.conftest import SITE

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
WAIT = 10_000


@pytest.fixture
def desk(qtbot, context):  # type: ignore[no-untyped-def]
    """The Desk at 1366x768, shown, active and loaded; no session is open yet."""
    from app.ui.desk import DeskScreen

    screen = DeskScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT):
        screen.show()
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen, timeout=WAIT)
    return screen


@pytest.fixture
def open_desk(qtbot, context, desk):  # type: ignore[no-untyped-def]
    """The Desk with a session open at the default site."""
    context.desk_sessions.start(context.sites.default().id, staff="Aino")
    context.events.session_changed.emit()
    qtbot.waitUntil(lambda: desk.form.isEnabled(), timeout=WAIT)
    return desk


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def press(qtbot, desk, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key press as the keyboard delivers it: to the widget that has the focus."""
    qtbot.keyClick(QApplication.focusWidget() or desk, key, modifiers)


def stored(context) -> list:  # type: ignore[no-untyped-def]
    return context.visits.list_visits(day=today_local())


def saved_count_is(qtbot, context, desk, count: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: (
            len(stored(context)) == count
            and desk.model.rowCount() == count
            and desk.today_tile.number.text() == str(count)
        ),
        timeout=WAIT,
    )


def select_row(qtbot, desk, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = desk.table.visualRect(desk.model.index(row, SUMMARY))
    qtbot.mouseClick(desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert desk.table.selectionModel().selectedRows()[0].row() == row


def add_visit_directly(qtbot, context, desk, visit: VisitInput) -> int:  # type: ignore[no-untyped-def]
    """A visit saved elsewhere (e.g. earlier today); the Desk hears about it through visits_changed."""
    before = desk.model.rowCount()
    visit_id = context.visits.add(visit)
    context.events.visits_changed.emit()
    qtbot.waitUntil(lambda: desk.model.rowCount() == before + 1, timeout=WAIT)
    return visit_id


# -- sessions -----------------------------------------------------------------------------
def test_without_a_session_the_form_is_disabled_and_says_why(desk) -> None:  # type: ignore[no-untyped-def]
    assert not desk.form.isEnabled()
    assert not desk.save_button.isEnabled()
    assert "Start a desk session" in desk.status.text()
    assert desk.session_bar.start_button.isVisible()


def test_starting_a_session_from_the_dialog_records_site_time_staff_and_partner(  # type: ignore[no-untyped-def]
    qtbot, context, desk
) -> None:
    library = context.sites.add("Library X", ["uk"])
    context.events.sites_changed.emit()
    qtbot.waitUntil(lambda: len(desk.state.sites) == 2, timeout=WAIT)
    changes = []
    context.events.session_changed.connect(lambda: changes.append(1))

    click(qtbot, desk.session_bar.start_button)
    dialog = desk.session_bar.start_dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.site.itemText(i) for i in range(dialog.site.count())] == [SITE, "Library X"]
    dialog.site.setFocus()
    qtbot.keyClick(dialog.site, Qt.Key.Key_Down)
    now = dialog.start.time()
    earlier = now.addSecs(-3600) if now.hour() > 0 else now  # an hour ago, unless that is yesterday
    dialog.start.setFocus()
    dialog.start.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(dialog.start, earlier.toString("HHmm"))
    assert dialog.start.time().toString("HH:mm") == earlier.toString("HH:mm")
    qtbot.keyClicks(dialog.staff, "Aino, Li")
    qtbot.keyClicks(dialog.partner, "Monik ry")
    click(qtbot, dialog.start_button)

    qtbot.waitUntil(lambda: desk.form.isEnabled(), timeout=WAIT)
    session = context.desk_sessions.current()
    assert (session.site_id, session.staff, session.partner) == (library.id, "Aino, Li", "Monik ry")
    assert local(session.started_at).strftime("%H:%M") == earlier.toString("HH:mm")
    assert changes, "session_changed was emitted"
    assert desk.session_bar.open_title.text() == "Library X"
    assert "Monik ry" in desk.session_bar.open_details.text()
    assert desk.form.languages.button("uk") is not None, "the session's site offers its own usual languages"


def test_todays_weekly_slot_starts_the_session_in_one_click(qtbot, context, desk) -> None:  # type: ignore[no-untyped-def]
    site = context.sites.default()
    slot = context.sites.add_slot(site.id, today_local().isoweekday(), "12:00", "16:00", "Monik ry")
    context.sites.add_slot(site.id, today_local().isoweekday() % 7 + 1, "09:00", "11:00", "Other day ry")
    context.events.sites_changed.emit()
    qtbot.waitUntil(lambda: len(desk.session_bar.slot_buttons) == 1, timeout=WAIT)
    button = desk.session_bar.slot_buttons[0]
    assert button.text().endswith("12–16 · Monik ry")

    click(qtbot, button)

    qtbot.waitUntil(lambda: desk.form.isEnabled(), timeout=WAIT)
    session = context.desk_sessions.current()
    assert (session.site_id, session.partner) == (slot.site_id, "Monik ry")
    assert desk.session_bar.end_button.isVisible()


def test_end_session_closes_it_and_disables_the_form(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, open_desk.session_bar.end_button)

    qtbot.waitUntil(lambda: not open_desk.form.isEnabled(), timeout=WAIT)
    assert context.desk_sessions.current() is None
    assert context.desk_sessions.recent(1)[0].ended_at is not None


def test_session_left_open_yesterday_is_closed_at_the_time_given(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.desk import DeskScreen

    yesterday = today_local() - timedelta(days=1)
    started = datetime.combine(yesterday, time(10, 0), HELSINKI)
    stale = context.desk_sessions.start(context.sites.default().id, started_at=started)
    screen = DeskScreen(context)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT):
        screen.show()

    bar = screen.session_bar
    assert bar.close_stale_button.isVisible()
    assert not screen.form.isEnabled(), "no visit may go into yesterday's session"
    assert bar.stale_end.time().toString("HH:mm") == "14:00", "start + 4 h, as suggested_end() proposes"
    bar.stale_end.setFocus()
    bar.stale_end.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(bar.stale_end, "1530")
    click(qtbot, bar.close_stale_button)

    qtbot.waitUntil(lambda: bar.start_button.isVisible(), timeout=WAIT)
    ended = context.desk_sessions.get(stale.id).ended_at
    assert local(ended) == datetime.combine(yesterday, time(15, 30), HELSINKI)
    assert context.desk_sessions.current() is None


# -- logging ------------------------------------------------------------------------------
def test_clicks_and_ctrl_enter_store_the_visit_and_reset_the_form(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    click(qtbot, form.topics.buttons["housing"])
    click(qtbot, form.topics.buttons["kela-income"])
    click(qtbot, form.languages.button("ar"))
    click(qtbot, form.outcomes.buttons["information"])
    click(qtbot, form.duration.buttons["5-15"])
    events = []
    context.events.visits_changed.connect(lambda: events.append(1))

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)

    saved_count_is(qtbot, context, open_desk, 1)
    visit = stored(context)[0]
    assert visit.topics == ("housing", "kela-income")
    assert (visit.languages, visit.outcomes, visit.duration) == (("ar",), ("information",), "5-15")
    assert visit.session_id == context.desk_sessions.current().id
    assert form.topics.selected() == [] and form.languages.selected() == [] and form.outcomes.selected() == []
    assert form.duration.value() is None
    assert QApplication.focusWidget() is form.topics.first_button()
    assert open_desk.week_tile.number.text() == "1"
    assert open_desk.status.text() == "Visit saved"
    assert events, "visits_changed was emitted"


def test_keypad_enter_saves_too_and_the_keyboard_alone_is_enough(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    form.focus_first_topic()
    press(qtbot, open_desk, Qt.Key.Key_Space)  # housing
    press(qtbot, open_desk, Qt.Key.Key_Right)
    press(qtbot, open_desk, Qt.Key.Key_Down)
    press(qtbot, open_desk, Qt.Key.Key_Space)  # second row, second column: employment
    assert form.topics.selected() == ["housing", "employment"]

    press(qtbot, open_desk, Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier)

    saved_count_is(qtbot, context, open_desk, 1)
    assert stored(context)[0].topics == ("employment", "housing")


def test_save_and_keep_keeps_the_choices_for_a_similar_visit(qtbot, context, open_desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("app.ui.desk.screen.REPEAT_SAVE_SECONDS", 0.3)
    form = open_desk.form
    click(qtbot, form.topics.buttons["digital"])
    click(qtbot, form.languages.button("so"))
    click(qtbot, form.outcomes.buttons["form-help"])

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL_SHIFT)
    saved_count_is(qtbot, context, open_desk, 1)
    assert form.topics.selected() == ["digital"]
    assert form.languages.selected() == ["so"]
    assert form.outcomes.selected() == ["form-help"]

    qtbot.wait(400)  # a moment later: the next visitor, not a repeated key press
    click(qtbot, open_desk.keep_button)
    saved_count_is(qtbot, context, open_desk, 2)
    assert [visit.topics for visit in stored(context)] == [("digital",), ("digital",)]


def test_ctrl_z_removes_the_visit_just_saved_and_puts_its_choices_back(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    earlier = add_visit_directly(qtbot, context, open_desk, VisitInput(topics=("taxes",)))
    form = open_desk.form
    click(qtbot, form.topics.buttons["housing"])
    click(qtbot, form.languages.button("ar"))
    click(qtbot, form.outcomes.buttons["information"])
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    saved_count_is(qtbot, context, open_desk, 2)
    assert open_desk.undo_button.isEnabled()
    assert form.topics.selected() == []

    press(qtbot, open_desk, Qt.Key.Key_Z, CTRL)

    saved_count_is(qtbot, context, open_desk, 1)
    assert [visit.id for visit in stored(context)] == [earlier], "only the visit just saved went"
    assert open_desk.status.text().startswith("Visit removed")
    assert not open_desk.status.property("success"), "taking a visit back is not shown as a success (green)"
    assert not open_desk.undo_button.isEnabled()
    assert form.topics.selected() == ["housing"], "I saved too early: the choices are back"
    assert form.languages.selected() == ["ar"] and form.outcomes.selected() == ["information"]
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    saved_count_is(qtbot, context, open_desk, 2)


def test_ctrl_z_does_not_overwrite_the_next_visit_being_filled_in(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    click(qtbot, form.topics.buttons["housing"])
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    saved_count_is(qtbot, context, open_desk, 1)
    click(qtbot, form.topics.buttons["taxes"])

    press(qtbot, open_desk, Qt.Key.Key_Z, CTRL)

    saved_count_is(qtbot, context, open_desk, 0)
    assert form.topics.selected() == ["taxes"]


def test_an_empty_visit_is_refused_and_says_what_is_missing(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    click(qtbot, form.topics.buttons["housing"])
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)  # the second press finds the cleared form
    saved_count_is(qtbot, context, open_desk, 1)
    qtbot.wait(200)
    assert len(stored(context)) == 1, "no empty visit is counted"

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    qtbot.wait(200)
    assert len(stored(context)) == 1
    assert "topic" in open_desk.status.text() and "language" in open_desk.status.text()
    assert open_desk.status.property("error")
    assert QApplication.focusWidget() is form.topics.first_button(), "focus stays in the form, on the first topic"


def test_a_repeated_save_and_keep_press_saves_the_visit_once(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    click(qtbot, form.topics.buttons["digital"])
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL_SHIFT)
    saved_count_is(qtbot, context, open_desk, 1)
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL_SHIFT)
    qtbot.wait(300)
    assert len(stored(context)) == 1, "the same form pressed twice is one visit"
    assert "Already saved" in open_desk.status.text()


def test_correcting_a_visit_from_todays_table_stores_the_change_and_undo_restores_it(  # type: ignore[no-untyped-def]
    qtbot, context, open_desk
) -> None:
    session_id = context.desk_sessions.current().id
    visit_id = add_visit_directly(
        qtbot,
        context,
        open_desk,
        VisitInput(topics=("housing",), languages=("ru",), outcomes=("information",), session_id=session_id),
    )
    original = context.visits.get(visit_id)
    form = open_desk.form

    select_row(qtbot, open_desk, 0)
    click(qtbot, open_desk.edit_button)
    assert open_desk.save_button.text() == "Save changes"
    assert open_desk.cancel_button.isVisible() and not open_desk.keep_button.isVisible()
    assert form.topics.selected() == ["housing"] and form.languages.selected() == ["ru"]
    click(qtbot, form.topics.buttons["money-debt"])
    click(qtbot, form.outcomes.buttons["no-service"])
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)

    qtbot.waitUntil(lambda: context.visits.get(visit_id).topics == ("housing", "money-debt"), timeout=WAIT)
    corrected = context.visits.get(visit_id)
    assert corrected.outcomes == ("information", "no-service")
    assert (corrected.at, corrected.session_id) == (original.at, session_id), "time and session stay"
    qtbot.waitUntil(lambda: open_desk.save_button.text() == "Save visit", timeout=WAIT)
    assert len(stored(context)) == 1

    click(qtbot, open_desk.undo_button)
    qtbot.waitUntil(lambda: open_desk.status.text() == "Correction undone", timeout=WAIT)
    assert context.visits.get(visit_id).topics == ("housing",)
    assert context.visits.get(visit_id).outcomes == ("information",)


def test_double_click_loads_a_visit_and_cancel_leaves_it_unchanged(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    visit_id = add_visit_directly(qtbot, context, open_desk, VisitInput(topics=("taxes",)))
    rect = open_desk.table.visualRect(open_desk.model.index(0, SUMMARY))
    # A real double click: press and release, then the double-click event.
    qtbot.mouseClick(open_desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(open_desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert open_desk.editing is not None and open_desk.editing.id == visit_id
    click(qtbot, open_desk.form.topics.buttons["housing"])

    click(qtbot, open_desk.cancel_button)

    assert open_desk.editing is None and open_desk.form.topics.selected() == []
    assert context.visits.get(visit_id).topics == ("taxes",)


def test_delete_from_todays_table_asks_first_then_removes_the_visit(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    kept = add_visit_directly(qtbot, context, open_desk, VisitInput(topics=("taxes",)))
    add_visit_directly(qtbot, context, open_desk, VisitInput(topics=("housing",)))
    select_row(qtbot, open_desk, 0)  # newest first: the housing visit

    click(qtbot, open_desk.delete_button)
    box = open_desk.delete_box
    assert box is not None and box.isVisible()
    click(qtbot, box.findChild(type(open_desk.save_button), "keepVisit"))
    assert len(stored(context)) == 2, "Keep leaves the visit"

    click(qtbot, open_desk.delete_button)
    click(qtbot, open_desk.delete_box.findChild(type(open_desk.save_button), "confirmDelete"))

    saved_count_is(qtbot, context, open_desk, 1)
    assert [visit.id for visit in stored(context)] == [kept]
    assert open_desk.status.text() == "Visit deleted"


# -- the note and group sessions -----------------------------------------------------------
def test_note_with_a_valid_identity_code_is_refused_and_everything_typed_stays(  # type: ignore[no-untyped-def]
    qtbot, context, open_desk
) -> None:
    form = open_desk.form
    click(qtbot, form.topics.buttons["residence-permit"])
    click(qtbot, form.note)
    qtbot.keyClicks(form.note, "Asked about 131052-308T")

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)

    qtbot.waitUntil(lambda: form.note_error.isVisible(), timeout=WAIT)
    assert "personal identity code" in form.note_error.text()
    assert form.note.text() == "Asked about 131052-308T"
    assert form.topics.selected() == ["residence-permit"]
    assert QApplication.focusWidget() is form.note
    assert stored(context) == []


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("Form number 131052-308U", "personal identity code"),  # a mistyped code is still a code (issue 17)
        ("s. 1.1.1990, Kontulantie 5 B 12", "birth date"),
    ],
)
def test_note_with_a_mistyped_code_or_a_birth_date_is_refused_with_its_reason(  # type: ignore[no-untyped-def]
    qtbot, context, open_desk, typed, reason
) -> None:
    form = open_desk.form
    click(qtbot, form.topics.buttons["taxes"])
    click(qtbot, form.note)
    qtbot.keyClicks(form.note, typed)

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)

    qtbot.waitUntil(lambda: form.note_error.isVisible(), timeout=WAIT)
    assert reason in form.note_error.text()
    assert form.note.text() == typed
    assert stored(context) == []


def test_note_with_a_public_service_number_is_saved(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    click(qtbot, form.topics.buttons["kela-income"])  # a visit with nothing chosen is refused (issue 15)
    click(qtbot, form.note)
    qtbot.keyClicks(form.note, "Kela 020 692 207")

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)

    saved_count_is(qtbot, context, open_desk, 1)
    assert stored(context)[0].note == "Kela 020 692 207"
    assert not form.note_error.isVisible()


def test_group_info_session_is_one_entry_with_its_participants(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    assert not form.participants.isVisible()
    form.contact.setFocus()
    form.contact.setCurrentIndex(form.contact.findData("group"))
    assert form.participants.isVisible()
    form.participants.lineEdit().selectAll()
    qtbot.keyClicks(form.participants, "14")
    click(qtbot, form.topics.buttons["employment"])

    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)

    saved_count_is(qtbot, context, open_desk, 1)
    visit = stored(context)[0]
    assert (visit.contact, visit.participants, visit.topics) == ("group", 14, ("employment",))
    assert form.contact.value() == "walk-in" and not form.participants.isVisible()
    assert open_desk.model.index(0, 1).data() == "Group of 14: Employment and job services"


def test_referral_details_need_referred_onward_and_are_stored(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    assert not form.referral_category.isEnabled() and not form.referral_reason.isEnabled()
    click(qtbot, form.outcomes.buttons["referred"])
    assert form.referral_category.isEnabled() and form.referral_reason.isEnabled()
    form.referral_category.setCurrentIndex(form.referral_category.findData("state"))
    form.referral_reason.setCurrentIndex(form.referral_reason.findData("language"))
    click(qtbot, form.more_toggle)
    form.age_band.setCurrentIndex(form.age_band.findData("18-24"))

    click(qtbot, open_desk.save_button)

    saved_count_is(qtbot, context, open_desk, 1)
    visit = stored(context)[0]
    assert (visit.referral_category, visit.referral_reason, visit.age_band) == ("state", "language", "18-24")
    assert not form.more_area.isVisible(), "the optional part folds away for the next visitor"


def test_todays_model_passes_the_model_tester(qtmodeltester, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.desk.today_model import TodayModel

    context.visits.add(VisitInput(topics=("housing",), languages=("ar",), outcomes=("information",)))
    model = TodayModel(context.codes, "en")
    model.set_visits(stored(context))
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "Arabic"


def test_tab_moves_from_group_to_group_and_arrows_within_a_group(qtbot, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    form.focus_first_topic()
    press(qtbot, open_desk, Qt.Key.Key_Right)
    press(qtbot, open_desk, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is form.topics.buttons["residence-permit"]

    press(qtbot, open_desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.languages.button("ar"), "the other topics are not Tab stops"
    press(qtbot, open_desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.languages.search, "the usual languages are one Tab stop"
    press(qtbot, open_desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.outcomes.buttons["information"]
    for _ in range(3):
        press(qtbot, open_desk, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is form.topics.buttons["residence-permit"], "back to where the group was left"


def test_arrows_stay_inside_their_group_and_each_visit_starts_from_the_first_choice(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 #4: the same keys must give the same visit, whatever the previous visit did."""
    form = open_desk.form
    form.focus_first_topic()
    press(qtbot, open_desk, Qt.Key.Key_Left)
    press(qtbot, open_desk, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is form.topics.first_button(), "arrows never run out of the group"
    press(qtbot, open_desk, Qt.Key.Key_End)
    last = QApplication.focusWidget()
    press(qtbot, open_desk, Qt.Key.Key_Down)
    press(qtbot, open_desk, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is last
    press(qtbot, open_desk, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.languages.button("ar")
    press(qtbot, open_desk, Qt.Key.Key_Right)
    press(qtbot, open_desk, Qt.Key.Key_Right)
    press(qtbot, open_desk, Qt.Key.Key_Space)
    assert form.languages.selected() == ["ru"]

    keys = [Qt.Key.Key_Space, Qt.Key.Key_Tab, Qt.Key.Key_Space, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Space]
    form.focus_first_topic()
    press(qtbot, open_desk, Qt.Key.Key_Right)  # this visit: the second topic
    for key in keys:
        press(qtbot, open_desk, key)
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    saved_count_is(qtbot, context, open_desk, 1)

    assert QApplication.focusWidget() is form.topics.first_button()
    for key in keys:  # the next visit, the same keys from the first topic: the first choice of each group
        press(qtbot, open_desk, key)
    press(qtbot, open_desk, Qt.Key.Key_Return, CTRL)
    saved_count_is(qtbot, context, open_desk, 2)
    first_topic = form.topics.first_button().code
    newest = max(stored(context), key=lambda visit: visit.id)
    assert (newest.topics, newest.languages, newest.outcomes) == ((first_topic,), ("ar",), ("information",))


def test_a_typical_visit_takes_few_keys_and_tab_leaves_todays_table(qtbot, context, open_desk) -> None:  # type: ignore[no-untyped-def]
    form = open_desk.form
    add_visit_directly(qtbot, context, open_desk, VisitInput(topics=("taxes",)))
    form.focus_first_topic()
    keys = [
        (Qt.Key.Key_Down, None),
        (Qt.Key.Key_Space, None),  # a topic on the second row
        (Qt.Key.Key_Tab, None),
        (Qt.Key.Key_Right, None),
        (Qt.Key.Key_Space, None),  # the second usual language
        (Qt.Key.Key_Tab, None),
        (Qt.Key.Key_Tab, None),
        (Qt.Key.Key_Space, None),  # an outcome
        (Qt.Key.Key_Return, CTRL),
    ]
    for key, modifiers in keys:
        press(qtbot, open_desk, key, modifiers or Qt.KeyboardModifier.NoModifier)
    saved_count_is(qtbot, context, open_desk, 2)
    assert len(keys) <= 15

    open_desk.table.setFocus()
    for _ in range(4):
        press(qtbot, open_desk, Qt.Key.Key_Tab)
        if not open_desk.table.hasFocus():
            break
    assert not open_desk.table.hasFocus(), "Tab leaves today's visits table"


def test_after_a_session_starts_focus_is_on_the_first_topic_and_enter_starts_a_session(qtbot, context, desk) -> None:  # type: ignore[no-untyped-def]
    desk.session_bar.start_button.setFocus()
    press(qtbot, desk, Qt.Key.Key_Return)
    dialog = desk.session_bar.start_dialog
    assert dialog is not None and dialog.isVisible(), "Enter on Start desk session opens the dialog"
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    dialog.start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.start, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.staff, "Tab leaves the time field (hours and minutes are typed)"
    qtbot.keyClicks(QApplication.focusWidget(), "Aino")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.form.isEnabled(), timeout=WAIT)
    assert context.desk_sessions.current().staff == "Aino", "typed names land in the staff field"
    # (offscreen, no window is reactivated after a dialog: the window's own focus widget is what gets the keys)
    qtbot.waitUntil(lambda: desk.focusWidget() is desk.form.topics.first_button(), timeout=WAIT)
