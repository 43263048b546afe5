"""Storage limitation: old visit rows leave the laptop once the server acknowledged their week; statistics stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import func, insert, select, update

from app.desk import Desk
from app.errors import BadInput
from app.storage.database import Database
from app.storage.models import HandoutPrint, Visit, VisitLanguage, VisitOutcome, VisitTopic, WeekReportRow
from app.sync.service import cutoff_week
from app.visits import VisitInput
from app.weeks import HELSINKI, now_utc, week_of
from tests.conftest import sync_of
from tests.sync.conftest import Coordinator, unique_site

CLOSED = (
    "Week 2025-W40 was already sent and its visits removed after the retention period; it can no longer be changed."
)


def visit(day: int, month: int = 10, year: int = 2025, topic: str = "housing") -> VisitInput:
    return VisitInput(
        topics=(topic,),
        languages=("ar", "so"),
        outcomes=("information",),
        at=datetime(year, month, day, 11, tzinfo=HELSINKI),
    )


def rows(store: Database, table: type, week: str) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table).where(table.week == week)) or 0)


def report_row(store: Database, week: str) -> WeekReportRow:
    with store.session() as session:
        found = session.scalars(select(WeekReportRow).where(WeekReportRow.week == week)).one()
        session.expunge(found)
        return found


def test_the_cutoff_is_whole_weeks_before_the_retention_period() -> None:
    assert cutoff_week(datetime(2026, 11, 29).date(), 13) == "2025-W44"
    assert cutoff_week(datetime(2026, 1, 31).date(), 1) == "2026-W01"  # Wed 31 Dec 2025 is in ISO 2026-W01


def test_acknowledged_old_weeks_lose_their_visit_rows_and_close(
    make_desk: Callable[..., Database], coordinator: Coordinator
) -> None:
    site = unique_site()
    store = make_desk(site)
    service = sync_of(store)
    service.enroll(coordinator.url, coordinator.code(site))
    visits = Desk(store).visits
    old_ids = [visits.add(visit(day)) for day in (1, 2, 3)]  # 2025-W40
    recent_id = visits.add(visit(1, year=2026))  # 2026-W40: inside the retention period
    with store.session() as session, session.begin():
        site_id = session.get_one(Visit, old_ids[0]).site_id
        session.execute(insert(HandoutPrint).values(site_id=site_id, week="2025-W40", language="ar"))
        session.execute(update(WeekReportRow).where(WeekReportRow.week == "2025-W40").values(is_dirty=True))
    assert service.sync_once().is_everything_acknowledged  # the pass purges what it may
    # Logged after the sync: 2025-W41 is old but not acknowledged, so it stays.
    late_id = visits.add(visit(6))
    assert week_of(visits.get(late_id).at) == "2025-W41"  # type: ignore[arg-type]
    assert service.purge_expired() == 0

    for table in (Visit, VisitTopic, VisitLanguage, VisitOutcome, HandoutPrint):
        assert rows(store, table, "2025-W40") == 0, table.__tablename__
    assert rows(store, Visit, "2025-W41") == 1 and rows(store, Visit, "2026-W40") == 1
    closed = report_row(store, "2025-W40")
    assert closed.is_closed and closed.acked_revision == closed.revision
    assert not report_row(store, "2025-W41").is_closed
    visits.get(recent_id)

    # The statistics survive, also after something marks the closed week dirty.
    with store.session() as session, session.begin():
        session.execute(update(WeekReportRow).where(WeekReportRow.week == "2025-W40").values(is_dirty=True))
    (report,) = Desk(store).statistics.weekly_reports("2025-W40", "2025-W40")
    assert report.visits == 3 and report.count("topic", "housing") == 3 and report.count("handout_language", "ar") == 1
    assert report_row(store, "2025-W40").revision == closed.revision

    # A late entry, a paper tally, or moving a visit into the closed week is refused; nothing changes.
    with pytest.raises(BadInput) as refused:
        visits.add(visit(2, topic="taxes"))
    assert str(refused.value) == CLOSED
    with pytest.raises(BadInput, match="2025-W40 was already sent"):
        visits.add_many([visit(2, month=11), visit(2)])
    assert rows(store, Visit, "2025-W44") == 0, "a tally is saved whole or not at all"
    with pytest.raises(BadInput, match="2025-W40 was already sent"):
        visits.update(late_id, visit(3))
    assert week_of(visits.get(late_id).at) == "2025-W41"  # type: ignore[arg-type]

    # The next pass sends 2025-W41, then closes it too; the closed week is never sent again.
    result = service.sync_once()
    assert result.sent == 1 and result.is_everything_acknowledged
    assert report_row(store, "2025-W41").is_closed and rows(store, Visit, "2025-W41") == 0
    assert coordinator.export("2025-W40", "2025-W41", site)[("2025-W40", "total", "visits")] == 3


def test_nothing_is_purged_before_the_server_acknowledged_it(make_desk: Callable[..., Database]) -> None:
    store = make_desk(unique_site())
    Desk(store).settings.set("retention_months", 1)
    Desk(store).visits.add(visit(1))
    assert sync_of(store).purge_expired() == 0
    assert rows(store, Visit, "2025-W40") == 1
    Desk(store).settings.set("retention_months", 120)
    with store.session() as session, session.begin():
        session.execute(update(WeekReportRow).values(acked_revision=WeekReportRow.revision))
    assert sync_of(store).purge_expired() == 0, "inside a 10-year retention period"


def test_a_handout_count_for_a_closed_week_is_refused(make_desk: Callable[..., Database]) -> None:
    store = make_desk(unique_site())
    week = week_of(now_utc())
    with store.session() as session, session.begin():
        session.execute(
            insert(WeekReportRow).values(site_id=1, week=week, revision=1, acked_revision=1, is_closed=True)
        )
    with pytest.raises(BadInput, match=f"Week {week} was already sent"):
        Desk(store).handouts.record("ar")
    assert rows(store, HandoutPrint, week) == 0
