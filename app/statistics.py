"""Weekly counts: the `WeeklyReport` of one (site, ISO week), built from visits, and sums over ranges.

The same report is what the Statistics screen shows, what exports write and what the sync sends.
Dimension counts count visits (entries); `participants` counts people (a group counts its members).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from app.codes import CodesSource
from app.counting import empty_payload
from app.directory.service import referral_service_names
from app.ledger import refresh_dirty_reports
from app.periods import PeriodCounts, PeriodRange, sum_periods
from app.storage.database import Sessions
from app.storage.models import Site, WeekReportRow
from app.sync.wire import WeeklyReport, codes_context
from app.weeks import weeks_between


@dataclass
class Totals:
    """Counts summed over several weekly reports (a week range, one or all sites)."""

    visits: int = 0
    participants: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, report: WeeklyReport) -> None:
        self.visits += report.visits
        self.participants += report.participants
        for dimension, values in report.counts.items():
            for code, count in values.items():
                self.counts[dimension][code] += count

    def count(self, dimension: str, code: str) -> int:
        return self.counts.get(dimension, {}).get(code, 0)

    def rows(self, dimension: str) -> list[tuple[str, int]]:
        """(code, count) pairs, largest first (hours and weekdays in their natural order)."""
        values = self.counts.get(dimension, {})
        if dimension in ("hour", "weekday"):
            from app.codes import HOUR_CODES, WEEKDAY_CODES

            order = HOUR_CODES if dimension == "hour" else WEEKDAY_CODES
            return [(code, values[code]) for code in order if values.get(code)]
        return sorted(((code, count) for code, count in values.items() if count), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class StatisticsSummary:
    """What the Statistics screen shows for a range: the totals and the visits of each week."""

    first: str
    last: str
    site_id: int | None
    totals: Totals
    weeks: list[tuple[str, int, int]]  # (week, visits, participants)
    service_names: dict[str, dict[str, str]]  # the directory entries referred to, per language


class StatisticsService:
    def __init__(self, sessions: Sessions, codes: CodesSource) -> None:
        self._sessions = sessions
        self._codes = codes

    def weekly_reports(self, first_week: str, last_week: str, site_id: int | None = None) -> list[WeeklyReport]:
        """One report per site and week of the range (weeks without visits count zero), sorted."""
        weeks = weeks_between(first_week, last_week)
        with self._sessions() as session, session.begin():
            refresh_dirty_reports(session)
            sites_query = select(Site.id, Site.name).order_by(Site.name)
            if site_id is not None:
                sites_query = sites_query.where(Site.id == site_id)
            sites = session.execute(sites_query).all()
            stored = {
                (row.site_id, row.week): row.payload
                for row in session.scalars(
                    select(WeekReportRow).where(WeekReportRow.week >= first_week, WeekReportRow.week <= last_week)
                )
            }
        reports = []
        context = codes_context(self._codes())  # the lists in use (a coordinator's published codes included)
        for week in weeks:
            for sid, name in sites:
                payload = stored.get((sid, week)) or empty_payload()
                reports.append(WeeklyReport.model_validate({"site": name, "week": week, **payload}, context=context))
        return reports

    def period_reports(self, periods: PeriodRange, site_id: int | None = None) -> list[PeriodCounts]:
        """One row per site and month, quarter or year of the range, exact: a week crossing a month boundary
        adds each month only the counts of its days in it (its report's parts)."""
        with self._sessions() as session, session.begin():
            refresh_dirty_reports(session)
            sites_query = select(Site.id, Site.name)
            if site_id is not None:
                sites_query = sites_query.where(Site.id == site_id)
            names: dict[int, str] = {site: name for site, name in session.execute(sites_query)}
            rows = session.execute(
                select(WeekReportRow.site_id, WeekReportRow.week, WeekReportRow.payload).where(
                    WeekReportRow.week >= periods.first_week,
                    WeekReportRow.week <= periods.last_week,
                    WeekReportRow.site_id.in_(names),
                )
            ).all()
        return sum_periods(
            ((names[site], week, payload) for site, week, payload in rows if payload is not None),
            periods,
            names.values(),
        )

    def service_names(self, reports: Iterable[WeeklyReport]) -> dict[str, dict[str, str]]:
        """The names of the directory entries these reports count referrals to, per language."""
        codes = {code for report in reports for code in report.counts.get("referral_service", {})}
        with self._sessions() as session:
            return referral_service_names(session, codes)

    def totals(self, first_week: str, last_week: str, site_id: int | None = None) -> Totals:
        totals = Totals()
        for report in self.weekly_reports(first_week, last_week, site_id):
            totals.add(report)
        return totals

    def summary(self, first: str, last: str, site_id: int | None = None) -> StatisticsSummary:
        """The range's totals and its per-week visits and participants (one pass over the weekly reports)."""
        reports = self.weekly_reports(first, last, site_id)
        totals = Totals()
        per_week: dict[str, list[int]] = {}
        for report in reports:
            totals.add(report)
            sums = per_week.setdefault(report.week, [0, 0])
            sums[0] += report.visits
            sums[1] += report.participants
        weeks = [(week, sums[0], sums[1]) for week, sums in per_week.items()]
        return StatisticsSummary(first, last, site_id, totals, weeks, self.service_names(reports))
