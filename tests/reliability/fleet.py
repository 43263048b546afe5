"""Desks for reliability runs: encrypted stores enrolled to one team on the real server, random edits, and the
totals on both sides (the server's export summed over devices against each device's own statistics).

No pytest here: `bench/sync_soak.py` and `bench/sync_ingest.py` use it too.
"""

from __future__ import annotations

import random
import secrets
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from app.codes import bundled_codebook
from app.desk import Desk as AppDesk
from app.errors import BadInput, NotFound, ServerUnreachable
from app.storage.database import Database
from app.sync.service import SyncResult, SyncService
from app.sync.wire import ReportCounts
from app.visits import VisitInput
from app.weeks import now_utc, week_of
from tests.conftest import sync_of
from tests.faults import FaultPlan, FaultyTransport
from tests.server_process import stored_totals

DESK_PASSPHRASE = "lamp-river-7-orange"
COORDINATOR_EMAIL = "reliability@example.fi"
COORDINATOR_PASSWORD = "correct horse battery staple"
# Threshold 1: exports mark no small sums "<5" (their counts are perturbed; totals are compared on stored reports).
NO_SUPPRESSION = {"NEUVO_SERVER_SUPPRESSION_THRESHOLD": "1"}
LANGUAGES = ("fi", "sv", "en", "ar", "so", "ru", "uk")

Cell = tuple[str, str, str, str]  # (site, week, dimension, code); the totals are ("total", "visits"|"participants")


class Coordinator:
    """The coordinator's API on the real server: enrollment codes and the unsuppressed JSON export."""

    def __init__(self, url: str, email: str = COORDINATOR_EMAIL, password: str = COORDINATOR_PASSWORD) -> None:
        self.url = url
        answer = httpx.post(f"{url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=20)
        answer.raise_for_status()
        token = answer.json()["access_token"]
        self.http = httpx.Client(base_url=url + "/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def code(self, site: str, team: str) -> str:
        answer = self.http.post("/enrollments", json={"site": site, "team": team})
        if answer.status_code != 201:
            raise AssertionError(f"enrollment code refused: {answer.status_code} {answer.text}")
        return str(answer.json()["code"])

    def totals(self, first_week: str, last_week: str, sites: Iterable[str]) -> dict[Cell, int]:
        """What the server holds of these sites, as true counts per cell (zeros left out): its exports perturb them
        (server.suppression), so exactly-once is checked on what it stored; the export is asked for as well."""
        wanted = set(sites)
        self._get_with_retries("/exports/weekly", params={"from": first_week, "to": last_week, "format": "json"})
        return {
            (site, week, dimension, code): count
            for (site, week), cells in stored_totals(self.url, first_week, last_week).items()
            if site in wanted
            for (dimension, code), count in cells.items()
        }

    def _get_with_retries(self, path: str, params: dict[str, str]) -> httpx.Response:
        # Right after a server restart the pooled connection may be dead: one new attempt is enough.
        for attempt in range(3):
            try:
                answer = self.http.get(path, params=params)
            except httpx.TransportError:
                if attempt == 2:
                    raise
                time.sleep(0.2)
                continue
            if answer.status_code != 200:
                raise AssertionError(f"export refused: {answer.status_code} {answer.text}")
            return answer
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.http.close()


def _cells(site: str, week: str, report: dict[str, object]) -> dict[Cell, int]:
    counts = ReportCounts.model_validate(
        {name: report[name] for name in ("visits", "participants", "counts") if name in report}
    ).canonical()
    cells: dict[Cell, int] = {}
    for name in ("visits", "participants"):
        if counts[name]:
            cells[(site, week, "total", name)] = counts[name]
    for dimension, values in counts["counts"].items():
        for code, count in values.items():
            cells[(site, week, dimension, code)] = count
    return cells


def device_totals(stores: Iterable[Database], first_week: str, last_week: str, sites: Iterable[str]) -> dict[Cell, int]:
    """The devices' own weekly statistics of these sites, summed over devices, per cell (zeros left out)."""
    wanted = set(sites)
    summed: dict[Cell, int] = defaultdict(int)
    for store in stores:
        for report in AppDesk(store).statistics.weekly_reports(first_week, last_week):
            if report.site in wanted:
                for cell, count in _cells(report.site, report.week, report.model_dump()).items():
                    summed[cell] += count
    return dict(summed)


@dataclass(frozen=True)
class Comparison:
    """Server against devices: cells where the server counts more (duplicates) or less (losses)."""

    duplicates: dict[Cell, tuple[int, int]]  # cell -> (server, devices)
    losses: dict[Cell, tuple[int, int]]

    @property
    def is_exact(self) -> bool:
        return not self.duplicates and not self.losses

    def duplicated_weeks(self) -> set[tuple[str, str]]:
        return {(site, week) for site, week, _, _ in self.duplicates}

    def lost_weeks(self) -> set[tuple[str, str]]:
        return {(site, week) for site, week, _, _ in self.losses}

    def describe(self, limit: int = 8) -> str:
        wrong = {**self.duplicates, **self.losses}
        lines = [f"server {server} vs devices {devices} at {cell}" for cell, (server, devices) in wrong.items()]
        more = f" (and {len(lines) - limit} more)" if len(lines) > limit else ""
        return "; ".join(lines[:limit]) + more


def compare(server: dict[Cell, int], devices: dict[Cell, int]) -> Comparison:
    duplicates: dict[Cell, tuple[int, int]] = {}
    losses: dict[Cell, tuple[int, int]] = {}
    for cell in server.keys() | devices.keys():
        on_server, on_devices = server.get(cell, 0), devices.get(cell, 0)
        if on_server > on_devices:
            duplicates[cell] = (on_server, on_devices)
        elif on_server < on_devices:
            losses[cell] = (on_server, on_devices)
    return Comparison(duplicates, losses)


@dataclass
class StoreTemplate:
    """A store created once (creating one derives a key, ~1 s) and copied for every desk."""

    folder: Path
    data_key: bytes

    @classmethod
    def create(cls, folder: Path) -> StoreTemplate:
        store = Database(folder)
        AppDesk.create(store, DESK_PASSPHRASE, "Template site", ["ar"], "en", with_starter_directory=False)
        data_key = store.unwrap(DESK_PASSPHRASE)
        store.lock()
        return cls(folder, data_key)

    def copy(self, folder: Path, sites: list[str]) -> Database:
        """A new unlocked store whose sites are `sites` (the first is the default)."""
        shutil.copytree(self.folder, folder)
        store = Database(folder)
        store.open_with_key(self.data_key)
        site_service = AppDesk(store).sites
        default = site_service.all()[0]
        site_service.update(default.id, name=sites[0])
        for name in sites[1:]:
            site_service.add(name, [])
        return store


@dataclass
class Laptop:
    """One laptop: its store, its sync service behind a faulty network, and the visits it may still edit."""

    name: str
    store: Database
    transport: FaultyTransport
    service: SyncService
    site_ids: dict[str, int]
    visit_ids: list[int] = field(default_factory=list)

    def reopen(self, data_key: bytes) -> None:
        """The app started again (after a crash): the store reopened, a new sync service, the same network."""
        self.store.lock()
        self.store.open_with_key(data_key)
        old = self.service
        self.service = sync_of(self.store, transport=self.transport, clock=old.clock, sleep=_no_sleep, rng=old.rng)


def _no_sleep(_seconds: float) -> None:
    """Retries inside a pass do not wait: the faults are injected, not real outages."""


def new_team(prefix: str) -> tuple[str, list[str]]:
    """A team name and its two site names, unique on a server that lives for several tests."""
    tag = secrets.token_hex(3)
    return f"{prefix} team {tag}", [f"{prefix} {tag} north", f"{prefix} {tag} south"]


def enroll_desks(
    coordinator: Coordinator,
    template: StoreTemplate,
    folder: Path,
    team: str,
    sites: list[str],
    count: int,
    plan: FaultPlan | None,
    rng: random.Random,
) -> list[Laptop]:
    """`count` laptops enrolled to `team` (each with a code for one of its sites), every site on every laptop."""
    # A code per site first, so that every site belongs to the team even with fewer laptops than sites.
    codes = [coordinator.code(sites[index % len(sites)], team) for index in range(max(count, len(sites)))]
    desks = []
    for index, code in enumerate(codes[:count]):
        own_sites = sites[index % len(sites) :] + sites[: index % len(sites)]  # its code's site is its default
        store = template.copy(folder / f"desk-{index}-{secrets.token_hex(2)}", own_sites)
        transport = FaultyTransport(httpx.HTTPTransport(), plan, rng=random.Random(rng.random()))
        service = sync_of(store, sleep=_no_sleep, rng=random.Random(rng.random()))
        service.enroll(coordinator.url, code)  # enrolled without faults; the faults are for the reports
        service.transport = transport
        site_ids = {info.name: info.id for info in AppDesk(store).sites.all()}
        desks.append(Laptop(f"desk {index}", store, transport, service, site_ids))
    return desks


def random_visit(rng: random.Random, site_id: int, at: datetime) -> VisitInput:
    book = bundled_codebook()
    contact = rng.choice(("walk-in", "walk-in", "walk-in", "phone", "group"))
    return VisitInput(
        topics=tuple(rng.sample(book["topic"].codes, rng.randint(1, 2))),
        languages=tuple(rng.sample(LANGUAGES, rng.randint(0, 2))),
        outcomes=tuple(rng.sample(book["outcome"].codes, rng.randint(0, 1))),
        contact=contact,
        participants=rng.randint(2, 12) if contact == "group" else 1,
        duration=rng.choice((None, *book["duration"].codes)),
        age_band=rng.choice((None, *book["age_band"].codes)),
        at=at,
        site_id=site_id,
    )


def moment_in_past_weeks(rng: random.Random, weeks: int) -> datetime:
    """A moment within the last `weeks` weeks (never in the future)."""
    return now_utc() - timedelta(minutes=rng.randint(30, weeks * 7 * 24 * 60))


def random_edits(desk: Laptop, rng: random.Random, adds: int, changes: int, weeks: int) -> int:
    """Add visits, then edit (other counts, sometimes another week) or delete some; returns visits added."""
    sites = list(desk.site_ids.values())
    visits = AppDesk(desk.store).visits
    added = visits.add_many(
        [random_visit(rng, rng.choice(sites), moment_in_past_weeks(rng, weeks)) for _ in range(adds)]
    )
    desk.visit_ids.extend(added)
    for _ in range(changes):
        if not desk.visit_ids:
            break
        visit_id = rng.choice(desk.visit_ids)
        try:
            if rng.random() < 0.35:
                visits.delete(visit_id)
                desk.visit_ids.remove(visit_id)
            else:
                moved = moment_in_past_weeks(rng, weeks) if rng.random() < 0.3 else None
                visits.update(visit_id, random_visit(rng, rng.choice(sites), moved or visits.get(visit_id).at))
        except (NotFound, BadInput):
            desk.visit_ids.remove(visit_id)  # purged after the retention period: it can no longer change
    return len(added)


def sync_pass(desk: Laptop, deadline_seconds: float = 10.0) -> SyncResult | None:
    """One pass; None when the server could not be reached within it (the loop would retry later)."""
    try:
        return desk.service.sync_once(deadline_seconds)
    except ServerUnreachable:
        return None


def sync_until_acknowledged(desk: Laptop, max_passes: int = 100) -> int:
    """Passes until every week is acknowledged (as the background loop would); returns how many it took."""
    for passes in range(1, max_passes + 1):
        result = sync_pass(desk)
        if result is not None and result.is_everything_acknowledged:
            return passes
    raise AssertionError(f"{desk.name}: {desk.service.waiting_weeks()} weeks still wait after {max_passes} passes")


def week_range(weeks_back: int, weeks_ahead: int = 2) -> tuple[str, str]:
    """From `weeks_back` weeks ago to `weeks_ahead` weeks ahead (a laptop clock may run ahead)."""
    now = now_utc()
    return week_of(now - timedelta(weeks=weeks_back)), week_of(now + timedelta(weeks=weeks_ahead))
