"""Reports under concurrency and restarts: the upsert is atomic, the highest revision wins, nothing is lost."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import Desk, report, unique
from server_process import ServerProcess
from sqlalchemy import Engine, func, select, text

from app.weeks import now_utc
from server.db import make_engine, read_session_factory, session_factory, upgrade
from server.models import Report, Team


def test_racing_revisions_leave_the_highest_one(
    live_server: ServerProcess, enroll: Callable[..., Desk], db_engine: Engine
) -> None:
    site = unique("Puhos")
    desk = enroll(site)
    # Every revision twice (a retried request), in a random order, from eight connections at once.
    revisions = [revision for revision in range(1, 31) for _ in range(2)]
    random.Random(5).shuffle(revisions)

    def send(revision: int) -> tuple[int, str]:
        with httpx.Client(base_url=live_server.url + "/api/v1", timeout=30) as client:
            response = client.put(
                f"/reports/{site}/2026-W30", json=report(revision=revision, visits=revision), headers=desk.headers
            )
        return response.status_code, response.json().get("status", response.text)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, revisions))
    assert {code for code, _ in answers} == {200}, answers
    statuses = Counter(status for _, status in answers)
    assert set(statuses) <= {"stored", "unchanged", "stale"}
    with db_engine.connect() as connection:
        stored = connection.execute(
            select(Report.revision, Report.payload).where(Report.device_id == desk.device_id)
        ).all()
    assert len(stored) == 1
    assert stored[0].revision == 30 and stored[0].payload["visits"] == 30


def test_a_restart_keeps_reports_devices_and_logins(
    live_server: ServerProcess, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    site = unique("Itis")
    desk = enroll(site)
    url = f"{live_server.url}/api/v1/reports/{site}/2026-W31"
    assert httpx.put(url, json=report(revision=3), headers=desk.headers).json()["status"] == "stored"
    live_server.restart()
    assert httpx.put(url, json=report(revision=3), headers=desk.headers).json()["status"] == "unchanged"
    assert httpx.get(f"{live_server.url}/api/v1/devices", headers=coordinator).status_code == 200


def test_a_slow_directory_upload_does_not_hold_up_devices_or_exports(
    live_server: ServerProcess, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    """On SQLite a writing transaction holds the write lock: none may be open while an upload streams in."""
    site = unique("Kannelmäki")
    desk = enroll(site)
    is_streaming = threading.Event()

    def slow_body() -> Iterator[bytes]:
        for _ in range(12):
            yield b"not a directory file, sent slowly " * 32
            is_streaming.set()
            time.sleep(0.4)

    uploads: list[httpx.Response] = []

    def upload() -> None:
        # Not a file any importer reads: it is refused once read in full, so the published directory stays as is.
        uploads.append(
            httpx.put(
                f"{live_server.url}/api/v1/directory",
                params={"filename": "slow.txt", "language": "fi"},
                content=slow_body(),
                headers=coordinator,
                timeout=60,
            )
        )

    uploader = threading.Thread(target=upload)
    uploader.start()
    try:
        assert is_streaming.wait(10)
        time.sleep(0.3)
        with httpx.Client(base_url=live_server.url + "/api/v1", timeout=10) as client:
            started = time.monotonic()
            stored = client.put(f"/reports/{site}/2026-W32", json=report(revision=1), headers=desk.headers)
            sent_in = time.monotonic() - started
            assert stored.status_code == 200, stored.text
            assert sent_in < 2.5, f"a device waited {sent_in:.1f} s for a coordinator's upload"
            started = time.monotonic()
            params = {"from": "2026-W32", "to": "2026-W32", "site": site}
            exported = client.get("/exports/weekly", params=params, headers=coordinator)
            assert exported.status_code == 200, exported.text
            assert time.monotonic() - started < 2.5
        assert uploader.is_alive(), "the upload ended before the device's request: the test proved nothing"
    finally:
        uploader.join(60)
    assert len(uploads) == 1 and uploads[0].status_code == 422, uploads[0].text if uploads else "no answer"


def test_a_read_only_session_neither_waits_for_nor_holds_the_write_lock(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'locks.db'}")
    upgrade(engine)
    writes, reads = session_factory(engine), read_session_factory(engine)
    with reads() as reader:
        assert reader.scalar(select(func.count()).select_from(Report)) == 0  # a read transaction is open
        with writes() as writer:
            started = time.monotonic()  # a lock held by the reader would make this wait 30 s (busy_timeout)
            writer.execute(text("DELETE FROM reports"))  # begins IMMEDIATE: the reader is no obstacle
            with reads() as second_reader:  # nor is the writer to another reader
                assert second_reader.scalar(select(func.count()).select_from(Report)) == 0
            writer.commit()
            assert time.monotonic() - started < 1.0
        reader.rollback()
    with reads() as reader, pytest.raises(RuntimeError, match="read-only"):
        reader.add(Team(name="never", created_at=now_utc()))
        reader.flush()
    engine.dispose()
