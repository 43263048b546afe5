"""Benchmarks (i1) the server's report ingest and (i2) a laptop's first sync of a whole year, on localhost.

(i1) 5 sites x 52 weeks x 3 devices = 780 reports PUT to the real server (uvicorn on SQLite, one keep-alive
connection per device), against the floor of the same upserts done directly with SQLAlchemy on a database of
the same kind: the ratio is the cost of HTTP, validation and authentication per report (goal: at most 3).
(i2) `SyncService.sync_once` of a store whose visits cover the past year (52 weeks to send), against the floor
of the same 52 PUTs made bare with httpx (goal: under 2 s).
"""

from __future__ import annotations

import random
import secrets
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from app.desk import Desk
from app.sync.service import SyncService
from app.sync.wire import ReportUpload, device_token
from app.weeks import now_utc, week_of, weeks_between
from bench.measure import Figure
from bench.visit_store import populate
from server.db import make_engine, transaction, upgrade
from server.models import Device, Report, Site, Team
from server.reports import upsert_statement
from server.security import digest
from server.suppression import new_cell_key, perturbed_payload
from tests.conftest import sync_of
from tests.server_process import ServerProcess, create_coordinator, login

SITES = 5
WEEKS = 52
DEVICES = 3
COORDINATOR = ("bench@example.fi", "bench-coordinator-password")
TOPICS = ("housing", "kela-income", "residence-permit", "employment", "education-language", "health", "digital")
LANGUAGES = ("ar", "so", "ru", "fa", "en", "fi", "uk")


def _payload(rng: random.Random) -> dict[str, Any]:
    """A realistic week of one desk: a few dozen visits over the usual dimensions."""
    visits = rng.randint(20, 60)
    walk_in = rng.randint(visits // 2, visits)
    # A group session or two bring the participants beyond the visits (every other visit is one person).
    groups = rng.randint(0, 2)
    extra = rng.randint(0, 10) * groups
    return {
        "visits": visits,
        "participants": visits + extra,
        "counts": {
            "topic": {code: rng.randint(1, visits) for code in rng.sample(TOPICS, 5)},
            "language": {code: rng.randint(1, visits) for code in rng.sample(LANGUAGES, 4)},
            "contact": {"walk-in": walk_in - groups, "phone": visits - walk_in, "group": groups},
            "duration": {"5-15": visits // 2, "15-30": visits - visits // 2},
            "weekday": {"tue": visits // 3, "thu": visits - visits // 3},
            "hour": {"12": visits // 2, "14": visits - visits // 2},
            "outcome": {"information": visits, "referred": visits // 4},
        },
    }


def _uploads(seed: int) -> list[tuple[str, str, dict[str, Any]]]:
    rng = random.Random(seed)
    weeks = weeks_between("2025-W49", "2026-W48")[:WEEKS]
    return [(f"Bench site {site}", week, _payload(rng)) for site in range(SITES) for week in weeks]


def _enroll(url: str, token: str, site: str, team: str) -> tuple[str, str]:
    """A device of `team` enrolled through the API, as a laptop does; returns its id and secret."""
    code = httpx.post(
        f"{url}/api/v1/enrollments", json={"site": site, "team": team}, headers={"Authorization": f"Bearer {token}"}
    ).json()["code"]
    device_id, device_secret = secrets.token_hex(16), secrets.token_urlsafe(32)
    answer = httpx.post(
        f"{url}/api/v1/enroll", json={"code": code, "device_id": device_id, "device_secret": device_secret}
    )
    answer.raise_for_status()
    return device_id, device_secret


def _put_all(url: str, credential: str, uploads: list[tuple[str, str, dict[str, Any]]], revision: int) -> float:
    """Seconds to PUT every upload over one keep-alive connection; each must be stored."""
    with httpx.Client(base_url=url + "/api/v1", headers={"Authorization": f"Bearer {credential}"}) as client:
        started = time.perf_counter()
        for site, week, payload in uploads:
            response = client.put(f"/reports/{site}/{week}", json={"revision": revision, **payload})
            if response.status_code != 200 or response.json()["status"] != "stored":
                raise RuntimeError(f"report not stored: {response.status_code} {response.text}")
        return time.perf_counter() - started


def _warm_up(url: str) -> None:
    """Import httpx and open a first connection in a worker process before the clock starts."""
    httpx.get(url + "/api/v1/health").raise_for_status()


def bench_team(
    session: Session, team_name: str, site_names: list[str], devices: int
) -> tuple[dict[str, int], list[str]]:
    """A team with these sites and enrolled devices, made straight in the server's database: (site ids, device ids)."""
    team = Team(name=team_name, created_at=now_utc())
    session.add(team)
    session.flush()
    sites = {}
    for site_name in site_names:
        site = Site(name=site_name, team_id=team.id, created_at=now_utc())
        session.add(site)
        session.flush()
        sites[site_name] = site.id
    device_ids = []
    for _ in range(devices):
        device = Device(
            id=secrets.token_hex(16),
            name="bench",
            team_id=team.id,
            secret_hash=digest(secrets.token_urlsafe(32)),
            enrolled_at=now_utc(),
        )
        session.add(device)
        device_ids.append(device.id)
    return sites, device_ids


def _direct_upserts(database_url: str, uploads: list[tuple[str, str, dict[str, Any]]]) -> float:
    """Seconds for the same upserts straight through SQLAlchemy: one transaction per report, as the server commits."""
    engine = make_engine(database_url)
    upgrade(engine)
    with transaction(engine) as session:
        sites, devices = bench_team(session, "Floor team", sorted({site for site, _week, _payload in uploads}), DEVICES)
    started = time.perf_counter()
    for device_id in devices:
        for site_name, week, payload in uploads:
            report = ReportUpload(revision=1, **payload)  # the server validates every report too
            with engine.begin() as connection:
                values = {
                    "device_id": device_id,
                    "site_id": sites[site_name],
                    "week": week,
                    "revision": report.revision,
                    "payload": report.canonical(),
                    "received_at": now_utc(),
                    "cell_key": (cell_key := new_cell_key()),
                    "perturbed": perturbed_payload(cell_key, report),  # as the server stores a report
                }
                connection.execute(upsert_statement(connection.dialect.name), values).first()
    elapsed = time.perf_counter() - started
    engine.dispose()
    with transaction(make_engine(database_url)) as session:
        if session.query(Report).count() != len(devices) * len(uploads):
            raise RuntimeError("the floor did not store every report")
    return elapsed


def bench_ingest(workspace: Path, weeks: int = WEEKS) -> Figure:
    uploads = [upload for upload in _uploads(7) if upload[1] in weeks_between("2025-W49", "2026-W48")[:weeks]]
    floor_seconds = _direct_upserts(f"sqlite:///{workspace / 'floor.db'}", uploads)
    database_url = f"sqlite:///{workspace / 'ingest.db'}"
    create_coordinator(database_url, *COORDINATOR)
    with ServerProcess(database_url) as server:
        token = login(server.url, *COORDINATOR)
        team = "Bench outreach"
        for site in sorted({site for site, _week, _payload in uploads}):
            httpx.post(
                f"{server.url}/api/v1/enrollments",
                json={"site": site, "team": team},
                headers={"Authorization": f"Bearer {token}"},
            ).raise_for_status()
        devices = [_enroll(server.url, token, uploads[0][0], team) for _ in range(DEVICES)]
        # The devices send at the same time, as laptops finding a network do: each its own process and connection.
        with ProcessPoolExecutor(max_workers=DEVICES) as pool:
            list(pool.map(_warm_up, [server.url] * DEVICES))
            started = time.perf_counter()
            list(
                pool.map(
                    _put_all,
                    [server.url] * DEVICES,
                    [device_token(*device) for device in devices],
                    [uploads] * DEVICES,
                    [1] * DEVICES,
                )
            )
            server_seconds = time.perf_counter() - started
        round_trip_ms = _round_trip_ms(server.url)
    reports = DEVICES * len(uploads)
    return Figure(
        key="i1",
        title=f"server ingest of {reports} weekly reports ({SITES} sites x {weeks} weeks x {DEVICES} devices), each",
        value_ms=server_seconds * 1000 / reports,
        floor_ms=floor_seconds * 1000 / reports,
        floor="the same validated upsert straight through SQLAlchemy Core",
        goal_ms=3 * floor_seconds * 1000 / reports,
        goal="ratio at most 3",
        details={
            "server_reports_per_second": round(reports / server_seconds),
            "floor_reports_per_second": round(reports / floor_seconds),
            # What HTTP alone costs here: a GET of /api/v1/health, no database, no body.
            "http_round_trip_ms": round(round_trip_ms, 2),
        },
    )


def _round_trip_ms(url: str, rounds: int = 300) -> float:
    with httpx.Client(base_url=url) as client:
        client.get("/api/v1/health")
        started = time.perf_counter()
        for _ in range(rounds):
            client.get("/api/v1/health")
        return (time.perf_counter() - started) * 1000 / rounds


def bench_first_sync(workspace: Path, visits: int = 3000) -> Figure:
    """A laptop with a year of visits enrolls and sends everything in one pass."""
    database_url = f"sqlite:///{workspace / 'first-sync.db'}"
    create_coordinator(database_url, *COORDINATOR)
    store = populate(workspace / "laptop", visits)
    try:
        with ServerProcess(database_url) as server:
            token = login(server.url, *COORDINATOR)
            site = "Puhos shopping centre"
            code = httpx.post(
                f"{server.url}/api/v1/enrollments", json={"site": site}, headers={"Authorization": f"Bearer {token}"}
            ).json()["code"]
            service = sync_of(store)
            service.enroll(server.url, code)
            waiting = service.waiting_weeks()
            started = time.perf_counter()
            result = service.sync_once(deadline_seconds=60)
            elapsed = time.perf_counter() - started
            if not result.is_everything_acknowledged:
                raise RuntimeError(f"the first sync did not finish: {result}")
            # The floor: the same weeks PUT bare by another device of the team.
            uploads = [(report.site, report.week, report.canonical()) for report in _sent_reports(service)]
            other = _enroll(server.url, token, site, site)
            floor = _put_all(server.url, device_token(*other), uploads, 1)
    finally:
        store.lock()
    return Figure(
        key="i2",
        title=f"first sync of a laptop's year ({waiting} weeks, {visits:,} visits), one pass",
        value_ms=elapsed * 1000,
        floor_ms=floor * 1000,
        floor="the same PUTs made bare with httpx",
        goal_ms=2000.0,
        goal="under 2 s",
        details={"weeks": waiting},
    )


def _sent_reports(service: SyncService) -> list[Any]:

    now = now_utc()
    reports = Desk(service.store).statistics.weekly_reports(week_of(now - timedelta(weeks=53)), week_of(now))
    return [report for report in reports if report.visits]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="neuvo-bench-sync-") as folder:
        for figure in (bench_ingest(Path(folder)), bench_first_sync(Path(folder))):
            print(figure.line())
