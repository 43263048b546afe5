"""Random interleavings of edits, sync passes with faults, client crashes, server restarts and laptop clock
jumps (hypothesis, stateful) on a laptop reporting for two sites; whenever nothing waits, and after a final
clean sync, the server's totals equal the laptops' own totals for every (site, week), with nothing counted twice.
"""

from __future__ import annotations

import itertools
import json
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from server_process import ServerProcess
from sqlalchemy import select

from app.desk import Desk as AppDesk
from app.errors import BadInput
from app.storage.models import Visit, WeekReportRow
from app.visits import VisitInput
from tests.faults import NETWORK_FAULTS, ClientKilled, Fault, Replay
from tests.reliability.fleet import (
    Coordinator,
    Laptop,
    StoreTemplate,
    compare,
    device_totals,
    enroll_desks,
    new_team,
    sync_pass,
    sync_until_acknowledged,
    week_range,
)

# Weeks ago a visit may be logged in: recent weeks, and weeks around the retention edge (13 months, about
# 56.5 weeks), whose visits are purged once acknowledged, closing the week to late changes.
WEEKS_AGO = (0, 1, 57)
DESKS = 1  # laptops of the team; one finds interleavings faster (two laptops: test_fault_injection.py)
TOPICS = ("housing", "taxes", "health", "employment")
MAX_CLOCK_OFFSET = timedelta(days=14)
RESTARTS_PER_RUN = 2  # a server restart costs about 2 s: rare on purpose
RETENTION_MESSAGE = "retention period"
FUTURE_MESSAGE = "in the future"

SETTINGS = settings(
    max_examples=25,
    stateful_step_count=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class LaptopClock:
    """The laptop's clock: real time plus an offset that jumps when someone sets the clock wrong."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class Environment:
    server: ServerProcess
    coordinator: Coordinator
    template: StoreTemplate
    folder: Path
    restarts: int = 0


class SyncMachine(RuleBasedStateMachine):
    """Laptops (DESKS) of a team with two sites, and a model of what each logged, to check their own totals too."""

    env: Environment  # set by the test before the machine runs

    def __init__(self) -> None:
        super().__init__()
        self.clock = LaptopClock()
        # Visits logged "now" take the laptop's clock: the week they land in moves with it.
        self.clock_patch = mock.patch("app.visits.now_utc", self.clock.now)
        self.clock_patch.start()
        team, self.sites = new_team("Stateful")
        folder = self.env.folder / secrets.token_hex(4)
        self.desks: list[Laptop] = enroll_desks(
            self.env.coordinator, self.env.template, folder, team, self.sites, DESKS, None, random.Random(7)
        )
        for desk in self.desks:
            desk.service.clock = self.clock.now
        # Every visit ever logged and not deleted, as (site, week, topic), purged ones included: they still count.
        self.model: dict[int, tuple[str, str, str]] = {}
        # (desk, visit id) -> model key, for the visits still on the laptops (a purged visit's id may be reused).
        self.live: dict[tuple[int, int], int] = {}
        self.serial = itertools.count()

    # -- edits ----------------------------------------------------------------------------------
    def _moment(self, weeks_ago: int) -> datetime | None:
        return None if weeks_ago == 0 else self.clock.now() - timedelta(weeks=weeks_ago, hours=3)

    def _pick(self, desk: int, pick: int) -> tuple[int, int] | None:
        mine = sorted(key for key in self.live if key[0] == desk)
        return mine[pick % len(mine)] if mine else None

    @rule(
        desk=st.integers(0, DESKS - 1),
        site=st.integers(0, 1),
        weeks_ago=st.sampled_from(WEEKS_AGO),
        topic=st.sampled_from(TOPICS),
        count=st.integers(1, 3),
    )
    def add_visits(self, desk: int, site: int, weeks_ago: int, topic: str, count: int) -> None:
        laptop = self.desks[desk]
        visit = VisitInput(topics=(topic,), at=self._moment(weeks_ago), site_id=laptop.site_ids[self.sites[site]])
        visits = AppDesk(laptop.store).visits
        try:
            added = visits.add_many([visit] * count)
        except BadInput as error:
            assert RETENTION_MESSAGE in str(error), error  # the week was purged and closed
            return
        for visit_id in added:
            record = visits.get(visit_id)
            key = next(self.serial)
            self.model[key] = (record.site_name, record.week, topic)
            self.live[(desk, visit_id)] = key

    @rule(
        desk=st.integers(0, DESKS - 1),
        pick=st.integers(0, 10_000),
        topic=st.sampled_from(TOPICS),
        weeks_ago=st.none() | st.sampled_from(WEEKS_AGO[1:]),
    )
    def edit_visit(self, desk: int, pick: int, topic: str, weeks_ago: int | None) -> None:
        picked = self._pick(desk, pick)
        if picked is None:
            return
        moved = self._moment(weeks_ago) if weeks_ago is not None else None
        try:
            record = AppDesk(self.desks[desk].store).visits.update(picked[1], VisitInput(topics=(topic,), at=moved))
        except BadInput as error:
            # Into a closed week, or its time lies ahead of a clock set back: refused, nothing changed.
            assert RETENTION_MESSAGE in str(error) or FUTURE_MESSAGE in str(error), error
            return
        self.model[self.live[picked]] = (record.site_name, record.week, topic)

    @rule(desk=st.integers(0, DESKS - 1), pick=st.integers(0, 10_000))
    def delete_visit(self, desk: int, pick: int) -> None:
        picked = self._pick(desk, pick)
        if picked is None:
            return
        AppDesk(self.desks[desk].store).visits.delete(picked[1])
        del self.model[self.live.pop(picked)]

    def _forget_purged(self, desk: int) -> None:
        """After a pass: visits deleted by the retention purge leave the laptop but keep counting."""
        with self.desks[desk].store.session() as session:
            present = set(session.scalars(select(Visit.id)))
        for key in [key for key in self.live if key[0] == desk and key[1] not in present]:
            del self.live[key]

    # -- the network, the server, the clock ---------------------------------------------------------
    @rule(desk=st.integers(0, DESKS - 1), fault=st.sampled_from((None, *NETWORK_FAULTS)))
    def sync_with_a_fault(self, desk: int, fault: Fault | None) -> None:
        laptop = self.desks[desk]
        held_before = len(laptop.transport.held)
        if fault is not None:
            laptop.transport.inject(fault)
        sync_pass(laptop)
        self._forget_purged(desk)
        laptop.transport.forced.clear()  # a fault not used in this pass does not carry over
        # Requests held back in an earlier pass arrive now, after this pass's newer revisions.
        self._check_replays(laptop.transport.replay_held(held_before, is_oldest_first=True))
        if all(other.service.waiting_weeks() == 0 for other in self.desks):
            self.check_server_equals_devices()  # a quiet moment: nothing waits anywhere

    @rule(desk=st.integers(0, DESKS - 1))
    def client_killed_before_recording_the_acknowledgement(self, desk: int) -> None:
        laptop = self.desks[desk]
        laptop.transport.inject(Fault.CLIENT_KILLED)
        with pytest.raises(ClientKilled):
            laptop.service.sync_once()
        laptop.reopen(self.env.template.data_key)
        request = laptop.transport.killed[-1]
        # A weekly report the server stored: the laptop must still count it as waiting. (A site's weekly slots are
        # sent again by the next pass of the reopened laptop, which remembers none as sent.)
        if request.method == "PUT" and "/reports/" in request.url.path:
            _, site, week = request.url.path.rsplit("/", 2)
            revision = json.loads(request.content)["revision"]
            site_id = laptop.site_ids[unquote(site)]
            assert (site_id, week, revision) in self._unacknowledged(laptop)

    @rule(desk=st.integers(0, DESKS - 1))
    def held_requests_arrive(self, desk: int) -> None:
        self._check_replays(self.desks[desk].transport.replay_held())

    @staticmethod
    def _check_replays(replays: list[Replay]) -> None:
        for replay in replays:
            if replay.method == "PUT":
                assert replay.status_code == 200, replay  # never a conflict, never a server error

    @rule()
    def server_restarts(self) -> None:
        # Counted over the whole run, not as a precondition: hypothesis needs the same rules to be choosable
        # when it replays an example.
        if self.env.restarts < RESTARTS_PER_RUN:
            self.env.restarts += 1
            self.env.server.restart()

    @rule(days=st.sampled_from((-7, 7)))
    def laptop_clock_jumps(self, days: int) -> None:
        offset = self.clock.offset + timedelta(days=days)
        self.clock.offset = max(-MAX_CLOCK_OFFSET, min(MAX_CLOCK_OFFSET, offset))

    # -- checks -----------------------------------------------------------------------------------
    @staticmethod
    def _unacknowledged(laptop: Laptop) -> set[tuple[int, str, int]]:
        with laptop.store.session() as session:
            rows = session.execute(
                select(WeekReportRow.site_id, WeekReportRow.week, WeekReportRow.revision).where(
                    WeekReportRow.revision > WeekReportRow.acked_revision
                )
            )
            return {(site_id, week, revision) for site_id, week, revision in rows}

    def _range(self) -> tuple[str, str]:
        return week_range(max(WEEKS_AGO) + 3, weeks_ahead=3)

    def check_server_equals_devices(self) -> None:
        first_week, last_week = self._range()
        on_devices = device_totals([desk.store for desk in self.desks], first_week, last_week, self.sites)
        on_server = self.env.coordinator.totals(first_week, last_week, self.sites)
        comparison = compare(on_server, on_devices)
        assert comparison.is_exact, comparison.describe()

    def check_devices_equal_the_model(self) -> None:
        expected: dict[tuple[str, str, str, str], int] = {}
        for site, week, topic in self.model.values():
            for cell in ((site, week, "total", "visits"), (site, week, "topic", topic)):
                expected[cell] = expected.get(cell, 0) + 1
        first_week, last_week = self._range()
        on_devices = device_totals([desk.store for desk in self.desks], first_week, last_week, self.sites)
        counted = {cell: count for cell, count in on_devices.items() if cell[2] == "topic" or cell[3] == "visits"}
        assert counted == expected

    def teardown(self) -> None:
        try:
            for desk in self.desks:
                desk.transport.forced.clear()
                self.held_requests_arrive(self.desks.index(desk))
                sync_until_acknowledged(desk, max_passes=20)
                self._forget_purged(self.desks.index(desk))
            self.check_server_equals_devices()
            self.check_devices_equal_the_model()
        finally:
            self.clock_patch.stop()
            for desk in self.desks:
                desk.store.lock()
                desk.transport.close()


@pytest.mark.slow
def test_random_interleavings_keep_server_and_devices_equal(
    sqlite_server: ServerProcess, sqlite_coordinator: Coordinator, store_template: StoreTemplate, tmp_path: Path
) -> None:
    SyncMachine.env = Environment(sqlite_server, sqlite_coordinator, store_template, tmp_path)
    run_state_machine_as_test(SyncMachine, settings=SETTINGS)
