"""Benchmarks (13a) the period export: one year of 50 sites x 3 devices (7,800 weekly reports, the weeks crossing
a month boundary with their month parts) exported per calendar month, on SQLite and on PostgreSQL.

Measured: `server.periods.published_period_tables` + `server.exports.period_export` (CSV), the query included.
Floor: the bare SQL aggregate of the same cells in the same database, in the same run: every report's perturbed
counts summed per site, week, dimension and code by the database itself (json_each; SQL has no calendar of ISO
weeks and months to group by), with no month parts, no marking and no CSV. Both read every perturbed cell once.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from app.periods import months_of_week
from app.sync.wire import ReportUpload
from app.weeks import weeks_between
from bench.disclosure import report_row
from bench.measure import Figure
from bench.sync_ingest import _payload, bench_team
from server.db import make_engine, transaction, upgrade
from server.exports import period_export
from server.models import Report
from server.periods import parse_periods, published_period_tables
from server.suppression import DEFAULT_THRESHOLD

SITES = 50
DEVICES = 3
FIRST_WEEK, LAST_WEEK = "2026-W01", "2026-W52"
PERIOD = ("month", "2026-01", "2026-12")

_FLOOR_SQL = {
    "sqlite": """
        SELECT r.site_id, substr(r.week, 1, 8), d.key, c.key, SUM(c.value)
        FROM reports AS r, json_each(r.perturbed, '$.counts') AS d, json_each(d.value) AS c
        WHERE r.week >= :first AND r.week <= :last
        GROUP BY r.site_id, substr(r.week, 1, 8), d.key, c.key
    """,
    "postgresql": """
        SELECT r.site_id, substr(r.week, 1, 8), d.key, c.key, SUM((c.value)::int)
        FROM reports AS r,
             json_each(r.perturbed -> 'counts') AS d,
             json_each_text(d.value) AS c
        WHERE r.week >= :first AND r.week <= :last
        GROUP BY r.site_id, substr(r.week, 1, 8), d.key, c.key
    """,
}


def week_payload(week: str, rng: random.Random) -> dict[str, Any]:
    """A week of one desk; a week crossing a month boundary is two such desks' days, one per month, and its payload
    their sum with the two as its month parts (as a laptop sends it)."""
    months = months_of_week(week)
    if len(months) == 1:
        return _payload(rng)
    parts = {f"{year}-{number:02d}": _payload(rng) for year, number in months}
    whole: dict[str, Any] = {"visits": 0, "participants": 0, "counts": {}}
    for part in parts.values():
        whole["visits"] += part["visits"]
        whole["participants"] += part["participants"]
        for dimension, values in part["counts"].items():
            target = whole["counts"].setdefault(dimension, {})
            for code, count in values.items():
                target[code] = target.get(code, 0) + count
    return {**whole, "parts": parts}


def build(engine: Engine, sites: int, weeks: list[str], seed: int = 13) -> int:
    """A year of reports straight in the server's tables, stored as accept_report stores them."""
    upgrade(engine)
    rng = random.Random(seed)
    with transaction(engine) as session:
        site_ids, device_ids = bench_team(
            session, f"Period team {seed}", [f"Period site {number:02d}" for number in range(sites)], DEVICES
        )
    rows = []
    for site_id in site_ids.values():
        for device_id in device_ids:
            for week in weeks:
                rows.append(report_row(device_id, site_id, week, ReportUpload(revision=1, **week_payload(week, rng))))
    with engine.begin() as connection:
        for start in range(0, len(rows), 1000):
            connection.execute(insert(Report), rows[start : start + 1000])
    return len(rows)


def _export(engine: Engine) -> bytes:
    periods = parse_periods(*PERIOD)
    with Session(engine) as session:
        tables = published_period_tables(session, periods, DEFAULT_THRESHOLD)
    return period_export(tables.rows, "csv", DEFAULT_THRESHOLD, periods, tables.inexact_reports)


def _floor(engine: Engine) -> int:
    periods = parse_periods(*PERIOD)
    with engine.connect() as connection:
        rows = connection.execute(
            text(_FLOOR_SQL[engine.dialect.name]), {"first": periods.first_week, "last": periods.last_week}
        ).all()
    return len(rows)


def measure(engine: Engine, rounds: int) -> tuple[float, float, int]:
    """(export ms, floor ms, rows of the export), medians of `rounds`, alternated."""
    export_ms, floor_ms = [], []
    lines = 0
    for _ in range(rounds):
        started = time.perf_counter()
        _floor(engine)
        floor_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        body = _export(engine)
        export_ms.append((time.perf_counter() - started) * 1000)
        lines = body.count(b"\n") - 1
    return statistics.median(export_ms), statistics.median(floor_ms), lines


def bench_period_export_on(url: str, key: str, kind: str, sites: int, weeks: int, rounds: int) -> Figure:
    engine = make_engine(url)
    try:
        reports = build(engine, sites, weeks_between(FIRST_WEEK, LAST_WEEK)[:weeks])
        export_ms, floor_ms, lines = measure(engine, rounds)
    finally:
        engine.dispose()
    return Figure(
        key=key,
        title=(
            f"period export per calendar month on {kind}: {sites} sites x {DEVICES} devices x {weeks} weeks "
            f"({reports:,} reports, {lines:,} CSV rows), median of {rounds}"
        ),
        value_ms=export_ms,
        floor_ms=max(floor_ms, 0.001),
        floor="the bare SQL aggregate of the same cells (json_each, GROUP BY site and week, no marks)",
        details={"reports": reports, "csv_rows": lines},
    )


def bench_period_export(workspace: Path, sites: int = SITES, weeks: int = 52, rounds: int = 3) -> list[Figure]:
    """13a1 on a SQLite file, 13a2 on a fresh PostgreSQL database (left out, with a line, when none is reachable)."""
    import sys

    folder = Path(tempfile.mkdtemp(prefix="periods-", dir=workspace))
    figures = [bench_period_export_on(f"sqlite:///{folder / 'periods.db'}", "13a1", "SQLite", sites, weeks, rounds)]
    try:
        from tests.server_process import postgres_url_or_skip

        url, drop = postgres_url_or_skip()
    except BaseException as error:  # noqa: BLE001 - pytest.skip is a BaseException
        print(f"bench: no PostgreSQL for 13a2 ({error})", file=sys.stderr)
        return figures
    try:
        figures.append(bench_period_export_on(url, "13a2", "PostgreSQL", sites, weeks, rounds))
    finally:
        drop()
    return figures


def _main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for figure in bench_period_export(Path(folder)):
            print(figure.line())


if __name__ == "__main__":
    _main()
