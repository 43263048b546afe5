"""The shared directory: uploaded by a coordinator through the desktop's importers, pulled by devices by ETag."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from conftest import FIXTURES, Desk, unique
from server_process import ServerProcess


def page(*services: dict[str, Any]) -> bytes:
    return json.dumps({"total_items": len(services), "page_number": 1, "contents": list(services)}).encode()


FINNISH = page({"id": "s1", "name": "Asumisneuvonta", "description": "Neuvontaa vuokra-asumisessa"})
ENGLISH = page({"id": "s1", "name": "Housing advice", "description": "Advice on renting"})


def upload(
    http: httpx.Client, coordinator: dict[str, str], content: bytes, filename: str, language: str = "fi", **query: str
) -> httpx.Response:
    params = {"language": language, "filename": filename, **query}
    return http.put("/directory", content=content, params=params, headers=coordinator)


def test_devices_pull_the_directory_by_version_and_etag(
    http: httpx.Client, coordinator: dict[str, str], enroll: Callable[..., Desk]
) -> None:
    desk = enroll(unique("Puhos"))
    assert http.get("/directory", headers=desk.headers).status_code == 204  # nothing published: normal

    first = upload(http, coordinator, FINNISH, "city_fi.json", "fi")
    assert first.status_code == 200, first.text
    assert first.json() == {"version": 1, "services": 1}
    pulled = http.get("/directory", headers=desk.headers)
    assert pulled.status_code == 200
    etag = pulled.headers["ETag"]
    assert pulled.json()["version"] == 1
    assert pulled.json()["services"][0]["name"] == {"fi": "Asumisneuvonta"}
    unchanged = http.get("/directory", headers={**desk.headers, "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""

    second = upload(http, coordinator, ENGLISH, "city_en.json", "en")
    assert second.json() == {"version": 2, "services": 1}
    merged = http.get("/directory", headers={**desk.headers, "If-None-Match": etag})
    assert merged.status_code == 200
    assert merged.json()["services"][0]["name"] == {"fi": "Asumisneuvonta", "en": "Housing advice"}
    assert merged.headers["ETag"] != etag

    same_again = upload(http, coordinator, ENGLISH, "city_en.json", "en")
    assert same_again.json() == {"version": 2, "services": 1}

    broken = upload(http, coordinator, b'{"contents": [{"id": "s2", "name": ', "broken_fi.json", "fi")
    assert broken.status_code == 422
    assert "broken_fi.json" in broken.json()["detail"] and "Nothing was imported" in broken.json()["detail"]
    still = http.get("/directory", headers={**desk.headers, "If-None-Match": merged.headers["ETag"]})
    assert still.status_code == 304


def test_every_desktop_format_is_accepted(http: httpx.Client, coordinator: dict[str, str]) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as package:
        for path in (FIXTURES / "hsds-3.0" / "csv").iterdir():
            package.write(path, path.name)
    csv_zip = upload(http, coordinator, archive.getvalue(), "hsds.zip", "sv")
    assert csv_zip.status_code == 200, csv_zip.text
    ptv = (FIXTURES / "ptv" / "municipality_services.json").read_bytes()
    by_detection = upload(http, coordinator, ptv, "services.json", "sv")
    assert by_detection.status_code == 200, by_detection.text
    tpr = (FIXTURES / "tpr" / "unit.json").read_bytes()
    assert upload(http, coordinator, tpr, "unit.json", "fi", format="tpr").status_code == 200


def test_uploads_that_cannot_be_read_change_nothing(http: httpx.Client, coordinator: dict[str, str]) -> None:
    before = http.get("/directory", headers=coordinator)  # a coordinator is not a device
    assert before.status_code == 401 and before.json()["reason"] == "unknown_device"
    for content, filename in [(b"", "empty.json"), (b"hello", "notes.txt"), (b"\x00\x01", "x.zip")]:
        refused = upload(http, coordinator, content, filename)
        assert refused.status_code == 422, (filename, refused.text)
        assert isinstance(refused.json()["detail"], str)


def test_an_upload_needs_a_coordinator(http: httpx.Client, enroll: Callable[..., Desk]) -> None:
    desk = enroll(unique("Itis"))
    refused = http.put("/directory", content=FINNISH, params={"filename": "x_fi.json"}, headers=desk.headers)
    assert refused.status_code == 401 and refused.json()["reason"] == "invalid_token"


def test_an_oversized_upload_is_refused_from_its_declared_length(
    live_server: ServerProcess, coordinator: dict[str, str]
) -> None:
    address = urlsplit(live_server.url)
    request = (
        "PUT /api/v1/directory?filename=huge.json HTTP/1.1\r\n"
        f"Host: {address.netloc}\r\n"
        f"Authorization: {coordinator['Authorization']}\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\n"
        "Connection: close\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request.encode() + b"{")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert "bytes" in json.loads(body)["detail"]
