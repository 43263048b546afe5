"""The console's pages over HTTP: login, sessions, CSRF, bad input (one sentence, nothing changed), downloads equal
to the API's exports cell for cell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.engine import Engine

from app.weeks import now_utc
from server.console.i18n import LANGUAGES, MESSAGES
from server.models import CodesDocument, CoordinatorToken, Device, Enrollment
from server.security import digest
from tests.console.conftest import EMAIL, FIRST, LAST, PASSWORD, SMALL_SITE, TEAMS, Console
from tests.console.helpers import alert, csv_cells, exported_cells, form_csrf, is_small_count, log_in


@pytest.fixture
def browser_client(console: Console) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=console.url, timeout=30, cookies={"neuvo_lang": "en"}, follow_redirects=True) as client:
        yield client


@pytest.fixture
def logged_in(browser_client: httpx.Client) -> httpx.Client:
    response = log_in(browser_client, EMAIL, PASSWORD)
    assert response.status_code == 200 and response.url.path == "/console/overview", response.text[:500]
    return browser_client


@pytest.fixture
def engine(console: Console) -> Iterator[Engine]:
    engine = create_engine(console.database_url)
    yield engine
    engine.dispose()


def _tokens(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(CoordinatorToken)) or 0)


def test_every_message_is_in_finnish_swedish_and_english() -> None:
    for key, texts in MESSAGES.items():
        assert len(texts) == len(LANGUAGES), key
        assert all(text.strip() for text in texts), key
        placeholders = [sorted(part.split("}")[0] for part in text.split("{")[1:]) for text in texts]
        assert placeholders[0] == placeholders[1] == placeholders[2], key


def test_the_login_page_is_in_finnish_until_another_language_is_chosen(console: Console) -> None:
    with httpx.Client(base_url=console.url) as client:
        assert '<html lang="fi">' in client.get("/").text
        swedish = client.get("/console/language/sv", params={"back": "/"}, follow_redirects=True)
        assert '<html lang="sv">' in swedish.text and "Logga in" in swedish.text
        assert '<html lang="sv">' in client.get("/").text  # remembered


def test_a_wrong_password_is_refused_with_one_sentence_and_no_session(
    browser_client: httpx.Client, engine: Engine
) -> None:
    before = _tokens(engine)
    response = log_in(browser_client, EMAIL, "not the password at all")
    assert response.status_code == 401
    assert alert(response.text) == "The e-mail address or the password is wrong."
    assert "neuvo_session" not in browser_client.cookies
    assert _tokens(engine) == before
    assert browser_client.get("/console/overview").status_code == 401


def test_a_login_without_its_csrf_token_is_refused(browser_client: httpx.Client, engine: Engine) -> None:
    before = _tokens(engine)
    browser_client.get("/")
    response = browser_client.post("/console/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 403
    assert alert(response.text).startswith("The form is missing its security token")
    assert "neuvo_session" not in browser_client.cookies and _tokens(engine) == before


def test_every_view_needs_a_session(browser_client: httpx.Client) -> None:
    for path in (
        "/console/overview",
        "/console/breakdowns",
        "/console/devices",
        "/console/codes",
        "/console/overview/download.csv",
    ):
        response = browser_client.get(path)
        assert response.status_code == 401, path
        assert alert(response.text) == "Log in first."
        assert 'action="/console/login"' in response.text


def test_an_expired_session_gets_the_login_page_saying_so(logged_in: httpx.Client, engine: Engine) -> None:
    token = logged_in.cookies["neuvo_session"]
    with engine.begin() as connection:
        connection.execute(
            update(CoordinatorToken)
            .where(CoordinatorToken.token_hash == digest(token))
            .values(expires_at=now_utc() - timedelta(minutes=1))
        )
    response = logged_in.get("/console/overview")
    assert response.status_code == 401
    assert alert(response.text) == "Your session has expired; log in again."
    csrf = form_csrf(response.text)  # the login form again, nothing else
    assert csrf and "data-cell" not in response.text


def test_logging_out_ends_the_session_on_the_server(logged_in: httpx.Client) -> None:
    token = logged_in.cookies["neuvo_session"]
    page = logged_in.get("/console/overview")
    assert logged_in.post("/console/logout", data={"csrf": form_csrf(page.text)}).status_code == 200
    with httpx.Client(base_url=str(logged_in.base_url), cookies={"neuvo_session": token}) as copied:
        assert copied.get("/console/overview").status_code == 401


def test_changes_without_the_csrf_token_are_refused_and_change_nothing(
    logged_in: httpx.Client, console: Console, engine: Engine
) -> None:
    device = console.devices[0].device_id
    with engine.connect() as connection:
        enrollments = connection.scalar(select(func.count()).select_from(Enrollment))
        documents = connection.scalar(select(func.count()).select_from(CodesDocument))
    other_session = httpx.Client(base_url=console.url)
    log_in(other_session, EMAIL, PASSWORD)
    foreign = form_csrf(other_session.get("/console/devices").text)
    other_session.close()
    attempts = [
        (f"/console/devices/{device}/revoke", {}),
        (f"/console/devices/{device}/revoke", {"csrf": foreign}),  # another session's token
        (f"/console/devices/{device}/revoke", {"csrf": "0" * 64}),
        ("/console/enrollments", {"site": "Sneaky site", "hours": "24"}),
        ("/console/codes", {"dimension": "topic", "code": "sneaky", "label_fi": "a", "label_sv": "b", "label_en": "c"}),
        ("/console/logout", {}),
    ]
    for path, data in attempts:
        response = logged_in.post(path, data=data)
        assert response.status_code == 403, path
        assert alert(response.text) == (
            "The form is missing its security token; reload the page and try again. Nothing was changed."
        )
    with engine.connect() as connection:
        assert connection.scalar(select(Device.revoked_at).where(Device.id == device)) is None
        assert connection.scalar(select(func.count()).select_from(Enrollment)) == enrollments
        assert connection.scalar(select(func.count()).select_from(CodesDocument)) == documents
    assert logged_in.get("/console/overview").status_code == 200  # the session survived


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-W60&to=2026-W13", "2026 has no week 60."),
        ("from=26W&to=2026-W13", "'26W' is not an ISO week like 2026-W47."),
        ("from=2026-W13&to=2026-W01", "The range ends (2026-W01) before it starts (2026-W13)."),
        ("from=2000-W01&to=2026-W13", "The range is longer than 265 weeks; choose a shorter one."),
        ("scope=site:Nowhere", "There is no such site or team on this server; choose one from the list."),
        ("dimension=shoe-size", "Neuvo counts no such dimension; choose one from the list."),
    ],
)
def test_a_bad_choice_is_refused_with_one_sentence(logged_in: httpx.Client, query: str, message: str) -> None:
    response = logged_in.get(f"/console/breakdowns?{query}")
    assert response.status_code == 422
    assert alert(response.text).replace("&#39;", "'") == message


def test_a_refusal_is_worded_in_the_page_language(logged_in: httpx.Client) -> None:
    response = logged_in.get("/console/overview?from=2026-W13&to=2026-W01&lang=fi")
    assert response.status_code == 422
    assert alert(response.text) == "Jakso päättyy (2026-W01) ennen kuin se alkaa (2026-W13)."


def test_the_cookie_does_not_open_the_api_and_the_bearer_token_still_does(
    logged_in: httpx.Client, console: Console
) -> None:
    assert logged_in.get("/api/v1/devices").status_code == 401
    with console.api() as api:
        assert api.get("/devices").status_code == 200


def _scopes() -> list[tuple[str, dict[str, str]]]:
    east = next(iter(TEAMS))
    return [
        ("all", {"by": "combined"}),
        (f"team:{east}", {"by": "team"}),  # the API's team table of every team; the console's one team
        (f"site:{SMALL_SITE}", {"by": "site", "site": SMALL_SITE}),
    ]


@pytest.mark.parametrize(("scope", "export"), _scopes())
def test_the_overview_download_equals_the_exports_cell_for_cell(
    logged_in: httpx.Client, console: Console, scope: str, export: dict[str, str]
) -> None:
    """Weeks equal the weekly export, whole calendar months the period export, the range (2026-Q1 exactly) the
    quarterly one."""
    query = {"from": FIRST, "to": LAST, "scope": scope}
    shown = csv_cells(logged_in.get("/console/overview/download.csv", params=query).text)
    with console.api() as api:
        exported = exported_cells(api, scope, FIRST, LAST)
    current = {key: count for key, count in shown.items() if not key[0].startswith("2025")}
    assert {key[0] for key in current} >= {FIRST, "2026-01", "2026-03", f"{FIRST}/{LAST}"}
    for key, count in current.items():
        assert count == exported.get(key, "0"), key
    totals = {key for key in exported if key[2] == "total" and "/" not in key[0]}
    assert totals <= set(shown)  # every week's and month's totals are in the overview
    assert not any(is_small_count(count) for count in shown.values())


@pytest.mark.parametrize(("scope", "export"), _scopes())
def test_the_breakdowns_download_equals_the_quarterly_export(
    logged_in: httpx.Client, console: Console, scope: str, export: dict[str, str]
) -> None:
    query = {"from": FIRST, "to": LAST, "scope": scope}
    shown = csv_cells(logged_in.get("/console/breakdowns/download.csv", params=query).text)
    place = scope.split(":", 1)[1] if ":" in scope else "ALL"
    with console.api() as api:
        exported = csv_cells(
            api.get("/exports/weekly", params={"from": FIRST, "to": LAST, "period": "quarter", **export}).text
        )
    expected = {
        (f"{FIRST}/{LAST}", row_place, dimension, code): count
        for (_period, row_place, dimension, code), count in exported.items()
        if row_place == place
    }
    assert shown == expected


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_the_other_download_formats_hold_the_same_rows(logged_in: httpx.Client, fmt: str) -> None:
    response = logged_in.get(f"/console/overview/download.{fmt}", params={"from": FIRST, "to": LAST})
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith(f'.{fmt}"')
    if fmt == "json":
        document = response.json()
        assert document["disclosure_control"]["method"] == "perturbation"
        assert {row["week"] for row in document["reports"]} >= {FIRST, f"{FIRST}/{LAST}", "2026-01"}


def test_a_new_revision_is_shown_at_once(logged_in: httpx.Client, console: Console) -> None:
    """The console sums each week once per change: a laptop's resend of a week shows on the next page."""
    query = {"from": FIRST, "to": LAST, "scope": f"site:{SMALL_SITE}"}
    before = csv_cells(logged_in.get("/console/overview/download.csv", params=query).text)
    west = next(device for device in console.devices if device.team == "West outreach")
    body = {"revision": 50, "visits": 40, "participants": 40, "counts": {"contact": {"walk-in": 40}}}
    with httpx.Client(base_url=console.url + "/api/v1", timeout=10) as client:
        stored = client.put(f"/reports/{SMALL_SITE}/2026-W05", json=body, headers=west.headers)
    assert stored.status_code == 200, stored.text
    after = csv_cells(logged_in.get("/console/overview/download.csv", params=query).text)
    with console.api() as api:
        exported = csv_cells(api.get("/exports/weekly", params={"from": FIRST, "to": LAST, "site": SMALL_SITE}).text)
    key = ("2026-W05", SMALL_SITE, "total", "visits")
    assert after[key] == exported[key] != before.get(key)
    assert int(after[key]) >= 20


@pytest.mark.parametrize(
    "back", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)"]
)
def test_the_language_links_never_lead_to_another_site(browser_client: httpx.Client, back: str) -> None:
    response = browser_client.get("/console/language/sv", params={"back": back}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_too_many_wrong_passwords_are_refused_with_a_wait(tmp_path: Path) -> None:
    """The console's login counts failures as the API's does (server.rate_limits): 429, Retry-After, one sentence."""
    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.config import RateLimits
    from server.coordinators import create_coordinator
    from server.db import transaction

    app = create_app(f"sqlite:///{tmp_path / 'limits.db'}", rate_limits=RateLimits(login_failures=2))
    with transaction(app.state.engine) as session:
        create_coordinator(session, EMAIL, PASSWORD)
    with TestClient(app, cookies={"neuvo_lang": "en"}) as client:
        statuses = [log_in(client, EMAIL, "wrong password here").status_code for _ in range(5)]  # type: ignore[arg-type]
        refused = log_in(client, EMAIL, PASSWORD)  # type: ignore[arg-type]
    app.state.engine.dispose()
    assert statuses[:2] == [401, 401] and 429 in statuses
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert re.fullmatch(r"Too many attempts; try again in \d+ seconds\.", alert(refused.text))


def test_an_unknown_console_address_is_a_page_saying_so(logged_in: httpx.Client) -> None:
    response = logged_in.get("/console/no-such-view")
    assert response.status_code == 404 and alert(response.text) == "There is no page at this address."
    assert logged_in.get("/console/static/console.css").status_code == 200
