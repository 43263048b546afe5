"""The console's Completeness view and the summary report's button, over HTTP: the same figures as the API's
completeness and period export, downloads of the view, and bad input refused with one sentence."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.console.conftest import EMAIL, FIRST, LAST, PASSWORD, SMALL_SITE, TEAMS, Console
from tests.console.helpers import alert, csv_cells, log_in

SLOTTED_SITE = TEAMS["East outreach"][0]


@pytest.fixture
def logged_in(console: Console) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=console.url, timeout=60, cookies={"neuvo_lang": "en"}, follow_redirects=True) as client:
        assert log_in(client, EMAIL, PASSWORD).status_code == 200
        yield client


def _api_completeness(console: Console, **params: str) -> dict[str, object]:
    with console.api() as api:
        response = api.get("/completeness", params={"from": FIRST, "to": LAST, **params})
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_the_completeness_view_shows_the_servers_completeness(logged_in: httpx.Client, console: Console) -> None:
    page = logged_in.get("/console/completeness", params={"from": FIRST, "to": LAST})
    assert page.status_code == 200
    expected = _api_completeness(console)
    rate = expected["rate"]
    assert isinstance(rate, float)
    assert re.search(r'id="reporting-rate">' + re.escape(f"{100 * rate:.0f}\u00a0%") + "<", page.text)
    assert f"{expected['received']} of {expected['expected']} expected weeks reported" in page.text
    weeks = expected["weeks"]
    assert isinstance(weeks, list)
    for week in weeks:
        assert f'data-status="{week["site"]}|{week["week"]}|{week["status"]}"' in page.text
    missing = [week for week in weeks if week["status"] == "missing"]
    assert missing and all(week["site"] == SMALL_SITE for week in missing)  # the small desk skipped some weeks
    slotted = next(site for site in expected["sites"] if site["site"] == SLOTTED_SITE)  # type: ignore[attr-defined]
    assert slotted["has_slots"] and "weekly slots" in page.text


def test_the_completeness_downloads_hold_what_is_on_screen(logged_in: httpx.Client, console: Console) -> None:
    query = {"from": FIRST, "to": LAST, "scope": f"site:{SMALL_SITE}"}
    expected = _api_completeness(console, site=SMALL_SITE)
    text = logged_in.get("/console/completeness/download.csv", params=query).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["site"], row["week"], row["status"]) for row in rows] == [
        (week["site"], week["week"], week["status"])
        for week in expected["weeks"]  # type: ignore[attr-defined]
    ]
    document = json.loads(logged_in.get("/console/completeness/download.json", params=query).text)
    assert document["rate"] == expected["rate"] and document["expected"] == expected["expected"]
    workbook = logged_in.get("/console/completeness/download.xlsx", params=query)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def _pdftotext() -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: `make tools` installs poppler-utils")
        pytest.skip("pdftotext is missing: run `make tools`")
    return tool


def test_the_summary_button_gives_the_report_with_the_exported_figures(
    logged_in: httpx.Client, console: Console, tmp_path: Path
) -> None:
    response = logged_in.get(
        "/console/summary.pdf", params={"from_month": "2026-01", "to_month": "2026-03", "report_lang": "en"}
    )
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF")
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run([_pdftotext(), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    with console.api() as api:
        quarter = csv_cells(
            api.get(
                "/exports/period", params={"period": "quarter", "from": "2026-Q1", "to": "2026-Q1", "by": "combined"}
            ).text.replace("period,", "week,", 1)
        )
    visits = quarter[("2026-Q1", "ALL", "total", "visits")]
    assert visits in text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from_month": "2026-13", "to_month": "2026-03"}, "'2026-13' is not a month: a year has months 01–12."),
        ({"from_month": "2026-03", "to_month": "2026-01"}, "The range ends (2026-01) before it starts (2026-03)."),
        ({"from_month": "March", "to_month": "2026-03"}, "'March' is not a month like 2026-03."),
    ],
)
def test_a_bad_summary_period_is_refused_with_one_sentence(
    logged_in: httpx.Client, params: dict[str, str], message: str
) -> None:
    response = logged_in.get("/console/summary.pdf", params=params)
    assert response.status_code == 422
    assert alert(response.text).replace("&#39;", "'") == message


def test_the_reporting_pages_need_a_session(console: Console) -> None:
    with httpx.Client(base_url=console.url, cookies={"neuvo_lang": "en"}) as client:
        for path in ("/console/completeness", "/console/completeness/download.csv", "/console/summary.pdf"):
            response = client.get(path)
            assert response.status_code == 401 and alert(response.text) == "Log in first."
