"""Calendar months on the server after a real sync: exact around a week crossing a month boundary, disclosure
control on the summed cell, held desks and slots arriving, completeness from them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from server_process import _database_of, run_cli
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.desk import Desk
from app.storage.database import Database
from app.visits import VisitInput
from app.weeks import HELSINKI, month_of_week
from server.models import Report, Site
from tests.conftest import sync_of
from tests.sync.conftest import Coordinator, unique_site

MakeDesk = Callable[..., Database]
BOUNDARY_DAYS = [
    datetime(2026, 1, 30, 10, 0, tzinfo=HELSINKI),  # Friday of 2026-W05
    datetime(2026, 1, 31, 11, 0, tzinfo=HELSINKI),  # Saturday
    datetime(2026, 2, 1, 12, 0, tzinfo=HELSINKI),  # Sunday: still W05, but February
    datetime(2026, 2, 2, 13, 0, tzinfo=HELSINKI),  # Monday of 2026-W06
]


def stored(url: str, site: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(week, true payload, perturbed payload) of every report of the site, as the server holds them."""
    engine = create_engine(_database_of(url))
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(Report.week, Report.payload, Report.perturbed)
                .join(Site, Site.id == Report.site_id)
                .where(Site.name == site)
                .order_by(Report.week)
            ).all()
    finally:
        engine.dispose()
    return [(week, payload, perturbed) for week, payload, perturbed in rows]


def enroll_and_sync(store: Database, coordinator: Coordinator, site: str) -> None:
    """Enroll the desk for its site and send every week that waits, through a real sync."""
    service = sync_of(store)
    service.enroll(coordinator.url, coordinator.code(site))
    assert service.sync_once().waiting_weeks == 0


def csv_cells(text: str) -> dict[tuple[str, str, str, str], int | str]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ["period", "site", "dimension", "value", "count"]
    return {
        (row["period"], row["site"], row["dimension"], row["value"]): int(row["count"])
        if row["count"].isdigit()
        else row["count"]
        for row in reader
    }


def month_sum(reports: list[tuple[str, dict[str, Any], dict[str, Any]]], month: str, which: int) -> int:
    """The visits of `month` summed from the stored reports' parts (a week inside one month counts whole)."""
    total = 0
    for week, *payloads in reports:
        payload = payloads[which]
        if payload.get("parts"):
            total += payload["parts"].get(month, {}).get("visits", 0)
        elif month_of_week(week) == month:  # a week inside one month
            total += payload["visits"]
    return total


def test_january_and_february_are_exact_on_the_server_after_a_sync(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site("Boundary")
    store = make_desk(site)
    desk = Desk(store)
    for moment in BOUNDARY_DAYS:
        desk.visits.add(VisitInput(topics=("housing",), languages=("ar",), at=moment))
    enroll_and_sync(store, coordinator, site)

    reports = stored(coordinator.url, site)
    assert [week for week, _true, _perturbed in reports] == ["2026-W05", "2026-W06"]
    # The true counts the server holds split W05 by day: 2 in January, 1 in February (and W06's 1 in February).
    assert month_sum(reports, "2026-01", 0) == 2 and month_sum(reports, "2026-02", 0) == 2
    # The published months are the sums of the same reports' perturbed parts, cell by cell.
    response = coordinator.http.get(
        "/exports/period", params={"period": "month", "from": "2026-01", "to": "2026-02", "site": site}
    )
    assert response.status_code == 200, response.text
    assert 'filename="neuvo-monthly-2026-01-2026-02-' in response.headers["content-disposition"]
    cells = csv_cells(response.text)
    assert cells[("2026-01", site, "total", "visits")] == month_sum(reports, "2026-01", 1)
    assert cells[("2026-02", site, "total", "visits")] == month_sum(reports, "2026-02", 1)
    # The week's published count is made of the same draws as its months: W05 = its January + its February.
    w05 = reports[0][2]
    assert w05["visits"] == w05["parts"]["2026-01"]["visits"] + w05["parts"]["2026-02"]["visits"]
    # The command line gives the same table.
    command = run_cli(
        _database_of(coordinator.url),
        *("export", "period", "--period", "month", "--from", "2026-01", "--to", "2026-02", "--format", "csv"),
        *("--site", site, "--threshold", "1"),
    )
    assert csv_cells(command.stdout) == cells


def test_a_topic_of_one_to_four_a_week_shows_its_quarter_as_one_summed_cell(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site("Quarter")
    store = make_desk(site)
    desk = Desk(store)
    monday = datetime(2026, 1, 5, 10, 0, tzinfo=HELSINKI)  # 2026-W02; 13 weeks to 2026-W14
    for week in range(13):
        for visit in range(1 + week % 4):
            desk.visits.add(VisitInput(topics=("taxes",), at=monday + timedelta(weeks=week, hours=visit)))
    enroll_and_sync(store, coordinator, site)

    reports = stored(coordinator.url, site)
    assert len(reports) == 13
    published = sum(perturbed["counts"]["topic"]["taxes"] for _week, _true, perturbed in reports)
    quarter = run_cli(
        _database_of(coordinator.url),
        *("export", "period", "--period", "quarter", "--from", "2026-Q1", "--to", "2026-Q1", "--format", "json"),
        *("--site", site, "--threshold", "5"),
    )
    [row] = json.loads(quarter.stdout)["reports"]
    # Every week of 2026-W02..W14 lies in the quarter's months (W14's visits are on Monday 30 March).
    assert row["period"] == "2026-Q1" and row["counts"]["topic"]["taxes"] == published
    assert published >= 5 and abs(published - 31) <= 4 * 13**0.5 * 3  # the true 31, perturbed per report
    weekly = run_cli(
        _database_of(coordinator.url),
        *("export", "weekly", "--from", "2026-W02", "--to", "2026-W14", "--format", "csv", "--site", site),
        *("--threshold", "5"),
    )
    assert weekly.stdout.count(",topic,taxes,<5") >= 6  # the weekly parts are hidden; their sum is not


def test_a_held_desk_without_visitors_and_its_slots_reach_completeness(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site("Held")
    store = make_desk(site)
    desk = Desk(store)
    site_id = desk.sites.by_name(site).id
    desk.sites.add_slot(site_id, 4, "12:00", "16:00", partner="Monik ry")
    thursday = datetime(2026, 3, 12, 12, 0, tzinfo=HELSINKI)  # 2026-W11
    desk.desk_sessions.record_past(site_id, thursday, thursday + timedelta(hours=4), staff="Anna", partner="Monik ry")
    desk.visits.add(VisitInput(topics=("housing",), at=thursday + timedelta(weeks=2)))  # 2026-W13
    enroll_and_sync(store, coordinator, site)

    reports = {week: true for week, true, _perturbed in stored(coordinator.url, site)}
    assert reports["2026-W11"]["visits"] == 0
    assert (reports["2026-W11"]["sessions"], reports["2026-W11"]["minutes_open"]) == (1, 240)
    assert reports["2026-W11"]["partners"] == 1
    assert "Anna" not in json.dumps(reports) and "Monik" not in json.dumps(reports)

    answer = coordinator.http.get("/completeness", params={"from": "2026-W10", "to": "2026-W13", "site": site})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    [summary] = result["sites"]
    assert summary["has_slots"] is True and summary["sessions"] == 1 and summary["hours_open"] == 4
    statuses = {week["week"]: week["status"] for week in result["weeks"]}
    # The site's slots arrived: every week from its start (its creation this week, or its first report, W11) is
    # expected; W10 came before the first report and the site's creation on the server.
    assert statuses == {"2026-W10": "no-desk", "2026-W11": "reported", "2026-W12": "missing", "2026-W13": "reported"}
    assert (summary["expected"], summary["received"], summary["rate"]) == (3, 2, 0.6667)
    command = run_cli(
        _database_of(coordinator.url), "completeness", "--from", "2026-W10", "--to", "2026-W13", "--site", site
    )
    assert "2 of 3 expected weeks reported (67%)" in command.stdout
    assert "2026-W12  " + site + "  missing" in command.stdout


def test_bad_periods_are_refused_by_the_api_and_the_command(coordinator: Coordinator) -> None:
    for first, last, sentence in [
        ("2026-13", "2026-13", "'2026-13' is not a month: a year has months 01–12."),
        ("2026-Q5", "2026-Q5", "'2026-Q5' is not a quarter: a year has quarters Q1–Q4."),
        ("2026-03", "2026-01", "The range ends (2026-01) before it starts (2026-03)."),
    ]:
        answer = coordinator.http.get("/exports/period", params={"period": "month", "from": first, "to": last})
        assert answer.status_code == 422 and answer.json()["detail"] == sentence
        command = run_cli(
            _database_of(coordinator.url),
            *("export", "period", "--period", "month", "--from", first, "--to", last, "--format", "csv"),
            check=False,
        )
        assert command.returncode == 2 and command.stdout == ""
        assert command.stderr.strip().splitlines() == [f"neuvo-server: {sentence}"]
    answer = coordinator.http.get("/completeness", params={"from": "2026-W10", "to": "2026-W01"})
    assert answer.status_code == 422 and "before it starts" in answer.json()["detail"]
    command = run_cli(
        _database_of(coordinator.url), "completeness", "--from", "2026-W54", "--to", "2026-W60", check=False
    )
    assert command.returncode == 2 and len(command.stderr.strip().splitlines()) == 1
