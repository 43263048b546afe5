"""Advisors' flags of wrong directory entries travel with the next sync (no visitor data), once, to the coordinator's
list; a flag holding personal data never leaves the laptop."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from app.desk import Desk
from app.errors import PersonalDataInNote
from app.storage.database import Database
from app.sync.service import SERVER_DIRECTORY_SOURCE
from tests.conftest import sync_of
from tests.sync.conftest import Coordinator, Recorder, unique_site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


class Bodies(Recorder):
    """The recorder that also keeps what each request carried."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.url.path, request.read()))
        return super().handle_request(request)


def test_flags_go_with_the_next_sync_once(make_desk: Callable[..., Database], coordinator: Coordinator) -> None:
    site = unique_site()
    store = make_desk(site)
    recorder = Bodies()
    service = sync_of(store, transport=recorder)
    service.enroll(coordinator.url, coordinator.code(site))
    coordinator.publish_directory(FIXTURES / "hsds-3.0" / "service_full.json")
    service.sync_once()
    directory, edits = Desk(store).directory, Desk(store).local_edits
    entry = next(
        directory.entry(hit.id)
        for hit in directory.search("counselling", "en")
        if directory.entry(hit.id).source == SERVER_DIRECTORY_SOURCE
    )
    with pytest.raises(PersonalDataInNote):
        edits.flag(entry.id, "asiakas 131052-308T sanoi")
    text = f"Opening hours changed ({site})"
    edits.flag(entry.id, text)
    assert [flag["sent"] for flag in edits.flags(entry.id)] == [False]

    service.sync_once()
    assert [flag["sent"] for flag in edits.flags(entry.id)] == [True]
    sent = [content for path, content in recorder.sent if path.endswith("/directory/flags")]
    assert len(sent) == 1
    body = json.loads(sent[0])
    assert [flag["text"] for flag in body["flags"]] == [text]
    assert set(body["flags"][0]) == {
        "client_id",
        "service_source",
        "service_source_id",
        "service_name",
        "text",
        "flagged_at",
    }, "the service and the words, nothing about a visit"

    service.sync_once()
    assert len([path for path, _content in recorder.sent if path.endswith("/directory/flags")]) == 1
    listed = coordinator.http.get("/directory/flags").json()
    assert [row["text"] for row in listed if row["text"] == text] == [text]
