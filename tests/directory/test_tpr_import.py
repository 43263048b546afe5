"""Helsinki TPR units: multilingual names, address, phone, WGS84 place; broken files change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.desk import Desk
from app.errors import ImportProblem
from tests.directory.test_hsds_import import snapshot

UNITS = Path(__file__).resolve().parents[1] / "fixtures" / "tpr" / "unit.json"


def test_every_unit_imports_with_its_languages_and_place(store) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    units = json.loads(UNITS.read_text(encoding="utf-8"))
    result = directory.import_file(UNITS)
    assert (result.added, result.skipped) == (len(units), 0)
    again = directory.import_file(UNITS)
    assert (again.added, again.updated, again.skipped) == (0, 0, len(units))

    hit = directory.search("innoomnia")[0]
    entry = directory.entry(hit.id, "sv")
    assert entry.name == "InnoOmnia"
    assert entry.addresses[0]["street"] == "Mankansvägen 2-4 A 16-17" and entry.addresses[0]["city"] == "Esbo"
    assert entry.addresses[0]["postal_code"] == "02180"
    assert (entry.addresses[0]["latitude"], entry.addresses[0]["longitude"]) == (60.195263, 24.766584)
    assert entry.phones[0] == {"number": "+358 9 231 999", "description": "lna/msa", "type": None}
    assert entry.last_checked is not None and entry.last_checked.isoformat() == "2015-11-03"
    assert directory.search("yrittajyyskasvatukseen")[0].id == hit.id, "extra search words are searched"
    assert directory.search("", filters=None)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id": 1, "name_fi": "A"}, {"id": 2, "name_fi": ["B"]}]', "record 2 (id 2), field name_fi"),
        ('[{"id": 1, "name_fi": "A"}, {"id": 3, "desc_fi": "no name", "name_sv": ""}]', "record 2 (id 3)"),
        ('[{"id": true, "name_fi": "A"}]', "field id"),
        ('[{"id": 1, "name_fi": "A", "modified_time": "eilen"}]', "field modified_time"),
        ('[{"id": 1, "name_fi": "A"', "broken at line 1"),
    ],
)
def test_a_broken_unit_file_changes_nothing(store, tmp_path: Path, content: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    directory.import_file(UNITS)
    before = snapshot(store)
    path = tmp_path / "units.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportProblem) as problem:
        directory.import_file(path, "tpr")
    assert str(problem.value).startswith("units.json") and expected in str(problem.value)
    assert snapshot(store) == before


def test_an_hsds_file_given_as_tpr_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    hsds = Path(__file__).resolve().parents[1] / "fixtures" / "hsds-3.0" / "service_list.json"
    with pytest.raises(ImportProblem, match="not a TPR service unit file"):
        Desk(store).directory.import_file(hsds, "tpr")
