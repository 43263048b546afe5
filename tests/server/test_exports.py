"""The server's weekly exports: the desktop's formats, summed before suppression, readable in Excel."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from app import exports as desktop
from app.codes import REPORT_DIMENSIONS
from app.sync.wire import WeeklyReport
from server.exports import combine, export_filename, sum_reports, weekly_export

EAST, WEST = "Itäkeskus", "Kannelmäki"


def weekly(
    site: str, week: str, visits: int, participants: int | None = None, **counts: dict[str, int]
) -> WeeklyReport:
    return WeeklyReport(site=site, week=week, visits=visits, participants=participants or visits, counts=counts)


REPORTS = [
    weekly(
        EAST,
        "2026-W41",
        23,
        participants=30,
        contact={"walk-in": 20, "phone": 3},
        topic={"housing": 12, "health": 2},
        weekday={"mon": 10, "tue": 13},
    ),
    weekly(EAST, "2026-W40", 3, contact={"walk-in": 3}, topic={"housing": 3}),
    weekly(WEST, "2026-W40", 9, contact={"walk-in": 6, "phone": 3}, topic={"housing": 9}),
]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_is_the_desktop_long_format_with_marks_in_the_count_column() -> None:
    rows = csv_rows(weekly_export(REPORTS, "csv", 5, "2026-W40", "2026-W41"))
    assert list(rows[0]) == list(desktop.CSV_HEADER)
    # Weeks in order, totals first.
    assert [(row["week"], row["site"], row["value"]) for row in rows[:2]] == [
        ("2026-W40", EAST, "visits"),
        ("2026-W40", EAST, "participants"),
    ]
    cells = {(row["week"], row["site"], row["dimension"], row["value"]): row["count"] for row in rows}
    assert cells[("2026-W40", EAST, "total", "visits")] == "<5"
    assert cells[("2026-W40", EAST, "topic", "housing")] == "<5"
    assert cells[("2026-W41", EAST, "total", "visits")] == "23"
    assert cells[("2026-W41", EAST, "total", "participants")] == "30"
    assert cells[("2026-W41", EAST, "contact", "phone")] == "<5"
    assert cells[("2026-W41", EAST, "contact", "walk-in")] == "x", "else 23 - 20 = 3 phone calls"
    assert cells[("2026-W41", EAST, "topic", "housing")] == "12"
    assert cells[("2026-W41", EAST, "topic", "health")] == "<5"
    assert not any(row["count"].isdigit() and 0 < int(row["count"]) < 5 for row in rows)


def test_with_threshold_one_the_csv_is_exactly_what_the_desktop_writes() -> None:
    ordered = sorted(REPORTS, key=lambda report: (report.week, report.site))
    assert weekly_export(REPORTS, "csv", 1, "2026-W40", "2026-W41").decode() == desktop.to_csv(ordered)


def test_hidden_rows_come_after_shown_ones_so_their_order_says_nothing() -> None:
    report = weekly(EAST, "2026-W40", 40, age_band={"18-24": 3, "30-64": 30, "under-18": 1, "25-29": 6})
    rows = csv_rows(weekly_export([report], "csv", 5, "2026-W40", "2026-W40"))
    assert [(row["value"], row["count"]) for row in rows if row["dimension"] == "age_band"] == [
        ("30-64", "30"),
        ("25-29", "6"),
        ("under-18", "<5"),
        ("18-24", "<5"),
    ], "hidden cells in code-list order, not 3 before 1"


def test_totals_are_summed_over_devices_before_suppression() -> None:
    devices = [weekly(EAST, "2026-W40", 2, contact={"phone": 2}) for _ in range(3)]
    site_week = sum_reports(devices, EAST, "2026-W40")
    assert (site_week.visits, site_week.counts) == (6, {"contact": {"phone": 6}})
    rows = csv_rows(weekly_export([site_week], "csv", 5, "2026-W40", "2026-W40"))
    assert {(row["dimension"], row["value"]): row["count"] for row in rows}[("contact", "phone")] == "6"


def test_combined_export_sums_each_week_across_sites_as_all() -> None:
    combined = combine(REPORTS)
    assert [(report.week, report.site, report.visits) for report in combined] == [
        ("2026-W40", "ALL", 12),
        ("2026-W41", "ALL", 23),
    ]
    assert combined[0].counts["contact"] == {"walk-in": 9, "phone": 3}
    cells = {
        (row["week"], row["dimension"], row["value"]): row["count"]
        for row in csv_rows(weekly_export(combined, "csv", 5, "2026-W40", "2026-W41"))
    }
    # East's 3 visits are hidden on their own but count in the combined total.
    assert cells[("2026-W40", "total", "visits")] == "12"
    assert cells[("2026-W40", "topic", "housing")] == "12"
    assert (cells[("2026-W40", "contact", "phone")], cells[("2026-W40", "contact", "walk-in")]) == ("<5", "x")


def test_json_parses_and_states_the_threshold() -> None:
    document = json.loads(weekly_export(REPORTS, "json", 5, "2026-W40", "2026-W41"))
    assert (document["from"], document["to"], document["suppression"]["threshold"]) == ("2026-W40", "2026-W41", 5)
    assert set(document["suppression"]["marks"]) == {"<5", "x"}
    first, _, last = document["reports"]
    assert (first["week"], first["site"], first["visits"], first["participants"]) == ("2026-W40", EAST, "<5", "<5")
    assert last["counts"]["contact"] == {"walk-in": "x", "phone": "<5"}
    assert last["counts"]["topic"] == {"housing": 12, "health": "<5"}


def test_xlsx_has_a_readable_sheet_per_dimension_with_marks_and_a_note() -> None:
    book = load_workbook(io.BytesIO(weekly_export(REPORTS, "xlsx", 5, "2026-W40", "2026-W41")))
    assert book.sheetnames == ["total", *REPORT_DIMENSIONS]
    totals = list(book["total"].iter_rows(min_row=2, max_row=4, values_only=True))
    assert totals == [("2026-W40", EAST, "<5", "<5"), ("2026-W40", WEST, 9, 9), ("2026-W41", EAST, 23, 30)]
    contact = [row for row in book["contact"].iter_rows(min_row=3, values_only=True) if row[0] == "2026-W41"]
    assert [(row[2], row[-1]) for row in contact] == [("walk-in", "x"), ("phone", "<5")]
    assert contact[1][3:6] == ("Puhelin", "Telefon", "Phone")
    for sheet in book.worksheets:
        notes = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] and '"<5" = 1–4' in str(row[0])]
        assert len(notes) == 3, f"sheet {sheet.title} explains the marks in fi, sv and en"


def test_xlsx_labels_referred_services_with_the_names_given() -> None:
    report = weekly(EAST, "2026-W40", 10, referral_service={"test:kela": 7})
    names = {"test:kela": {"fi": "Kela Itäkeskus", "sv": "FPA Östra centrum", "en": "Kela East Centre"}}
    book = load_workbook(io.BytesIO(weekly_export([report], "xlsx", 5, "2026-W40", "2026-W40", names)))
    [row] = list(book["referral_service"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert row == ("2026-W40", EAST, "test:kela", "Kela Itäkeskus", "FPA Östra centrum", "Kela East Centre", 7)


def test_an_empty_range_still_gives_a_file() -> None:
    assert csv_rows(weekly_export([], "csv", 5, "2026-W40", "2026-W41")) == []
    assert json.loads(weekly_export([], "json", 5, "2026-W40", "2026-W41"))["reports"] == []
    assert load_workbook(io.BytesIO(weekly_export([], "xlsx", 5, "2026-W40", "2026-W41"))).sheetnames[0] == "total"


@pytest.mark.parametrize(("fmt", "threshold"), [("pdf", 5), ("csv", 0), ("csv", 2)])
def test_unknown_format_or_useless_threshold_is_refused(fmt: str, threshold: int) -> None:
    with pytest.raises(ValueError):
        weekly_export(REPORTS, fmt, threshold, "2026-W40", "2026-W41")


def test_file_name_names_the_range_and_scope() -> None:
    assert export_filename("2026-W40", "2026-W47", "csv") == "neuvo-weekly-2026-W40-2026-W47.csv"
    assert export_filename("2026-W40", "2026-W47", "xlsx", combined=True) == "neuvo-weekly-2026-W40-2026-W47-all.xlsx"
    assert export_filename("2026-W40", "2026-W47", "json", site="Itäkeskus 2") == (
        "neuvo-weekly-2026-W40-2026-W47-itakeskus-2.json"
    )
