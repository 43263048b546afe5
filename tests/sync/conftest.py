"""The real server (one process per test module, on SQLite) and desks: real encrypted stores enrolled with it."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from server_process import ServerProcess, create_coordinator, login, stored_totals

from app.desk import Desk
from app.storage.database import Database
from tests.conftest import StoreFiles

COORDINATOR_EMAIL = "coordinator@example.fi"
COORDINATOR_PASSWORD = "correct horse battery staple"
# Threshold 1: exports mark no small sums "<5" (their counts are perturbed all the same; tests compare stored ones).
NO_SUPPRESSION = {"NEUVO_SERVER_SUPPRESSION_THRESHOLD": "1"}


class Coordinator:
    """The coordinator's side of the real server: codes, revocation, exports, the directory."""

    def __init__(self, url: str) -> None:
        self.url = url
        token = login(url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
        self.http = httpx.Client(base_url=url + "/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=20)

    def code(self, site: str, team: str | None = None) -> str:
        body = {"site": site} if team is None else {"site": site, "team": team}
        response = self.http.post("/enrollments", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["code"])

    def revoke(self, device_id: str) -> None:
        response = self.http.post(f"/devices/{device_id}/revoke")
        assert response.status_code == 200, response.text

    def export(self, first_week: str, last_week: str, site: str) -> dict[tuple[str, str, str], int]:
        """What the server holds of one site, summed over devices, as {(week, dimension, value): count} with the
        totals as ("total", "visits"|"participants"): the true counts behind its (perturbed) exports."""
        response = self.http.get(
            "/exports/weekly", params={"from": first_week, "to": last_week, "site": site, "format": "csv"}
        )
        assert response.status_code == 200, response.text  # the export itself answers
        return {
            (week, dimension, value): count
            for (name, week), cells in stored_totals(self.url, first_week, last_week).items()
            if name == site
            for (dimension, value), count in cells.items()
        }

    def publish_directory(self, path: Path, language: str = "en") -> None:
        response = self.http.put(
            "/directory",
            params={"format": "auto", "language": language, "filename": path.name},
            content=path.read_bytes(),
        )
        assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh server on its own SQLite database for this test module."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('server-db') / 'neuvo-server.db'}"
    create_coordinator(database_url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
    with ServerProcess(database_url, extra_env=NO_SUPPRESSION) as server:
        yield server.url


@pytest.fixture(scope="module")
def coordinator(server_url: str) -> Iterator[Coordinator]:
    coordinator = Coordinator(server_url)
    yield coordinator
    coordinator.http.close()


class FakeTime:
    """A monotonic clock that moves only when something sleeps on it: retries keep their deadlines, no real wait."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def unique_site(prefix: str = "Desk") -> str:
    """A site name no other test uses (the server lives for the whole module)."""
    return f"{prefix} {secrets.token_hex(3)}"


@pytest.fixture
def make_desk(tmp_path: Path, created_store: StoreFiles) -> Iterator[Callable[..., Database]]:
    """`make_desk(site)`: a new unlocked encrypted store whose default site is `site` (usual language ar), a copy
    of the run's freshly created store (see `created_store`)."""
    stores: list[Database] = []

    def make(site: str) -> Database:
        store: Database = created_store.open_copy(tmp_path / f"desk-{len(stores)}")
        stores.append(store)
        sites = Desk(store).sites
        sites.update(sites.default().id, name=site, usual_languages=["ar"])
        return store

    yield make
    for store in stores:
        store.lock()


class LostAnswer(httpx.BaseTransport):
    """Fault injection between client and server: the request reaches the real server, the answer is lost."""

    def __init__(self, losses: int = 1, path_part: str = "") -> None:
        self.inner = httpx.HTTPTransport()
        self.losses = losses
        self.path_part = path_part
        self.forwarded: list[tuple[str, str, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.forwarded.append((request.method, request.url.path, response.status_code))
        if self.losses > 0 and self.path_part in request.url.path:
            self.losses -= 1
            raise httpx.ReadError("connection lost after the server answered", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


class Recorder(LostAnswer):
    """Forwards everything and remembers (method, path, status) of each exchange."""

    def __init__(self) -> None:
        super().__init__(losses=0)
