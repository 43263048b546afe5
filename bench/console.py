"""Benchmark (13b1, 13b2): the coordinator console's overview of one year of 50 sites x 3 devices (7,800 weekly
reports), on SQLite and on PostgreSQL.

Measured: the server time of the page's data request, `GET /console/overview` for the whole year and all sites
(the page is rendered on the server, so this request is the page's data: the session check, reading the year and
the year before, publishing weeks, months and the range's headline cells, the SVG charts and the HTML), through the
real application in process (no network), p95 of ROUNDS. Between two requests one report gets a new revision (as
laptops keep sending), so each request sums that week's reports again; the details give the same request with the
per-process weekly sums emptied before each one ("cold": every week summed from the database).
Floor, in the same run: the bare SQL aggregate of the same cells straight from the stored perturbed counts (weekly
totals, and every dimension's codes over the year), p95 of ROUNDS. Goal: p95 under 300 ms.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select, text, update

from app.weeks import now_utc, weeks_between
from bench.disclosure import DEVICES, FIRST, LAST, SITES, fill_database
from bench.measure import Figure
from server.app import create_app
from server.coordinators import create_coordinator
from server.db import transaction
from server.models import Report

ROUNDS = 30
EMAIL, PASSWORD = "bench-console@example.fi", "bench console password"
GOAL_MS = 300.0

_SQLITE_FLOOR = (
    "SELECT week, SUM(json_extract(perturbed, '$.visits')), SUM(json_extract(perturbed, '$.participants')) "
    "FROM reports WHERE week BETWEEN :first AND :last GROUP BY week ORDER BY week",
    "SELECT d.key, c.key, SUM(c.value) FROM reports, json_each(reports.perturbed, '$.counts') AS d, "
    "json_each(d.value) AS c WHERE week BETWEEN :first AND :last GROUP BY d.key, c.key",
)
_POSTGRES_FLOOR = (
    "SELECT week, SUM((perturbed->>'visits')::int), SUM((perturbed->>'participants')::int) "
    "FROM reports WHERE week BETWEEN :first AND :last GROUP BY week ORDER BY week",
    "SELECT d.key, c.key, SUM(c.value::int) FROM reports, json_each(reports.perturbed->'counts') AS d, "
    "json_each_text(d.value) AS c WHERE week BETWEEN :first AND :last GROUP BY d.key, c.key",
)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(work: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _new_revision(engine: Engine, week: str) -> None:
    """One stored report of `week` replaced by its next revision (the same counts), as a laptop's resend is."""
    with engine.begin() as connection:
        device_id, site_id = connection.execute(
            select(Report.device_id, Report.site_id).where(Report.week == week).limit(1)
        ).one()
        connection.execute(
            update(Report)
            .where(Report.device_id == device_id, Report.site_id == site_id, Report.week == week)
            .values(revision=Report.revision + 1, received_at=now_utc())
        )


def _floor(engine: Engine, first: str, last: str) -> Callable[[], object]:
    statements = _POSTGRES_FLOOR if engine.dialect.name == "postgresql" else _SQLITE_FLOOR

    def aggregate() -> object:
        with engine.connect() as connection:
            return [connection.execute(text(sql), {"first": first, "last": last}).all() for sql in statements]

    return aggregate


def bench_console_overview(
    url: str, key: str, label: str, sites: int = SITES, weeks: int = 52, rounds: int = ROUNDS
) -> Figure:
    week_list = weeks_between(FIRST, LAST)[:weeks]
    first, last = week_list[0], week_list[-1]
    fill_database(url, sites, week_list)
    app = create_app(url)
    with transaction(app.state.engine) as session:
        create_coordinator(session, EMAIL, PASSWORD)
    floor_engine = create_engine(url)
    try:
        with TestClient(app) as client:
            page = client.get("/")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf is not None
            client.post("/console/login", data={"csrf": csrf.group(1), "email": EMAIL, "password": PASSWORD})
            path = f"/console/overview?from={first}&to={last}&scope=all"

            def overview() -> object:
                response = client.get(path)
                assert response.status_code == 200, response.text[:300]
                return response

            overview()  # warm: templates compiled, connections open
            aggregate = _floor(floor_engine, first, last)
            aggregate()
            console_ms, floor_ms, cold_ms = [], [], []
            for number in range(rounds):  # alternated, so that all three see the same machine
                _new_revision(floor_engine, week_list[number % len(week_list)])
                console_ms += _timed(overview, 1)
                floor_ms += _timed(aggregate, 1)
                app.state.console_sums.clear()
                cold_ms += _timed(overview, 1)
    finally:
        floor_engine.dispose()
        app.state.engine.dispose()
    reports = sites * DEVICES * weeks
    return Figure(
        key=key,
        title=f"console overview of one year on {label}: {sites} sites x {DEVICES} devices ({reports:,} reports), "
        f"p95 of {rounds}",
        value_ms=_p95(console_ms),
        floor_ms=_p95(floor_ms),
        floor="the bare SQL aggregate of the same cells (weekly totals, every code over the year)",
        goal_ms=GOAL_MS,
        goal=f"p95 under {GOAL_MS:.0f} ms",
        details={
            "median_ms": round(statistics.median(console_ms), 1),
            "floor_median_ms": round(statistics.median(floor_ms), 1),
            "cold_p95_ms": round(_p95(cold_ms), 1),
            "cold_median_ms": round(statistics.median(cold_ms), 1),
        },
    )


def bench_console(workspace: Path, sites: int = SITES, weeks: int = 52, rounds: int = ROUNDS) -> list[Figure]:
    """13b1 on a SQLite file, 13b2 on a fresh PostgreSQL database (left out, with a line, when none is reachable)."""
    import sys

    folder = Path(tempfile.mkdtemp(prefix="console-", dir=workspace))
    figures = [
        bench_console_overview(f"sqlite:///{folder / 'console-bench.db'}", "13b1", "SQLite", sites, weeks, rounds)
    ]
    try:
        from tests.server_process import postgres_url_or_skip

        url, drop = postgres_url_or_skip()
    except BaseException as error:  # noqa: BLE001 - pytest.skip is a BaseException
        print(f"bench: no PostgreSQL for 13b2 ({error})", file=sys.stderr)
        return figures
    try:
        figures.append(bench_console_overview(url, "13b2", "PostgreSQL", sites, weeks, rounds))
    finally:
        drop()
    return figures


def _main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for figure in bench_console(Path(folder)):
            print(figure.line())


if __name__ == "__main__":
    _main()
