"""The Directory screen driven by keys and clicks: search as you type, details, note, pin, conflict, add, Refer."""

from __future__ import annotations

from app.directory.store import write_records
from app.ui.qt import QDialogButtonBox, Qt
from tests.directory.conftest import SAMPLE


def names(screen) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.name for hit in screen.model.hits()]


def type_query(qtbot, screen, text: str, shows: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Type a query; wait for its results and (when given) for that entry's details."""
    screen.search.clear()
    with qtbot.waitSignal(screen.searched, timeout=10_000):
        qtbot.keyClicks(screen.search, text)
    if shows is not None:
        qtbot.waitUntil(lambda: screen.entry is not None and screen.entry.name == shows, timeout=10_000)
        qtbot.waitUntil(lambda: not screen.context.tasks.is_busy, timeout=10_000)


def test_typing_filters_the_list_and_shows_the_best_match(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.hasFocus()
    type_query(qtbot, screen, "tyollisyys", shows="Employment services")
    assert names(screen)[0] == "Employment services", "shown in the interface language (English here)"
    assert "Employment services" in screen.view.toPlainText()
    type_query(qtbot, screen, "asumi", shows="Asumisneuvonta")
    assert "Asumisneuvonta" in screen.view.toPlainText(), "only Finnish exists: Finnish is shown"


def test_only_the_newest_search_is_shown(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    screen.search.setText("kela")
    screen.run_search()
    screen.search.setText("asumis")
    screen.run_search()
    qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=10_000)
    qtbot.wait(50)
    assert names(screen) == ["Asumisneuvonta"]


def test_topic_and_language_filters(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    screen.topic.setCurrentIndex(screen.topic.findData("kela-income"))
    qtbot.waitUntil(lambda: set(names(screen)) == {"Kela", "Kelan palvelupiste Itäkeskus"}, timeout=10_000)
    screen.topic.setCurrentIndex(0)
    screen.served_in.setCurrentIndex(screen.served_in.findData("so"))
    qtbot.waitUntil(lambda: names(screen) == ["Asumisneuvonta"], timeout=10_000)


def test_note_is_saved_and_shown(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, screen, "kela", shows="Kela")
    qtbot.keyClicks(screen.note, "Ei auta Migri-asioissa")
    qtbot.keyClick(screen.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.note is not None, timeout=10_000)
    assert screen.status.text() == "Note saved."
    assert screen.entry.note == "Ei auta Migri-asioissa"
    assert "Ei auta Migri-asioissa" in screen.view.toPlainText()


def test_pin_puts_the_service_first_for_the_site(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, screen, "malmin", shows="Malmin terveysasema")
    qtbot.mouseClick(screen.pin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.pin_button.text() == "Unpin", timeout=10_000)
    screen.search.clear()
    qtbot.waitUntil(
        lambda: names(screen)[:1] == ["Malmin terveysasema"] and screen.model.hits()[0].is_pinned, timeout=10_000
    )
    assert screen.model.index(0, 0).data().startswith("★ ")


def test_refer_emits_the_chosen_service(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, screen, "asumisneuvonta", shows="Asumisneuvonta")
    with qtbot.waitSignal(screen.refer_requested, timeout=5_000) as referred:
        qtbot.mouseClick(screen.refer_button, Qt.MouseButton.LeftButton)
    assert referred.args == [screen.entry.id, "Asumisneuvonta"]


def test_the_service_dialog_builds_a_local_entry(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    from app.ui.directory.service_dialog import ServiceDialog

    dialog = ServiceDialog(context, None, screen)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled(), "a service needs a name"
    qtbot.keyClicks(dialog.names["fi"], "Monikan torstai")
    dialog.names["fi"].setText("Monikan torstaipäivystys")  # QTest types ASCII only
    qtbot.keyClicks(dialog.phone, "09 123 4567")
    qtbot.keyClicks(dialog.city, "Helsinki")
    dialog.days["TH"].setChecked(True)
    assert save.isEnabled()
    record = dialog.record()

    service_id = screen.edits.add(record)
    screen._added(service_id, "Monikan torstaipäivystys")
    qtbot.waitUntil(
        lambda: screen.entry is not None and screen.entry.name == "Monikan torstaipäivystys", timeout=10_000
    )
    assert screen.entry.source == "local"
    assert screen.entry.phones[0]["number"] == "09 123 4567"
    assert screen.entry.opening_hours[0]["days"] == ["TH"]
    assert screen.entry.addresses[0]["city"] == "Helsinki"

    editing = ServiceDialog(context, screen.edits.record(service_id), screen)
    qtbot.addWidget(editing)
    assert editing.names["fi"].text() == "Monikan torstaipäivystys" and editing.days["TH"].isChecked()
    editing.phone.clear()
    qtbot.keyClicks(editing.phone, "040 765 4321")
    screen.edits.edit(service_id, editing.record())
    assert screen.directory.entry(service_id).phones[0]["number"] == "040 765 4321"


def test_refer_from_the_directory_records_the_service_on_the_visit(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    with context.desk.database.session() as session, session.begin():
        write_records(session, "test", "fi", SAMPLE)
    context.desk_sessions.start(context.sites.default().id)
    window = MainWindow(context, "Puhos")
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.nav_directory, Qt.MouseButton.LeftButton)
    directory = window.directory
    assert window.pages.currentWidget() is directory
    type_query(qtbot, directory, "kelan palvelupiste", shows="Kelan palvelupiste Itäkeskus")
    qtbot.mouseClick(directory.refer_button, Qt.MouseButton.LeftButton)

    form = window.desk.form
    assert window.pages.currentWidget() is window.desk
    assert form.referral_service_button.isVisible()
    assert "Kelan palvelupiste Itäkeskus" in form.referral_service_button.text()
    assert "referred" in form.outcomes.selected()
    # The referred service as a handout in the visitor's language, one click away.
    form.languages.set_selected(["so"])
    qtbot.mouseClick(form.referral_handout_button, Qt.MouseButton.LeftButton)
    handout = form.handout_dialog
    qtbot.waitUntil(
        lambda: [service.name for service in handout.services] == ["Kelan palvelupiste Itäkeskus"], timeout=10_000
    )
    assert handout.language() == "so"
    handout.reject()
    window.activateWindow()
    qtbot.waitUntil(lambda: not handout.isVisible() and window.isActiveWindow(), timeout=5_000)
    form.topics.set_selected(["kela-income"])
    qtbot.waitUntil(lambda: window.desk.save_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(window.desk.saved, timeout=10_000) as saved:
        qtbot.keyClick(window.desk, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    visit = context.visits.get(saved.args[0])
    assert visit.referral_service_id == directory.entry.id
    assert "referred" in visit.outcomes
    qtbot.waitUntil(lambda: not form.referral_service_button.isVisible(), timeout=5_000)

    # The coordinator's view counts the referral by service, under the service's name.
    qtbot.mouseClick(window.nav_statistics, Qt.MouseButton.LeftButton)
    card, model = window.statistics.cards["referral_service"], window.statistics.count_models["referral_service"]
    qtbot.waitUntil(lambda: card.isVisible() and model.rowCount() == 1, timeout=10_000)
    assert [(row.label, row.count) for row in model.rows()] == [("Kelan palvelupiste Itäkeskus", 1)]


def test_conflict_banner_lets_the_advisor_take_the_new_version(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    from app.directory.records import PhoneRecord

    kela = next(record for record in SAMPLE if record.source_id == "kela")
    service_id = screen.directory.search("kela")[0].id
    screen.edits.edit(service_id, kela.model_copy(update={"phones": [PhoneRecord(number="020 111 111")]}))
    with context.desk.database.session() as session, session.begin():
        write_records(
            session, "test", "fi", [kela.model_copy(update={"phones": [PhoneRecord(number="020 692 207")]})], full=False
        )

    type_query(qtbot, screen, "kela", shows="Kela")
    assert screen.conflict.isVisible()
    assert screen.entry.phones[0]["number"] == "020 111 111", "the advisor's version is shown until they choose"
    qtbot.mouseClick(screen.take_new, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.status.text() == "The new version is in use.", timeout=10_000)
    qtbot.waitUntil(lambda: not screen.conflict.isVisible(), timeout=10_000)
    assert screen.entry.phones[0]["number"] == "020 692 207"
