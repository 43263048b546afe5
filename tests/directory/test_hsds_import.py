"""HSDS 3.0 JSON import: the official examples import completely, re-imports match and merge, and a broken
file changes nothing and says which file, record and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from app.desk import Desk
from app.errors import ImportProblem

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "hsds-3.0"


def snapshot(store) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Every directory row and the search index, to prove that a failed import changed nothing."""
    tables = ["dir_services", "dir_organizations", "dir_locations", "dir_phones", "dir_schedules"]
    with store.engine.connect() as connection:
        rows = [tuple(row) for table in tables for row in connection.execute(text(f"SELECT * FROM {table}"))]
        rows += [tuple(row) for row in connection.execute(text("SELECT term, doc FROM dir_search_vocab"))]
    return rows


def test_every_official_example_imports_completely(store) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    service_full = directory.import_file(EXAMPLES / "service_full.json")
    assert (service_full.added, service_full.updated, service_full.skipped) == (1, 0, 0)
    for name in ("service_list.json", "organization_full.json", "organization_list.json"):
        result = directory.import_file(EXAMPLES / name)
        assert result.added >= 1, name

    example = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    hit = directory.search("Community Counselling", "en")[0]
    entry = directory.entry(hit.id, "en")
    assert entry.name == example["name"]
    assert entry.organization == example["organization"]["name"]
    assert entry.url == example["url"] and entry.email == example["email"]
    assert entry.phones[0]["number"] == "+44 1234 234567", "the example's quotes are not part of the number"
    assert entry.addresses[0]["street"].startswith("1-30 Main Street")
    assert entry.addresses[0]["latitude"] is None, "latitude 100 is not a place on Earth"
    assert entry.opening_hours[0]["days"] == ["TH", "FR"]
    assert entry.languages == ["ur"]


def test_reimporting_unchanged_touches_nothing_and_never_duplicates(store) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    directory.import_file(EXAMPLES / "service_list.json")
    before = snapshot(store)
    again = directory.import_file(EXAMPLES / "service_list.json")
    assert (again.added, again.updated, again.skipped) == (0, 0, 1)
    assert snapshot(store) == before


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def page(*services: dict) -> dict:  # type: ignore[type-arg]
    return {"total_items": len(services), "page_number": 1, "contents": list(services)}


def test_files_in_two_languages_merge_into_one_entry(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    finnish = page({"id": "s1", "name": "Asumisneuvonta", "description": "Neuvontaa vuokra-asumisessa"})
    english = page({"id": "s1", "name": "Housing advice", "description": "Advice on renting"})
    directory.import_file(write(tmp_path / "city_fi.json", finnish), language="fi")
    result = directory.import_file(write(tmp_path / "city_en.json", english), language="en")

    assert (result.added, result.updated) == (0, 1)
    assert directory.count() == 1
    hit = directory.search("housing advice", "en")[0]
    assert directory.entry(hit.id, "fi").name == "Asumisneuvonta"
    assert directory.entry(hit.id, "en").name == "Housing advice"
    assert directory.search("asumisneuvonta", "fi")[0].id == hit.id


def test_an_entry_gone_from_a_full_reimport_is_withdrawn_not_deleted(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    both = page({"id": "a", "name": "Kotoutumisneuvonta"}, {"id": "b", "name": "Velkaneuvonta"})
    directory.import_file(write(tmp_path / "city_fi.json", both), language="fi")
    gone_id = directory.search("velkaneuvonta")[0].id

    result = directory.import_file(
        write(tmp_path / "city_fi.json", page({"id": "a", "name": "Kotoutumisneuvonta"})), language="fi"
    )

    assert result.withdrawn == 1
    assert directory.search("velkaneuvonta") == []
    entry = directory.entry(gone_id)
    assert entry.is_withdrawn and entry.name == "Velkaneuvonta", "an old referral still resolves"
    back = directory.import_file(write(tmp_path / "city_fi.json", both), language="fi")
    assert back.updated == 1 and directory.search("velkaneuvonta")[0].id == gone_id


BROKEN = {
    "truncated JSON": (b'{"contents": [{"id": "x", "name": "Kela"', "broken at line 1"),
    "wrong type": (json.dumps(page({"id": "y", "name": ["Kela"]})).encode(), "record 1 (id y), field name"),
    "missing name": (json.dumps(page({"id": "z", "description": "no name"})).encode(), "field name"),
    "bad date": (json.dumps(page({"id": "d", "name": "N", "assured_date": "eilen"})).encode(), "field assured_date"),
    "contents not a list": (b'{"contents": {"id": "x"}}', "field contents"),
    "not UTF-8": ('{"id": "x", "name": "Kelä"}'.encode("latin-1"), "not UTF-8"),
    "empty": (b"[]", "holds no services"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_changes_nothing_and_names_the_problem(store, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    directory.import_file(EXAMPLES / "service_list.json")
    before = snapshot(store)
    content, expected = BROKEN[case]
    path = tmp_path / "broken.json"
    path.write_bytes(content)

    with pytest.raises(ImportProblem) as problem:
        directory.import_file(path)

    assert str(problem.value).startswith("broken.json")
    assert expected in str(problem.value)
    assert "Nothing was imported" in str(problem.value)
    assert snapshot(store) == before


def test_a_bad_record_after_good_ones_keeps_none_of_them(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    path = write(tmp_path / "mixed.json", page({"id": "ok", "name": "Hyvä"}, {"id": "bad", "name": 7}))
    with pytest.raises(ImportProblem, match="record 2"):
        directory.import_file(path)
    assert directory.count() == 0 and directory.search("hyva") == []


def test_an_oversized_file_is_refused_before_reading(store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.directory import jsonfile

    monkeypatch.setattr(jsonfile, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(page(*({"id": str(n), "name": "x" * 50} for n in range(50)))), encoding="utf-8")
    with pytest.raises(ImportProblem, match="larger than"):
        Desk(store).directory.import_file(path)
