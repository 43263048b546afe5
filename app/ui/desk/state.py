"""What the Desk shows, read in one go on the database lane: session, sites, today's visits and counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.desk_sessions import SessionInfo
from app.sites import SiteInfo, SlotInfo
from app.ui.context import AppContext
from app.visits import VisitRecord
from app.weeks import today_local


@dataclass(frozen=True)
class DeskState:
    session: SessionInfo | None  # open and started today: visits go here
    stale: SessionInfo | None  # open since an earlier day: it must be closed first
    suggested_end: datetime | None
    sites: list[SiteInfo]
    site: SiteInfo | None  # the session's site, else the default one
    slots_today: list[tuple[SlotInfo, SiteInfo]]
    today: list[VisitRecord]
    counts: tuple[int, int]  # (today, this week) at `site`

    @property
    def is_open(self) -> bool:
        return self.session is not None


def load_desk_state(context: AppContext) -> DeskState:
    """Runs on the database lane."""
    current = context.desk_sessions.current()
    stale = context.desk_sessions.left_open_from_earlier_day()
    session = None if stale is not None else current
    suggested_end = context.desk_sessions.suggested_end(stale) if stale is not None else None
    sites = context.sites.all()
    site = None
    place = session or stale
    if place is not None:
        site = next((candidate for candidate in sites if candidate.id == place.site_id), None)
    if site is None and sites:
        site = sites[0]  # SiteService.all() lists the default site first
    weekday = today_local().isoweekday()
    slots_today = sorted(
        ((slot, candidate) for candidate in sites for slot in candidate.slots if slot.weekday == weekday),
        key=lambda pair: (pair[1].id != (site.id if site else None), pair[0].start_time),
    )
    site_id = site.id if site else None
    return DeskState(
        session=session,
        stale=stale,
        suggested_end=suggested_end,
        sites=sites,
        site=site,
        slots_today=slots_today,
        today=context.visits.list_visits(day=today_local(), site_id=site_id),
        counts=context.visits.counts(site_id),
    )
