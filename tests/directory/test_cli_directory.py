"""`neuvo directory import|search|show`: the command-line contract, run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SITE
from tests.directory.test_hsds_import import EXAMPLES
from tests.test_cli import folder_bytes, neuvo


@pytest.fixture
def data(tmp_path: Path, passphrase_file: Path) -> Path:
    folder = tmp_path / "data"
    assert neuvo("init", "--site", SITE, "--data-dir", folder, passphrase_file=passphrase_file).code == 0
    return folder


def test_import_prints_counts_and_search_and_show_give_json(data: Path, passphrase_file: Path) -> None:
    imported = neuvo(
        "directory", "import", EXAMPLES / "service_list.json", "--data-dir", data, passphrase_file=passphrase_file
    )
    assert imported.code == 0, imported.stderr
    assert imported.stdout.strip() == "added 1, updated 0, withdrawn 0, skipped 0"
    again = neuvo(
        "directory", "import", EXAMPLES / "service_list.json", "--data-dir", data, passphrase_file=passphrase_file
    )
    assert again.stdout.strip() == "added 0, updated 0, withdrawn 0, skipped 1"

    found = neuvo(
        "directory",
        "search",
        "counseling",
        "--json",
        "--display-language",
        "en",
        "--data-dir",
        data,
        passphrase_file=passphrase_file,
    )
    assert found.code == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits[0]["name"] == "Community Counselling"
    assert {"id", "name", "organization", "score"} <= hits[0].keys()

    shown = neuvo(
        "directory",
        "show",
        str(hits[0]["id"]),
        "--json",
        "--display-language",
        "en",
        "--data-dir",
        data,
        passphrase_file=passphrase_file,
    )
    assert shown.code == 0
    assert json.loads(shown.stdout)["url"] == "http://example.com/counselling"


@pytest.mark.parametrize("query", ['helsinki-info "AND" NOT*', "(", '"', "NEAR(a b)", "*", "-", "кела?"])
def test_any_typed_text_is_a_query_never_an_error(data: Path, passphrase_file: Path, query: str) -> None:
    result = neuvo("directory", "search", query, "--json", "--data-dir", data, passphrase_file=passphrase_file)
    assert result.code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_a_broken_file_exits_2_with_one_line_and_changes_nothing(
    data: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"contents": [{"id": "a", "name": "Kela"}, {"id": "b", "name": 5}]}', encoding="utf-8")
    before = folder_bytes(data)
    result = neuvo("directory", "import", broken, "--data-dir", data, passphrase_file=passphrase_file)
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "broken.json, record 2 (id b), field name" in result.stderr
    assert folder_bytes(data) == before


def test_unknown_id_and_bad_language_exit_2(data: Path, passphrase_file: Path) -> None:
    assert neuvo("directory", "show", "999", "--data-dir", data, passphrase_file=passphrase_file).code == 2
    wrong = neuvo(
        "directory", "search", "kela", "--served-in", "xx", "--data-dir", data, passphrase_file=passphrase_file
    )
    assert wrong.code == 2 and "--served-in" in wrong.stderr
