"""Reports under concurrency and restarts: the upsert is atomic, the highest revision wins, nothing is lost."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
from conftest import Desk, report, unique
from server_process import ServerProcess
from sqlalchemy import Engine, select

from server.models import Report


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
