"""The shared directory: none published is normal; a published one arrives; an unchanged one costs one 304."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from app.desk import Desk
from app.directory.records import ServiceRecord
from app.storage.database import Database
from app.storage.directory_models import DirService
from app.sync.service import SERVER_DIRECTORY_SOURCE
from tests.conftest import sync_of
from tests.sync.conftest import Coordinator, Recorder, unique_site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def entries(store: Database, source: str) -> int:
    with store.session() as session:
        query = select(func.count()).select_from(DirService).where(DirService.source == source)
        return int(session.scalar(query) or 0)


def test_directory_pull_with_etag(make_desk: Callable[..., Database], coordinator: Coordinator) -> None:
    site = unique_site()
    store = make_desk(site)
    recorder = Recorder()
    service = sync_of(store, transport=recorder)
    service.enroll(coordinator.url, coordinator.code(site))
    local_id = Desk(store).local_edits.add(ServiceRecord(source_id="x", name={"fi": "Oma palvelu"}))

    first = service.sync_once()
    assert first.is_everything_acknowledged and first.directory == "none published"
    assert service.status().last_error is None

    coordinator.publish_directory(FIXTURES / "hsds-3.0" / "service_full.json")
    second = service.sync_once()
    assert second.directory == "updated"
    assert entries(store, SERVER_DIRECTORY_SOURCE) >= 1
    assert entries(store, "local") == 1
    with store.session() as session:
        assert session.get_one(DirService, local_id).source == "local"

    recorder.forwarded.clear()
    third = service.sync_once()
    assert third.directory == "unchanged" and third.is_everything_acknowledged
    directory_requests = [entry for entry in recorder.forwarded if entry[1].endswith("/directory")]
    assert directory_requests == [("GET", "/api/v1/directory", 304)]
    assert all(method == "GET" and status == 304 for method, _, status in recorder.forwarded)
