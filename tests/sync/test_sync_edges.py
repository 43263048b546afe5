"""The cases that break exactly-once or retention in practice: re-enrolling after a revocation, a site or a
directory file with an awkward name, a laptop clock far ahead, a proxy in the environment, a server that forgot
the laptop."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from server_process import ServerProcess
from sqlalchemy import select, update

from app.desk import Desk
from app.errors import BadInput, DeviceRevoked, DeviceUnknown
from app.paths import resources_dir
from app.storage.database import Database
from app.storage.directory_models import DirService
from app.storage.models import SyncState, WeekReportRow
from app.sync.client import check_server_url
from app.sync.wire import wire_service_code
from app.visits import VisitInput
from app.weeks import now_utc, week_of
from tests.conftest import sync_of
from tests.sync.conftest import Coordinator, unique_site
from tests.sync.test_sync import W40, at, enrolled, log_visits

MakeDesk = Callable[..., Database]
W41 = "2026-W41"


def test_re_enrolling_after_a_revocation_counts_every_week_once(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    log_visits(service.store, 3)
    Desk(service.store).visits.add(VisitInput(topics=("housing",), at=at(1) + timedelta(days=7)))  # 2026-W41
    assert service.sync_once().is_everything_acknowledged
    old_id = service.status().device_id
    assert old_id is not None
    coordinator.revoke(old_id)
    with pytest.raises(DeviceRevoked):
        service.sync_once()
    service.enroll(coordinator.url, coordinator.code(site))
    log_visits(service.store, 1)  # an edit of W40 after the new enrollment
    assert service.sync_once().is_everything_acknowledged
    counts = coordinator.export(W40, W41, site)
    assert counts[(W40, "total", "visits")] == 4
    assert counts[(W41, "total", "visits")] == 1


def test_a_site_name_with_a_slash_and_a_percent_sign_is_sent(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    site = unique_site("Itäkeskus / library 100%")
    service = enrolled(make_desk, coordinator, site)
    log_visits(service.store, 2)
    assert service.sync_once().is_everything_acknowledged
    assert coordinator.export(W40, W40, site)[(W40, "total", "visits")] == 2


def test_a_referral_to_an_entry_from_a_file_named_with_spaces_and_umlauts_is_sent(
    make_desk: MakeDesk, coordinator: Coordinator, tmp_path: Path
) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    named = tmp_path / "Helsingin palvelut ä.json"
    shutil.copy(resources_dir() / "directory" / "starter_en.json", named)
    Desk(service.store).directory.import_file(named, language="en")
    with service.store.session() as session:
        entry = session.scalars(select(DirService).where(DirService.source.like("%palvelut%")).limit(1)).one()
        entry_id, entry_name = entry.id, entry.name["en"]
    Desk(service.store).visits.add(
        VisitInput(topics=("housing",), outcomes=("referred",), referral_service_id=entry_id, at=at(1))
    )
    assert service.sync_once().is_everything_acknowledged
    sent = {
        value: count
        for (week, dimension, value), count in coordinator.export(W40, W40, site).items()
        if dimension == "referral_service"
    }
    assert list(sent.values()) == [1]
    (code,) = sent
    assert " " not in code and "ä" not in code
    # The laptop's own statistics still name the service behind the code sent (its id, a UUID, on the wire).
    statistics = Desk(service.store).statistics
    names = statistics.service_names(statistics.weekly_reports(W40, W40))
    [(local_code, local_names)] = names.items()
    assert wire_service_code(local_code) == code and local_names["en"] == entry_name


def test_a_laptop_clock_far_ahead_does_not_close_the_current_week(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    store = make_desk(site)
    service = sync_of(store, clock=lambda: now_utc() + timedelta(days=800))
    service.enroll(coordinator.url, coordinator.code(site))
    visits = Desk(store).visits
    visits.add(VisitInput(topics=("housing",)))
    assert service.sync_once().is_everything_acknowledged
    this_week = week_of(now_utc())
    with store.session() as session:
        assert not session.get_one(WeekReportRow, (1, this_week)).is_closed
    visits.add(VisitInput(topics=("housing",)))  # still open: no "was already sent" refusal


def test_a_proxy_in_the_environment_is_never_used(
    make_desk: MakeDesk, coordinator: Coordinator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy that does not exist: were it used, the pass could not reach the server.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    service = enrolled(make_desk, coordinator, unique_site())
    log_visits(service.store, 1)
    assert service.sync_once().is_everything_acknowledged


@pytest.mark.parametrize("url", ["https://stats.example.fi/api?x=1", "https://stats.example.fi/#top"])
def test_a_server_address_with_a_query_or_fragment_is_refused(url: str) -> None:
    with pytest.raises(BadInput, match="'\\?' or '#'"):
        check_server_url(url)


@pytest.fixture
def forgetful_server(tmp_path: Path) -> Iterator[str]:
    """Another server with an empty database: it has never heard of any laptop."""
    with ServerProcess(f"sqlite:///{tmp_path / 'empty.db'}") as server:
        yield server.url


def test_a_server_that_forgot_the_laptop_asks_for_a_new_enrollment_and_gets_every_week_again(
    make_desk: MakeDesk, coordinator: Coordinator, forgetful_server: str
) -> None:
    service = enrolled(make_desk, coordinator, unique_site())
    log_visits(service.store, 2)
    assert service.sync_once().is_everything_acknowledged
    with service.store.session() as session, session.begin():
        session.execute(update(SyncState).values(server_url=forgetful_server))
    with pytest.raises(DeviceUnknown):
        service.sync_once()
    status = service.status()
    assert not status.is_enrolled and not status.is_revoked
    assert status.waiting_weeks == 1  # sent again after the next enrollment
