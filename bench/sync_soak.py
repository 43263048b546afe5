"""Sync soak: thousands of randomized fault runs against one real server; no week may be counted twice or lost.

Usage: python -m bench.sync_soak [--runs 10000] [--seed N] [--batch 250] [--restart-every 2500] [--max-minutes 40]

One server process (`python -m server serve`, SQLite, 127.0.0.1) and three laptops (encrypted stores enrolled to
one team with two sites). Each run makes a few edits on one laptop (visits added, changed, moved to another
week, deleted) and then one sync pass through tests/faults.py's FaultyTransport with one or more faults: a
connection dropped before the request or after the server committed it, a timeout, a 500 or 503 (with or
without Retry-After), a duplicated request, a request held back and replayed later, or the laptop's process
killed right after the server answered. Now and then the server restarts in the middle of a pass.
After each batch every laptop syncs without faults, the requests still held back arrive, and the server's
unsuppressed export must equal the sum of the laptops' own statistics in every cell of every (site, week).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults import NETWORK_FAULTS, ClientKilled, Fault, FaultPlan, Replay
from tests.reliability.fleet import (
    COORDINATOR_EMAIL,
    COORDINATOR_PASSWORD,
    NO_SUPPRESSION,
    Coordinator,
    StoreTemplate,
    compare,
    device_totals,
    enroll_desks,
    new_team,
    random_edits,
    sync_pass,
    sync_until_acknowledged,
    week_range,
)
from tests.server_process import ServerProcess, create_coordinator

WEEKS = 52
DESKS = 3
KILL_CHANCE = 0.05  # of a run: the laptop's process dies right after one of the server's answers


@dataclass
class Tally:
    """What the soak saw; duplicates and losses are (site, week)s whose server count was too high or too low."""

    runs: int = 0
    faults: int = 0
    kills: int = 0
    restarts: int = 0
    checks: int = 0
    unreachable_passes: int = 0
    duplicated_weeks: set[tuple[str, str]] = field(default_factory=set)
    lost_weeks: set[tuple[str, str]] = field(default_factory=set)
    bad_replays: list[Replay] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not (self.duplicated_weeks or self.lost_weeks or self.bad_replays or self.stuck)


class Soak:
    def __init__(self, workspace: Path, seed: int, restart_every: int) -> None:
        self.rng = random.Random(seed)
        self.restart_every = restart_every
        database_url = f"sqlite:///{workspace / 'neuvo-server.db'}"
        create_coordinator(database_url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
        self.server = ServerProcess(database_url, extra_env=NO_SUPPRESSION).start()
        self.coordinator = Coordinator(self.server.url)
        self.template = StoreTemplate.create(workspace / "template")
        team, self.sites = new_team("Soak")
        self.desks = enroll_desks(
            self.coordinator, self.template, workspace / "desks", team, self.sites, DESKS, None, self.rng
        )
        self.tally = Tally()
        self._restart_pending = False

    def close(self) -> None:
        for desk in self.desks:
            desk.store.lock()
            desk.transport.close()
        self.coordinator.close()
        self.server.close()

    # -- one run ------------------------------------------------------------------------------
    def run_once(self) -> None:
        rng = self.rng
        desk = rng.choice(self.desks)
        adds = rng.randint(0, 3)
        random_edits(desk, rng, adds=adds, changes=rng.randint(0 if adds else 1, 3), weeks=WEEKS)
        # One fault on the pass's first request, up to two more wherever the plan puts them.
        first = Fault.CLIENT_KILLED if rng.random() < KILL_CHANCE else rng.choice(NETWORK_FAULTS)
        plan = FaultPlan(rng, rate=0.3, budget=rng.randint(0, 2))
        desk.transport.plan = plan
        desk.transport.inject(first)
        self.tally.runs += 1
        if self.restart_every and self.tally.runs % self.restart_every == 0:
            self._restart_pending = True
        try:
            if sync_pass(desk) is None:
                self.tally.unreachable_passes += 1
        except ClientKilled:
            self.tally.kills += 1
            desk.reopen(self.template.data_key)
        finally:
            self.tally.faults += 1 + plan.total_injected
            desk.transport.plan = None
            desk.transport.forced.clear()

    def _restart_in_the_middle(self, _request_number: int) -> None:
        if self._restart_pending:
            self._restart_pending = False
            self.tally.restarts += 1
            self.server.restart()

    # -- the check after a batch ----------------------------------------------------------------
    def check(self) -> None:
        """Every laptop sends everything without faults; held requests arrive; the totals must be equal."""
        for desk in self.desks:
            try:
                sync_until_acknowledged(desk, max_passes=50)
            except AssertionError as error:
                self.tally.stuck.append(str(error))
        for desk in self.desks:
            for replay in desk.transport.replay_held():
                if replay.method == "PUT" and replay.ack_status not in ("stale", "unchanged"):
                    self.tally.bad_replays.append(replay)
        first_week, last_week = week_range(WEEKS + 1)
        on_devices = device_totals([desk.store for desk in self.desks], first_week, last_week, self.sites)
        on_server = self.coordinator.totals(first_week, last_week, self.sites)
        comparison = compare(on_server, on_devices)
        self.tally.checks += 1
        if not comparison.is_exact:
            print(f"sync soak: check {self.tally.checks}: {comparison.describe()}", file=sys.stderr, flush=True)
        self.tally.duplicated_weeks |= comparison.duplicated_weeks()
        self.tally.lost_weeks |= comparison.lost_weeks()

    def install_restarts(self) -> None:
        for desk in self.desks:
            desk.transport.before_forward = self._restart_in_the_middle

    def visits_stored(self) -> int:
        return sum(len(desk.visit_ids) for desk in self.desks)


def soak(runs: int, seed: int, batch: int, restart_every: int, max_seconds: float, workspace: Path) -> int:
    started = time.monotonic()
    run = Soak(workspace, seed, restart_every)
    run.install_restarts()
    is_out_of_time = False
    try:
        while run.tally.runs < runs:
            for _ in range(min(batch, runs - run.tally.runs)):
                run.run_once()
            run.check()
            elapsed = time.monotonic() - started
            print(
                f"sync soak: {run.tally.runs}/{runs} runs, {run.tally.faults} faults, {run.tally.kills} kills, "
                f"{run.tally.restarts} restarts, {elapsed:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            if elapsed > max_seconds and run.tally.runs < runs:
                is_out_of_time = True
                break
        visits = run.visits_stored()
    finally:
        run.close()
    tally = run.tally
    print(
        f"sync soak: {tally.runs} fault runs, {len(tally.duplicated_weeks)} duplicates, {len(tally.lost_weeks)} losses"
        f" ({tally.faults} faults injected, {tally.kills} client kills, {tally.restarts} server restarts, "
        f"{tally.checks} checks of every (site, week), {visits} visits on {DESKS} laptops, "
        f"{time.monotonic() - started:.0f} s)",
        flush=True,
    )
    if tally.bad_replays:
        print(f"sync soak: {len(tally.bad_replays)} late requests changed the server: {tally.bad_replays[:3]}")
    if tally.stuck:
        print(f"sync soak: laptops could not send everything: {tally.stuck[:3]}")
    if is_out_of_time:
        print(f"sync soak: stopped after {max_seconds:.0f} s with {runs - tally.runs} runs not done")
    return 0 if tally.is_clean and not is_out_of_time else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_soak", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--batch", type=int, default=250, help="runs between two checks of the totals")
    parser.add_argument("--restart-every", type=int, default=2500, help="runs between server restarts (0: never)")
    parser.add_argument("--max-minutes", type=float, default=40.0, help="give up (and fail) after this long")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"sync soak: seed {seed}", file=sys.stderr)
    workspace = Path(tempfile.mkdtemp(prefix="neuvo-sync-soak-"))
    try:
        return soak(args.runs, seed, max(1, args.batch), args.restart_every, args.max_minutes * 60, workspace)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
