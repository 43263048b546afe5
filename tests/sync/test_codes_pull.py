"""A coordinator adds a topic on the server: every enrolled desk pulls it, offers it, counts it, and keeps it."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from app.codes import bundled_document, codebook_of
from app.desk import Desk
from app.errors import BadInput
from app.storage.database import Database
from app.storage.models import SYNC_STATE_ID, SyncState
from app.sync.service import SyncService
from app.sync.wire import known_codes
from app.visits import VisitInput
from app.weeks import HELSINKI
from tests.conftest import PASSPHRASE, sync_of
from tests.sync.conftest import Coordinator, Recorder, unique_site

MakeDesk = Callable[..., Database]
W40 = "2026-W40"
BANK = {"code": "bank-services", "fi": "Pankkipalvelut", "sv": "Banktjänster", "en": "Bank services"}


def with_bank_services() -> dict[str, Any]:
    document = bundled_document()
    topic = next(item for item in document["dimensions"] if item["name"] == "topic")
    topic["values"].append(dict(BANK))
    return document


@pytest.fixture
def published(coordinator: Coordinator) -> dict[str, Any]:
    """The server's code lists with the topic "bank-services" added (the same upload again changes nothing)."""
    document = with_bank_services()
    answer = coordinator.http.put("/codes", json=document)
    assert answer.status_code == 200, answer.text
    return document


def enrolled(
    make_desk: MakeDesk, coordinator: Coordinator, transport: httpx.BaseTransport | None = None
) -> SyncService:
    site = unique_site()
    service = sync_of(make_desk(site), transport=transport)
    service.enroll(coordinator.url, coordinator.code(site))
    return service


def visit_about(topic: str) -> VisitInput:
    return VisitInput(topics=(topic,), languages=("ar",), at=datetime(2026, 9, 29, 10, 15, tzinfo=HELSINKI))


def test_a_new_topic_is_pulled_offered_and_counted(
    make_desk: MakeDesk, coordinator: Coordinator, published: dict[str, Any]
) -> None:
    service = enrolled(make_desk, coordinator)
    visits = service.desk.visits
    with pytest.raises(BadInput):
        visits.add(visit_about("bank-services"))  # not known here before the pull

    assert service.sync_once().is_everything_acknowledged
    topic = service.desk.codebook()["topic"]
    assert "bank-services" in topic.codes
    assert topic.value("bank-services") is not None
    assert {language: topic.value("bank-services").label(language) for language in ("fi", "sv", "en")} == {
        "fi": "Pankkipalvelut",
        "sv": "Banktjänster",
        "en": "Bank services",
    }
    assert "bank-services" in (known_codes(service.desk.codebook())["topic"] or ())
    assert "bank-services" not in (known_codes()["topic"] or ()), "another desk (or the server) is not changed"

    visits.add(visit_about("bank-services"))
    visits.add(visit_about("housing"))
    result = service.sync_once()
    assert result.sent == 1 and result.is_everything_acknowledged
    exported = coordinator.export(W40, W40, _site_of(service.store))
    assert exported[(W40, "topic", "bank-services")] == 1
    assert exported[(W40, "topic", "housing")] == 1
    assert exported[(W40, "total", "visits")] == 2


def _site_of(store: Database) -> str:
    with store.session() as session:
        return str(session.get_one(SyncState, SYNC_STATE_ID).sites[0])


def test_the_pulled_lists_apply_again_when_the_store_is_unlocked(
    make_desk: MakeDesk, coordinator: Coordinator, published: dict[str, Any]
) -> None:
    service = enrolled(make_desk, coordinator)
    service.sync_once()
    store = service.store
    store.lock()
    store.unlock(PASSPHRASE)
    reopened = Desk(store)
    assert "bank-services" in reopened.codebook()["topic"].codes
    reopened.visits.add(visit_about("bank-services"))


def test_a_stored_document_that_cannot_be_used_never_stops_the_unlock(
    make_desk: MakeDesk, caplog: pytest.LogCaptureFixture
) -> None:
    store = make_desk(unique_site())
    broken = with_bank_services()
    del _topic_values(broken)[-1]["sv"]  # a new topic without its Swedish label
    sync_of(store).ensure_identity()
    with store.session() as session, session.begin():
        session.get_one(SyncState, SYNC_STATE_ID).codes_document = broken
    store.lock()
    with caplog.at_level(logging.WARNING):
        store.unlock(PASSPHRASE)
    assert not store.is_locked
    assert Desk(store).codebook()["topic"].codes == tuple(item["code"] for item in _topic_values(bundled_document()))
    assert "stored code lists were not used" in caplog.text


def _topic_values(document: dict[str, Any]) -> list[dict[str, str]]:
    values: list[dict[str, str]] = next(item for item in document["dimensions"] if item["name"] == "topic")["values"]
    return values


class SpoilsTheCodes(Recorder):
    """Hands the device a codes document with a topic code no report may carry (a server that should not exist)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if not request.url.path.endswith("/codes") or response.status_code != 200:
            return response
        document = copy.deepcopy(response.json())
        topic = next(item for item in document["dimensions"] if item["name"] == "topic")
        topic["values"].append({"code": "Bank Services!", "fi": "a", "sv": "b", "en": "c"})
        return httpx.Response(200, headers={"ETag": response.headers["ETag"]}, content=json.dumps(document).encode())


def test_a_pulled_document_that_cannot_be_used_is_ignored(
    make_desk: MakeDesk, coordinator: Coordinator, published: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    service = enrolled(make_desk, coordinator, transport=SpoilsTheCodes())
    with caplog.at_level(logging.WARNING):
        assert service.sync_once().is_everything_acknowledged
    assert "The new code 'Bank Services!' of 'topic' must be" in caplog.text
    topics = service.desk.codebook()["topic"].codes
    assert "housing" in topics and "bank-services" not in topics
    with service.store.session() as session:
        state = session.get_one(SyncState, SYNC_STATE_ID)
        assert state.codes_document is None and state.codes_etag is None


def test_the_visit_form_built_after_the_pull_offers_the_new_topic(
    make_desk: MakeDesk, coordinator: Coordinator, published: dict[str, Any], context: Any
) -> None:
    from app.ui.context import AppContext
    from app.ui.desk.visit_form import VisitForm

    service = enrolled(make_desk, coordinator)
    service.sync_once()
    pulled = AppContext(desk=service.desk, tasks=context.tasks, ui_language="en")
    form = VisitForm(pulled, [])  # the desk builds its form at unlock (and when the language changes)
    button = form.topics.buttons["bank-services"]
    assert button.text() == "Bank services"
    form.topics.set_selected(["bank-services"])
    assert form.topics.selected() == ["bank-services"]
    form.deleteLater()


def test_a_document_from_another_release_is_completed_with_this_releases_codes() -> None:
    document = with_bank_services()
    values = _topic_values(document)
    values[:] = [value for value in values if value["code"] != "housing"]  # as if "housing" came in a later release
    assert {"housing", "bank-services"} <= set(codebook_of(document)["topic"].codes)
