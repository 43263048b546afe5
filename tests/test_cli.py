"""The real `neuvo` console script: init, visits, exports and codes, with exit codes and output scripts rely on."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.codes import REPORT_DIMENSIONS
from app.desk import Desk
from tests.conftest import PASSPHRASE, SITE, store_files

NEUVO = Path(sys.executable).parent / ("neuvo.exe" if os.name == "nt" else "neuvo")
RECOVERY_KEY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")
W47_VISITS = [
    ["--topic", "housing", "--topic", "kela-income", "--language", "ar", "--at", "2026-11-17T10:15"],
    ["--topic", "housing", "--language", "so", "--contact", "phone", "--at", "2026-11-18T14:40"],
    [
        "--topic",
        "education-language",
        "--language",
        "ar",
        "--contact",
        "group",
        "--participants",
        "7",
        "--at",
        "2026-11-19T13:05",
    ],
]
W41_VISIT = ["--topic", "taxes", "--at", "2026-10-06T09:00"]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def neuvo(*args: str | Path, passphrase_file: Path | None = None, use_environment: bool = False) -> Result:
    """Run the console script with stdin closed; the passphrase comes from a file (option or environment)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("NEUVO_")}
    command = [str(NEUVO), *map(str, args)]
    if passphrase_file is not None:
        if use_environment:
            environment["NEUVO_PASSPHRASE_FILE"] = str(passphrase_file)
        else:
            command += ["--passphrase-file", str(passphrase_file)]
    completed = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def folder_bytes(folder: Path) -> dict[str, object]:
    return store_files(folder)


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, secret: Path) -> Iterator[Path]:
    """A store made with `neuvo init` holding three visits in 2026-W47 and one in 2026-W41 (read-only in tests)."""
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    created = neuvo(
        "init",
        "--site",
        SITE,
        "--languages",
        "ar,so",
        "--data-dir",
        data_dir,
        passphrase_file=secret,
        use_environment=True,
    )
    assert created.code == 0, created.stderr
    for arguments in [*W47_VISITS, W41_VISIT]:
        added = neuvo("visit", "add", *arguments, "--data-dir", data_dir, passphrase_file=secret, use_environment=True)
        assert added.code == 0, added.stderr
    yield data_dir


@pytest.fixture
def own_store(tmp_path: Path) -> Path:
    """A fresh store of this test's own (made in-process: quicker than a second `neuvo init`)."""
    from app.storage.database import Database

    data_dir = tmp_path / "own"
    store = Database(data_dir)
    Desk.create(store, PASSPHRASE, SITE)
    store.lock()
    return data_dir


def listed(data_dir: Path, secret: Path, week: str = "2026-W47") -> list[dict]:
    result = neuvo("visit", "list", "--week", week, "--json", "--data-dir", data_dir, passphrase_file=secret)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_console_script_is_installed() -> None:
    assert NEUVO.exists(), f"{NEUVO} is missing: run 'make' to install the package"


def test_init_prints_the_recovery_key_alone_as_the_last_stdout_line(tmp_path: Path, secret: Path) -> None:
    from app.storage.database import Database

    data_dir = tmp_path / "data"
    result = neuvo("init", "--site", SITE, "--data-dir", data_dir, passphrase_file=secret)

    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert RECOVERY_KEY.match(lines[-1]), lines
    assert "Recovery key" in result.stderr
    # The printed key is the real one: it opens the store.
    store = Database(data_dir)
    store.unlock_with_recovery_key(lines[-1], "harbour-tulip-42-violin")
    store.lock()


def test_init_twice_exits_2_and_keeps_the_first_store(own_store: Path, secret: Path) -> None:
    before = folder_bytes(own_store)
    result = neuvo("init", "--site", "Library X", "--data-dir", own_store, passphrase_file=secret)
    assert result.code == 2
    assert result.stdout == ""
    assert "already exists" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert folder_bytes(own_store) == before


def test_visit_add_prints_only_the_new_id(own_store: Path, secret: Path) -> None:
    first = neuvo(
        "visit",
        "add",
        "--topic",
        "housing",
        "--at",
        "2026-11-17T10:15",
        "--data-dir",
        own_store,
        passphrase_file=secret,
    )
    second = neuvo(
        "visit", "add", "--topic", "digital", "--language", "uk", "--data-dir", own_store, passphrase_file=secret
    )
    assert (first.code, second.code) == (0, 0), first.stderr + second.stderr
    assert re.fullmatch(r"\d+\n", first.stdout) and re.fullmatch(r"\d+\n", second.stdout)
    assert int(second.stdout) == int(first.stdout) + 1
    assert [visit["id"] for visit in listed(own_store, secret)] == [int(first.stdout)]


def test_visit_list_json_gives_the_visits_of_the_week(seeded: Path, secret: Path) -> None:
    visits = listed(seeded, secret)
    assert len(visits) == 3
    for visit in visits:
        assert {"id", "at", "site", "topics"} <= set(visit)
        assert visit["site"] == SITE
        assert visit["week"] == "2026-W47"
    newest_first = [visit["topics"] for visit in visits]
    assert newest_first == [["education-language"], ["housing"], ["housing", "kela-income"]]
    assert visits[-1]["at"] == "2026-11-17T08:15:00+00:00"  # 10:15 Helsinki time
    assert visits[0]["participants"] == 7


def test_visit_list_as_text_has_one_tab_separated_line_per_visit(seeded: Path, secret: Path) -> None:
    result = neuvo("visit", "list", "--week", "2026-W41", "--data-dir", seeded, passphrase_file=secret)
    assert result.code == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.split("\t")[1:] == ["2026-10-06 09:00", SITE, "taxes", "-", "walk-in"]


def test_visit_delete_removes_the_visit(own_store: Path, secret: Path) -> None:
    ids = []
    for day in ("17", "18"):
        added = neuvo(
            "visit",
            "add",
            "--topic",
            "housing",
            "--at",
            f"2026-11-{day}T12:00",
            "--data-dir",
            own_store,
            passphrase_file=secret,
        )
        ids.append(int(added.stdout))
    result = neuvo("visit", "delete", str(ids[0]), "--data-dir", own_store, passphrase_file=secret)
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    assert [visit["id"] for visit in listed(own_store, secret)] == [ids[1]]
    again = neuvo("visit", "delete", str(ids[0]), "--data-dir", own_store, passphrase_file=secret)
    assert again.code == 2
    assert f"No visit with id {ids[0]}" in again.stderr


def test_bad_topic_exits_2_naming_topic_and_changes_nothing(seeded: Path, secret: Path) -> None:
    before = listed(seeded, secret)
    result = neuvo(
        "visit", "add", "--topic", "astrology", "--at", "2026-11-18T12:00", "--data-dir", seeded, passphrase_file=secret
    )
    assert result.code == 2
    assert result.stdout == ""
    assert "--topic" in result.stderr
    assert "astrology" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert listed(seeded, secret) == before


def test_future_visit_exits_2_naming_at(seeded: Path, secret: Path) -> None:
    result = neuvo(
        "visit", "add", "--topic", "housing", "--at", "2099-01-01T12:00", "--data-dir", seeded, passphrase_file=secret
    )
    assert result.code == 2
    assert "--at" in result.stderr


def test_wrong_passphrase_exits_2_with_one_line_and_changes_nothing(own_store: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("wrong-river-7-orange\n", encoding="utf-8")
    before = folder_bytes(own_store)
    result = neuvo("visit", "add", "--topic", "housing", "--data-dir", own_store, passphrase_file=wrong)
    assert result.code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "Wrong passphrase" in result.stderr
    assert folder_bytes(own_store) == before


def test_no_passphrase_source_without_a_terminal_exits_2(seeded: Path) -> None:
    result = neuvo("visit", "list", "--data-dir", seeded)
    assert result.code == 2
    assert result.stdout == ""
    assert "--passphrase-file" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_export_weekly_csv_has_totals_and_counts_a_group_by_its_participants(seeded: Path, secret: Path) -> None:
    result = neuvo(
        "export",
        "weekly",
        "--from",
        "2026-W40",
        "--to",
        "2026-W47",
        "--format",
        "csv",
        "--data-dir",
        seeded,
        passphrase_file=secret,
    )
    assert result.code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["week", "site", "dimension", "value", "count"]
    counts = {(week, dimension, value): int(count) for week, site, dimension, value, count in rows[1:]}
    assert {week for week, _, _ in counts} == {f"2026-W{number}" for number in range(40, 48)}
    assert counts[("2026-W47", "total", "visits")] == 3
    assert counts[("2026-W47", "total", "participants")] == 9  # 1 + 1 + a group of 7
    assert counts[("2026-W47", "contact", "group")] == 1
    assert counts[("2026-W47", "topic", "housing")] == 2
    assert counts[("2026-W47", "language", "ar")] == 2
    assert counts[("2026-W41", "total", "visits")] == 1
    assert counts[("2026-W40", "total", "visits")] == 0
    assert counts[("2026-W40", "total", "participants")] == 0


def test_export_weekly_json_holds_one_report_per_week(seeded: Path, secret: Path) -> None:
    result = neuvo(
        "export",
        "weekly",
        "--from",
        "2026-W46",
        "--to",
        "2026-W47",
        "--format",
        "json",
        "--data-dir",
        seeded,
        passphrase_file=secret,
    )
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["from"], document["to"]) == ("2026-W46", "2026-W47")
    reports = {report["week"]: report for report in document["reports"]}
    assert reports["2026-W46"]["visits"] == 0
    assert (reports["2026-W47"]["visits"], reports["2026-W47"]["participants"]) == (3, 9)
    assert reports["2026-W47"]["counts"]["contact"] == {"walk-in": 1, "phone": 1, "group": 1}
    assert reports["2026-W47"]["site"] == SITE


def test_export_weekly_xlsx_has_one_sheet_per_dimension(seeded: Path, secret: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "weekly.xlsx"
    result = neuvo(
        "export",
        "weekly",
        "--from",
        "2026-W40",
        "--to",
        "2026-W47",
        "--format",
        "xlsx",
        "--out",
        target,
        "--data-dir",
        seeded,
        passphrase_file=secret,
    )
    assert result.code == 0, result.stderr
    workbook = load_workbook(target, read_only=True)
    assert workbook.sheetnames == ["total", *REPORT_DIMENSIONS]
    totals = [row for row in workbook["total"].iter_rows(values_only=True)]
    assert ("2026-W47", SITE, 3, 9) in totals
    topics = [row for row in workbook["topic"].iter_rows(min_row=3, values_only=True)]
    assert ("2026-W47", SITE, "housing", "Asuminen", "Boende", "Housing", 2) in topics
    workbook.close()


def test_export_xlsx_without_out_exits_2_before_asking_for_the_passphrase(seeded: Path) -> None:
    result = neuvo(
        "export", "weekly", "--from", "2026-W40", "--to", "2026-W47", "--format", "xlsx", "--data-dir", seeded
    )
    assert result.code == 2
    assert "--out" in result.stderr


def test_export_with_a_reversed_range_exits_2(seeded: Path, secret: Path) -> None:
    result = neuvo(
        "export",
        "weekly",
        "--from",
        "2026-W47",
        "--to",
        "2026-W40",
        "--format",
        "csv",
        "--data-dir",
        seeded,
        passphrase_file=secret,
    )
    assert result.code == 2
    assert result.stdout == ""


def test_codes_lists_topics_with_three_labels_and_languages_include_sorani_and_dari() -> None:
    result = neuvo("codes")
    assert result.code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(row) == 5 for row in rows)
    topics = {code: labels for dimension, code, *labels in rows if dimension == "topic"}
    assert topics["housing"] == ["Asuminen", "Boende", "Housing"]
    assert len(topics) == 21
    languages = {code: labels for dimension, code, *labels in rows if dimension == "language"}
    assert {"ckb", "prs", "ar", "so", "fi", "sv"} <= set(languages)
    assert all(label for labels in languages.values() for label in labels)


def test_codes_of_an_unknown_dimension_exits_2() -> None:
    result = neuvo("codes", "colour")
    assert result.code == 2
    assert "colour" in result.stderr


def test_visit_add_records_who_asked_and_refuses_an_unknown_one(own_store: Path, secret: Path) -> None:
    answers = {
        who: neuvo("visit", "add", "--topic", "taxes", "--asked-by", who, "--at", "2026-11-18T09:30", "--data-dir",
                   own_store, passphrase_file=secret)
        for who in ("relative", "cousin")
    }  # fmt: skip
    assert answers["relative"].code == 0, answers["relative"].stderr
    [visit] = listed(own_store, secret)
    assert visit["asked_by"] == "relative"
    refused = answers["cousin"]
    assert refused.code == 2 and refused.stdout == ""
    assert "--asked-by" in refused.stderr and "cousin" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
