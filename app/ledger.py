"""The ledger of weekly reports (WeekReportRow): each (site, ISO week) is marked dirty by every change, rebuilt
from the visits before it is read or sent, and closed once its visits are deleted after the retention period.

Every change to counted data goes through here, so that no change can skip its week and no closed week can change.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, tuple_, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.counting import build_payloads, empty_payload
from app.errors import BadInput
from app.storage.models import WeekReportRow
from app.weeks import now_utc


def check_week_open(session: Session, site_id: int, week: str) -> None:
    """Refuse a change to a week whose visits were deleted after the retention period.

    A rebuild from the few visits entered late would replace the server's full count of that week.
    """
    is_closed = session.scalar(
        select(WeekReportRow.is_closed).where(WeekReportRow.site_id == site_id, WeekReportRow.week == week)
    )
    if is_closed:
        raise BadInput(
            f"Week {week} was already sent and its visits removed after the retention period; "
            "it can no longer be changed.",
            "at",
            reason="week.closed",
            params={"week": week},
        )


def mark_week_dirty(session: Session, site_id: int, week: str) -> None:
    """Mark a (site, week) for rebuilding; a closed week refuses (BadInput), rolling the change back."""
    check_week_open(session, site_id, week)
    statement = sqlite_insert(WeekReportRow).values(site_id=site_id, week=week, revision=0, is_dirty=True)
    session.execute(statement.on_conflict_do_update(index_elements=["site_id", "week"], set_={"is_dirty": True}))


def refresh_dirty_reports(session: Session) -> int:
    """Rebuild every report marked dirty; the revision grows only where the content changed.

    A closed week is never rebuilt: its visits are gone and its stored payload is the count the server holds.
    """
    session.execute(update(WeekReportRow).where(WeekReportRow.is_dirty, WeekReportRow.is_closed).values(is_dirty=False))
    dirty = session.scalars(select(WeekReportRow).where(WeekReportRow.is_dirty)).all()
    if not dirty:
        return 0
    fresh = build_payloads(session, pairs=[(row.site_id, row.week) for row in dirty])
    now = now_utc()
    for row in dirty:
        payload = fresh.get((row.site_id, row.week), empty_payload())
        if payload != row.payload:
            row.payload = payload
            row.revision += 1
        row.is_dirty = False
        row.built_at = now
    return len(dirty)



def close_weeks(session: Session, pairs: Iterable[tuple[int, str]]) -> None:
    """Close these (site, week) pairs: their visits are gone, their stored counts are what the server holds."""
    chosen = list(pairs)
    if chosen:
        place = tuple_(WeekReportRow.site_id, WeekReportRow.week)
        session.execute(update(WeekReportRow).where(place.in_(chosen)).values(is_closed=True))
