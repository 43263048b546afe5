"""Notes that could identify a visitor (identity code, phone, e-mail) are refused; ordinary notes are kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.desk import Desk
from app.directory.records import PhoneRecord, ServiceRecord
from app.errors import PersonalDataInNote
from app.notecheck import check_note, personal_data_kinds, service_number_keys
from app.storage.database import Database
from app.visits import VisitInput
from app.weeks import HELSINKI

TUESDAY = datetime(2026, 11, 17, 10, 15, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    "note",
    [
        "Asiakas 131052-308T kysyi asumistuesta",  # 1900s, '-'
        "born 150306A123L, needs daycare",  # 2000s, 'A'
        "code 020502B456J",  # 2000s, 'B' (2023 century signs)
        "id 010594Y123W",  # 1900s, 'Y' (2023 century signs)
        "070111U2153",  # 1900s, 'U'
        "typed in lower case 150306a123l",
        "temporary code 010594Y9032",
    ],
)
def test_note_with_a_valid_identity_code_is_refused(note: str) -> None:
    with pytest.raises(PersonalDataInNote) as refused:
        check_note(note)
    assert refused.value.kinds == ["identity-code"]
    assert refused.value.field == "note"
    assert "identity code" in str(refused.value)


@pytest.mark.parametrize("note", ["131052-308U", "150306A123M", "020502B456K", "010594Y123X"])
def test_identity_code_with_a_wrong_check_character_is_still_refused(note: str) -> None:
    # Issue 17: a mistyped code is still a code.
    with pytest.raises(PersonalDataInNote) as refused:
        check_note(f"form number {note}")
    assert refused.value.kinds == ["identity-code"]


@pytest.mark.parametrize("note", ["form 131052 308", "nr 1310528081", "310252-308T"])
def test_what_only_looks_like_a_code_passes(note: str) -> None:
    # No check character and no century sign, a wrong check character without a sign, 31 February.
    assert personal_data_kinds(note) == []


@pytest.mark.parametrize(
    "note",
    ["call back 040 123 4567", "+358 40 1234567", "0401234567", "p. 050-123 45 67", "+46 70 123 45 67"],
)
def test_note_with_a_phone_number_is_refused(note: str) -> None:
    with pytest.raises(PersonalDataInNote) as refused:
        check_note(note)
    assert refused.value.kinds == ["phone"]
    assert "phone number" in str(refused.value)


@pytest.mark.parametrize("note", ["mail aino.virtanen@example.fi", "X@posti.example.org later"])
def test_note_with_an_email_address_is_refused(note: str) -> None:
    with pytest.raises(PersonalDataInNote) as refused:
        check_note(note)
    assert refused.value.kinds == ["email"]
    assert "e-mail" in str(refused.value)


def test_note_with_several_kinds_names_them_all() -> None:
    assert personal_data_kinds("131052-308T, 040 123 4567, a@b.fi") == ["identity-code", "phone", "email"]


@pytest.mark.parametrize(
    "note",
    [
        "Kela form HA1, 3 children, rent 650 e",
        "next appointment 22.11.2026 at 14:30",
        "W47",
        "2026-W47 group session, 12 people",
        "Postal code 00930, bus 560",
        "debt 12 000 e, 3 bills",
        "Migri case, deadline 30.6.2027",
        "opening hours 9-16, room 101",
        "Sorani and Dari speakers",
    ],
)
def test_ordinary_note_with_numbers_is_kept(note: str) -> None:
    assert personal_data_kinds(note) == []
    assert check_note(f"  {note} ") == note


def test_blank_note_is_stored_as_no_note() -> None:
    assert check_note("   \n ") is None
    assert check_note(None) is None


def test_refused_note_saves_nothing_and_leaves_an_existing_visit_unchanged(store: Database) -> None:
    visits = Desk(store).visits
    visit_id = visits.add(VisitInput(topics=("housing",), note="Kela form HA1", at=TUESDAY))
    before = visits.list_visits()

    with pytest.raises(PersonalDataInNote):
        visits.add(VisitInput(topics=("housing",), note="call 040 123 4567", at=TUESDAY))
    with pytest.raises(PersonalDataInNote):
        visits.update(visit_id, VisitInput(topics=("taxes",), note="131052-308T"))

    assert visits.list_visits() == before
    assert visits.get(visit_id).note == "Kela form HA1"


@pytest.mark.parametrize(
    ("note", "kinds", "reason"),
    [
        ("Ahmed Hassan, s. 1.1.1990, Kontulantie 5 B 12", ["birth-date", "street-address"], "a birth date"),
        ("asuu Kontulantie 5 B 12", ["street-address"], "a street address"),
    ],
)
def test_birth_date_and_street_address_are_refused_with_their_reason(note: str, kinds: list[str], reason: str) -> None:
    with pytest.raises(PersonalDataInNote) as refused:
        check_note(note)
    assert refused.value.kinds == kinds
    assert reason in str(refused.value)


@pytest.mark.parametrize("note", ["Kela 020 692 207", "Migri 0295 419 600", "TE-palvelut 0295 025 500"])
def test_national_service_numbers_pass(note: str) -> None:
    assert check_note(note) == note


def test_a_number_of_the_local_directory_counts_as_a_service_number() -> None:
    note = "Kriisipuhelin 09 2525 0111, soitettiin yhdessä"
    assert personal_data_kinds(note) == ["phone"]  # a Helsinki landline, as far as the number itself tells
    numbers = service_number_keys(["+358 9 2525 0111", "not a number", ""])
    assert personal_data_kinds(note, numbers) == []
    assert check_note(note, numbers) == note
    assert personal_data_kinds("Kriisipuhelin 09 2525 0111 tai oma 040 123 4567", numbers) == ["phone"]


def test_a_visit_note_with_a_number_of_the_local_directory_is_saved(store: Database) -> None:
    Desk(store).local_edits.add(
        ServiceRecord(source_id="crisis", name={"fi": "Kriisipuhelin"}, phones=[PhoneRecord(number="09 2525 0111")])
    )
    visits = Desk(store).visits
    visit_id = visits.add(VisitInput(topics=("housing",), note="Kriisipuhelin 09 2525 0111", at=TUESDAY))
    assert visits.get(visit_id).note == "Kriisipuhelin 09 2525 0111"
    with pytest.raises(PersonalDataInNote):
        visits.add(VisitInput(topics=("housing",), note="Kriisipuhelin 09 2525 0112", at=TUESDAY))


def test_a_number_added_to_the_directory_while_unlocked_passes_from_then_on(store: Database) -> None:
    visits = Desk(store).visits
    note = "Monikan päivystys 09 123 4567"
    with pytest.raises(PersonalDataInNote):
        visits.add(VisitInput(topics=("housing",), note=note, at=TUESDAY))
    Desk(store).local_edits.add(
        ServiceRecord(source_id="monika", name={"fi": "Monika"}, phones=[PhoneRecord(number="09 123 4567")])
    )
    assert visits.get(visits.add(VisitInput(topics=("housing",), note=note, at=TUESDAY))).note == note


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("puh. 04\u221201  234567", "phone"),  # not an hour range 04-01 (found by the property test)
        ("address 12 B  a\u2013ke-r Street", "street-address"),
    ],
)
def test_typing_noise_found_by_the_property_test_is_still_refused(note: str, kind: str) -> None:
    assert kind in personal_data_kinds(note)
