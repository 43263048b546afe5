"""Months, quarters and years on the real server (SQLite and PostgreSQL): reports with month parts are checked
and published exactly, old reports stay valid, slots arrive, and the summary PDF says what the export says."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from server_process import ServerProcess, run_cli
from sqlalchemy import Engine, select

from server.models import Report, Site
from tests.server.conftest import Desk, unique

W05_PARTS = {
    "2026-01": {"visits": 6, "participants": 6, "counts": {"contact": {"walk-in": 6}, "topic": {"housing": 6}}},
    "2026-02": {"visits": 2, "participants": 2, "counts": {"contact": {"walk-in": 2}, "topic": {"housing": 2}}},
}


def upload(visits: int, revision: int = 1, parts: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "revision": revision,
        "visits": visits,
        "participants": visits,
        "counts": {"contact": {"walk-in": visits}, "topic": {"housing": visits}},
        **extra,
    }
    if parts is not None:
        body["parts"] = parts
    return body


def perturbed_of(engine: Engine, site: str) -> dict[str, dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Report.week, Report.perturbed).join(Site, Site.id == Report.site_id).where(Site.name == site)
        ).all()
    return {week: perturbed for week, perturbed in rows}


def cells(text: str) -> dict[tuple[str, str, str, str], str]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ["period", "site", "dimension", "value", "count"]
    return {(row["period"], row["site"], row["dimension"], row["value"]): row["count"] for row in reader}


def test_a_crossing_week_is_published_by_its_parts_and_an_old_one_by_its_thursday(
    http: httpx.Client, coordinator: dict[str, str], enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Parts")
    desk = enroll(site)
    put = http.put(f"/reports/{site}/2026-W05", json=upload(8, parts=W05_PARTS), headers=desk.headers)
    assert put.status_code == 200, put.text
    # A report of before (no parts) of another crossing week stays valid: 2026-W09 runs 23 Feb - 1 Mar.
    old = http.put(f"/reports/{site}/2026-W09", json=upload(7), headers=desk.headers)
    assert old.status_code == 200, old.text
    stored = perturbed_of(db_engine, site)
    w05 = stored["2026-W05"]
    assert w05["visits"] == w05["parts"]["2026-01"]["visits"] + w05["parts"]["2026-02"]["visits"]

    answer = http.get(
        "/exports/period",
        params={"period": "month", "from": "2026-01", "to": "2026-03", "site": site, "format": "json", "threshold": 5},
        headers=coordinator,
    )
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert (document["period"], document["from"], document["to"]) == ("month", "2026-01", "2026-03")
    assert document["disclosure_control"]["inexact_reports"] == 1
    rows = {row["period"]: row for row in document["reports"]}

    def shown(value: int) -> int | str:
        return "<5" if 0 < value < 5 else value

    assert rows["2026-01"]["visits"] == shown(w05["parts"]["2026-01"]["visits"])
    # February: W05's February part plus the whole old W09 (its Thursday, 26 February, is in February).
    assert rows["2026-02"]["visits"] == shown(w05["parts"]["2026-02"]["visits"] + stored["2026-W09"]["visits"])
    assert rows["2026-03"]["visits"] == 0


def test_parts_must_be_the_weeks_months_and_add_up(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Bad parts")
    desk = enroll(site)
    wrong_sum = {**W05_PARTS, "2026-02": {**W05_PARTS["2026-02"], "visits": 3, "participants": 3}}
    refusals = [
        ("2026-W05", upload(8, parts=wrong_sum), "do not add up"),
        ("2026-W07", upload(8, parts=W05_PARTS), "lies in one month and has no parts"),
        ("2026-W05", upload(8, parts={"2026-01": W05_PARTS["2026-01"], "2026-03": W05_PARTS["2026-02"]}), "months"),
        ("2026-W05", upload(8, sessions=1, partners=2), "partner organisations"),
    ]
    for week, body, words in refusals:
        answer = http.put(f"/reports/{site}/{week}", json=body, headers=desk.headers)
        assert answer.status_code == 422, answer.text
        assert words in json.dumps(answer.json())
    assert perturbed_of(db_engine, site) == {}  # nothing stored


def test_slots_arrive_for_the_teams_sites_only(
    http: httpx.Client, coordinator: dict[str, str], enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site, other = unique("Slots"), unique("Other team")
    desk = enroll(site)
    enroll(other)
    slots = {"slots": [{"weekday": 4, "start": "12:00", "end": "16:00"}]}
    answer = http.put(f"/sites/{site}/slots", json=slots, headers=desk.headers)
    assert answer.status_code == 200, answer.text
    assert http.put(f"/sites/{other}/slots", json=slots, headers=desk.headers).status_code == 403
    bad = {"slots": [{"weekday": 4, "start": "16:00", "end": "12:00"}]}
    assert http.put(f"/sites/{site}/slots", json=bad, headers=desk.headers).status_code == 422
    named = {"slots": [{"weekday": 4, "start": "12:00", "end": "16:00", "staff": "Anna"}]}
    assert http.put(f"/sites/{site}/slots", json=named, headers=desk.headers).status_code == 422
    with db_engine.connect() as connection:
        stored = connection.execute(select(Site.slots).where(Site.name == site)).scalar_one()
    assert stored == [{"weekday": 4, "start": "12:00", "end": "16:00"}]
    result = http.get(
        "/completeness", params={"from": "2026-W01", "to": "2026-W02", "site": site}, headers=coordinator
    ).json()
    assert result["sites"][0]["has_slots"] is True


def test_slots_sent_earlier_and_delivered_late_do_not_replace_newer_ones(
    http: httpx.Client, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    """A request held up on the way (a proxy, a dropped connection retried) can arrive after a newer one: the
    laptop says when it read its slots, and the server keeps the newest it has heard of."""
    site = unique("Late slots")
    desk = enroll(site)
    newer = {"slots": [{"weekday": 2, "start": "10:00", "end": "14:00"}], "as_of": "2026-12-03T10:00:00Z"}
    older = {"slots": [{"weekday": 4, "start": "12:00", "end": "16:00"}], "as_of": "2026-12-03T09:00:00Z"}
    assert http.put(f"/sites/{site}/slots", json=newer, headers=desk.headers).status_code == 200
    late = http.put(f"/sites/{site}/slots", json=older, headers=desk.headers)
    assert late.status_code == 200 and late.json()["slots"] == newer["slots"]
    with db_engine.connect() as connection:
        stored = connection.execute(select(Site.slots).where(Site.name == site)).scalar_one()
    assert stored == newer["slots"]
    # A laptop of before sends no time: its list replaces the stored one, as it always did.
    assert http.put(f"/sites/{site}/slots", json={"slots": older["slots"]}, headers=desk.headers).status_code == 200
    with db_engine.connect() as connection:
        assert connection.execute(select(Site.slots).where(Site.name == site)).scalar_one() == older["slots"]


def test_the_api_never_lowers_the_servers_threshold(http: httpx.Client, coordinator: dict[str, str]) -> None:
    answer = http.get(
        "/exports/period", params={"period": "year", "from": "2026", "to": "2026", "threshold": 1}, headers=coordinator
    )
    assert (
        answer.status_code == 422 and answer.json()["detail"] == "The threshold cannot be lower than this server's (5)."
    )
    assert http.get("/exports/period", params={"period": "year", "from": "2026", "to": "2026"}).status_code == 401


def _numbers(text: str) -> list[str]:
    return re.findall(r"(?<![\w.])(?:<5|\d+)(?![\w.])", text)


def test_the_summary_pdf_shows_the_exports_figures_on_two_pages(
    http: httpx.Client, enroll: Callable[..., Desk], live_server: ServerProcess, server_db: str, tmp_path: Path
) -> None:
    site = unique("Summary")
    desk = enroll(site)
    for week, visits in [("2026-W02", 40), ("2026-W03", 35), ("2026-W07", 50), ("2026-W11", 30), ("2026-W12", 20)]:
        body = upload(
            visits,
            counts={
                "contact": {"walk-in": visits},
                "topic": {"housing": visits, "taxes": 1},
                "language": {"ar": visits},
                "outcome": {"referred": visits // 5},
            },
        )
        answer = http.put(f"/reports/{site}/{week}", json=body, headers=desk.headers)
        assert answer.status_code == 200, answer.text
    out = tmp_path / "summary.pdf"
    run_cli(
        server_db,
        "report",
        "summary",
        "--from",
        "2026-01",
        "--to",
        "2026-03",
        "--lang",
        "en",
        "--site",
        site,
        "--out",
        str(out),
    )
    export = cells(
        run_cli(
            server_db,
            "export",
            "period",
            "--period",
            "month",
            "--from",
            "2026-01",
            "--to",
            "2026-03",
            "--format",
            "csv",
            "--site",
            site,
        ).stdout
    )
    pages = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    first, second = pages.split("\f")[:2]
    assert pages.count("\f") == 2  # two pages
    assert "Neuvo – summary for decision makers" in first and f"Site: {site}" in first
    months = {month: export[(month, site, "total", "visits")] for month in ("2026-01", "2026-02", "2026-03")}
    january_row = next(line for line in first.splitlines() if line.strip().startswith("January 2026"))
    assert _numbers(january_row)[-2:] == [months["2026-01"], export[("2026-01", site, "total", "participants")]]
    march_row = next(line for line in first.splitlines() if line.strip().startswith("March 2026"))
    assert _numbers(march_row)[-2] == months["2026-03"]
    if all(value.isdigit() for value in months.values()):
        assert str(sum(int(value) for value in months.values())) in _numbers(first.split("Visits per month")[0])
    housing = sum(int(export[(month, site, "topic", "housing")]) for month in months)
    housing_line = next(line for line in second.splitlines() if line.strip().startswith("Housing"))
    assert _numbers(housing_line)[0] == str(housing)  # the left column (languages are on the right)
    arabic = sum(int(export[(month, site, "language", "ar")]) for month in months)
    arabic_line = next(line for line in second.splitlines() if "Arabic" in line)
    assert _numbers(arabic_line.split("Arabic")[1])[0] == str(arabic)
    assert "Unmet need" in second and "Completeness" in second and "Method." in second
    assert '1–4 are shown as "<5"' in second
    picture = tmp_path / "summary"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(picture)], check=True)
    assert sorted(path.name for path in tmp_path.glob("summary-*.png")) == ["summary-1.png", "summary-2.png"]


def test_the_summary_refuses_bad_input_in_one_line(server_db: str, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    for arguments, words in [
        (["--from", "2026-13", "--to", "2026-06"], "'2026-13' is not a month"),
        (["--from", "2026-06", "--to", "2026-01"], "before it starts"),
        (["--from", "2026-01", "--to", "2026-06", "--site", "Nowhere at all"], "There is no site called"),
    ]:
        done = run_cli(server_db, "report", "summary", *arguments, "--lang", "fi", "--out", str(out), check=False)
        assert done.returncode == 2 and words in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert not out.exists()
