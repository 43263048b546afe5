"""Issue 14's figures: importing directory files in the shapes cities and 211s publish, with their peak memory.

  (14a) an HSDS 2.0 tabular package (zip) of N services vs csv.reader over the same CSV files
  (14b) an Open Referral UK /services page of N services vs json.load of the same file

Each import and each floor runs in a child process of its own (python -m bench.real_feeds_14), so that the
peak resident memory each reports (ru_maxrss, beyond the process's start-up) is its own, not the parent's.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from bench.directory_data import FI_HEADS, FI_TAILS, PLACES
from bench.measure import Figure
from bench.startup import REPOSITORY


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _name(rng: random.Random, number: int) -> str:
    return f"{rng.choice(FI_HEADS)}{rng.choice(FI_TAILS)} {rng.choice(PLACES)} {number}"


def write_hsds2_package(path: Path, services: int, seed: int = 14) -> Path:
    """A 211-style HSDS 2.0 zip: services, organizations, locations, physical addresses, phones, hours, languages."""
    rng = random.Random(seed)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in (
        "services", "organizations", "locations", "services_at_location", "physical_addresses", "phones",
        "regular_schedules", "languages", "eligibility",
    )}  # fmt: skip
    for number in range(max(1, services // 10)):
        tables["organizations"].append({"id": f"o{number}", "name": f"Organisation {number}", "description": ""})
    for number in range(services):
        service_id, location_id = f"s{number}", f"l{number}"
        tables["services"].append(
            {
                "id": service_id,
                "organization_id": f"o{number % len(tables['organizations'])}",
                "name": _name(rng, number),
                "description": "<p>Neuvontaa ja ohjausta&nbsp;maahanmuuttajille.</p>",
                "status": "active",
                "application_process": "Walk-in" if number % 2 else "By appointment",
                "fees": "Free" if number % 3 else "",
                "interpretation_services": "",
            }
        )
        tables["locations"].append(
            {"id": location_id, "name": rng.choice(PLACES), "latitude": "60.17", "longitude": "24.94"}
        )
        tables["services_at_location"].append(
            {"id": f"sal{number}", "service_id": service_id, "location_id": location_id}
        )
        tables["physical_addresses"].append(
            {"id": f"a{number}", "location_id": location_id, "address_1": f"Katu {number}", "city": "Helsinki",
             "postal_code": "00100", "country": "FI"}
        )  # fmt: skip
        tables["phones"].append(
            {"id": f"p{number}", "service_id": service_id, "location_id": "", "number": "09 310 10000"}
        )
        tables["regular_schedules"].append(
            {"id": f"r{number}", "service_id": service_id, "location_id": "", "weekday": str(1 + number % 5),
             "opens_at": "09:00", "closes_at": "16:00"}
        )  # fmt: skip
        tables["languages"].append({"id": f"g{number}", "service_id": service_id, "language": "Somali"})
        if number % 4 == 0:
            tables["eligibility"].append({"id": f"e{number}", "service_id": service_id, "eligibility": "Ages 16-29"})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("datapackage.json", json.dumps({"name": "bench-211", "version": "1.0"}))
        for name, rows in tables.items():
            bundle.writestr(f"data/{name}.csv", _csv(rows))
    return path


def write_oruk_feed(path: Path, services: int, seed: int = 14) -> Path:
    """One Open Referral UK /services page (`content`) of `services` services with the fields councils publish."""
    rng = random.Random(seed)
    content = []
    for number in range(services):
        content.append(
            {
                "id": f"oruk-{number}",
                "name": _name(rng, number),
                "description": "<p>Advice for families&nbsp;and young people.</p>",
                "status": "active",
                "organization": {"id": f"org-{number % 50}", "name": f"Council service {number % 50}"},
                "contacts": [{"id": f"c{number}", "phones": [{"id": f"p{number}", "number": "020 7946 0000"}]}],
                "service_at_locations": [
                    {
                        "id": f"sal{number}",
                        "location": {
                            "id": f"loc{number}",
                            "name": "Town Hall",
                            "latitude": 51.5,
                            "longitude": -0.12,
                            "physical_addresses": [
                                {"id": f"a{number}", "address_1": f"{number} High St", "city": "London"}
                            ],
                        },
                    }
                ],
                "regular_schedules": [
                    {"id": f"r{number}", "opens_at": "10:00", "closes_at": "16:00", "byday": "TU,TH"}
                ],
                "languages": [{"id": f"l{number}", "language": "English"}],
                "eligibilitys": [{"id": f"e{number}", "eligibility": "Young people", "maximum_age": 25}],
                "attending_access": "drop-in" if number % 2 else "appointment",
                "fees": "Free" if number % 3 else "",
            }
        )
    path.write_text(
        json.dumps({"totalElements": services, "totalPages": 1, "number": 1, "content": content}), encoding="utf-8"
    )
    return path


def _child(*args: str) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.real_feeds_14", *args],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench.real_feeds_14 {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def bench_real_feeds(workspace: Path, services: int) -> list[Figure]:
    package = write_hsds2_package(workspace / "bench_211.zip", services)
    feed = write_oruk_feed(workspace / "bench_oruk.json", services)
    figures = []
    for key, path, kind, floor_name, title in (
        ("14a", package, "package", "csv.reader over the same CSV files", "an HSDS 2.0 tabular package (zip)"),
        ("14b", feed, "feed", "json.load of the same file", "an Open Referral UK /services page"),
    ):
        imported = _child("import", str(path), str(workspace / f"store-{key}"))
        floor = _child("floor", str(path), kind)
        figures.append(
            Figure(
                key=key,
                title=f"import {services:,} services from {title}",
                value_ms=imported["ms"],
                floor_ms=floor["ms"],
                floor=floor_name,
                goal_ms=60_000.0,
                goal="under 60 s",
                details={
                    "import_peak_memory_mb": round(imported["peak_mb"], 1),
                    "floor_peak_memory_mb": round(floor["peak_mb"], 1),
                    "file_mb": round(path.stat().st_size / 1e6, 1),
                    "added": int(imported["added"]),
                },
            )
        )
    return figures


def _peak_mb(before_kb: int) -> float:
    """The child's peak resident memory (MB): the whole process, start-up and store creation included."""
    del before_kb
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_import(path: Path, data_dir: Path) -> dict[str, float]:
    from app.desk import Desk
    from app.storage.database import Database
    from bench.visit_store import BENCH_PASSPHRASE

    store = Database(data_dir)
    Desk.create(store, BENCH_PASSPHRASE, "Bench site")
    directory = Desk(store).directory
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = directory.import_file(path, language="en")
    elapsed = (time.perf_counter() - started) * 1000
    return {"ms": elapsed, "peak_mb": _peak_mb(before), "added": float(result.added)}


def _run_floor(path: Path, kind: str) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if kind == "feed":
        with path.open("rb") as handle:
            json.load(handle)
    else:
        with zipfile.ZipFile(path) as bundle:
            for member in bundle.infolist():
                if member.filename.endswith(".csv"):
                    text = bundle.read(member).decode("utf-8-sig")
                    for _row in csv.reader(io.StringIO(text, newline="")):
                        pass
    return {"ms": (time.perf_counter() - started) * 1000, "peak_mb": _peak_mb(before), "added": 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.real_feeds_14")
    parser.add_argument("action", choices=("import", "floor"))
    parser.add_argument("path", type=Path)
    parser.add_argument("extra")
    args = parser.parse_args(argv)
    run = _run_import if args.action == "import" else _run_floor
    result = run(args.path, Path(args.extra) if args.action == "import" else args.extra)  # type: ignore[operator]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
