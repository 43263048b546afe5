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
