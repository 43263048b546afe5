"""Directory benchmarks: search latency by kind of query, and import throughput, on a synthetic directory.

Search is measured end to end (folding, FTS5 ranking, typo widening, fetching the rows shown) against a
bare sqlcipher3 FTS5 MATCH returning 20 rowids for the same folded words on the same file.
"""

from __future__ import annotations

import json
import random
import resource
import time
from pathlib import Path

import sqlcipher3

from app.desk import Desk
from app.storage.database import Database
from app.text import words
from bench.directory_data import FI_HEADS, FI_TAILS, PLACES, write_service_list
from bench.golden_recall import TOP, measure_recall
from bench.measure import Figure, percentile
from bench.visit_store import BENCH_PASSPHRASE


def _drop_diacritics(text: str) -> str:
    return text.replace("ä", "a").replace("ö", "o").replace("å", "a")


def _typo(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word) - 1)
    return word[:position] + word[position + 1 :]  # one letter missing


def query_sets(rng: random.Random, count: int) -> dict[str, list[str]]:
    compounds = [head + tail for head in FI_HEADS for tail in FI_TAILS]
    return {
        "whole word": [rng.choice(compounds) for _ in range(count)],
        "3-letter prefix": [rng.choice(compounds)[:3] for _ in range(count)],
        "no diacritics": [
            _drop_diacritics(rng.choice([*PLACES, "työllisyyspalvelut", "päivystys"])) for _ in range(count)
        ],
        "one typo": [_typo(rng.choice(compounds), rng) for _ in range(count)],
    }


RECALL_TOP = 20


def bench_directory(workspace: Path, services: int, queries: int) -> tuple[list[Figure], dict[str, object]]:
    """Figures e1-e4 and f, and the golden recall (g2) of the starter names hidden among the synthetic services."""
    data_dir = workspace / "directory-data"
    store = Database(data_dir)
    Desk.create(store, BENCH_PASSPHRASE, "Bench site")
    directory = Desk(store).directory
    path = write_service_list(workspace / "synthetic_fi.json", services)

    # The import first: the floor's json.load would raise the peak it is measured against.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    directory.import_file(path, language="fi")
    import_ms = (time.perf_counter() - started) * 1000
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    started = time.perf_counter()
    with path.open("rb") as handle:
        json.load(handle)
    parse_ms = (time.perf_counter() - started) * 1000
    rss_parse_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    figures = [
        Figure(
            key="f",
            title=f"import {services:,} HSDS services (one transaction, search index included)",
            value_ms=import_ms,
            floor_ms=parse_ms,
            floor="json.load of the same file",
            goal_ms=60_000.0,
            goal="under 60 s",
            details={
                "import_peak_memory_growth_mb": round(rss_growth_mb, 1),
                "json_load_peak_memory_growth_mb": round(rss_parse_mb, 1),
                "file_mb": round(path.stat().st_size / 1e6, 1),
            },
        )
    ]

    connection = sqlcipher3.connect(str(store.db_path))
    connection.execute(f"PRAGMA key = \"x'{store.unwrap(BENCH_PASSPHRASE).hex()}'\"")
    rng = random.Random(7)
    try:
        for index, (kind, texts) in enumerate(query_sets(rng, queries).items(), start=1):
            end_to_end, bare = [], []
            for text in texts:
                started = time.perf_counter()
                directory.search(text, "fi")
                end_to_end.append((time.perf_counter() - started) * 1000)
                match = " AND ".join('"' + word + '"*' for word in words(text))
                started = time.perf_counter()
                connection.execute(
                    "SELECT rowid FROM dir_search WHERE dir_search MATCH ? ORDER BY bm25(dir_search) LIMIT 20", (match,)
                ).fetchall()
                bare.append((time.perf_counter() - started) * 1000)
            figures.append(
                Figure(
                    key=f"e{index}",
                    title=f"search, {kind}, p95 of {queries}, {services:,} services",
                    value_ms=percentile(end_to_end, 0.95),
                    floor_ms=percentile(bare, 0.95),
                    floor="bare FTS5 MATCH of 20 rowids",
                    goal_ms=10.0,
                    goal="p95 under 10 ms",
                    details={
                        "p50_ms": round(percentile(end_to_end, 0.5), 2),
                        "floor_p50_ms": round(percentile(bare, 0.5), 2),
                    },
                )
            )
        where = f"starter names among {services:,} services"
        recall = measure_recall(directory, RECALL_TOP)
        print(recall.line("g2", where, RECALL_TOP), flush=True)
    finally:
        connection.close()
        store.lock()
    return figures, recall.as_json("g2", where, RECALL_TOP)


def bench_golden_recall(workspace: Path) -> dict[str, object]:
    """(g): the golden set in the starter directory as setup leaves it, top 5."""
    store = Database(workspace / "golden-data")
    Desk.create(store, BENCH_PASSPHRASE, "Bench site")
    try:
        recall = measure_recall(Desk(store).directory, TOP)
    finally:
        store.lock()
    print(recall.line("g", "starter directory", TOP), flush=True)
    return recall.as_json("g", "starter directory", TOP)
