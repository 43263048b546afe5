"""CSV for Excel in Finland: `neuvo export weekly --csv-dialect excel-fi` writes the long format's rows with a UTF-8
byte order mark, `;` between fields, CRLF and decimal commas, so that a double-click puts every field in its own
column and å, ä, ö read right. The default stays the documented long format (comma, LF, no BOM)."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from app.exports import ExcelFinnish, csv_text
from tests.test_cli import NEUVO, neuvo

SITE_WITH_UMLAUTS = "Itäkeskus – Kontula, Åbo-väg"
WEEK = "2026-W47"
VISITS = [
    ["--topic", "housing", "--language", "ar", "--at", "2026-11-17T10:15"],
    ["--topic", "housing", "--topic", "taxes", "--language", "so", "--at", "2026-11-18T14:40"],
]


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import PASSPHRASE

    path = tmp_path_factory.mktemp("secret") / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, secret: Path) -> Path:
    folder = tmp_path_factory.mktemp("csv-dialect") / "data"
    assert neuvo("init", "--site", SITE_WITH_UMLAUTS, "--data-dir", folder, passphrase_file=secret).code == 0
    for visit in VISITS:
        assert neuvo("visit", "add", *visit, "--data-dir", folder, passphrase_file=secret).code == 0
    return folder


def export(data: Path, secret: Path, *options: str | Path) -> subprocess.CompletedProcess[bytes]:
    command = [str(NEUVO), "export", "weekly", "--from", WEEK, "--to", WEEK, "--format", "csv", *map(str, options)]
    return subprocess.run(
        [*command, "--data-dir", str(data), "--passphrase-file", str(secret)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_excel_fi_file_has_a_bom_semicolons_and_reads_back_in_its_dialect(
    data: Path, secret: Path, tmp_path: Path
) -> None:
    target = tmp_path / "weeks.csv"
    completed = export(data, secret, "--csv-dialect", "excel-fi", "--out", target)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == b""

    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfweek;site;dimension;value;count\r\n")
    assert raw.count(b"\r\n") == raw.count(b"\n"), "every line ends in CRLF"
    assert SITE_WITH_UMLAUTS.encode("utf-8") in raw, "å, ä, ö as UTF-8"
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, dialect="excel-fi"))
    assert rows[0] == ["week", "site", "dimension", "value", "count"]
    assert all(len(row) == 5 for row in rows), "the site's comma does not split it: every row has five fields"
    assert [WEEK, SITE_WITH_UMLAUTS, "total", "visits", "2"] in rows
    assert [WEEK, SITE_WITH_UMLAUTS, "topic", "housing", "2"] in rows
    assert [WEEK, SITE_WITH_UMLAUTS, "topic", "taxes", "1"] in rows

    plain = export(data, secret)
    assert plain.returncode == 0
    assert rows == list(csv.reader(io.StringIO(plain.stdout.decode("utf-8")))), "the same rows as the long format"


def test_excel_fi_to_standard_output_is_the_same_bytes(data: Path, secret: Path, tmp_path: Path) -> None:
    target = tmp_path / "weeks.csv"
    assert export(data, secret, "--csv-dialect", "excel-fi", "--out", target).returncode == 0
    printed = export(data, secret, "--csv-dialect", "excel-fi")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == target.read_bytes()


def test_the_default_stays_the_documented_long_format(data: Path, secret: Path) -> None:
    completed = export(data, secret)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith(b"week,site,dimension,value,count\n")
    assert b"\r" not in completed.stdout and not completed.stdout.startswith(b"\xef\xbb\xbf")
    assert completed.stdout == export(data, secret, "--csv-dialect", "plain").stdout


def test_a_dialect_for_another_format_exits_2_before_the_passphrase(data: Path) -> None:
    result = neuvo("export", "weekly", "--from", WEEK, "--to", WEEK, "--format", "json", "--csv-dialect", "excel-fi",
                   "--data-dir", data)  # fmt: skip
    assert result.code == 2
    assert result.stderr == "neuvo: error: --csv-dialect: only a CSV export has a dialect, not --format json.\n"
    unknown = neuvo("export", "weekly", "--from", WEEK, "--to", WEEK, "--format", "csv", "--csv-dialect", "excel",
                    "--data-dir", data)  # fmt: skip
    assert unknown.code == 2 and unknown.stderr.count("\n") == 1 and "--csv-dialect" in unknown.stderr


def test_decimals_get_a_decimal_comma_and_formulas_stay_text() -> None:
    rows = [("2026-W47", "=HYPERLINK(1)", "duration", "mean", 2.5), ("2026-W47", "Puhos", "total", "visits", 3)]
    text = csv_text(rows, "excel-fi")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), dialect=ExcelFinnish))
    assert parsed[1] == ["2026-W47", "'=HYPERLINK(1)", "duration", "mean", "2,5"]
    assert parsed[2] == ["2026-W47", "Puhos", "total", "visits", "3"]
    assert '"2,5"' not in text, "a decimal comma needs no quotes when ';' separates the fields"
