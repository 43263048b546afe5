"""Weekly exports over the API: summed over devices, per site or combined (ALL), small counts shown as <5."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import httpx
from conftest import Desk, report, unique


def rows(response: httpx.Response) -> dict[tuple[str, str, str, str], str]:
    assert response.status_code == 200, response.text
    return {
        (row["week"], row["site"], row["dimension"], row["value"]): row["count"]
        for row in csv.DictReader(io.StringIO(response.text))
    }


def send(http: httpx.Client, desk: Desk, site: str, week: str, visits: int, **counts: dict[str, int]) -> None:
    answer = http.put(f"/reports/{site}/{week}", json=report(visits=visits, **counts), headers=desk.headers)
    assert answer.status_code == 200, answer.text


def test_the_csv_export_sums_devices_and_hides_small_counts(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    site = unique("Puhos")
    first, second = enroll(site), enroll(site)
    send(http, first, site, "2026-W40", 3, gender={"woman": 2})
    send(http, second, site, "2026-W40", 4)
    send(http, second, site, "2026-W39", 9)  # outside the range asked for
    params = {"from": "2026-W40", "to": "2026-W41", "site": site, "format": "csv"}
    response = http.get("/exports/weekly", params=params, headers=coordinator)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.splitlines()[0] == "week,site,dimension,value,count"
    counts = rows(response)
    assert counts[("2026-W40", site, "total", "visits")] == "7"
    assert counts[("2026-W40", site, "contact", "walk-in")] == "7"
    assert counts[("2026-W40", site, "gender", "woman")] == "<5"
    assert all(week == "2026-W40" for week, *_ in counts)


def test_the_combined_export_sums_every_site_as_all(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    east, west = unique("Itis"), unique("Myyrmäki")
    send(http, enroll(east), east, "2025-W11", 6)
    send(http, enroll(west), west, "2025-W11", 8)
    params = {"from": "2025-W11", "to": "2025-W11", "combined": "true", "format": "csv"}
    counts = rows(http.get("/exports/weekly", params=params, headers=coordinator))
    assert counts[("2025-W11", "ALL", "total", "visits")] == "14"
    assert {site for _, site, _, _ in counts} == {"ALL"}


def test_json_and_xlsx_exports(http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]) -> None:
    site = unique("Kontula")
    send(http, enroll(site), site, "2026-W45", 12)
    params = {"from": "2026-W45", "to": "2026-W45", "site": site}
    as_json = http.get("/exports/weekly", params={**params, "format": "json"}, headers=coordinator)
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    assert '"visits"' in as_json.text
    as_xlsx = http.get("/exports/weekly", params={**params, "format": "xlsx"}, headers=coordinator)
    assert as_xlsx.status_code == 200 and as_xlsx.content.startswith(b"PK")
    assert as_xlsx.headers["content-disposition"].endswith('.xlsx"')


def test_a_bad_range_is_refused(http: httpx.Client, coordinator: dict[str, str]) -> None:
    for first, last in [("2026-W50", "2026-W40"), ("2026-W99", "2026-W40"), ("last week", "2026-W40")]:
        refused = http.get("/exports/weekly", params={"from": first, "to": last}, headers=coordinator)
        assert refused.status_code == 422, refused.text
        assert isinstance(refused.json()["detail"], str)
    missing = http.get("/exports/weekly", params={"from": "2026-W40"}, headers=coordinator)
    assert missing.status_code == 422
    assert "'to'" in missing.json()["detail"]
