"""What an advisor needs from an entry, on the Directory screen: shown, filtered by, edited on own entries, flagged."""

from __future__ import annotations

from pathlib import Path

from app.directory.records import ServiceRecord
from app.directory.store import write_records
from app.storage.directory_models import DirFlag
from app.ui.qt import QDialogButtonBox, Qt
from tests.ui.test_directory_screen import names

ADVISED = [
    ServiceRecord(
        source_id="ohjaamo",
        name={"fi": "Ohjaamo Helsinki"},
        description={"fi": "Neuvontaa nuorille.\n\nTyö, opiskelu ja asuminen."},
        eligibility={"fi": "Alle 30-vuotiaat"},
        not_for={"fi": "Ei hoida oleskelulupa-asioita"},
        application_process={"fi": "Tule paikan päälle ilman ajanvarausta"},
        appointment_needed=False,
        fees={"fi": "Maksuton"},
        is_free=True,
        required_documents={"fi": "Henkilöllisyystodistus\nOleskelulupakortti"},
        interpretation={"fi": "Tulkki somaliksi tiistaisin"},
        minimum_age=15,
        maximum_age=29,
        alert={"fi": "Suljettu 24.–26.12."},
    ),
    ServiceRecord(
        source_id="lakimies",
        name={"fi": "Lakineuvonta"},
        appointment_needed=True,
        fees={"fi": "50 € tunti"},
        is_free=False,
    ),
]


def test_the_advisor_fields_show_and_filter(qtbot, context, screen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with context.desk.database.session() as session, session.begin():
        write_records(session, "advice", "fi", ADVISED)
    screen.search.setText("ohjaamo")
    screen.run_search()
    qtbot.waitUntil(lambda: screen.entry is not None and screen.entry.name == "Ohjaamo Helsinki", timeout=10_000)
    shown = screen.view.toPlainText()
    for text in (
        "Notice: Suljettu 24.–26.12.",
        "Alle 30-vuotiaat",
        "Ei hoida oleskelulupa-asioita",
        "ilman ajanvarausta",
        "No appointment needed",
        "Free",
        "Henkilöllisyystodistus",
        "Oleskelulupakortti",
        "Tulkki somaliksi",
        "15–29 years",
    ):
        assert text in shown, text
    assert "Neuvontaa nuorille.\n" in shown, "paragraphs are kept"
    screen.view.grab().save(str(tmp_path / "advice.png"))

    screen.search.setText("")
    for box, expected in (
        (screen.no_appointment, ["Ohjaamo Helsinki"]),
        (screen.free, ["Ohjaamo Helsinki"]),
        (screen.under_30, ["Ohjaamo Helsinki"]),
    ):
        box.setChecked(True)
        qtbot.waitUntil(lambda expected=expected: names(screen) == expected, timeout=10_000)
        box.setChecked(False)
    qtbot.waitUntil(lambda: "Lakineuvonta" in names(screen), timeout=10_000)


def test_an_own_entry_keeps_the_advisor_fields_it_is_given(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    from app.ui.directory.service_dialog import ServiceDialog

    dialog = ServiceDialog(context, None, screen)
    qtbot.addWidget(dialog)
    dialog.names["fi"].setText("Paperittomien klinikka")
    dialog.tabs.setCurrentIndex(1)
    dialog.advice["eligibility"].setPlainText("Paperittomat")
    dialog.advice["required_documents"].setPlainText("Ei mitään")
    dialog.appointment.setCheckState(Qt.CheckState.Unchecked)
    dialog.free.setCheckState(Qt.CheckState.Checked)
    dialog.ages[1].setValue(40)
    dialog.ages[0].setValue(50)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled() and "minimum age" in dialog.problem.text()
    dialog.ages[0].setValue(18)
    assert save.isEnabled()
    service_id = screen.edits.add(dialog.record())
    entry = screen.directory.entry(service_id, "en")
    assert entry.advice["eligibility"] == "Paperittomat" and entry.advice["is_free"] is True
    assert entry.advice["appointment_needed"] is False and (
        entry.advice["minimum_age"],
        entry.advice["maximum_age"],
    ) == (18, 40)

    editing = ServiceDialog(context, screen.edits.record(service_id), screen)
    qtbot.addWidget(editing)
    assert editing.advice["eligibility"].toPlainText() == "Paperittomat"
    assert editing.free.checkState() == Qt.CheckState.Checked and editing.ages[0].value() == 18
    editing.free.setCheckState(Qt.CheckState.PartiallyChecked)
    screen.edits.edit(service_id, editing.record())
    assert screen.directory.entry(service_id).advice["is_free"] is None, "half-ticked: not known"
    assert screen.directory.search("paperittomat")[0].id == service_id, "who it is for is searched"


def test_a_flag_is_saved_for_the_coordinator_and_personal_data_is_refused(qtbot, context, screen) -> None:  # type: ignore[no-untyped-def]
    screen.search.setText("kela")
    screen.run_search()
    qtbot.waitUntil(lambda: screen.entry is not None and screen.entry.name == "Kela", timeout=10_000)
    assert screen.flag_button.isEnabled()
    qtbot.mouseClick(screen.flag_button, Qt.MouseButton.LeftButton)
    dialog = screen.flag_dialog
    qtbot.keyClicks(dialog.text, "Asiakas Matti 131052-308T soitti")
    dialog.accept()
    qtbot.waitUntil(lambda: "identity code" in screen.status.text(), timeout=10_000)
    with context.desk.database.session() as session:
        assert session.query(DirFlag).count() == 0

    qtbot.mouseClick(screen.flag_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.flag_dialog.text, "Moved to Itakeskus, old address closed")
    screen.flag_dialog.accept()
    qtbot.waitUntil(lambda: screen.status.text().startswith("Flag saved"), timeout=10_000)
    flags = screen.edits.flags(screen.entry.id)
    assert [(flag["text"], flag["sent"]) for flag in flags] == [("Moved to Itakeskus, old address closed", False)]
