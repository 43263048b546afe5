"""Coordinators extend the code lists: the upload is checked, versioned by ETag, and new codes count at once."""

from __future__ import annotations

import copy
import json
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import Desk, report, unique
from server_process import ServerProcess, run_cli

from server.codes import REFRESH_SECONDS

WEEK = "2026-W41"


def published(http: httpx.Client, desk: Desk) -> tuple[dict[str, Any], str]:
    """The codes document devices get now, and its ETag."""
    response = http.get("/codes", headers=desk.headers)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["ETag"]


def with_topic(document: dict[str, Any], code: str) -> dict[str, Any]:
    extended = copy.deepcopy(document)
    topic = next(item for item in extended["dimensions"] if item["name"] == "topic")
    topic["values"].append({"code": code, "fi": "Pankkipalvelut", "sv": "Banktjänster", "en": "Bank services"})
    return extended


def new_code() -> str:
    """A fresh topic code of letters: a hex one of seven or more digits in a row ("topic-88738765", one in twenty)
    is refused by reports as a possible phone number, and now by the code lists too."""
    return "topic-" + "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))


def send(http: httpx.Client, desk: Desk, code: str, revision: int = 1) -> httpx.Response:
    site = desk.info["sites"][0]
    body = report(revision=revision, visits=3, topic={"housing": 3, code: 2})
    return http.put(f"/reports/{site}/{WEEK}", json=body, headers=desk.headers)


def test_an_upload_is_a_new_version_and_its_codes_are_accepted_at_once(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    desk = enroll(unique("Codes"))
    document, old_etag = published(http, desk)
    code = new_code()
    refused = send(http, desk, code)
    assert refused.status_code == 422
    assert code in refused.json()["detail"]

    answer = http.put("/codes", json=with_topic(document, code), headers=coordinator)
    assert answer.status_code == 200, answer.text
    assert answer.json()["is_changed"] is True
    new_etag = f'"{answer.json()["etag"]}"'
    assert new_etag != old_etag

    pulled = http.get("/codes", headers={**desk.headers, "If-None-Match": old_etag})
    assert pulled.status_code == 200 and pulled.headers["ETag"] == new_etag
    topic = next(item for item in pulled.json()["dimensions"] if item["name"] == "topic")
    assert {"code": code, "fi": "Pankkipalvelut", "sv": "Banktjänster", "en": "Bank services"} in topic["values"]
    assert http.get("/codes", headers={**desk.headers, "If-None-Match": new_etag}).status_code == 304

    accepted = send(http, desk, code)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "stored"

    again = http.put("/codes", json=pulled.json(), headers=coordinator)
    assert again.json() == {**answer.json(), "is_changed": False}


def _remove_housing(document: dict[str, Any]) -> None:
    topic = next(item for item in document["dimensions"] if item["name"] == "topic")
    topic["values"] = [value for value in topic["values"] if value["code"] != "housing"]


def _new_without_swedish(document: dict[str, Any]) -> None:
    topic = next(item for item in document["dimensions"] if item["name"] == "topic")
    topic["values"].append({"code": "no-swedish", "fi": "Ei ruotsia", "en": "No Swedish"})


def _bad_code(document: dict[str, Any]) -> None:
    outcome = next(item for item in document["dimensions"] if item["name"] == "outcome")
    outcome["values"].append({"code": "Bank Services!", "fi": "a", "sv": "b", "en": "c"})


def _new_dimension(document: dict[str, Any]) -> None:
    document["dimensions"].append({"name": "mood", "label": {"fi": "a", "sv": "b", "en": "c"}, "values": []})


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_remove_housing, "The code 'housing' of 'topic' is missing"),
        (_new_without_swedish, "The value 'no-swedish' of 'topic' needs a Swedish (sv) label."),
        (_bad_code, "The new code 'Bank Services!' of 'outcome' must be"),
        (_new_dimension, "'mood' is not a dimension Neuvo counts"),
    ],
    ids=["removed-code", "missing-label", "bad-code", "new-dimension"],
)
def test_a_bad_document_is_refused_with_one_sentence_and_nothing_changes(
    change: Callable[[dict[str, Any]], None],
    words: str,
    http: httpx.Client,
    enroll: Callable[..., Desk],
    coordinator: dict[str, str],
) -> None:
    desk = enroll(unique("Codes"))
    document, etag = published(http, desk)
    change(document)
    answer = http.put("/codes", json=document, headers=coordinator)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail.startswith(words), detail
    assert detail.count(". ") == 0 and "\n" not in detail
    assert published(http, desk)[1] == etag


def test_a_published_code_can_never_be_removed_again(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    desk = enroll(unique("Codes"))
    document, _etag = published(http, desk)
    code = new_code()
    assert http.put("/codes", json=with_topic(document, code), headers=coordinator).status_code == 200
    answer = http.put("/codes", json=document, headers=coordinator)
    assert answer.status_code == 422
    assert f"The code '{code}' of 'topic' is missing" in answer.json()["detail"]


def test_only_a_coordinator_uploads_and_size_is_limited(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    desk = enroll(unique("Codes"))
    document, etag = published(http, desk)
    extended = with_topic(document, new_code())
    missing = http.put("/codes", json=extended)
    assert missing.status_code == 401 and missing.json()["reason"] == "missing_credential"
    as_device = http.put("/codes", json=extended, headers=desk.headers)
    assert as_device.status_code == 401 and as_device.json()["reason"] == "invalid_token"
    too_large = http.put(
        "/codes",
        content=json.dumps({**extended, "padding": "x" * 70_000}),
        headers={**coordinator, "Content-Type": "application/json"},
    )
    assert too_large.status_code == 413
    assert published(http, desk)[1] == etag


def test_a_code_that_reports_would_refuse_as_a_phone_number_is_refused_at_upload(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    desk = enroll(unique("Codes"))
    document, etag = published(http, desk)
    answer = http.put("/codes", json=with_topic(document, "topic-88738765"), headers=coordinator)
    assert answer.status_code == 422 and "at most 6 digits in a row" in answer.json()["detail"], answer.text
    assert published(http, desk)[1] == etag  # nothing changed
    assert send(http, desk, "topic-88738765").status_code == 422


def test_the_command_line_uploads_and_a_running_server_picks_it_up(
    http: httpx.Client,
    enroll: Callable[..., Desk],
    server_db: str,
    tmp_path: Path,
) -> None:
    desk = enroll(unique("Codes"))
    document, _etag = published(http, desk)
    code = new_code()
    path = tmp_path / "codes.json"
    path.write_text(json.dumps(with_topic(document, code), ensure_ascii=False), encoding="utf-8")
    done = run_cli(server_db, "codes", "upload", str(path))
    assert "published" in done.stdout
    assert code in run_cli(server_db, "codes", "show").stdout

    # A server started now validates with the stored document from its first request.
    with ServerProcess(server_db) as second, httpx.Client(base_url=second.url + "/api/v1", timeout=20) as other:
        first = send(other, desk, code)
        assert first.status_code == 200, first.text
    # The server already running notices the new version within its refresh interval.
    deadline = time.monotonic() + REFRESH_SECONDS * 3
    while (answer := send(http, desk, code, revision=2)).status_code == 422 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert answer.status_code == 200, answer.text

    path.write_text(json.dumps(document), encoding="utf-8")
    refused = run_cli(server_db, "codes", "upload", str(path), check=False)
    assert refused.returncode == 2
    assert refused.stderr.strip().count("\n") == 0
    assert f"The code '{code}' of 'topic' is missing" in refused.stderr
    path.write_text("{not json", encoding="utf-8")
    broken = run_cli(server_db, "codes", "upload", str(path), check=False)
    assert broken.returncode == 2 and "not JSON" in broken.stderr


def test_the_new_outcome_codes_are_accepted_and_old_reports_stay_valid(
    http: httpx.Client, enroll: Callable[..., Desk]
) -> None:
    """Issue 15: 'resolved at this visit' and 'asked to come back with an interpreter or helper'."""
    desk = enroll(unique("Outcomes"))
    site = desk.info["sites"][0]
    new = report(revision=1, visits=3, outcome={"resolved": 2, "come-back-helper": 1})
    assert http.put(f"/reports/{site}/2026-W42", json=new, headers=desk.headers).status_code == 200
    old = report(revision=1, visits=3, outcome={"information": 3})
    assert http.put(f"/reports/{site}/2026-W43", json=old, headers=desk.headers).status_code == 200
    document, _etag = published(http, desk)
    outcome = next(item for item in document["dimensions"] if item["name"] == "outcome")
    labels = {value["code"]: value for value in outcome["values"]}
    assert labels["resolved"]["fi"] == "Asia ratkesi käynnillä"
    assert labels["come-back-helper"]["en"] == "Asked back with interpreter or helper"


def test_who_asked_and_the_visitors_answer_are_validated_and_exported_and_old_reports_stay_valid(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    """Issue 15: two new dimensions. Reports of an older release (without them) are still accepted."""
    desk = enroll(unique("Voice"))
    site = desk.info["sites"][0]
    new = report(
        revision=1,
        visits=12,
        asked_by={"self": 7, "relative": 3, "professional": 2},
        visitor_answer={"yes": 6, "partly": 2, "skipped": 1},
    )
    stored = http.put(f"/reports/{site}/2026-W44", json=new, headers=desk.headers)
    assert stored.status_code == 200, stored.text
    old = report(revision=1, visits=3)
    assert http.put(f"/reports/{site}/2026-W45", json=old, headers=desk.headers).status_code == 200
    for counts, named in (
        ({"asked_by": {"neighbour": 1}}, "'neighbour' is not a known code of 'asked_by'"),
        ({"visitor_answer": {"maybe": 1}}, "'maybe' is not a known code of 'visitor_answer'"),
        ({"visitor_answer": {"yes": 3, "no": 2}}, "add up to more visits"),
    ):
        refused = http.put(f"/reports/{site}/2026-W46", json=report(revision=1, **counts), headers=desk.headers)
        assert refused.status_code == 422 and named in refused.json()["detail"], refused.text
    document, _etag = published(http, desk)
    answer = next(item for item in document["derived"] if item["name"] == "visitor_answer")
    assert [value["code"] for value in answer["values"]] == ["yes", "partly", "no", "skipped"]
    params = {"from": "2026-W44", "to": "2026-W44", "site": site, "format": "csv"}
    exported = http.get("/exports/weekly", params=params, headers=coordinator)
    dimensions = {line.split(",")[2] for line in exported.text.splitlines()[1:]}
    assert {"asked_by", "visitor_answer"} <= dimensions
