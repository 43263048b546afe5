"""Crash-safety soak: kill a visit writer at random moments, many times; no acknowledged visit may be lost.

Usage: python -m bench.soak [--kills 1000] [--seed N] [--data-dir DIR] [--keep]

Each round starts bench/soak_writer.py on the same encrypted store, reads the ids it acknowledges, kills it
(SIGKILL on POSIX, TerminateProcess on Windows) at a random moment, reopens the store and checks
PRAGMA integrity_check, PRAGMA cipher_integrity_check and that every id ever acknowledged is present.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.desk import Desk
from app.storage.database import Database

REPOSITORY = Path(__file__).resolve().parent.parent
SOAK_PASSPHRASE = "soak-lamp-river-7-orange"
SOAK_SITE = "Soak test site"


@dataclass
class KillRound:
    """What one killed writer acknowledged, and its error output if it stopped by itself."""

    acknowledged: list[int]
    writer_error: str | None = None


@dataclass
class Verdict:
    integrity: list[str]
    cipher_problems: list[tuple[object, ...]]
    missing: set[int] = field(default_factory=set)
    visits_present: int = 0

    @property
    def is_intact(self) -> bool:
        return self.integrity == ["ok"] and not self.cipher_problems


def create_soak_store(data_dir: Path, passphrase: str = SOAK_PASSPHRASE) -> tuple[Path, bytes]:
    """A new store and a passphrase file beside it; returns (passphrase file, data key)."""
    store = Database(data_dir)
    Desk.create(store, passphrase, SOAK_SITE)
    store.lock()
    passphrase_file = data_dir.parent / f"{data_dir.name}-passphrase.txt"
    passphrase_file.write_text(passphrase + "\n", encoding="utf-8")
    return passphrase_file, store.unwrap(passphrase)


def kill_writer(
    data_dir: Path,
    passphrase_file: Path,
    rng: random.Random,
    acknowledged_before_kill: int | None = None,
    seconds_before_kill: float | None = None,
    timeout: float = 60.0,
) -> KillRound:
    """Run the writer and kill it after that many acknowledged ids (plus a random instant) or that many seconds."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as error_output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.soak_writer", str(data_dir), str(passphrase_file)],
            cwd=REPOSITORY,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=error_output,
            text=True,
            encoding="utf-8",
        )
        assert process.stdout is not None
        acknowledged: list[int] = []
        changed = threading.Condition()

        def read_acknowledgements() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                if not line.endswith("\n"):
                    break  # cut off by the kill: not an acknowledgement
                with changed:
                    acknowledged.append(int(line))
                    changed.notify_all()
            with changed:
                changed.notify_all()

        reader = threading.Thread(target=read_acknowledgements, daemon=True)
        reader.start()
        started = time.monotonic()
        deadline = started + (seconds_before_kill if seconds_before_kill is not None else timeout)
        with changed:
            while process.poll() is None and time.monotonic() < deadline:
                if acknowledged_before_kill is not None and len(acknowledged) >= acknowledged_before_kill:
                    break
                changed.wait(timeout=0.05)
        if acknowledged_before_kill is not None:
            # Land anywhere in the transaction that follows, not just after a commit.
            time.sleep(rng.uniform(0.0, 0.012))
        exited_by_itself = process.poll() is not None
        process.kill()
        process.wait()
        reader.join(timeout=10)
        process.stdout.close()
        error_output.seek(0)
        error_text = error_output.read()
    if exited_by_itself or (seconds_before_kill is None and time.monotonic() >= deadline):
        return KillRound(acknowledged, error_text.strip() or "the writer stopped or stalled")
    return KillRound(acknowledged)


def verify(data_dir: Path, data_key: bytes, acknowledged: set[int]) -> Verdict:
    """Reopen the store and check both integrity checks and that every acknowledged visit is there."""
    store = Database(data_dir)
    store.open_with_key(data_key)
    try:
        with store.engine.connect() as connection:
            integrity = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            cipher_problems = [tuple(row) for row in connection.exec_driver_sql("PRAGMA cipher_integrity_check")]
            present = {int(row[0]) for row in connection.exec_driver_sql("SELECT id FROM visits")}
    finally:
        store.lock()
    return Verdict(integrity, cipher_problems, acknowledged - present, len(present))


def soak(kills: int, seed: int, data_dir: Path) -> int:
    rng = random.Random(seed)
    passphrase_file, data_key = create_soak_store(data_dir)
    acknowledged: set[int] = set()
    lost: set[int] = set()
    integrity_failures = 0
    writer_failures = 0
    started = time.monotonic()
    for round_number in range(1, kills + 1):
        if rng.random() < 0.15:
            # A kill at any moment, also while the writer starts or unlocks.
            result = kill_writer(data_dir, passphrase_file, rng, seconds_before_kill=rng.uniform(0.0, 2.0))
        else:
            result = kill_writer(data_dir, passphrase_file, rng, acknowledged_before_kill=rng.randint(1, 60))
        if result.writer_error is not None:
            writer_failures += 1
            print(f"soak: round {round_number}: the writer failed: {result.writer_error}", file=sys.stderr)
        acknowledged.update(result.acknowledged)
        verdict = verify(data_dir, data_key, acknowledged)
        if not verdict.is_intact:
            integrity_failures += 1
            print(
                f"soak: round {round_number}: integrity {verdict.integrity[:3]}, cipher {verdict.cipher_problems[:3]}",
                file=sys.stderr,
            )
        newly_lost = verdict.missing - lost
        if newly_lost:
            lost |= newly_lost
            print(f"soak: round {round_number}: lost acknowledged visits {sorted(newly_lost)[:10]}", file=sys.stderr)
        if round_number % 50 == 0:
            print(
                f"soak: {round_number}/{kills} kills, {len(acknowledged)} acknowledged, "
                f"{time.monotonic() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    summary = (
        f"soak: {kills} kills, {integrity_failures} integrity failures, "
        f"{len(lost)} lost acknowledged visits ({len(acknowledged)} visits acknowledged)"
    )
    if writer_failures:
        summary += f", {writer_failures} writer failures"
    print(summary, flush=True)
    return 1 if integrity_failures or lost or writer_failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--data-dir", type=Path, default=None, help="a new folder for the store (default: temporary)")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"soak: seed {seed}", file=sys.stderr)
    workspace = Path(tempfile.mkdtemp(prefix="neuvo-soak-"))
    data_dir = args.data_dir or workspace / "data"
    status = soak(args.kills, seed, data_dir)
    if args.keep or status != 0:
        print(f"soak: the store is kept in {data_dir}", file=sys.stderr)
    else:
        shutil.rmtree(workspace, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
