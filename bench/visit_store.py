"""Benchmarks (a) saving one visit and (d) building the weekly reports, on a store holding many visits."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import func, select

from app.counting import build_payloads
from app.desk import Desk
from app.storage.database import Database
from app.storage.models import Visit
from app.weeks import week_of
from bench.measure import Figure, median, percentile, time_ms
from bench.soak_writer import random_visit

BENCH_PASSPHRASE = "bench-lamp-river-7-orange"
BATCH = 5_000


def populate(data_dir: Path, visits: int, seed: int = 47) -> Database:
    """A new store with that many visits spread over the past year, saved through the core in batches."""
    store = Database(data_dir)
    Desk.create(store, BENCH_PASSPHRASE, "Puhos shopping centre", usual_languages=["ar", "so", "ru"])
    service = Desk(store).visits
    rng = random.Random(seed)
    now = datetime.now(UTC)
    for start in range(0, visits, BATCH):
        service.add_many([random_visit(rng, now) for _ in range(min(BATCH, visits - start))])
    Desk(store).statistics.weekly_reports(week_of(now), week_of(now))  # leave no report dirty
    return store


def raw_connection(store: Database) -> Any:
    """A bare sqlcipher3 connection to the same file, keyed and synced like the app's."""
    data_key = store.unwrap(BENCH_PASSPHRASE)
    connection = sqlcipher3.connect(str(store.db_path), isolation_level=None)
    connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    return connection


class RawVisitCopy:
    """INSERT+COMMIT of the same visit row (and its topic/language/outcome rows) with plain SQL."""

    def __init__(self, connection: Any, visit_id: int) -> None:
        self.connection = connection
        cursor = connection.execute("SELECT * FROM visits WHERE id = ?", (visit_id,))
        columns = [description[0] for description in cursor.description]
        row = dict(zip(columns, cursor.fetchone(), strict=True))
        del row["id"]
        self.columns = list(row)
        self.values = list(row.values())
        self.children = {
            table: connection.execute(
                f"SELECT code, site_id, week FROM {table} WHERE visit_id = ?", (visit_id,)
            ).fetchall()
            for table in ("visit_topics", "visit_languages", "visit_outcomes")
        }

    def save(self) -> None:
        connection = self.connection
        connection.execute("BEGIN")
        placeholders = ", ".join("?" for _ in self.columns)
        columns = ", ".join(self.columns)
        cursor = connection.execute(f"INSERT INTO visits ({columns}) VALUES ({placeholders})", self.values)
        visit_id = cursor.lastrowid
        for table, children in self.children.items():
            rows = [(visit_id, *child) for child in children]
            connection.executemany(f"INSERT INTO {table} (visit_id, code, site_id, week) VALUES (?, ?, ?, ?)", rows)
        connection.execute("COMMIT")


def bench_visit_save(store: Database, stored: int, saves: int, seed: int = 11) -> Figure:
    """(a) p99 of VisitService.add vs the same row saved with raw SQL, interleaved so that noise hits both."""
    service = Desk(store).visits
    rng = random.Random(seed)
    now = datetime.now(UTC)
    visits = [random_visit(rng, now) for _ in range(saves)]
    connection = raw_connection(store)
    core_ms: list[float] = []
    raw_ms: list[float] = []
    try:
        for visit in visits:
            visit_id = 0

            def save_through_core(visit: Any = visit) -> None:
                nonlocal visit_id
                visit_id = service.add(visit)

            core_ms.append(time_ms(save_through_core))
            raw_ms.append(time_ms(RawVisitCopy(connection, visit_id).save))
    finally:
        connection.close()
    return Figure(
        key="a",
        title=f"save one visit through the core, p99 of {saves}, {stored:,} visits stored",
        value_ms=percentile(core_ms, 0.99),
        floor_ms=percentile(raw_ms, 0.99),
        floor="raw sqlcipher3 INSERT+COMMIT, synchronous=FULL, p99",
        goal_ms=15.0,
        goal="p99 under 15 ms",
        details={
            "core_p50_ms": round(median(core_ms), 2),
            "raw_p50_ms": round(median(raw_ms), 2),
            "saves": saves,
            "visits_stored": stored,
        },
    )


def bench_weekly_report(store: Database, stored: int, rounds: int) -> Figure:
    """(d) every weekly report built from all visits vs one bare GROUP BY (site, week) over the same rows."""

    def build() -> None:
        with store.session() as session:
            build_payloads(session)

    connection = raw_connection(store)

    def group_by() -> None:
        query = "SELECT site_id, week, count(*), sum(participants) FROM visits GROUP BY site_id, week"
        connection.execute(query).fetchall()

    try:
        build_ms, floor_ms = [], []
        for _ in range(rounds):
            build_ms.append(time_ms(build))
            floor_ms.append(time_ms(group_by))
    finally:
        connection.close()
    weeks = _week_range(store)
    screen_ms = [time_ms(lambda: Desk(store).statistics.totals(*weeks)) for _ in range(rounds)]
    return Figure(
        key="d",
        title=f"build the weekly reports of {stored:,} visits (every dimension, every week), median of {rounds}",
        value_ms=median(build_ms),
        floor_ms=median(floor_ms),
        floor="one bare GROUP BY site, week",
        goal_ms=300.0,
        goal="under 300 ms",
        details={"statistics_screen_year_totals_ms": round(median(screen_ms), 2), "weeks": f"{weeks[0]}..{weeks[1]}"},
    )


def _week_range(store: Database) -> tuple[str, str]:
    with store.session() as session:
        first, last = session.execute(select(func.min(Visit.week), func.max(Visit.week))).one()
    return first, last
