"""The background loop: runs on wake(), reports status, backs off without giving up, stops promptly."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from sqlalchemy import update

from app.desk import Desk
from app.storage.database import Database
from app.storage.models import SyncState
from app.sync.backoff import Backoff
from app.sync.loop import SyncLoop
from app.sync.service import SyncStatus
from app.visits import VisitInput
from tests.conftest import sync_of
from tests.sync.conftest import Coordinator, unique_site


def wait_for(condition: Callable[[], bool], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def set_server(store: Database, url: str) -> None:
    with store.session() as session, session.begin():
        session.execute(update(SyncState).values(server_url=url))


def test_the_loop_retries_while_weeks_wait_and_syncs_on_wake(
    make_desk: Callable[..., Database], coordinator: Coordinator
) -> None:
    site = unique_site()
    store = make_desk(site)
    service = sync_of(store, sleep=lambda _: None)
    service.enroll(coordinator.url, coordinator.code(site))
    Desk(store).visits.add(VisitInput(topics=("housing",)))
    set_server(store, "http://127.0.0.1:9")  # the network is down
    statuses: list[SyncStatus] = []
    reported = threading.Event()

    def on_status(status: SyncStatus) -> None:
        assert threading.current_thread().name == "neuvo-sync"
        statuses.append(status)
        reported.set()

    loop = SyncLoop(
        service,
        interval_seconds=3600,
        on_status=on_status,
        backoff=Backoff(0.01, 0.05, random.Random(3)),
        pass_seconds=0.2,
    )
    loop.start()
    try:
        wait_for(lambda: loop.passes >= 3)  # failing passes follow each other after short backoffs
        assert (
            statuses and statuses[-1].waiting_weeks == 1 and "could not be reached" in (statuses[-1].last_error or "")
        )
        set_server(store, coordinator.url)  # the network is back
        wait_for(lambda: bool(statuses) and statuses[-1].waiting_weeks == 0)
        assert statuses[-1].last_error is None and statuses[-1].last_success_at is not None
        # Now it waits for the hour-long interval; "Sync now" runs a pass at once.
        passes = loop.passes
        Desk(store).visits.add(VisitInput(topics=("taxes",)))
        time.sleep(0.2)
        assert loop.passes == passes
        loop.wake()
        wait_for(lambda: loop.passes > passes and statuses[-1].waiting_weeks == 0)
    finally:
        started = time.monotonic()
        loop.stop()
        assert time.monotonic() - started < 2.0
    assert not loop.is_running


def test_a_failing_pass_is_logged_without_the_errors_words(store, caplog) -> None:  # type: ignore[no-untyped-def]
    """Review: `log.exception` put the error's message in crash.log (plain text beside the store), against the
    crash report's rule (types and frames, never the words: they can hold a statement's values or an address with
    its password)."""
    import logging

    loop = SyncLoop(sync_of(store, sleep=lambda _: None), interval_seconds=3600)

    password = "".join(("S3", "cret-pw"))  # not on the line of code the frames show

    def fails(*_args: object) -> None:
        raise RuntimeError(f"proxy http://aino:{password}@proxy.city.fi:8080 went wrong")

    loop.service.sync_once = fails  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING):
        loop._pass()
    assert "RuntimeError" in caplog.text and "fails" in caplog.text, "the type and the frames stay"
    assert "S3cret" not in caplog.text
