"""The settings dialog: idle lock and language saved, sites and weekly slots edited, passphrase changed."""

from __future__ import annotations

import pytest

from app.errors import WrongPassphrase
from app.ui.qt import QPoint, Qt, QTimeEdit
from tests.conftest import PASSPHRASE, SITE

NEW_PASSPHRASE = "harbour-tulip-42-violin"


@pytest.fixture
def dialog(qtbot, context):  # type: ignore[no-untyped-def]
    from app.ui.settings_dialog import SettingsDialog

    widget = SettingsDialog(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.general.idle_minutes.isEnabled() and widget.sites.is_loaded, timeout=10_000)
    return widget


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def replace_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select everything in a line edit or spin box and type over it."""
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    qtbot.keyClicks(widget, text)


def type_time(qtbot, edit, digits: str) -> None:  # type: ignore[no-untyped-def]
    """Type a time as a person does: into the hour section, which moves on to the minutes by itself."""
    edit.setFocus()
    edit.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(edit, digits)


def choose_in_combo(qtbot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def open_tab(qtbot, dialog, index: int) -> None:  # type: ignore[no-untyped-def]
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


# -- General ------------------------------------------------------------------------------
def test_changing_idle_minutes_is_saved_and_announced(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    assert dialog.general.idle_minutes.value() == 10
    spin = dialog.general.idle_minutes

    with qtbot.waitSignal(context.events.settings_changed, timeout=10_000):
        replace_text(qtbot, spin, "25")
        qtbot.keyClick(spin, Qt.Key.Key_Return)

    assert context.desk.settings.get("idle_lock_minutes") == 25
    assert dialog.general.status.text() == "Saved: Neuvo locks after 25 min without use."


def test_idle_minutes_stay_within_the_declared_limits(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    from app.settings import SETTINGS

    spin = dialog.general.idle_minutes
    assert (spin.minimum(), spin.maximum()) == (
        SETTINGS["idle_lock_minutes"].minimum,
        SETTINGS["idle_lock_minutes"].maximum,
    )
    with qtbot.waitSignal(dialog.general.idle_minutes_saved, timeout=10_000):
        replace_text(qtbot, spin, "999")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert context.desk.settings.get("idle_lock_minutes") == 99, "typing beyond 240 keeps the digits that fit"


def test_choosing_a_language_saves_it_and_closes_the_dialog(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(context.events.settings_changed, timeout=10_000):
        choose_in_combo(qtbot, dialog.general.language, "Suomi")

    assert context.desk.config.ui_language() == "fi"
    assert context.desk.settings.get("ui_language") == "fi"
    assert not dialog.isVisible(), "the window rebuilds itself in Finnish, so the dialog closes"


# -- Sites --------------------------------------------------------------------------------
def test_adding_a_site_with_languages_and_a_weekly_slot_is_saved(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    open_tab(qtbot, dialog, 1)
    tab = dialog.sites
    click(qtbot, tab.new_site_button)
    assert tab.details.title() == "New site"
    assert not tab.slots_box.isEnabled(), "weekly hours need a saved site"
    qtbot.keyClicks(tab.name, "  Myllypuro   library ")
    click(qtbot, tab.languages.button("fa"))
    click(qtbot, tab.languages.button("ar"))

    with qtbot.waitSignal(context.events.sites_changed, timeout=10_000):
        click(qtbot, tab.save_button)

    library = context.sites.by_name("Myllypuro library")
    assert library.usual_languages == ["fa", "ar"]
    assert not library.is_default
    qtbot.waitUntil(lambda: tab.site is not None and tab.site.id == library.id, timeout=10_000)
    assert tab.sites_model.rowCount() == 2
    assert tab.slots_box.isEnabled()

    choose_in_combo(qtbot, tab.weekday, "Wednesday")
    type_time(qtbot, tab.start_time, "0930")
    type_time(qtbot, tab.end_time, "1200")
    qtbot.keyClicks(tab.partner, "Monik ry")
    with qtbot.waitSignal(context.events.sites_changed, timeout=10_000):
        click(qtbot, tab.add_slot_button)

    slots = context.sites.get(library.id).slots
    assert [(slot.weekday, slot.start_time, slot.end_time, slot.partner) for slot in slots] == [
        (3, "09:30", "12:00", "Monik ry")
    ]
    qtbot.waitUntil(lambda: tab.slots_model.rowCount() == 1, timeout=10_000)
    assert tab.slots_model.index(0, 0).data() == "Wednesday"
    assert tab.slots_model.index(0, 1).data() == "09:30–12:00"
    assert context.sites.default().name == SITE, "the new site did not become the default"


def test_removing_a_weekly_slot(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    site = context.sites.default()
    context.sites.add_slot(site.id, 2, "10:00", "14:00", "Monik ry")
    context.sites.add_slot(site.id, 4, "12:00", "16:00")
    tab = dialog.sites
    tab.reload()
    qtbot.waitUntil(lambda: tab.slots_model.rowCount() == 2, timeout=10_000)
    open_tab(qtbot, dialog, 1)
    assert not tab.remove_slot_button.isEnabled(), "nothing to remove until a slot is chosen"

    table = tab.slot_table
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(tab.slots_model.index(1, 0)).center()
    )
    with qtbot.waitSignal(context.events.sites_changed, timeout=10_000):
        click(qtbot, tab.remove_slot_button)

    assert [(slot.weekday, slot.start_time) for slot in context.sites.get(site.id).slots] == [(2, "10:00")]


def test_a_slot_ending_before_it_starts_is_refused(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    open_tab(qtbot, dialog, 1)
    tab = dialog.sites
    type_time(qtbot, tab.start_time, "1500")
    type_time(qtbot, tab.end_time, "1100")
    click(qtbot, tab.add_slot_button)
    qtbot.waitUntil(lambda: tab.status.text() == "The end time must be after the start time.")
    assert context.sites.default().slots == []


def test_duplicate_site_name_shows_an_error_and_changes_nothing(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    open_tab(qtbot, dialog, 1)
    tab = dialog.sites
    click(qtbot, tab.new_site_button)
    qtbot.keyClicks(tab.name, SITE)
    click(qtbot, tab.save_button)

    qtbot.waitUntil(lambda: tab.status.text() == f"There is already a site called {SITE}.")
    assert [site.name for site in context.sites.all()] == [SITE]
    assert tab.site is None, "the form keeps what was typed, to be corrected"


def test_renaming_to_a_taken_name_is_refused_by_the_store_too(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    other = context.sites.add("Myllypuro library")
    tab = dialog.sites
    tab.reload(select_id=other.id)
    qtbot.waitUntil(lambda: tab.site is not None and tab.site.id == other.id, timeout=10_000)
    # A site added elsewhere since the list was read: only the store can notice the clash.
    context.sites.add("Kontula")
    open_tab(qtbot, dialog, 1)
    replace_text(qtbot, tab.name, "Kontula")
    click(qtbot, tab.save_button)

    qtbot.waitUntil(lambda: "already a site called" in tab.status.text(), timeout=10_000)
    assert context.sites.get(other.id).name == "Myllypuro library"


def test_renaming_and_making_a_site_the_default(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    other = context.sites.add("Myllypuro library", ["fa"])
    tab = dialog.sites
    tab.reload(select_id=other.id)
    qtbot.waitUntil(lambda: tab.site is not None and tab.site.id == other.id, timeout=10_000)
    open_tab(qtbot, dialog, 1)
    assert not tab.save_button.isEnabled(), "nothing to save before a change"

    replace_text(qtbot, tab.name, "Myllypuro library and youth centre")
    click(qtbot, tab.languages.button("so"))
    with qtbot.waitSignal(context.events.sites_changed, timeout=10_000):
        click(qtbot, tab.save_button)
    renamed = context.sites.get(other.id)
    assert (renamed.name, renamed.usual_languages) == ("Myllypuro library and youth centre", ["fa", "so"])

    qtbot.waitUntil(lambda: tab.default_button.isVisible(), timeout=10_000)
    with qtbot.waitSignal(context.events.sites_changed, timeout=10_000):
        click(qtbot, tab.default_button)
    assert context.sites.default().id == other.id
    qtbot.waitUntil(
        lambda: tab.sites_model.index(0, 0).data() == "Myllypuro library and youth centre (default)", timeout=10_000
    )


def test_site_models_pass_the_model_tester(qtbot, qtmodeltester, context, dialog) -> None:  # type: ignore[no-untyped-def]
    site = context.sites.default()
    context.sites.add_slot(site.id, 1, "09:00", "11:00", "Monik ry")
    context.sites.add("Myllypuro library")
    dialog.sites.reload()
    qtbot.waitUntil(
        lambda: dialog.sites.sites_model.rowCount() == 2 and dialog.sites.slots_model.rowCount() == 1, timeout=10_000
    )
    qtmodeltester.check(dialog.sites.sites_model)
    qtmodeltester.check(dialog.sites.slots_model)


# -- Security -----------------------------------------------------------------------------
def fill_passphrases(qtbot, tab, current: str, new: str, again: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(tab.current, current)
    qtbot.keyClicks(tab.fields.first, new)
    qtbot.keyClicks(tab.fields.second, again)


def test_changing_the_passphrase_rewraps_the_key(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    open_tab(qtbot, dialog, 2)
    tab = dialog.security
    fill_passphrases(qtbot, tab, PASSPHRASE, "kissa", "kissa")
    assert not tab.change_button.isEnabled(), "a weak new passphrase is not accepted"
    tab.fields.clear()
    qtbot.keyClicks(tab.fields.first, NEW_PASSPHRASE)
    qtbot.keyClicks(tab.fields.second, NEW_PASSPHRASE)
    assert tab.change_button.isEnabled()

    with qtbot.waitSignal(tab.passphrase_changed, timeout=30_000):
        click(qtbot, tab.change_button)

    assert context.desk.database.unwrap(NEW_PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        context.desk.database.unwrap(PASSPHRASE)
    assert tab.status.text() == "The passphrase is changed. Use the new one from now on."
    assert tab.current.text() == "" and tab.fields.passphrase() == ""
    assert "recovery key does not change" in tab.recovery_note.text()


def test_a_wrong_current_passphrase_is_refused(qtbot, context, dialog) -> None:  # type: ignore[no-untyped-def]
    open_tab(qtbot, dialog, 2)
    tab = dialog.security
    fill_passphrases(qtbot, tab, "not-the-passphrase", NEW_PASSPHRASE, NEW_PASSPHRASE)

    click(qtbot, tab.change_button)

    qtbot.waitUntil(
        lambda: tab.status.text() == "Wrong passphrase. Check the keyboard layout and Caps Lock.", timeout=30_000
    )
    assert tab.change_button.isEnabled(), "the person can correct it and try again"
    assert context.desk.database.unwrap(PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        context.desk.database.unwrap(NEW_PASSPHRASE)
