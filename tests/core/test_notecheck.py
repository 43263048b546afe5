"""Notes that could identify a visitor (identity code, phone, e-mail) are refused; ordinary notes are kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.desk import Desk
from app.errors import PersonalDataInNote
from app.notecheck import check_note, personal_data_kinds
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
def test_identity_code_shape_with_a_wrong_check_character_is_accepted(note: str) -> None:
    assert check_note(f"form number {note}") == f"form number {note}"


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
