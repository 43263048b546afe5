"""A writer to be killed: saves visits in a loop through VisitService.add, printing each id once it is saved.

Usage: python -m bench.soak_writer DATA_DIR PASSPHRASE_FILE [--limit N]

A printed id is an acknowledgement: the visit was committed before the line was written, so after any
kill that id must still be in the store. Used by tests/storage/test_crash_safety.py and bench/soak.py.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.codes import bundled_codebook
from app.desk import Desk
from app.storage.database import Database
from app.visits import VisitInput

LANGUAGES = ("fi", "sv", "en", "ar", "so", "ru", "fa", "prs", "ckb", "uk", "et", "zh")


def random_visit(rng: random.Random, now: datetime) -> VisitInput:
    book = bundled_codebook()
    contact = rng.choice(book["contact"].codes)
    return VisitInput(
        topics=tuple(rng.sample(book["topic"].codes, rng.randint(1, 3))),
        languages=tuple(rng.sample(LANGUAGES, rng.randint(0, 2))),
        outcomes=tuple(rng.sample(book["outcome"].codes, rng.randint(0, 2))),
        contact=contact,
        participants=rng.randint(2, 30) if contact == "group" else 1,
        duration=rng.choice((None, *book["duration"].codes)),
        # Spread over the past year so that many weekly reports are marked dirty.
        at=now - timedelta(minutes=rng.randint(60, 60 * 24 * 365)),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak_writer")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("passphrase_file", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="stop after this many visits (default: never)")
    args = parser.parse_args(argv)

    store = Database(args.data_dir)
    store.unlock(args.passphrase_file.read_text(encoding="utf-8").rstrip("\r\n"))
    visits = Desk(store).visits
    rng = random.Random(os.getpid())
    now = datetime.now(UTC)
    written = 0
    while args.limit is None or written < args.limit:
        visit_id = visits.add(random_visit(rng, now))
        print(visit_id, flush=True)
        written += 1
    store.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
