"""Enrollment, the outbox and the acknowledgements against the real server (SQLite), through the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import select, update

from app.desk import Desk
from app.errors import DeviceRevoked, EnrollmentRefused, NotEnrolled, ServerUnreachable, SyncRefused
from app.storage.database import Database
from app.storage.models import SyncState, WeekReportRow
from app.sync.service import SyncService
from app.visits import VisitInput
from app.weeks import HELSINKI, week_of
from tests.conftest import sync_of
from tests.sync.conftest import Coordinator, FakeTime, LostAnswer, Recorder, unique_site

MakeDesk = Callable[..., Database]
W40 = "2026-W40"


def at(day: int, hour: int = 10) -> datetime:
    """A moment in 2026-W40 (Mon 28 Sep - Sun 4 Oct 2026), Helsinki time."""
    return datetime(2026, 9, 27 + day, hour, 15, tzinfo=HELSINKI)


def log_visits(
    store: Database, count: int, day: int = 1, topic: str = "housing", site_id: int | None = None
) -> list[int]:
    visits = Desk(store).visits
    return [
        visits.add(VisitInput(topics=(topic,), languages=("ar",), at=at(day), site_id=site_id)) for _ in range(count)
    ]


def row(store: Database, week: str = W40) -> WeekReportRow:
    with store.session() as session:
        found = session.scalars(select(WeekReportRow).where(WeekReportRow.week == week)).one()
        session.expunge(found)
        return found


def enrolled(make_desk: MakeDesk, coordinator: Coordinator, site: str, **service_options: object) -> SyncService:
    store = make_desk(site)
    service = sync_of(store, **service_options)  # type: ignore[arg-type]
    service.enroll(coordinator.url, coordinator.code(site))
    return service


def test_enroll_stores_the_team_and_sites_and_a_committed_identity(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    store = make_desk(site)
    service = sync_of(store)
    with pytest.raises(NotEnrolled):
        service.sync_once()
    assert service.status().is_enrolled is False
    info = service.enroll(coordinator.url + "/", coordinator.code(site, team="East outreach " + site))
    assert info.team == "East outreach " + site and info.sites == [site]
    status = service.status()
    assert status.is_enrolled and status.team == info.team and status.sites == (site,)
    assert status.server_url == coordinator.url
    assert status.device_id is not None and len(status.device_id) == 32 and status.device_id == info.device_id
    with store.session() as session:
        secret = session.get_one(SyncState, 1).device_secret
    assert len(secret) == 43


def test_enroll_retry_after_a_lost_answer_is_the_same_device(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    site = unique_site()
    code = coordinator.code(site)
    # Inside one call: the first answer is lost after the server enrolled the device; the retry gets the same.
    lossy = LostAnswer(losses=1, path_part="/enroll")
    store = make_desk(site)
    info = sync_of(store, transport=lossy).enroll(coordinator.url, code)
    assert [entry[1] for entry in lossy.forwarded] == ["/api/v1/enroll", "/api/v1/enroll"]
    assert all(status == 200 for _, _, status in lossy.forwarded), "the server enrolled it at the first attempt"
    assert info.sites == [site]
    # Another laptop with the same code is refused.
    with pytest.raises(EnrollmentRefused, match="wrong, expired or already used"):
        sync_of(make_desk(site)).enroll(coordinator.url, code)


def test_enroll_retry_in_a_new_attempt_after_every_answer_was_lost(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    code = coordinator.code(site)
    store = make_desk(site)
    lossy = LostAnswer(losses=1000, path_part="/enroll")
    time = FakeTime()
    with pytest.raises(ServerUnreachable):
        sync_of(store, transport=lossy, sleep=time.sleep, monotonic=time.monotonic).enroll(coordinator.url, code)
    assert lossy.forwarded[0][2] == 200, "the server enrolled the device; only the answer was lost"
    assert not sync_of(store).status().is_enrolled
    # The person presses Connect again, same code: the identity committed before the first try is reused.
    info = sync_of(store).enroll(coordinator.url, code.lower())
    assert info.sites == [site]
    assert sync_of(store).status().is_enrolled


def test_visits_logged_offline_arrive_summed_over_two_desks(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    site = unique_site()
    first = enrolled(make_desk, coordinator, site)
    second = enrolled(make_desk, coordinator, site)
    log_visits(first.store, 3, topic="housing")
    log_visits(second.store, 2, topic="taxes")
    assert first.status().waiting_weeks == 1
    for service in (first, second):
        result = service.sync_once()
        assert result.sent == 1 and result.is_everything_acknowledged
        status = service.status()
        assert status.waiting_weeks == 0 and status.last_error is None and status.last_success_at is not None
    exported = coordinator.export(W40, W40, site)
    assert exported[(W40, "total", "visits")] == 5
    assert exported[(W40, "topic", "housing")] == 3 and exported[(W40, "topic", "taxes")] == 2
    assert exported[(W40, "language", "ar")] == 5
    assert first.sync_once().sent == 0, "nothing waits: nothing is sent again"


def test_an_edit_raises_the_revision_and_replaces_the_servers_count(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    visit_ids = log_visits(service.store, 2)
    service.sync_once()
    sent = row(service.store)
    assert sent.revision == sent.acked_revision == 1
    Desk(service.store).visits.update(visit_ids[0], VisitInput(topics=("taxes",), languages=("so",)))
    Desk(service.store).visits.delete(visit_ids[1])
    assert service.status().waiting_weeks == 1
    assert service.sync_once().sent == 1
    resent = row(service.store)
    assert resent.revision == resent.acked_revision == 2
    exported = coordinator.export(W40, W40, site)
    assert exported[(W40, "total", "visits")] == 1
    assert exported[(W40, "topic", "taxes")] == 1 and (W40, "topic", "housing") not in exported


def test_an_edit_during_the_send_is_sent_on_the_next_pass(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    site = unique_site()
    store = make_desk(site)

    class EditWhileSending(Recorder):
        def handle_request(self, request):  # type: ignore[no-untyped-def]
            response = super().handle_request(request)
            if request.method == "PUT" and len([f for f in self.forwarded if f[0] == "PUT"]) == 1:
                log_visits(store, 1)  # the advisor saves a visit while the report is on its way
            return response

    service = sync_of(store, transport=EditWhileSending())
    service.enroll(coordinator.url, coordinator.code(site))
    log_visits(store, 1)
    first = service.sync_once()
    assert first.sent == 1, "the server stored revision 1"
    assert not first.is_everything_acknowledged and first.waiting_weeks == 1
    assert row(store).acked_revision == 1
    assert service.sync_once().is_everything_acknowledged
    assert row(store).revision == row(store).acked_revision == 2
    assert coordinator.export(W40, W40, site)[(W40, "total", "visits")] == 2


def test_a_laptop_restored_from_an_old_backup_heals_its_revisions(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    store = service.store
    log_visits(store, 1)
    service.sync_once()
    log_visits(store, 1)
    service.sync_once()
    assert row(store).revision == 2
    # As after restoring a backup taken at revision 1: the revision counter is behind the server's.
    with store.session() as session, session.begin():
        session.execute(update(WeekReportRow).values(revision=1, acked_revision=1))
    log_visits(store, 3)  # different content at revision 2: the server answers 409
    recorder = Recorder()
    healing = sync_of(store, transport=recorder)
    assert healing.sync_once().is_everything_acknowledged
    # The reports' PUTs (the site's weekly slots are sent once per app start too).
    statuses = [status for method, path, status in recorder.forwarded if method == "PUT" and "/reports/" in path]
    assert statuses == [409, 200]
    assert row(store).revision == row(store).acked_revision == 3
    assert coordinator.export(W40, W40, site)[(W40, "total", "visits")] == 5
    # Behind by more (the server answers "stale"): the laptop's counts still reach the server.
    with store.session() as session, session.begin():
        session.execute(update(WeekReportRow).values(revision=1, acked_revision=0))
    Desk(store).visits.add(VisitInput(topics=("taxes",), at=at(2)))
    assert healing.sync_once().is_everything_acknowledged
    assert row(store).revision == 4
    assert coordinator.export(W40, W40, site)[(W40, "total", "visits")] == 6


def test_a_site_outside_the_team_is_named_and_the_other_weeks_still_go(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    other = Desk(service.store).sites.add("Library " + site, [])
    log_visits(service.store, 1, site_id=other.id)
    log_visits(service.store, 2)
    with pytest.raises(SyncRefused, match=f"site 'Library {site}'"):
        service.sync_once()
    status = service.status()
    assert status.waiting_weeks == 1 and "Library " + site in (status.last_error or "")
    assert coordinator.export(W40, W40, site)[(W40, "total", "visits")] == 2


def test_a_revoked_device_is_refused_on_its_next_request_and_can_enroll_anew(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    log_visits(service.store, 1)
    old_id = service.status().device_id
    assert old_id is not None
    coordinator.revoke(old_id)
    with pytest.raises(DeviceRevoked):
        service.sync_once()
    status = service.status()
    assert status.is_revoked and not status.is_enrolled and status.waiting_weeks == 1
    assert "revoked" in (status.last_error or "")
    with pytest.raises(DeviceRevoked):
        service.sync_once()  # known locally: no request is made
    service.enroll(coordinator.url, coordinator.code(site))
    assert service.status().device_id != old_id
    assert service.sync_once().is_everything_acknowledged


def test_re_enrolling_after_an_unnoticed_revocation_becomes_a_new_device(
    make_desk: MakeDesk, coordinator: Coordinator
) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    old_id = service.status().device_id
    assert old_id is not None
    coordinator.revoke(old_id)
    service.enroll(coordinator.url, coordinator.code(site))
    assert service.status().device_id != old_id and service.status().is_enrolled


def test_an_unreachable_server_leaves_the_week_waiting(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    site = unique_site()
    time = FakeTime()
    service = enrolled(make_desk, coordinator, site, sleep=time.sleep, monotonic=time.monotonic)
    log_visits(service.store, 1)
    with service.store.session() as session, session.begin():
        session.execute(update(SyncState).values(server_url="http://127.0.0.1:9"))
    with pytest.raises(ServerUnreachable):
        service.sync_once(deadline_seconds=2)
    status = service.status()
    assert status.waiting_weeks == 1 and status.last_success_at is None
    assert "could not be reached" in (status.last_error or "")
    assert row(service.store).acked_revision == 0


def test_the_current_week_is_sent_too(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    Desk(service.store).visits.add(VisitInput(topics=("housing",)))
    assert service.sync_once().sent == 1
    week = week_of(datetime.now(HELSINKI))
    assert coordinator.export(week, week, site)[(week, "total", "visits")] == 1


def test_who_asked_and_the_visitors_answers_reach_the_server(make_desk: MakeDesk, coordinator: Coordinator) -> None:
    """Issue 15: both new dimensions travel in the weekly report, through the real server."""
    site = unique_site()
    service = enrolled(make_desk, coordinator, site)
    desk = Desk(service.store)
    first = desk.visits.add(VisitInput(topics=("housing",), asked_by="relative"))
    second = desk.visits.add(VisitInput(topics=("taxes",), asked_by="professional"))
    desk.visitor_answers.record(first, "yes")
    desk.visitor_answers.record(second, "skipped")
    assert service.sync_once().sent == 1
    week = week_of(datetime.now(HELSINKI))
    exported = coordinator.export(week, week, site)
    assert exported[(week, "asked_by", "relative")] == 1 and exported[(week, "asked_by", "professional")] == 1
    assert exported[(week, "visitor_answer", "yes")] == 1 and exported[(week, "visitor_answer", "skipped")] == 1
