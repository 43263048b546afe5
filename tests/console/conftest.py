"""The console over a real server process with a quarter of reports (and the quarter before) from real devices."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_process import ServerProcess, create_coordinator, login, postgres_url_or_skip

from app.periods import crosses_month, month_label, months_of_week
from app.weeks import weeks_between

EMAIL = "coordinator@example.fi"
PASSWORD = "correct horse battery staple"
# 2026-Q1 by the weeks' Thursdays is exactly 2026-W01..W13; the 13 weeks before are 2025-W40..W52.
FIRST, LAST = "2026-W01", "2026-W13"
PREVIOUS_FIRST = "2025-W40"
TEAMS = {"East outreach": ["Itäkeskus library", "Puhos shopping centre"], "West outreach": ["Kannelmäki school"]}
# A small desk: its weeks hold counts of 1-4, which must never be shown.
SMALL_SITE = "Kannelmäki school"
TOPICS = ("housing", "kela-income", "residence-permit", "employment", "health", "digital", "taxes")
LANGUAGES = ("ar", "so", "ru", "fa", "uk", "fi")


@dataclass
class Device:
    device_id: str
    secret: str
    team: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.device_id}.{self.secret}"}


def week_payload(rng: random.Random, visits: int, revision: int = 1, week: str | None = None) -> dict[str, Any]:
    """A valid weekly report of `visits` visits (a group session in some weeks), with the desk's effort; for a
    `week` crossing a month boundary its two month parts, as laptops send them (all of the week's visits on the
    days of one of its months: a desk held there only)."""
    body = _counts(rng, visits, revision)
    sessions = rng.randint(1, 3)
    body.update(sessions=sessions, minutes_open=150 * sessions, partners=rng.randint(0, 1))
    if week is not None and crosses_month(week):
        first, second = (month_label(month) for month in months_of_week(week))
        held, empty = (first, second) if rng.random() < 0.5 else (second, first)
        whole = {key: body[key] for key in ("visits", "participants", "counts")}
        body["parts"] = {held: whole, empty: {"visits": 0, "participants": 0, "counts": {}}}
    return body


def _counts(rng: random.Random, visits: int, revision: int) -> dict[str, Any]:
    groups = 1 if visits >= 10 and rng.random() < 0.3 else 0
    walk_in = visits - groups
    referred = rng.randint(0, visits // 3)
    return {
        "revision": revision,
        "visits": visits,
        "participants": visits + groups * rng.randint(3, 12),
        "counts": {
            "topic": {code: rng.randint(1, visits) for code in rng.sample(TOPICS, min(4, len(TOPICS)))},
            "language": {code: rng.randint(1, visits) for code in rng.sample(LANGUAGES, 3)},
            "contact": {key: value for key, value in {"walk-in": walk_in, "group": groups}.items() if value},
            "interpreter": {"none": visits - visits // 4, "remote": visits // 4} if visits // 4 else {"none": visits},
            "outcome": {
                key: value
                for key, value in {"information": visits, "referred": referred, "no-service": visits // 6}.items()
                if value
            },
            "duration": {"5-15": visits // 2, "15-30": visits - visits // 2},
        },
    }


@dataclass
class Console:
    url: str
    database_url: str
    token: str  # a coordinator's bearer token, for the API
    devices: list[Device]

    def api(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url + "/api/v1", headers={"Authorization": f"Bearer {self.token}"}, timeout=30
        )


def _enroll(client: httpx.Client, site: str, team: str) -> Device:
    code = client.post("/enrollments", json={"site": site, "team": team}).json()["code"]
    device_id, secret = secrets.token_hex(16), secrets.token_urlsafe(32)
    response = client.post("/enroll", json={"code": code, "device_id": device_id, "device_secret": secret})
    assert response.status_code == 200, response.text
    return Device(device_id, secret, team)


def populate(url: str, token: str) -> list[Device]:
    """Two devices for East (both report for both its sites), one for West (the small desk), 26 weeks."""
    rng = random.Random(13)
    devices: list[Device] = []
    with httpx.Client(base_url=url + "/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        east = [_enroll(client, TEAMS["East outreach"][0], "East outreach") for _ in range(2)]
        for site in TEAMS["East outreach"][1:]:
            client.post("/enrollments", json={"site": site, "team": "East outreach"})
        west = _enroll(client, SMALL_SITE, "West outreach")
        spare = _enroll(client, TEAMS["East outreach"][1], "East outreach")  # revoked by a test
        devices = [*east, west, spare]
        # The first East site holds its desk on Tuesdays and Thursdays: every week is expected of it.
        slots = {
            "slots": [
                {"weekday": 2, "start": "10:00", "end": "14:00"},
                {"weekday": 4, "start": "12:00", "end": "16:00"},
            ]
        }
        stored = client.put(f"/sites/{TEAMS['East outreach'][0]}/slots", json=slots, headers=east[0].headers)
        assert stored.status_code in (200, 204), stored.text
        for week in weeks_between(PREVIOUS_FIRST, LAST):
            for device in east:
                for site in TEAMS["East outreach"]:
                    body = week_payload(rng, rng.randint(12, 40), week=week)
                    response = client.put(f"/reports/{site}/{week}", json=body, headers=device.headers)
                    assert response.status_code == 200, response.text
            if rng.random() < 0.8:
                body = week_payload(rng, rng.randint(1, 4), week=week)
                response = client.put(f"/reports/{SMALL_SITE}/{week}", json=body, headers=west.headers)
                assert response.status_code == 200, response.text
    return devices


def _console(url: str) -> Iterator[Console]:
    create_coordinator(url, EMAIL, PASSWORD)
    with ServerProcess(url) as server:
        token = login(server.url, EMAIL, PASSWORD)
        devices = populate(server.url, token)
        yield Console(server.url, url, token, devices)


@pytest.fixture(scope="session")
def sqlite_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """The console on a SQLite file (the browser tests)."""
    yield from _console(f"sqlite:///{tmp_path_factory.mktemp('console-db') / 'neuvo-server.db'}")


@pytest.fixture(scope="session")
def postgresql_console() -> Iterator[Console]:
    url, drop = postgres_url_or_skip()
    try:
        yield from _console(url)
    finally:
        drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def console(request: pytest.FixtureRequest) -> Console:
    """The console on SQLite and on PostgreSQL (each server started once for the run)."""
    fixture: Console = request.getfixturevalue(f"{request.param}_console")
    return fixture


SCREENSHOTS_ENV = "NEUVO_CONSOLE_SCREENSHOTS"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save their screenshots ($NEUVO_CONSOLE_SCREENSHOTS to keep them)."""
    import os

    kept = os.environ.get(SCREENSHOTS_ENV)
    folder = Path(kept) if kept else tmp_path_factory.mktemp("console-screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
