"""Logging in to the console as a browser does (the login form's CSRF cookie and field), and reading CSV cells."""

from __future__ import annotations

import csv
import io
import re

import httpx

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_ALERT = re.compile(r'role="alert">([^<]*)<')


def form_csrf(html: str) -> str:
    match = _CSRF.search(html)
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1)


def alert(html: str) -> str:
    match = _ALERT.search(html)
    assert match is not None, "the page says nothing"
    return match.group(1).strip()


def log_in(client: httpx.Client, email: str, password: str, language: str = "en") -> httpx.Response:
    """GET / (the form and its CSRF cookie), then POST the form; the client keeps the session cookie."""
    page = client.get("/")
    return client.post(
        "/console/login",
        data={"csrf": form_csrf(page.text), "email": email, "password": password, "language": language},
    )


def csv_cells(text: str) -> dict[tuple[str, str, str, str], str]:
    """(period, place, dimension, code) -> the count as written, of a long-format CSV export."""
    rows = list(csv.DictReader(io.StringIO(text)))
    return {(row["week"], row["site"], row["dimension"], row["value"]): row["count"] for row in rows}


def is_small_count(text: str) -> bool:
    """Whether a shown count is one of 1-4 (what must never be shown)."""
    return text.strip().replace("\u202f", "") in {"1", "2", "3", "4"}


def exported_cells(api: httpx.Client, scope: str, first: str, last: str) -> dict[tuple[str, str, str, str], str]:
    """The API's suppressed CSV exports, keyed as the console's cells for the scope's place: the weekly export's
    weeks, the period export's whole calendar months (first..last must be 2026-W01..W13: 2026-01..2026-03), and
    the quarterly export's quarter as the range (2026-Q1 by the weeks' Thursdays is exactly those 13 weeks)."""
    kind, _, name = scope.partition(":")
    params = {"all": {"by": "combined"}, "team": {"by": "team"}, "site": {"by": "site", "site": name}}[kind]
    place = name or "ALL"
    cells: dict[tuple[str, str, str, str], str] = {}
    sources = [
        ("/exports/weekly", {"from": first, "to": last, "period": "week"}),
        ("/exports/period", {"from": "2026-01", "to": "2026-03", "period": "month"}),
        ("/exports/weekly", {"from": first, "to": last, "period": "quarter"}),
    ]
    for path, query in sources:
        response = api.get(path, params={**query, **params})
        assert response.status_code == 200, response.text
        rows = list(csv.reader(io.StringIO(response.text)))
        for period, row_place, dimension, code, count in rows[1:]:
            if row_place == place:
                label = f"{first}/{last}" if query["period"] == "quarter" else period
                cells[(label, place, dimension, code)] = count
    return cells
