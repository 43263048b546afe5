"""HSDS 3.0 tabular packages (a folder or a zip of CSV files): the same entries as the JSON form."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from app.desk import Desk
from app.directory import hsds_csv
from app.errors import ImportProblem
from tests.directory.test_hsds_import import EXAMPLES, snapshot

PACKAGE = EXAMPLES / "csv"


def test_the_official_tabular_example_gives_the_same_entry_as_the_json_one(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    result = directory.import_file(PACKAGE)
    assert result.added == 1
    entry = directory.entry(directory.search("community counselling", "en")[0].id, "en")
    assert entry.organization == "Example Organization Inc."
    assert entry.phones[0]["number"] == "+44 1234 234567"
    assert entry.addresses[0]["name"] == "MyCity Civic Center"
    assert entry.opening_hours[0]["days"] == ["TH", "FR"] and entry.languages == ["ur"]

    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for member in PACKAGE.iterdir():
            bundle.write(member, f"hsds/{member.name}")
    again = directory.import_file(archive, source="csv")
    assert again.skipped == 1, "the zip holds the same package: nothing changes"


def test_a_bad_row_names_file_row_and_column_and_changes_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    directory.import_file(PACKAGE)
    before = snapshot(store)
    broken = tmp_path / "csv"
    shutil.copytree(PACKAGE, broken)
    with (broken / "phones.csv").open("a", encoding="utf-8") as phones:
        phones.write("only,three,columns\n")
    with pytest.raises(ImportProblem) as problem:
        directory.import_file(broken)
    assert str(problem.value).startswith("phones.csv, row 3, field organization_id: the row has 3 columns")
    assert snapshot(store) == before


def test_missing_parts_and_an_oversized_zip_are_refused(store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ImportProblem, match="needs datapackage.json and services.csv"):
        directory.import_file(empty)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("services.csv", "id,name\n" + "x" * 5000)
    monkeypatch.setattr(hsds_csv, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportProblem, match="unpacks to more than"):
        directory.import_file(bomb)
    not_zip = tmp_path / "fake.zip"
    not_zip.write_text("hello", encoding="utf-8")
    with pytest.raises(ImportProblem, match="readable zip"):
        directory.import_file(not_zip)
    assert directory.count() == 0
