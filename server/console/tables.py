"""What the console's views show: published tables (server.suppression) of a chosen range of weeks and scope.

Every number comes out of `server.suppression`: the perturbed counts of the reports a cell covers, summed, and a
sum from 1 to threshold - 1 shown as the mark. Weeks, months and the range's total are each summed from the
reports' perturbed counts before marking (the sums `perturbed_sums` makes, then `table_rows`, the two halves of
`publish`), so a week equals the weekly export's cell, a month the monthly export's and the range the sum of its
reports, never a sum of marked cells (tests/console/test_console_tables.py checks it against `publish`).

The weekly sums are kept per process (`WeeklySums`) with each week's signature, so a view sums again only the
weeks whose reports changed since it was last shown.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.periods import PeriodRange, crosses_month, month_label, month_shares, period_range
from app.weeks import month_of_week, parse_week, week_at, week_index, week_key, weeks_between
from server.models import Device, Report, Site, Team
from server.reports import contributions
from server.suppression import COMBINED_PLACE, TOTAL, Grouping, PublishedReport, Shown, perturbed_document, table_rows

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
    months: list[PublishedReport]  # the whole calendar months of the range (calendar_months), exact
    previous_months: list[PublishedReport]  # the same number of months before them
    total: PublishedReport  # the whole range (period: its label)
    previous_total: PublishedReport
    month_range: PeriodRange
    previous_month_range: PeriodRange
    inexact_reports: int = 0  # reports of a crossing week from a laptop of before (no month parts) in `months`

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


@dataclass(frozen=True)
class WeekSums:
    """One week of a scope: the sums of its reports' perturbed counts for the week and for each calendar month its
    days fall in (server.periods' month parts), and how many reports of a crossing week had no parts."""

    cells: Cells
    months: dict[str, Cells]  # 'YYYY-MM' -> cells
    inexact: int = 0


def _add_payload(nested: dict[str, dict[str, int]], totals: list[int], payload: Mapping[str, Any]) -> None:
    """Add a payload's visits, participants and counts (nested per dimension: no tuple per cell on the hot path)."""
    totals[0] += payload["visits"]
    totals[1] += payload["participants"]
    for dimension, values in payload["counts"].items():
        target = nested.get(dimension)
        if target is None:
            nested[dimension] = dict(values)
            continue
        for code, count in values.items():
            target[code] = target.get(code, 0) + count


def _flat(nested: dict[str, dict[str, int]], totals: list[int]) -> Cells:
    cells: Cells = {_VISITS: totals[0], _PARTICIPANTS: totals[1]}
    for dimension, values in nested.items():
        for code, count in values.items():
            if count:
                cells[(dimension, code)] = count
    return cells


class _Week:
    """The running sums of one week while its reports are read."""

    def __init__(self, week: str) -> None:
        self.crosses = crosses_month(week)
        self.nested: dict[str, dict[str, int]] = {}
        self.totals = [0, 0]
        self.parts: dict[str, tuple[dict[str, dict[str, int]], list[int]]] = {}
        self.inexact = 0

    def add(self, week: str, payload: Mapping[str, Any]) -> None:
        _add_payload(self.nested, self.totals, payload)
        if not self.crosses:
            return
        for month, share, exact in month_shares(week, payload):
            nested, totals = self.parts.setdefault(month_label(month), ({}, [0, 0]))
            _add_payload(nested, totals, share)
            self.inexact += not exact

    def sums(self, week: str) -> WeekSums:
        cells = _flat(self.nested, self.totals)
        if not self.crosses:
            return WeekSums(cells, {month_of_week(week): cells})
        months = {label: _flat(nested, totals) for label, (nested, totals) in self.parts.items()}
        return WeekSums(cells, months, self.inexact)


def weekly_sums(
    session: Session, scope: Scope, first: str, last: str, only: Collection[str] | None = None
) -> dict[str, WeekSums]:
    """week -> the sums of the perturbed counts of every report of the scope in that week (and in each month of
    it): what `perturbed_sums(contributions(...), grouping, "week")` and server.periods' month parts give, read
    leaner (the console's hot path).

    The stored perturbed counts are added straight from the query's rows; reports stored before they were kept
    (perturbed NULL) go through server.suppression as every export does. `only`: just these weeks of the range."""
    query = (
        select(Report.week, Report.perturbed)
        .join(Site, Site.id == Report.site_id)
        .where(Report.week >= first, Report.week <= last, Report.perturbed.is_not(None))
    )
    if only is not None:
        query = query.where(Report.week.in_(sorted(only)))
    if scope.kind == "site":
        query = query.where(Site.name == scope.name)
    elif scope.kind == "team":
        query = query.join(Team, Team.id == Site.team_id).where(Team.name == scope.name)
    running: dict[str, _Week] = {}
    for week, stored in session.execute(query):
        into = running.get(week)
        if into is None:
            into = running[week] = _Week(week)
        into.add(week, stored)
    older = (
        select(func.count())
        .select_from(Report)
        .where(Report.week >= first, Report.week <= last, Report.perturbed.is_(None))
    )
    if only is not None:
        older = older.where(Report.week.in_(sorted(only)))
    if session.scalar(older):
        for report in contributions(
            session,
            first,
            last,
            site_name=scope.name if scope.kind == "site" else None,
            team_name=scope.name if scope.kind == "team" else None,
            with_true_counts=False,
        ):
            if report.stored is None and (only is None or report.week in only):
                into = running.setdefault(report.week, _Week(report.week))
                into.add(report.week, perturbed_document(report))
    return {week: into.sums(week) for week, into in running.items()}


_VISITS, _PARTICIPANTS = (TOTAL, "visits"), (TOTAL, "participants")


def week_signatures(session: Session, scope: Scope, first: str, last: str) -> dict[str, tuple[int, str, int]]:
    """week -> (reports, the latest arrival, the sum of their revisions) of the scope's stored reports: any report
    stored, replaced by a new revision, moved away or deleted changes its week's signature."""
    query = (
        select(Report.week, func.count(), func.max(Report.received_at), func.sum(Report.revision))
        .join(Site, Site.id == Report.site_id)
        .where(Report.week >= first, Report.week <= last)
        .group_by(Report.week)
    )
    if scope.kind == "site":
        query = query.where(Site.name == scope.name)
    elif scope.kind == "team":
        query = query.join(Team, Team.id == Site.team_id).where(Team.name == scope.name)
    return {
        week: (int(count), str(latest), int(revisions)) for week, count, latest, revisions in session.execute(query)
    }


class WeeklySums:
    """The weekly sums each scope's views were built from, per process, each week kept with its signature: a view
    reads the signatures (one small GROUP BY) and sums again only the weeks whose reports changed.

    Thread-safe (views run in the thread pool); at most `max_weeks` (scope, week) entries, the least recently used
    dropped first."""

    def __init__(self, max_weeks: int = 5000) -> None:
        self.max_weeks = max_weeks
        self._entries: OrderedDict[tuple[str, str], tuple[tuple[int, str, int], WeekSums]] = OrderedDict()
        self._lock = threading.Lock()

    def sums(self, session: Session, scope: Scope, first: str, last: str) -> dict[str, WeekSums]:
        signatures = week_signatures(session, scope, first, last)
        found: dict[str, WeekSums] = {}
        with self._lock:
            for week, signature in signatures.items():
                entry = self._entries.get((scope.param, week))
                if entry is not None and entry[0] == signature:
                    self._entries.move_to_end((scope.param, week))
                    found[week] = entry[1]
        stale = [week for week in signatures if week not in found]
        if stale:
            fresh = weekly_sums(session, scope, first, last, only=None if len(stale) == len(signatures) else stale)
            with self._lock:
                for week in stale:
                    sums = fresh.get(week, WeekSums({}, {}))
                    found[week] = sums
                    self._entries[(scope.param, week)] = (signatures[week], sums)
                    self._entries.move_to_end((scope.param, week))
                while len(self._entries) > self.max_weeks:
                    self._entries.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def calendar_months(weeks: WeekRange) -> PeriodRange:
    """The whole calendar months of a range of weeks: from the month of its first week's Thursday to that of its
    last week's (2026-W01..W13 gives 2026-01..2026-03, each month whole, Helsinki time)."""
    return period_range("month", month_of_week(weeks.first), month_of_week(weeks.last))


def _months_before(months: PeriodRange) -> PeriodRange:
    count = len(months.months())
    year, number = months.first
    index = year * 12 + number - 1 - count
    first = (index // 12, index % 12 + 1)
    index = year * 12 + number - 2
    last = (index // 12, index % 12 + 1)
    return period_range("month", month_label(first), month_label(last))


def build_tables(
    session: Session, scope: Scope, weeks: WeekRange, threshold: int, cache: WeeklySums | None = None
) -> Tables:
    """The range and the one before, and the calendar months of each, from the weekly sums of their stored reports
    (`cache`d or read afresh): months and totals are sums of those sums (integers: the same as publishing them
    directly, as server.periods does)."""
    previous = weeks.previous()
    months, previous_months = calendar_months(weeks), _months_before(calendar_months(weeks))
    first = min(previous.first, previous_months.first_week, key=week_key)
    last = max(weeks.last, months.last_week, key=week_key)
    by_week = cache.sums(session, scope, first, last) if cache else weekly_sums(session, scope, first, last)
    place = scope.place

    def rows(span: WeekRange) -> tuple[dict[str, PublishedReport], PublishedReport]:
        in_span = {week: by_week[week].cells for week in span.weeks if week in by_week}
        weekly = {row.period: row for row in table_rows({(w, place): c for w, c in in_span.items()}, threshold)}
        total = _one_row(span.label, place, _summed(in_span.values()), threshold, span.first)
        return weekly, total

    def month_rows(span: PeriodRange) -> tuple[list[PublishedReport], int]:
        parts: dict[str, list[Cells]] = {month_label(month): [] for month in span.months()}
        inexact = 0
        reported = False
        for week in span.weeks():
            sums = by_week.get(week)
            if sums is None:
                continue
            inside = [label for label in sums.months if label in parts]
            for label in inside:
                parts[label].append(sums.months[label])
            reported = reported or bool(inside)
            inexact += sums.inexact if inside else 0
        if not reported:
            return [], 0
        return table_rows({(label, place): _summed(cells) for label, cells in parts.items()}, threshold), inexact

    weekly, total = rows(weeks)
    previous_weekly, previous_total = rows(previous)
    monthly, inexact = month_rows(months)
    previous_monthly, _ = month_rows(previous_months)
    return Tables(
        scope,
        weeks,
        previous,
        weekly,
        previous_weekly,
        monthly,
        previous_monthly,
        total,
        previous_total,
        months,
        previous_months,
        inexact,
    )


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
