"""The real server on SQLite and on PostgreSQL (one process per database for the whole run), and helpers."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_process import ServerProcess, create_coordinator, login, postgres_url_or_skip
from sqlalchemy import Engine, create_engine

from app.sync.wire import device_token

COORDINATOR_EMAIL = "coordinator@example.fi"
COORDINATOR_PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database URL with one coordinator account in it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('server-db') / 'neuvo-server.db'}"
        create_coordinator(url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
        yield url
        return
    url, drop = postgres_url_or_skip()
    try:
        create_coordinator(url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
        yield url
    finally:
        drop()


@pytest.fixture(scope="session")
def db_engine(server_db: str) -> Iterator[Engine]:
    """Direct access to the server's database, to check what was (not) stored."""
    engine = create_engine(server_db)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def live_server(server_db: str) -> Iterator[ServerProcess]:
    with ServerProcess(server_db) as server:
        yield server


@pytest.fixture(scope="session")
def coordinator_token(live_server: ServerProcess) -> str:
    return login(live_server.url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)


@pytest.fixture
def http(live_server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url + "/api/v1", timeout=20) as client:
        yield client


@pytest.fixture
def coordinator(coordinator_token: str) -> dict[str, str]:
    """The headers of a logged-in coordinator."""
    return {"Authorization": f"Bearer {coordinator_token}"}


def unique(prefix: str) -> str:
    """A site or team name no other test uses (the server lives for the whole run)."""
    return f"{prefix} {secrets.token_hex(4)}"


@dataclass
class Desk:
    """A device as the desktop makes it: its own id and secret, enrolled with a code."""

    device_id: str
    secret: str
    info: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {device_token(self.device_id, self.secret)}"}


def new_identity() -> tuple[str, str]:
    return secrets.token_hex(16), secrets.token_urlsafe(32)


def new_code(http: httpx.Client, coordinator: dict[str, str], site: str, team: str | None = None) -> str:
    body: dict[str, Any] = {"site": site}
    if team is not None:
        body["team"] = team
    response = http.post("/enrollments", json=body, headers=coordinator)
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


@pytest.fixture
def enroll(http: httpx.Client, coordinator: dict[str, str]) -> Callable[..., Desk]:
    """`enroll(site, team=None)`: a new device enrolled for the team of `site`."""

    def enroll_desk(site: str, team: str | None = None) -> Desk:
        code = new_code(http, coordinator, site, team)
        device_id, secret = new_identity()
        response = http.post("/enroll", json={"code": code, "device_id": device_id, "device_secret": secret})
        assert response.status_code == 200, response.text
        return Desk(device_id, secret, response.json())

    return enroll_desk


def report(revision: int = 1, visits: int = 3, **counts: dict[str, int]) -> dict[str, Any]:
    """A valid upload: `visits` walk-in visits about housing, plus any other counts given."""
    body_counts: dict[str, dict[str, int]] = {"contact": {"walk-in": visits}, "topic": {"housing": visits}}
    body_counts.update(counts)
    return {"revision": revision, "visits": visits, "participants": visits, "counts": body_counts}


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
