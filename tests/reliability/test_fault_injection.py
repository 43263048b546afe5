"""Hundreds of random network faults between two laptops and the real server; the totals still match exactly.

Faults (tests/faults.py): connections dropped before the request and after the server committed it, timeouts,
500s and 503s (with and without Retry-After), duplicated requests, and requests held back and replayed after
newer revisions went through. The server also restarts once in the middle of a pass.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
from server_process import ServerProcess, create_coordinator, postgres_url_or_skip

from tests.faults import NETWORK_FAULTS, FaultPlan, Replay
from tests.reliability.fleet import (
    COORDINATOR_EMAIL,
    COORDINATOR_PASSWORD,
    NO_SUPPRESSION,
    Coordinator,
    Laptop,
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

WEEKS = 30  # visits spread over the last 30 weeks, at two sites
SEED = int(os.environ.get("NEUVO_FAULT_SEED", "20260505"))


@dataclass
class Outcome:
    plan: FaultPlan
    desks: list[Laptop]
    sites: list[str]
    passes: int
    restarts: int
    visits_added: int
    late_replays: list[Replay]


def run_faults(
    server: ServerProcess,
    coordinator: Coordinator,
    template: StoreTemplate,
    folder: Path,
    visits: int,
    faults: int,
    seed: int,
    restart_after_faults: int | None = None,
) -> Outcome:
    """Two laptops log `visits` visits (with edits and deletes) and sync through `faults` injected faults."""
    rng = random.Random(seed)
    team, sites = new_team("Faults")
    plan = FaultPlan(rng, rate=0.45, budget=faults)
    desks = enroll_desks(coordinator, template, folder, team, sites, 2, plan, rng)
    restarts = 0

    def restart_once(_request_number: int) -> None:
        nonlocal restarts
        if restart_after_faults is not None and restarts == 0 and plan.total_injected >= restart_after_faults:
            restarts += 1
            server.restart()  # between two requests of one pass: the pooled connection dies with it

    for desk in desks:
        desk.transport.before_forward = restart_once
    added = passes = 0
    while added < visits or not plan.is_spent:
        desk = rng.choice(desks)
        if added < visits:
            adds = min(rng.randint(3, 12), visits - added)
            added += random_edits(desk, rng, adds=adds, changes=rng.randint(0, 4), weeks=WEEKS)
        else:
            random_edits(desk, rng, adds=0, changes=rng.randint(1, 3), weeks=WEEKS)
        sync_pass(desk)
        passes += 1
        assert passes < 2000, f"{plan.total_injected} of {faults} faults injected after {passes} passes"
    for desk in desks:
        passes += sync_until_acknowledged(desk)
    # Every request still held in the network arrives now, after newer revisions were acknowledged.
    late = [replay for desk in desks for replay in desk.transport.replay_held()]
    return Outcome(plan, desks, sites, passes, restarts, added, late)


def check_exact(outcome: Outcome, coordinator: Coordinator) -> None:
    first_week, last_week = week_range(WEEKS + 1)
    stores = [desk.store for desk in outcome.desks]
    on_devices = device_totals(stores, first_week, last_week, outcome.sites)
    on_server = coordinator.totals(first_week, last_week, outcome.sites)
    comparison = compare(on_server, on_devices)
    assert comparison.is_exact, comparison.describe()
    assert on_devices, "the devices counted nothing: the test tested nothing"
    weeks = {(site, week) for site, week, _, _ in on_devices}
    assert len(weeks) >= 20, f"visits should spread over many weeks, found {len(weeks)}"


def check_replays(outcome: Outcome) -> None:
    every = [replay for desk in outcome.desks for replay in desk.transport.replays]
    puts = [replay for replay in every if replay.method == "PUT"]  # weekly reports and sites' weekly slots
    assert all(replay.status_code == 200 for replay in puts), [r for r in puts if r.status_code != 200]
    late_reports = [replay for replay in outcome.late_replays if replay.method == "PUT" and "/reports/" in replay.path]
    assert all(replay.ack_status in ("stale", "unchanged") for replay in late_reports), late_reports


def close(outcome: Outcome) -> None:
    for desk in outcome.desks:
        desk.store.lock()
        desk.transport.close()


@pytest.mark.slow
def test_300_random_faults_two_desks_and_a_restart_on_sqlite(
    sqlite_server: ServerProcess, sqlite_coordinator: Coordinator, store_template: StoreTemplate, desk_folder: Path
) -> None:
    outcome = run_faults(
        sqlite_server, sqlite_coordinator, store_template, desk_folder, 300, 300, SEED, restart_after_faults=150
    )
    try:
        assert outcome.plan.total_injected == 300
        assert set(outcome.plan.injected) == set(NETWORK_FAULTS), outcome.plan.injected
        assert outcome.restarts == 1
        assert any(replay.method == "PUT" for replay in outcome.late_replays + outcome.desks[0].transport.replays)
        check_replays(outcome)
        check_exact(outcome, sqlite_coordinator)
        for desk in outcome.desks:
            status = desk.service.status()
            assert status.waiting_weeks == 0 and status.last_error is None
    finally:
        close(outcome)


@pytest.mark.slow
def test_random_faults_two_desks_on_postgresql(store_template: StoreTemplate, desk_folder: Path) -> None:
    database_url, drop = postgres_url_or_skip()
    try:
        create_coordinator(database_url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
        with ServerProcess(database_url, extra_env=NO_SUPPRESSION) as server:
            coordinator = Coordinator(server.url)
            outcome = run_faults(server, coordinator, store_template, desk_folder, 100, 120, SEED + 1)
            try:
                assert outcome.plan.total_injected == 120
                check_replays(outcome)
                check_exact(outcome, coordinator)
            finally:
                close(outcome)
                coordinator.close()
    finally:
        drop()
