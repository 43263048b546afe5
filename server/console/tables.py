"""What the console's views show: published tables (server.suppression) of a chosen range of weeks and scope.

Every number comes out of `server.suppression`: the perturbed counts of the reports a cell covers, summed, and a
sum from 1 to threshold - 1 shown as the mark. Weeks, months and the range's total are each summed from the
reports' perturbed counts before marking (`perturbed_sums` then `table_rows`, the two halves of `publish`), so a
week equals the weekly export's cell, a month the monthly export's and the range the sum of its reports, never a
sum of marked cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.weeks import month_of_week, parse_week, week_at, week_index, weeks_between
from server.models import Device, Report, Site, Team
from server.reports import contributions
from server.suppression import COMBINED_PLACE, TOTAL, Grouping, PublishedReport, Shown, perturbed_sums, table_rows

ScopeKind = Literal["all", "site", "team"]
Cells = dict[tuple[str, str], int]
# The longest range a view shows at once (five years of weeks).
MAX_WEEKS = 5 * 53


@dataclass(frozen=True)
class Scope:
    """All sites, one site or one team: what a view sums over."""

    kind: ScopeKind
    name: str | None = None

    @property
    def grouping(self) -> Grouping:
        return "combined" if self.kind == "all" else self.kind

    @property
    def place(self) -> str:
        return self.name if self.name is not None else COMBINED_PLACE

    @property
    def param(self) -> str:
        """How the scope travels in a query string: `all`, `site:NAME` or `team:NAME`."""
        return "all" if self.name is None else f"{self.kind}:{self.name}"


ALL_SITES = Scope("all")


def parse_scope(session: Session, text: str | None) -> Scope:
    """`all`, `site:NAME` or `team:NAME` naming a known site or team, else BadInput."""
    if not text or text == "all":
        return ALL_SITES
    kind, _, name = text.partition(":")
    if kind == "site" and name and session.scalar(select(Site.id).where(Site.name == name)) is not None:
        return Scope("site", name)
    if kind == "team" and name and session.scalar(select(Team.id).where(Team.name == name)) is not None:
        return Scope("team", name)
    raise BadInput(
        "There is no such site or team on this server; choose one from the list.", "scope", reason="scope.unknown"
    )


@dataclass(frozen=True)
class WeekRange:
    first: str
    last: str

    @property
    def weeks(self) -> list[str]:
        return weeks_between(self.first, self.last)

    @property
    def label(self) -> str:
        """The period column of the range's total in a download: ISO 8601's interval, 2026-W01/2026-W13."""
        return f"{self.first}/{self.last}"

    def previous(self) -> WeekRange:
        """The range of the same length just before this one."""
        length = week_index(self.last) - week_index(self.first) + 1
        return WeekRange(week_at(week_index(self.first) - length), week_at(week_index(self.first) - 1))


def parse_range(first: str | None, last: str | None, default_last: str, default_weeks: int = 13) -> WeekRange:
    """The weeks asked for (either may be left out), both valid, in order and at most MAX_WEEKS long, else BadInput
    (with its reason, which the console words in the page's language)."""
    last_week = parse_week(last, "to") if last else default_last
    first_week = parse_week(first, "from") if first else week_at(week_index(last_week) - default_weeks + 1)
    weeks = weeks_between(first_week, last_week)
    if len(weeks) > MAX_WEEKS:
        raise BadInput(
            f"The range is longer than {MAX_WEEKS} weeks; choose a shorter one.",
            "from",
            reason="range.too_long",
            params={"weeks": MAX_WEEKS},
        )
    return WeekRange(first_week, last_week)


@dataclass(frozen=True)
class Tables:
    """A range's published tables for one scope, with the range of the same length before it."""

    scope: Scope
    range: WeekRange
    previous_range: WeekRange
    weeks: dict[str, PublishedReport]  # by week, only weeks with reports
    previous_weeks: dict[str, PublishedReport]
    months: list[PublishedReport]  # months of the weeks' Thursdays, cut by the range
    previous_months: list[PublishedReport]
    total: PublishedReport  # the whole range (period: its label)
    previous_total: PublishedReport

    def published(self) -> list[PublishedReport]:
        """Every row the overview shows, as a download writes them: weeks, months, then the range, each period
        followed by the previous one."""
        return [
            *self.weeks.values(),
            *self.previous_weeks.values(),
            *self.months,
            *self.previous_months,
            self.total,
            self.previous_total,
        ]


def _summed(parts: Iterable[Cells]) -> Cells:
    total: dict[tuple[str, str], int] = defaultdict(int)
    for cells in parts:
        for cell, value in cells.items():
            total[cell] += value
    return dict(total)


def _one_row(period: str, place: str, cells: Cells, threshold: int, key_period: str) -> PublishedReport:
    """A row of a table whose period is not a week, month or quarter (`key_period` only sorts it)."""
    (row,) = table_rows({(key_period, place): cells}, threshold)
    return row.model_copy(update={"period": period})


def build_tables(session: Session, scope: Scope, weeks: WeekRange, threshold: int) -> Tables:
    """One read of the stored reports of both ranges, their perturbed counts summed per week once; months and
    totals are sums of those weekly sums (integers: the same as publishing them directly)."""
    previous = weeks.previous()
    reports = contributions(
        session,
        previous.first,
        weeks.last,
        site_name=scope.name if scope.kind == "site" else None,
        team_name=scope.name if scope.kind == "team" else None,
        with_true_counts=False,
    )
    place = scope.place
    by_week = {week: cells for (week, _place), cells in perturbed_sums(reports, scope.grouping, "week").items()}

    def rows(span: WeekRange) -> tuple[dict[str, PublishedReport], list[PublishedReport], PublishedReport]:
        in_span = {week: by_week[week] for week in span.weeks if week in by_week}
        weekly = {row.period: row for row in table_rows({(w, place): c for w, c in in_span.items()}, threshold)}
        months: dict[str, list[Cells]] = defaultdict(list)
        for week, cells in in_span.items():
            months[month_of_week(week)].append(cells)
        monthly = table_rows({(month, place): _summed(parts) for month, parts in months.items()}, threshold)
        total = _one_row(span.label, place, _summed(in_span.values()), threshold, span.first)
        return weekly, monthly, total

    weekly, monthly, total = rows(weeks)
    previous_weekly, previous_monthly, previous_total = rows(previous)
    return Tables(scope, weeks, previous, weekly, previous_weekly, monthly, previous_monthly, total, previous_total)


def share(count: Shown, visits: Shown) -> float | None:
    """count / visits when both are shown numbers (a marked count has no share)."""
    if isinstance(count, int) and isinstance(visits, int) and visits > 0:
        return count / visits
    return None


def ranked(report: PublishedReport, dimension: str, limit: int | None = None) -> list[tuple[str, Shown]]:
    """A dimension's non-zero cells, shown counts largest first, marked ones after them by code."""
    values = report.counts.get(dimension, {})
    shown = sorted(((code, count) for code, count in values.items() if isinstance(count, int)), key=lambda i: -i[1])
    marked = sorted((code, count) for code, count in values.items() if isinstance(count, str))
    items: list[tuple[str, Shown]] = [*shown, *marked]
    return items[:limit] if limit is not None else items


def total_cell(report: PublishedReport, code: str) -> Shown:
    return report.count(TOTAL, code)


@dataclass(frozen=True)
class DeviceSummary:
    device_id: str
    name: str
    team: str
    sites: list[str]
    enrolled_at: datetime
    last_seen_at: datetime | None
    last_report_at: datetime | None
    revoked_at: datetime | None


def device_summaries(session: Session) -> list[DeviceSummary]:
    """Every device with its team, the team's sites and when its last report arrived."""
    last_reports = dict(
        session.execute(select(Report.device_id, func.max(Report.received_at)).group_by(Report.device_id)).all()
    )
    sites_by_team: dict[int, list[str]] = defaultdict(list)
    for team_id, name in session.execute(select(Site.team_id, Site.name).order_by(Site.name)):
        sites_by_team[team_id].append(name)
    rows = session.execute(
        select(Device, Team.name).join(Team, Team.id == Device.team_id).order_by(Team.name, Device.enrolled_at)
    )
    return [
        DeviceSummary(
            device.id,
            device.name,
            team,
            sites_by_team.get(device.team_id, []),
            device.enrolled_at,
            device.last_seen_at,
            last_reports.get(device.id),
            device.revoked_at,
        )
        for device, team in rows
    ]


def teams_and_sites(session: Session) -> list[tuple[str, list[str]]]:
    teams: dict[str, list[str]] = {name: [] for name in session.scalars(select(Team.name).order_by(Team.name))}
    for team, site in session.execute(select(Team.name, Site.name).join(Site, Site.team_id == Team.id)):
        teams[team].append(site)
    return [(team, sorted(sites)) for team, sites in teams.items()]
