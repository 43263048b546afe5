"""Exports over the API: perturbed reports summed per site, team or all sites (ALL), per week or month."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
from conftest import Desk, report, unique
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from server.exports import suppressed_rows
from server.models import Report
from server.reports import contributions
from server.suppression import Contribution, publish


def rows(response: httpx.Response) -> dict[tuple[str, str, str, str], str]:
    assert response.status_code == 200, response.text
    return {
        (row["week"], row["site"], row["dimension"], row["value"]): row["count"]
        for row in csv.DictReader(io.StringIO(response.text))
    }


def send(http: httpx.Client, desk: Desk, site: str, week: str, visits: int, **counts: dict[str, int]) -> None:
    answer = http.put(f"/reports/{site}/{week}", json=report(visits=visits, **counts), headers=desk.headers)
    assert answer.status_code == 200, answer.text


def published(db_engine: Engine, first: str, last: str, **options: Any) -> dict[tuple[str, str, str, str], str]:
    """What the export must say: the stored reports, with their own keys, through server.suppression.publish."""
    site = options.pop("site", None)
    with Session(db_engine) as session:
        tables = publish(contributions(session, first, last, site), 5, **options)
    return {key: value for key, value in rows_of(suppressed_rows(tables)).items()}


def rows_of(long_rows: list[tuple[str, str, str, str, int | str]]) -> dict[tuple[str, str, str, str], str]:
    return {(week, site, dimension, value): str(count) for week, site, dimension, value, count in long_rows}


def test_the_csv_export_sums_the_perturbed_counts_of_each_device(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str], db_engine: Engine
) -> None:
    site = unique("Puhos")
    first, second = enroll(site), enroll(site)
    send(http, first, site, "2026-W40", 3, gender={"woman": 2})
    send(http, second, site, "2026-W40", 40)
    send(http, second, site, "2026-W39", 9)  # outside the range asked for
    params = {"from": "2026-W40", "to": "2026-W41", "site": site, "format": "csv"}
    response = http.get("/exports/weekly", params=params, headers=coordinator)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.splitlines()[0] == "week,site,dimension,value,count"
    counts = rows(response)
    assert counts == published(db_engine, "2026-W40", "2026-W41", site=site)
    assert all(week == "2026-W40" for week, *_ in counts)
    visits = int(counts[("2026-W40", site, "total", "visits")])
    assert abs(visits - 43) <= 2 * 20  # two perturbations, far inside the attacker's one-in-a-million bound each
    again = http.get("/exports/weekly", params=params, headers=coordinator)
    assert again.text == response.text  # asking again gives the very same numbers: nothing averages out


def test_combined_team_and_month_tables_are_sums_of_the_same_perturbed_reports(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str], db_engine: Engine
) -> None:
    team = unique("West")
    east, west = unique("Itis"), unique("Myyrmäki")
    send(http, enroll(east, team), east, "2025-W11", 60)
    send(http, enroll(west, team), west, "2025-W11", 80)
    send(http, enroll(west, team), west, "2025-W12", 70)
    for options in ({"by": "combined"}, {"combined": "true"}, {"by": "team", "period": "month"}):
        params = {"from": "2025-W11", "to": "2025-W12", "format": "csv", **options}
        counts = rows(http.get("/exports/weekly", params=params, headers=coordinator))
        grouping = "combined" if options.get("combined") else options["by"]
        expected = published(db_engine, "2025-W11", "2025-W12", grouping=grouping, period=options.get("period", "week"))
        assert counts == expected
    by_site = rows(http.get("/exports/weekly", params={"from": "2025-W11", "to": "2025-W12"}, headers=coordinator))
    month = rows(
        http.get(
            "/exports/weekly",
            params={"from": "2025-W11", "to": "2025-W12", "by": "team", "period": "month"},
            headers=coordinator,
        )
    )
    site_sum = sum(
        int(by_site[(week, site, "total", "visits")])
        for week in ("2025-W11", "2025-W12")
        for site in (east, west)
        if (week, site, "total", "visits") in by_site
    )
    assert int(month[("2025-03", team, "total", "visits")]) == site_sum  # exactly additive, no remainder to read


def test_json_and_xlsx_exports(http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]) -> None:
    site = unique("Kontula")
    send(http, enroll(site), site, "2026-W45", 12)
    params = {"from": "2026-W45", "to": "2026-W45", "site": site}
    as_json = http.get("/exports/weekly", params={**params, "format": "json"}, headers=coordinator)
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    assert as_json.json()["disclosure_control"]["method"] == "perturbation"
    assert '"visits"' in as_json.text
    as_xlsx = http.get("/exports/weekly", params={**params, "format": "xlsx"}, headers=coordinator)
    assert as_xlsx.status_code == 200 and as_xlsx.content.startswith(b"PK")
    assert as_xlsx.headers["content-disposition"].endswith('.xlsx"')


def test_a_bad_range_is_refused(http: httpx.Client, coordinator: dict[str, str]) -> None:
    for first, last in [
        ("2026-W50", "2026-W40"),
        ("2026-W99", "2026-W40"),
        ("last week", "2026-W40"),
        ("9999-W52", "9999-W52"),
        ("0001-W01", "2026-W40"),
        ("1-W01", "2026-W01"),
    ]:
        refused = http.get("/exports/weekly", params={"from": first, "to": last}, headers=coordinator)
        assert refused.status_code == 422, refused.text
        assert isinstance(refused.json()["detail"], str)
    missing = http.get("/exports/weekly", params={"from": "2026-W40"}, headers=coordinator)
    assert missing.status_code == 422
    assert "'to'" in missing.json()["detail"]


def test_a_new_revision_keeps_the_reports_key_so_unchanged_counts_keep_their_perturbation(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    """An honest laptop resends its week after every visit: counts that did not change must not be drawn again,
    or a reader watching the exports through the week could average their noise away."""
    site = unique("Vallila")
    desk = enroll(site)
    week = "2026-W30"

    def stored() -> Contribution:
        with Session(db_engine) as session:
            [only] = contributions(session, week, week, site)
        return only

    body = report(revision=1, visits=30, gender={"woman": 3})
    assert http.put(f"/reports/{site}/{week}", json=body, headers=desk.headers).status_code == 200
    first = stored()
    body = report(revision=2, visits=31, gender={"woman": 3})
    assert http.put(f"/reports/{site}/{week}", json=body, headers=desk.headers).status_code == 200
    second = stored()
    assert second.cell_key == first.cell_key

    # A 3 may be perturbed down to 0: the stored perturbed counts leave a 0 out (server.suppression.cells_of), the
    # ones worked out from the key keep it. Both publish 0; compare what is not 0.
    def nonzero(cells: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
        return {cell: count for cell, count in cells.items() if count}

    woman = ("gender", "woman")
    assert second.perturbed().get(woman, 0) == first.perturbed().get(woman, 0)
    # What was stored on arrival is what the key gives: exports only add stored numbers up.
    recomputed = Contribution(second.device_id, site, second.team, week, second.cell_key, second.counts)
    assert nonzero(second.perturbed()) == nonzero(recomputed.perturbed())
    # A row stored before perturbation (no perturbed counts) exports all the same, from its key.
    with db_engine.begin() as connection:
        connection.execute(update(Report).where(Report.device_id == desk.device_id).values(perturbed=None))
    assert nonzero(stored().perturbed()) == nonzero(second.perturbed())
