"""Benchmarks (p1) the export of a year with disclosure control by perturbation and (p2) the audit of that year.

A SQLite server database holds one year of 50 sites x 3 devices (7,800 weekly reports, bench.sync_ingest's desks).
(p1) The CSV export of the whole year per site and week (published_tables + weekly_export, query included),
against the export the server made before issue 12 (the same query, sums over devices, small-cell suppression with
secondary "x" cells: bench/previous_suppression.py), measured in the same run. Goal: at most 2x.
(p2) `audit` over the same reports (every table, every site and week, each device in turn as the attacker's),
against (p1)'s export time.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app import exports as desktop
from app.codes import REPORT_DIMENSIONS
from app.sync.wire import ReportCounts, ReportUpload, WeeklyReport
from app.weeks import now_utc, weeks_between
from bench.measure import Figure
from bench.previous_suppression import suppress
from bench.sync_ingest import _payload, bench_team
from server.audit import audit
from server.db import make_engine, transaction, upgrade
from server.exports import published_tables, weekly_export
from server.models import Report, Site
from server.reports import contributions
from server.suppression import DEFAULT_THRESHOLD, new_cell_key, perturbed_payload

SITES = 50
DEVICES = 3
FIRST, LAST = "2025-W49", "2026-W48"


def report_row(device_id: str, site_id: int, week: str, upload: ReportUpload) -> dict[str, object]:
    """A `reports` row as server.reports.accept_report stores a report: true counts, a new key, perturbed counts."""
    cell_key = new_cell_key()
    return {
        "device_id": device_id,
        "site_id": site_id,
        "week": week,
        "revision": upload.revision,
        "payload": upload.canonical(),
        "received_at": now_utc(),
        "cell_key": cell_key,
        "perturbed": perturbed_payload(cell_key, upload),
    }


def _database(folder: Path, sites: int, weeks: list[str]) -> str:
    url = f"sqlite:///{folder / 'export-bench.db'}"
    fill_database(url, sites, weeks)
    return url


def fill_database(url: str, sites: int, weeks: list[str]) -> None:
    """A team of `sites` sites and DEVICES devices, each device reporting every week for every site (server schema
    made first), stored as the server stores reports."""
    engine = make_engine(url)
    upgrade(engine)
    rng = random.Random(12)
    with transaction(engine) as session:
        site_ids_by_name, device_ids = bench_team(
            session, "Bench team", [f"Bench site {number:02d}" for number in range(sites)], DEVICES
        )
    site_ids = list(site_ids_by_name.values())
    rows = []
    for site_id in site_ids:
        for device_id in device_ids:
            for week in weeks:
                rows.append(report_row(device_id, site_id, week, ReportUpload(revision=1, **_payload(rng))))
    with engine.begin() as connection:
        connection.execute(insert(Report), rows)
    engine.dispose()


def _previous_export(session: Session, first: str, last: str) -> bytes:
    """The export before issue 12: sums over devices, then small-cell suppression, then the same CSV writer."""
    query = (
        select(Report.week, Site.name, Report.payload)
        .join(Site, Site.id == Report.site_id)
        .where(Report.week >= first, Report.week <= last)
    )
    by_site_week: dict[tuple[str, str], list[ReportCounts]] = defaultdict(list)
    for week, name, payload in session.execute(query):
        by_site_week[(week, name)].append(ReportCounts.model_construct(**payload))
    rows: list[desktop.Row] = []
    for (week, site), reports in sorted(by_site_week.items()):
        visits = participants = 0
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for report in reports:
            visits += report.visits
            participants += report.participants
            for dimension, values in report.counts.items():
                for code, count in values.items():
                    counts[dimension][code] += count
        kept = {
            dimension: {code: count for code, count in values.items() if count} for dimension, values in counts.items()
        }
        summed = WeeklyReport.model_construct(
            site=site, week=week, visits=visits, participants=participants, counts=kept
        )
        shown = suppress(summed, DEFAULT_THRESHOLD)
        rows.append((week, site, "total", "visits", shown.visits))
        rows.append((week, site, "total", "participants", shown.participants))
        for dimension in REPORT_DIMENSIONS:
            for code, count in shown.counts.get(dimension, {}).items():
                if count != 0:
                    rows.append((week, site, dimension, code, count))
    # The CSV writer as it was then (today's desktop.csv_text also neutralises formulas, part of what p1 measures).
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(desktop.CSV_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _new_export(session: Session, first: str, last: str) -> bytes:
    tables = published_tables(session, first, last, DEFAULT_THRESHOLD)
    return weekly_export(tables, "csv", DEFAULT_THRESHOLD, first, last)


def bench_export_and_audit(workspace: Path, sites: int = SITES, weeks: int = 52, rounds: int = 3) -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="export-", dir=workspace))
    week_list = weeks_between(FIRST, LAST)[:weeks]
    first, last = week_list[0], week_list[-1]
    url = _database(folder, sites, week_list)
    engine = make_engine(url)
    new_ms, old_ms = [], []
    try:
        for _ in range(rounds):  # alternated, so that both see the same machine
            with Session(engine) as session:
                started = time.perf_counter()
                _previous_export(session, first, last)
                old_ms.append((time.perf_counter() - started) * 1000)
            with Session(engine) as session:
                started = time.perf_counter()
                _new_export(session, first, last)
                new_ms.append((time.perf_counter() - started) * 1000)
        with Session(engine) as session:
            started = time.perf_counter()
            reports = contributions(session, first, last)
            result = audit(reports)
            audit_ms = (time.perf_counter() - started) * 1000
    finally:
        engine.dispose()
    export_ms, floor_ms = statistics.median(new_ms), statistics.median(old_ms)
    size = f"{sites} sites x {DEVICES} devices x {weeks} weeks ({sites * DEVICES * weeks:,} reports)"
    floor_ms = max(floor_ms, 0.001)
    export = Figure(
        key="p1",
        title=f"CSV export of {size} with perturbation, median of {rounds}",
        value_ms=export_ms,
        floor_ms=floor_ms,
        floor="the export before issue 12 (small-cell suppression with secondary cells)",
        goal_ms=2 * floor_ms,
        goal="at most 2x the previous export",
    )
    audited = Figure(
        key="p2",
        title=(
            f"audit of the same reports: {result.cells_checked:,} small counts checked, "
            f"{result.linear_programs} by linear programming, {len(result.pinned)} pinned"
        ),
        value_ms=audit_ms,
        floor_ms=export_ms,
        floor="the export (p1) of the same reports",
        details={"cells_checked": result.cells_checked, "linear_programs": result.linear_programs},
    )
    return [export, audited]


def _main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for figure in bench_export_and_audit(Path(folder)):
            print(figure.line())


if __name__ == "__main__":
    _main()
