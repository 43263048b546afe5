"""The whole way on PostgreSQL: enroll, log offline, sync, edit, resync, and the export shows the sums."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from server_process import ServerProcess, create_coordinator, postgres_url_or_skip

from app.desk import Desk
from app.storage.database import Database
from app.visits import VisitInput
from app.weeks import HELSINKI
from tests.conftest import sync_of
from tests.sync.conftest import COORDINATOR_EMAIL, COORDINATOR_PASSWORD, NO_SUPPRESSION, Coordinator, unique_site


def test_end_to_end_on_postgresql(make_desk: Callable[..., Database]) -> None:
    database_url, drop = postgres_url_or_skip()
    try:
        create_coordinator(database_url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
        with ServerProcess(database_url, extra_env=NO_SUPPRESSION) as server:
            coordinator = Coordinator(server.url)
            site = unique_site()
            desks = [sync_of(make_desk(site)) for _ in range(2)]
            for count, desk in enumerate(desks, start=2):
                desk.enroll(server.url, coordinator.code(site))
                visits = Desk(desk.store).visits
                ids = [
                    visits.add(VisitInput(topics=("housing",), at=datetime(2026, 10, 5 + n, 10, tzinfo=HELSINKI)))
                    for n in range(count)
                ]
                assert desk.sync_once().is_everything_acknowledged
            assert coordinator.export("2026-W41", "2026-W41", site)[("2026-W41", "total", "visits")] == 5
            Desk(desks[1].store).visits.delete(ids[0])
            assert desks[1].sync_once().sent == 1
            exported = coordinator.export("2026-W41", "2026-W41", site)
            assert exported[("2026-W41", "total", "visits")] == 4 and exported[("2026-W41", "topic", "housing")] == 4
            coordinator.http.close()
    finally:
        drop()
