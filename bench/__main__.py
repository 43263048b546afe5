"""`make bench`: each figure against its floor measured in the same run, printed and written to bench/out/results.json.

Usage: python -m bench [--quick] [--visits N] [--out FILE]
  (a) saving one visit through the core with 100,000 visits stored vs a raw sqlcipher3 INSERT+COMMIT
  (b) process start to an interactive unlock screen vs a bare PySide6 window
  (c) passphrase to a usable main window vs the key derivation alone
  (d) building the weekly reports of 100,000 visits vs one bare GROUP BY
  (e1-e4) directory search p95 by kind of query (50,000 services) vs a bare FTS5 MATCH
  (f) importing the 50,000 services vs parsing their JSON
  (h1, h2) rendering a handout page and a sheet of 8 cards to PDF vs a bare QPdfWriter page
  (g) recall of the golden set (starter names in fi/sv/en/ru/ar, typed many ways) in the starter directory,
  (g2) and with the starter among the 50,000 services
  (i1) the server's ingest of 5 sites x 52 weeks x 3 devices of weekly reports vs the same upserts done directly
  (i2) a laptop's first sync of a year of visits vs the same PUTs made bare
  (j) the note check on a 500-character note (p95) vs a bare regex pass over the same text
  (k) five typical visits typed with the keyboard only through the real Desk widgets vs saving them through the core
  (15a) the same five visits also choosing a duration and who asked (issue 15), against the same floor
  (p1) the export of a year of 50 sites x 3 devices with perturbation vs the export before issue 12 (suppression)
  (p2) the audit (the attacker) over the same year vs that export
  (13b1, 13b2) the coordinator console's overview of the same year on SQLite and PostgreSQL vs the bare SQL aggregate
  (13a1, 13a2) the period export of the same year per calendar month on SQLite and PostgreSQL vs the bare SQL aggregate
  (14a) importing an HSDS 2.0 tabular package (zip) of 10,000 services vs csv.reader over its CSV files
  (14b) importing an Open Referral UK /services page of 10,000 services vs json.load of it (both with peak memory)
--quick runs every benchmark on a small store with few rounds (a smoke test; its figures mean little).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.console import bench_console
from bench.directory_search import bench_directory, bench_golden_recall
from bench.disclosure import bench_export_and_audit
from bench.handouts import bench_handouts
from bench.measure import Figure, previous_ratios
from bench.notecheck import bench_notecheck
from bench.periods_13a import bench_period_export
from bench.real_feeds_14 import bench_real_feeds
from bench.startup import REPOSITORY, bench_startup
from bench.sync_ingest import bench_first_sync, bench_ingest
from bench.visit_store import bench_visit_save, bench_weekly_report, populate


def bench_unlock(data_dir: Path, rounds: int) -> Figure:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.unlock_to_main", str(data_dir), "--rounds", str(rounds)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench.unlock_to_main failed:\n{completed.stderr}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    kdf_ms = sorted(result["kdf_ms"])[len(result["kdf_ms"]) // 2]
    return Figure(
        key="c",
        title=f"passphrase to a usable main window, median of {rounds}",
        value_ms=result["median_to_usable_ms"],
        floor_ms=kdf_ms,
        floor="the key derivation alone",
        goal_ms=400.0,
        goal="under 400 ms beyond the KDF",
        goal_beyond_floor=True,
        details={"rounds_ms": ", ".join(f"{value:.0f}" for value in result["to_usable_ms"])},
    )


def bench_keyboard_visit(workspace: Path, rounds: int, with_who_asked: bool = False) -> Figure:
    """(k) the five typical visits; (15a) the same with a duration and who asked (issue 15's new group)."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.keyboard_visit",
            str(workspace / "who-asked" if with_who_asked else workspace),
            "--rounds",
            str(rounds),
            *(["--who-asked"] if with_who_asked else []),
        ],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench.keyboard_visit failed:\n{completed.stderr[-3000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    typed, bare, keys = result["typed_ms"], result["bare_ms"], result["keystrokes"]
    return Figure(
        key="15a" if with_who_asked else "k",
        title=(
            "a keyboard-only visit "
            + ("with a duration and who asked " if with_who_asked else "")
            + f"from form ready to saved, mean of 5 scripted visits (median of {rounds})"
        ),
        value_ms=sum(typed) / len(typed),
        floor_ms=sum(bare) / len(bare),
        floor="the same visits saved through the core",
        goal="at most 15 keystrokes a visit",
        details={
            "keystrokes_per_visit": ", ".join(str(count) for count in keys),
            "most_keystrokes": max(keys),
            "visits_ms": ", ".join(f"{value:.0f}" for value in typed),
        },
    )


class _WithPrevious(list[Figure]):
    """The figures of this run; each one added gets the ratio the same figure had in the run before."""

    def __init__(self, previous: dict[str, float]) -> None:
        super().__init__()
        self.previous = previous

    def append(self, figure: Figure) -> None:
        figure.previous_ratio = self.previous.get(figure.key)
        super().append(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small store and few rounds (for the smoke test)")
    parser.add_argument("--visits", type=int, default=None, help="visits stored before measuring (default 100000)")
    parser.add_argument("--services", type=int, default=None, help="directory services (default 50000)")
    parser.add_argument("--out", type=Path, default=REPOSITORY / "bench" / "out" / "results.json")
    args = parser.parse_args(argv)
    visits = args.visits or (500 if args.quick else 100_000)
    saves, rounds, windows = (20, 2, 1) if args.quick else (300, 7, 5)
    services = args.services or (300 if args.quick else 50_000)

    workspace = Path(tempfile.mkdtemp(prefix="neuvo-bench-"))
    figures: list[Figure] = _WithPrevious(previous_ratios(args.out))
    recall: list[dict[str, object]] = []
    try:
        data_dir = workspace / "data"
        started = time.perf_counter()
        print(f"bench: storing {visits:,} visits through the core…", file=sys.stderr, flush=True)
        store = populate(data_dir, visits)
        print(f"bench: stored in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        figures.append(bench_visit_save(store, visits, saves))
        print(figures[-1].line(), flush=True)
        figures.append(bench_weekly_report(store, visits, rounds))
        store.lock()
        print(figures[-1].line(), flush=True)
        figures.append(bench_startup(data_dir, windows))
        print(figures[-1].line(), flush=True)
        figures.append(bench_unlock(data_dir, windows))
        print(figures[-1].line(), flush=True)
        figures.append(bench_keyboard_visit(workspace, 1 if args.quick else 5))
        print(figures[-1].line(), flush=True)
        print(f"    keystrokes per visit: {figures[-1].details['keystrokes_per_visit']}", flush=True)
        figures.append(bench_keyboard_visit(workspace, 1 if args.quick else 5, with_who_asked=True))
        print(figures[-1].line(), flush=True)
        print(f"    keystrokes per visit: {figures[-1].details['keystrokes_per_visit']}", flush=True)
        print(f"bench: importing {services:,} directory services…", file=sys.stderr, flush=True)
        for figure in bench_handouts(None, 10 if args.quick else 100):
            figures.append(figure)
            print(figure.line(), flush=True)
        recall.append(bench_golden_recall(workspace))
        directory_figures, among = bench_directory(workspace, services, 10 if args.quick else 200)
        recall.append(among)
        for figure in directory_figures:
            figures.append(figure)
            print(figure.line(), flush=True)
        print(
            "bench: directory files as published (HSDS 2.0 package, Open Referral UK feed)…",
            file=sys.stderr,
            flush=True,
        )
        for figure in bench_real_feeds(workspace, 300 if args.quick else 10_000):
            figures.append(figure)
            print(figure.line(), flush=True)
            print(
                f"    peak memory: import {figure.details['import_peak_memory_mb']} MB, "
                f"floor {figure.details['floor_peak_memory_mb']} MB",
                flush=True,
            )
        print("bench: the sync server on SQLite…", file=sys.stderr, flush=True)
        figures.append(bench_ingest(workspace, weeks=4 if args.quick else 52))
        print(figures[-1].line(), flush=True)
        figures.append(bench_first_sync(workspace, visits=200 if args.quick else 3000))
        print(figures[-1].line(), flush=True)
        figures.append(bench_notecheck(100 if args.quick else 2000))
        print(figures[-1].line(), flush=True)
        print("bench: a year of reports of 50 sites, exported and audited…", file=sys.stderr, flush=True)
        for figure in bench_export_and_audit(workspace, sites=3 if args.quick else 50, weeks=4 if args.quick else 52):
            figures.append(figure)
            print(figure.line(), flush=True)
        print("bench: the coordinator console's overview of that year…", file=sys.stderr, flush=True)
        for figure in bench_console(
            workspace, sites=3 if args.quick else 50, weeks=4 if args.quick else 52, rounds=3 if args.quick else 30
        ):
            figures.append(figure)
            print(figure.line(), flush=True)
        print("bench: the period export of that year, per calendar month…", file=sys.stderr, flush=True)
        for figure in bench_period_export(
            workspace, sites=3 if args.quick else 50, weeks=4 if args.quick else 52, rounds=2 if args.quick else 3
        ):
            figures.append(figure)
            print(figure.line(), flush=True)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)

    figures.sort(key=lambda figure: figure.key)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "quick": args.quick,
                "visits_stored": visits,
                "directory_services": services,
                "python": platform.python_version(),
                "machine": platform.platform(),
                "figures": [figure.as_json() for figure in figures],
                "golden_recall": recall,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"bench: written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
