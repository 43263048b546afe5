"""Paper tally sheets: visits entered afterwards for a past session, saved all together or not at all."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from app.ui.qt import QDate, QPoint, QPushButton, Qt, QTimeEdit
from app.weeks import HELSINKI, local, today_local

WAIT = 10_000
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def dialog(qtbot, context):  # type: ignore[no-untyped-def]
    from app.ui.desk import PaperEntryDialog

    widget = PaperEntryDialog(context)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=WAIT):
        widget.show()
    return widget


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """Click where a user aims: a radio button's circle (its label may be narrower than the widget), else the middle."""
    from app.ui.qt import QRadioButton

    x = 8 if isinstance(widget, QRadioButton) else widget.width() // 2
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(x, widget.height() // 2))


def type_time(qtbot, edit, digits: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(edit, digits)


def all_visits(context) -> list:  # type: ignore[no-untyped-def]
    return context.visits.list_visits()


def test_saves_n_identical_visits_and_another_on_the_chosen_past_date(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    day = today_local() - timedelta(days=5)
    dialog.date.setDate(QDate(day.year, day.month, day.day))
    type_time(qtbot, dialog.start_time, "1000")
    type_time(qtbot, dialog.end_time, "1400")
    qtbot.keyClicks(dialog.partner, "Monik ry")
    form = dialog.form
    click(qtbot, form.topics.buttons["housing"])
    click(qtbot, form.languages.button("so"))
    click(qtbot, form.outcomes.buttons["information"])
    type_time(qtbot, dialog.time_of_day, "1115")
    dialog.count.lineEdit().selectAll()
    qtbot.keyClicks(dialog.count, "3")
    click(qtbot, dialog.add_button)
    assert form.topics.selected() == [] and dialog.count.value() == 1, "ready for the next line"
    click(qtbot, form.topics.buttons["taxes"])
    type_time(qtbot, dialog.time_of_day, "1330")
    qtbot.keyClick(dialog.time_of_day, Qt.Key.Key_Return, CTRL)
    assert dialog.pending.total() == 4
    assert all_visits(context) == [], "nothing is saved before Save all"

    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        click(qtbot, dialog.save_button)

    visits = all_visits(context)
    assert len(visits) == 4
    assert sorted(local(visit.at) for visit in visits) == [datetime.combine(day, time(11, 15), HELSINKI)] * 3 + [
        datetime.combine(day, time(13, 30), HELSINKI)
    ]
    assert [visit.topics for visit in visits].count(("housing",)) == 3
    assert all(visit.languages == ("so",) for visit in visits if visit.topics == ("housing",))
    session = context.desk_sessions.get(visits[0].session_id)
    assert session.is_from_paper and session.partner == "Monik ry"
    assert (local(session.started_at), local(session.ended_at)) == (
        datetime.combine(day, time(10), HELSINKI),
        datetime.combine(day, time(14), HELSINKI),
    )
    assert len({visit.session_id for visit in visits}) == 1
    assert not dialog.isVisible()


def test_visits_can_go_into_an_existing_recent_session(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.desk import PaperEntryDialog

    day = today_local() - timedelta(days=2)
    session = context.desk_sessions.start(
        context.sites.default().id, started_at=datetime.combine(day, time(12), HELSINKI)
    )
    context.desk_sessions.end(session.id, datetime.combine(day, time(16), HELSINKI))
    dialog = PaperEntryDialog(context)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()

    click(qtbot, dialog.existing_choice)
    assert dialog.existing.count() == 1 and not dialog.new_fields.isEnabled()
    click(qtbot, dialog.form.topics.buttons["health"])
    type_time(qtbot, dialog.time_of_day, "1245")
    click(qtbot, dialog.add_button)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        click(qtbot, dialog.save_button)

    [visit] = all_visits(context)
    assert visit.session_id == session.id
    assert local(visit.at) == datetime.combine(day, time(12, 45), HELSINKI)
    assert len(context.desk_sessions.recent()) == 1, "no new session was made"


def test_remove_button_drops_a_line_from_the_list(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.form.topics.buttons["housing"])
    click(qtbot, dialog.add_button)
    click(qtbot, dialog.form.topics.buttons["taxes"])
    dialog.count.setValue(2)
    click(qtbot, dialog.add_button)
    assert dialog.pending.total() == 3

    click(qtbot, dialog.remove_buttons()[0])

    assert [entry.visit.topics for entry in dialog.pending.entries()] == [("taxes",)]
    assert dialog.pending.total() == 2 and dialog.save_button.text() == "Save all (2)"


def test_cancel_saves_nothing_and_asks_before_dropping_the_list(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.form.topics.buttons["housing"])
    dialog.count.setValue(5)
    click(qtbot, dialog.add_button)

    click(qtbot, dialog.cancel_button)
    box = dialog.discard_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    click(qtbot, box.findChild(QPushButton, "confirmDiscard"))

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    context.tasks.wait_db_lane()
    assert all_visits(context) == []
    assert context.desk_sessions.recent() == [], "no past session was recorded either"


def test_a_note_with_personal_data_is_refused_when_added(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.form.note)
    qtbot.keyClicks(dialog.form.note, "call 040 123 4567")

    click(qtbot, dialog.add_button)

    assert dialog.form.note_error.isVisible() and "phone number" in dialog.form.note_error.text()
    assert dialog.pending.total() == 0 and dialog.form.note.text() == "call 040 123 4567"


def test_a_note_with_a_number_of_the_local_directory_is_added_and_saved(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from app.directory.records import PhoneRecord, ServiceRecord
    from app.ui.desk import PaperEntryDialog

    context.desk.local_edits.add(
        ServiceRecord(source_id="crisis", name={"fi": "Kriisipuhelin"}, phones=[PhoneRecord(number="09 2525 0111")])
    )
    dialog = PaperEntryDialog(context)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()
    click(qtbot, dialog.form.topics.buttons["housing"])
    click(qtbot, dialog.form.note)
    qtbot.keyClicks(dialog.form.note, "Kriisipuhelin 09 2525 0111")

    click(qtbot, dialog.add_button)

    assert not dialog.form.note_error.isVisible()
    assert dialog.pending.total() == 1
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        click(qtbot, dialog.save_button)
    assert [visit.note for visit in all_visits(context)] == ["Kriisipuhelin 09 2525 0111"]


def test_date_cannot_be_in_the_future_and_the_session_must_be_over(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    today = today_local()
    assert dialog.date.maximumDate() == QDate(today.year, today.month, today.day)
    click(qtbot, dialog.form.topics.buttons["housing"])
    click(qtbot, dialog.add_button)
    assert dialog.save_button.isEnabled()

    type_time(qtbot, dialog.start_time, "1500")
    type_time(qtbot, dialog.end_time, "1400")

    assert not dialog.save_button.isEnabled()
    assert dialog.error.isVisible() and "end after it starts" in dialog.error.text()


def test_pending_model_passes_the_model_tester(qtmodeltester, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.desk.paper_entry import PendingModel, PendingVisit
    from app.visits import VisitInput

    model = PendingModel(context)
    model.append(PendingVisit(VisitInput(topics=("housing",), languages=("ar",)), time(10, 30), 3))
    model.append(PendingVisit(VisitInput(contact="group", participants=8), time(12), 1))
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "Housing · Arabic"
    assert model.index(1, 2).data() == "Group of 8"
