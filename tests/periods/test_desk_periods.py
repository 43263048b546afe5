"""Calendar months on the desk are exact: a week crossing a month boundary is split by the day of each visit, and
a held desk is reported with its sessions and hours even when nobody came."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.desk import Desk
from app.errors import BadInput
from app.periods import months_of_week, period_range
from app.storage.database import Database
from app.storage.models import WeekReportRow
from app.sync.wire import ReportUpload, WeeklyReport, sendable
from app.visits import VisitInput
from app.weeks import HELSINKI
from tests.conftest import SITE

# 2026-W05 runs from Monday 26 January to Sunday 1 February; 2 February is the Monday of W06.
BOUNDARY_DAYS = [
    datetime(2026, 1, 30, 10, 0, tzinfo=HELSINKI),
    datetime(2026, 1, 31, 11, 0, tzinfo=HELSINKI),
    datetime(2026, 2, 1, 12, 0, tzinfo=HELSINKI),
    datetime(2026, 2, 2, 13, 0, tzinfo=HELSINKI),
]


def add_boundary_visits(desk: Desk) -> None:
    for at in BOUNDARY_DAYS:
        desk.visits.add(VisitInput(topics=("housing",), languages=("ar",), at=at))


def period_csv(rows_text: str) -> dict[tuple[str, str, str, str], int]:
    reader = csv.DictReader(io.StringIO(rows_text))
    assert reader.fieldnames == ["period", "site", "dimension", "value", "count"]
    return {(row["period"], row["site"], row["dimension"], row["value"]): int(row["count"]) for row in reader}


def test_a_week_crossing_months_gives_exact_january_and_february(store: Database) -> None:
    desk = Desk(store)
    add_boundary_visits(desk)
    reports = desk.statistics.period_reports(period_range("month", "2026-01", "2026-02"))
    assert [(report.period, report.visits) for report in reports] == [("2026-01", 2), ("2026-02", 2)]
    # By the week's Thursday (29 January) all three W05 visits would have been January's.
    assert reports[0].counts["topic"] == {"housing": 2}
    [week_five] = desk.statistics.weekly_reports("2026-W05", "2026-W05")
    assert week_five.visits == 3
    assert week_five.parts is not None
    assert {month: part.visits for month, part in week_five.parts.items()} == {"2026-01": 2, "2026-02": 1}


def test_the_parts_travel_and_add_up_to_the_week(store: Database) -> None:
    desk = Desk(store)
    add_boundary_visits(desk)
    desk.statistics.weekly_reports("2026-W05", "2026-W06")
    site_id = desk.sites.by_name(SITE).id
    with store.session() as session:
        w05 = session.get(WeekReportRow, (site_id, "2026-W05"))
        w06 = session.get(WeekReportRow, (site_id, "2026-W06"))
        assert w05 is not None and w06 is not None
        payload, single = dict(w05.payload or {}), dict(w06.payload or {})
    upload = ReportUpload.model_validate({"revision": 1, **sendable(payload)})
    assert upload.canonical()["parts"]["2026-02"]["counts"]["language"] == {"ar": 1}
    assert "parts" not in single  # W06 lies in February alone


def test_parts_that_do_not_add_up_are_refused() -> None:
    part = {"visits": 1, "participants": 1, "counts": {"topic": {"housing": 1}}}
    document = {
        "site": SITE,
        "week": "2026-W05",
        "visits": 3,
        "participants": 3,
        "counts": {"topic": {"housing": 3}},
        "parts": {"2026-01": part, "2026-02": part},
    }
    with pytest.raises(ValueError, match="do not add up"):
        WeeklyReport.model_validate(document)
    with pytest.raises(ValueError, match="one month"):
        WeeklyReport.model_validate(
            {**document, "week": "2026-W07", "visits": 2, "participants": 2, "counts": {"topic": {"housing": 2}}}
        )
    # A report of before (no parts) stays valid.
    assert WeeklyReport.model_validate({k: v for k, v in document.items() if k != "parts"}).visits == 3


def test_a_topic_of_one_to_four_visits_a_week_adds_up_to_its_quarter(store: Database) -> None:
    desk = Desk(store)
    monday = datetime(2026, 1, 5, 10, 0, tzinfo=HELSINKI)  # 2026-W02
    days = [
        monday + timedelta(weeks=week, days=2 * visit) for week in range(13) for visit in range(4 - week % 4)
    ]  # 4, 3, 2, 1, 4, ... visits a week, on Monday, Wednesday, Friday, Sunday
    for at in days:
        desk.visits.add(VisitInput(topics=("taxes",), at=at))
    expected = len(days)
    [quarter] = desk.statistics.period_reports(period_range("quarter", "2026-Q1", "2026-Q1"))
    in_march = sum(1 for at in days if at.month <= 3)
    assert quarter.counts["topic"]["taxes"] == in_march
    assert in_march == expected - 3  # the last week (2026-W14, from Monday 30 March) has three in April
    [april] = desk.statistics.period_reports(period_range("month", "2026-04", "2026-04"))
    assert quarter.counts["topic"]["taxes"] + april.counts["topic"]["taxes"] == expected


def test_a_held_desk_with_no_visitors_is_reported(store: Database) -> None:
    desk = Desk(store)
    site_id = desk.sites.by_name(SITE).id
    start = datetime(2026, 3, 12, 12, 0, tzinfo=HELSINKI)
    desk.desk_sessions.record_past(site_id, start, start + timedelta(hours=4), staff="Anna", partner="Monik ry")
    desk.desk_sessions.record_past(
        site_id, start + timedelta(days=1), start + timedelta(days=1, hours=2, minutes=30), partner="monik ry"
    )
    [report] = desk.statistics.weekly_reports("2026-W11", "2026-W11")
    assert (report.visits, report.sessions, report.minutes_open, report.partners) == (0, 2, 390, 1)
    with store.session() as session:
        row = session.get(WeekReportRow, (site_id, "2026-W11"))
        assert row is not None and row.revision >= 1  # waiting to be sent
        sent = sendable(dict(row.payload or {}))
    assert "Anna" not in json.dumps(sent) and "Monik" not in json.dumps(sent)
    assert ReportUpload.model_validate({"revision": 1, **sent}).sessions == 2


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-13", "2026-13", "'2026-13' is not a month"),
        ("2026-Q5", "2026-Q5", "'2026-Q5' is not a quarter"),
        ("2026-03", "2026-01", "ends (2026-01) before it starts (2026-03)"),
        ("March", "2026-03", "is not a month, quarter or year"),
    ],
)
def test_bad_periods_are_refused_with_one_sentence(first: str, last: str, message: str) -> None:
    with pytest.raises(BadInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        period_range("month", first, last)


def test_a_quarter_must_be_whole() -> None:
    with pytest.raises(BadInput, match="does not start a quarter"):
        period_range("quarter", "2026-02", "2026-06")
    assert period_range("quarter", "2026-01", "2026-06").periods() == ["2026-Q1", "2026-Q2"]
    assert period_range("year", "2026", "2026").first_week == "2026-W01"
    assert months_of_week("2026-W05") == [(2026, 1), (2026, 2)]


def test_export_period_command_writes_the_exact_months(
    store: Database, passphrase_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = Desk(store)
    add_boundary_visits(desk)
    store.lock()
    data = ["--data-dir", str(store.data_dir), "--passphrase-file", str(passphrase_file)]
    code = main(
        ["export", "period", "--period", "month", "--from", "2026-01", "--to", "2026-03", "--format", "csv", *data]
    )
    assert code == 0
    cells = period_csv(capsys.readouterr().out)
    assert cells[("2026-01", SITE, "total", "visits")] == 2
    assert cells[("2026-02", SITE, "total", "visits")] == 2
    assert cells[("2026-03", SITE, "total", "visits")] == 0
    assert cells[("2026-02", SITE, "topic", "housing")] == 2
    out = tmp_path / "q.xlsx"
    assert (
        main(
            [
                "export",
                "period",
                "--period",
                "quarter",
                "--from",
                "2026-Q1",
                "--to",
                "2026-Q1",
                "--format",
                "xlsx",
                "--out",
                str(out),
                *data,
            ]
        )
        == 0
    )
    from openpyxl import load_workbook

    sheet = load_workbook(out)["total"]
    assert [cell.value for cell in sheet[2]] == ["2026-Q1", SITE, 4, 4]
    assert (
        main(["export", "period", "--period", "year", "--from", "2026", "--to", "2026", "--format", "json", *data]) == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert document["reports"][0]["period"] == "2026" and document["reports"][0]["visits"] == 4


@pytest.mark.parametrize("spec", ["2026-13", "2026-Q5"])
def test_export_period_command_refuses_a_bad_period_in_one_line(
    store: Database, passphrase_file: Path, capsys: pytest.CaptureFixture[str], spec: str
) -> None:
    store.lock()
    data = ["--data-dir", str(store.data_dir), "--passphrase-file", str(passphrase_file)]
    code = main(["export", "period", "--period", "month", "--from", spec, "--to", "2026-12", "--format", "csv", *data])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and spec in err
