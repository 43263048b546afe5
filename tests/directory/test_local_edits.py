"""Advisors' own entries and edits: a re-import never overwrites an edit silently; notes survive imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.desk import Desk
from app.directory.records import PhoneRecord, ServiceRecord
from app.directory.service import DirectoryService
from app.errors import PersonalDataInNote
from tests.directory.test_hsds_import import page, write


def import_city(directory: DirectoryService, tmp_path: Path, phone: str) -> int:
    document = page({"id": "drop-in", "name": "Perheiden kohtaamispaikka", "phones": [{"id": "p", "number": phone}]})
    directory.import_file(write(tmp_path / "city_fi.json", document), language="fi")
    return directory.search("kohtaamispaikka")[0].id


def test_an_advisor_adds_a_local_entry_that_search_finds(store) -> None:  # type: ignore[no-untyped-def]
    edits = Desk(store).local_edits
    service_id = edits.add(
        ServiceRecord(
            source_id="new", name={"fi": "Monikan torstaipäivystys"}, phones=[PhoneRecord(number="09 123 4567")]
        )
    )
    directory = Desk(store).directory
    assert directory.search("torstaipaivystys")[0].id == service_id
    entry = directory.entry(service_id)
    assert entry.source == "local" and entry.phones[0]["number"] == "09 123 4567"
    assert entry.last_checked is not None and not entry.is_out_of_date


def test_a_reimport_keeps_the_local_edit_and_offers_the_new_version(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory, edits = Desk(store).directory, Desk(store).local_edits
    service_id = import_city(directory, tmp_path, "09 111 1111")
    mine = edits.record(service_id).model_copy(update={"phones": [PhoneRecord(number="040 222 2222")]})
    edits.edit(service_id, mine)

    result = directory.import_file(
        write(
            tmp_path / "city_fi.json",
            page(
                {"id": "drop-in", "name": "Perheiden kohtaamispaikka", "phones": [{"id": "p", "number": "09 333 3333"}]}
            ),
        ),
        language="fi",
    )

    assert result.updated == 1 and result.conflicts == 1
    entry = directory.entry(service_id)
    assert entry.phones[0]["number"] == "040 222 2222", "the advisor's edit is not overwritten"
    assert entry.is_edited_locally and entry.has_new_source_version
    local, new = edits.pending(service_id)
    assert local.phones[0].number == "040 222 2222" and new.phones[0].number == "09 333 3333"

    edits.resolve(service_id, take_new=True)
    entry = directory.entry(service_id)
    assert entry.phones[0]["number"] == "09 333 3333"
    assert not entry.is_edited_locally and not entry.has_new_source_version


def test_keeping_the_local_version_stops_the_question(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory, edits = Desk(store).directory, Desk(store).local_edits
    service_id = import_city(directory, tmp_path, "09 111 1111")
    edits.edit(service_id, edits.record(service_id).model_copy(update={"email": "drop-in@example.org"}))
    import_city(directory, tmp_path, "09 333 3333")

    edits.resolve(service_id, take_new=False)

    entry = directory.entry(service_id)
    assert entry.email == "drop-in@example.org" and not entry.has_new_source_version
    again = import_city(directory, tmp_path, "09 333 3333")
    assert again == service_id and not directory.entry(service_id).has_new_source_version


def test_notes_survive_reimports_and_refuse_identity_codes(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory, edits = Desk(store).directory, Desk(store).local_edits
    service_id = import_city(directory, tmp_path, "09 111 1111")
    edits.set_note(service_id, "Ei auta Migri-asioissa; soita ensin 09 111 1111")
    import_city(directory, tmp_path, "09 444 4444")
    assert directory.entry(service_id).note == "Ei auta Migri-asioissa; soita ensin 09 111 1111"
    with pytest.raises(PersonalDataInNote):
        edits.set_note(service_id, "asiakas 131052-308T")
    assert directory.entry(service_id).note.startswith("Ei auta")


def test_pinned_services_come_first_for_their_site(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]

    directory, edits = Desk(store).directory, Desk(store).local_edits
    document = page(*({"id": str(n), "name": f"Palvelu {letter}"} for n, letter in enumerate("ABC")))
    directory.import_file(write(tmp_path / "city_fi.json", document), language="fi")
    site = Desk(store).sites.default()
    last = directory.search("palvelu c")[0].id
    edits.pin(site.id, last)
    assert [hit.name for hit in directory.search("", site_id=site.id)][0] == "Palvelu C"
    assert directory.search("", site_id=site.id)[0].is_pinned
    edits.pin(site.id, last, pinned=False)
    assert [hit.name for hit in directory.search("", site_id=site.id)] == ["Palvelu A", "Palvelu B", "Palvelu C"]
