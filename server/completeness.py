"""Completeness: which desks reported which weeks, and the reporting rate (DHIS2's "reporting rate": the share of
expected weeks received), with the desk's effort (sessions held, hours open) that travels with each report.

A week is *expected* of a site when it has ended and
- the site has weekly slots (its laptops send them: `store_slots`): every week from the site's start (the earlier
  of its creation on the server and its first report), or
- the site has no slots: every week from its first report on ("from the weeks it reported before").

Each (site, week) is `reported` (a report arrived, from any device, also one with no visits: a desk held with
nobody coming), `missing` (expected, nothing arrived) or `no-desk` (not expected, nothing arrived). The effort
figures are the desk's own (how many sessions, how many hours): they count no visitor and are shown as they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.wire import SiteSlots
from app.weeks import current_week, week_key, week_of, weeks_between
from server.devices import authenticate
from server.errors import NotAllowed
from server.models import Device, Report, Site, Team

Status = Literal["reported", "missing", "no-desk"]
STATUSES: tuple[Status, ...] = ("reported", "missing", "no-desk")


def checked_weeks(first: str, last: str) -> tuple[str, str]:
    """Both ISO weeks valid and in order, else Invalid (HTTP 422, CLI exit 2) with one sentence."""
    from server.api.exports import checked_range

    return checked_range(first, last)


def store_slots(session: Session, credential: str, site_name: str, slots: SiteSlots, now: datetime) -> Site:
    """Keep the weekly slots a device sends for a site of its team (the whole list replaces the one before, unless
    the laptop read it before the one stored: `slots_updated_at` is when the stored list was read, or arrived).
    Raises NotAuthenticated for an unknown or revoked device, NotAllowed for a site outside its team."""
    device = authenticate(session, credential)
    site = session.scalar(select(Site).where(Site.name == site_name))
    if site is None or site.team_id != device.team_id:
        raise NotAllowed(f"This device may not report for site {site_name}.")
    as_of = min(slots.as_of, now) if slots.as_of is not None else now  # a laptop's clock ahead is not the future
    if slots.as_of is not None and site.slots_updated_at is not None and as_of < site.slots_updated_at:
        return site  # read on the laptop before the slots the server holds: delivered late, changes nothing
    site.slots = [slot.model_dump() for slot in sorted(slots.slots, key=lambda s: (s.weekday, s.start, s.end))]
    site.slots_updated_at = as_of
    return site


@dataclass(frozen=True)
class WeekStatus:
    """One (site, week): its status, when its latest report arrived and from which devices, and the effort the
    reports carry (None where no report says: a laptop of before, or nothing arrived)."""

    site: str
    team: str
    week: str
    status: Status
    expected: bool
    received_at: str | None = None
    devices: list[str] = field(default_factory=list)
    sessions: int | None = None
    hours_open: float | None = None
    partners: int | None = None


@dataclass(frozen=True)
class SiteCompleteness:
    """A site's figures over the range: weeks expected and received, its rate (None when nothing was expected)."""

    site: str
    team: str
    has_slots: bool
    expected: int
    received: int
    rate: float | None
    sessions: int
    hours_open: float


@dataclass(frozen=True)
class Completeness:
    """`completeness(...)`: every (site, week) of the range, per-site sums, and the reporting rate of all sites."""

    first_week: str
    last_week: str
    weeks: list[WeekStatus]
    sites: list[SiteCompleteness]
    expected: int
    received: int
    rate: float | None

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.first_week,
            "to": self.last_week,
            "expected": self.expected,
            "received": self.received,
            "rate": self.rate,
            "sites": [asdict(site) for site in self.sites],
            "weeks": [asdict(week) for week in self.weeks],
        }


def _rate(received: int, expected: int) -> float | None:
    return None if expected == 0 else round(received / expected, 4)


def completeness(
    session: Session,
    first_week: str,
    last_week: str,
    site: str | None = None,
    team: str | None = None,
    today_week: str | None = None,
) -> Completeness:
    """Per site (or one site, or the sites of one team) and ISO week of the range: reported | missing | no-desk,
    and the reporting rate = expected weeks received / expected weeks (see the module's docstring for "expected").
    Weeks from `today_week` (default: this week, Helsinki time) on have not ended and are not expected yet.

    Example: `completeness(session, "2026-W01", "2026-W10").rate` -> 0.85.
    """
    this_week = today_week or current_week()
    weeks = weeks_between(first_week, last_week)
    sites_query = select(Site.id, Site.name, Team.name, Site.slots, Site.created_at).join(Team, Team.id == Site.team_id)
    if site is not None:
        sites_query = sites_query.where(Site.name == site)
    if team is not None:
        sites_query = sites_query.where(Team.name == team)
    sites = session.execute(sites_query.order_by(Site.name)).all()
    site_ids = [row[0] for row in sites]
    first_report: dict[int, str] = {}
    arrived: dict[tuple[int, str], list[tuple[str, datetime, dict[str, Any]]]] = defaultdict(list)
    for site_id, week, device_name, received_at, payload in session.execute(
        select(Report.site_id, Report.week, Device.name, Report.received_at, Report.payload)
        .join(Device, Device.id == Report.device_id)
        .where(Report.site_id.in_(site_ids))
    ):
        if site_id not in first_report or week_key(week) < week_key(first_report[site_id]):
            first_report[site_id] = week
        if first_week <= week <= last_week:
            arrived[(site_id, week)].append((device_name, received_at, payload))
    rows: list[WeekStatus] = []
    summaries: list[SiteCompleteness] = []
    for site_id, name, team_name, slots, created_at in sites:
        has_slots = bool(slots)
        starts = [week for week in (first_report.get(site_id),) if week is not None]
        if has_slots:
            starts.append(week_of(created_at))
        start = min(starts, key=week_key) if starts else None
        expected_count = received_count = sessions_total = 0
        minutes_total = 0
        for week in weeks:
            is_expected = start is not None and week_key(start) <= week_key(week) < week_key(this_week)
            reports = arrived.get((site_id, week), [])
            if reports:
                status: Status = "reported"
            else:
                status = "missing" if is_expected else "no-desk"
            expected_count += is_expected
            received_count += is_expected and bool(reports)
            effort = _effort([payload for _name, _at, payload in reports])
            if effort[0] is not None:
                sessions_total += effort[0]
                minutes_total += effort[1] or 0
            rows.append(
                WeekStatus(
                    site=name,
                    team=team_name,
                    week=week,
                    status=status,
                    expected=is_expected,
                    received_at=max(at for _n, at, _p in reports).isoformat(timespec="seconds") if reports else None,
                    devices=sorted({device for device, _at, _p in reports}),
                    sessions=effort[0],
                    hours_open=None if effort[1] is None else round(effort[1] / 60, 2),
                    partners=effort[2],
                )
            )
        summaries.append(
            SiteCompleteness(
                site=name,
                team=team_name,
                has_slots=has_slots,
                expected=expected_count,
                received=received_count,
                rate=_rate(received_count, expected_count),
                sessions=sessions_total,
                hours_open=round(minutes_total / 60, 2),
            )
        )
    expected = sum(summary.expected for summary in summaries)
    received = sum(summary.received for summary in summaries)
    return Completeness(first_week, last_week, rows, summaries, expected, received, _rate(received, expected))


def _effort(payloads: list[dict[str, Any]]) -> tuple[int | None, int | None, int | None]:
    """Sessions, minutes open and partner organisations summed over a week's reports (several laptops at one site
    each hold their own sessions); None where no report carries them. Partners are summed too: an upper bound."""
    carried = [payload for payload in payloads if payload.get("sessions") is not None]
    if not carried:
        return (0, 0, 0) if payloads else (None, None, None)
    return (
        sum(payload["sessions"] for payload in carried),
        sum(payload.get("minutes_open") or 0 for payload in carried),
        sum(payload.get("partners") or 0 for payload in carried),
    )
