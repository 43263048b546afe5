"""The real server for the reliability tests (one process on SQLite for the folder) and a store template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server_process import ServerProcess, create_coordinator

from tests.reliability.fleet import (
    COORDINATOR_EMAIL,
    COORDINATOR_PASSWORD,
    NO_SUPPRESSION,
    Coordinator,
    StoreTemplate,
)


@pytest.fixture(scope="session")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server on a fresh SQLite file, with every count shown in exports (threshold 1)."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('reliability-db') / 'neuvo-server.db'}"
    create_coordinator(database_url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
    with ServerProcess(database_url, extra_env=NO_SUPPRESSION) as server:
        yield server


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> StoreTemplate:
    return StoreTemplate.create(tmp_path_factory.mktemp("store-template") / "template")


@pytest.fixture
def sqlite_coordinator(sqlite_server: ServerProcess) -> Iterator[Coordinator]:
    coordinator = Coordinator(sqlite_server.url)
    yield coordinator
    coordinator.close()


@pytest.fixture
def desk_folder(tmp_path: Path) -> Path:
    return tmp_path / "desks"
