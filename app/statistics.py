"""Weekly counts: the `WeeklyReport` of one (site, ISO week), built from visits, and sums over ranges.

The same report is what the Statistics screen shows, what exports write and what the sync sends.
Dimension counts count visits (entries); `participants` counts people (a group counts its members).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import Session

from app.codes import REPORT_DIMENSIONS
from app.storage.directory_models import DirService
from app.storage.models import (
    REPORT_COLUMNS,
    HandoutPrint,
    Site,
    Visit,
    VisitLanguage,
    VisitOutcome,
    VisitTopic,
    WeekReportRow,
)
from app.store import Store
from app.sync.wire import WeeklyReport
from app.weeks import now_utc, weeks_between

_SINGLE_COLUMNS = {name: getattr(Visit, name) for name in REPORT_COLUMNS}
_MULTI_TABLES = {"topic": VisitTopic, "language": VisitLanguage, "outcome": VisitOutcome}


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


def service_code(source: str, source_id: str) -> str:
    """A directory entry as a report counts it: its source and its id there, the same on every laptop
    that imported the same data (a local entry's code means something only on its own laptop).

    Percent-encoded, so that a file name with a space or an "ä" in the source still makes a code the wire
    format accepts. On the way to the server it becomes a wire code (app.sync.wire.sendable: the entry's id where
    it is a UUID or a unit number, else its source's category, `local` for an advisor's own entry).
    """
    return f"{quote(source, safe=':')}:{quote(source_id, safe='')}"


def _empty_payload() -> dict[str, Any]:
    return {"visits": 0, "participants": 0, "counts": {}}


def _place_filter(
    site_id: Any, week: Any, first_week: str | None, last_week: str | None, pairs: list[tuple[int, str]] | None
) -> list[Any]:
    conditions = []
    if first_week is not None:
        conditions.append(week >= first_week)
    if last_week is not None:
        conditions.append(week <= last_week)
    if pairs is not None:
        conditions.append(tuple_(site_id, week).in_(pairs))
    return conditions


def build_payloads(
    session: Session,
    first_week: str | None = None,
    last_week: str | None = None,
    pairs: Iterable[tuple[int, str]] | None = None,
) -> dict[tuple[int, str], dict[str, Any]]:
    """Count visits per (site id, week) with one GROUP BY per dimension, in SQLite, not in Python.

    Each query reads a covering index (ix_visits_report, ix_visit_*_report), never the visit rows.
    """
    pair_list = None if pairs is None else list(pairs)
    if pair_list == []:
        return {}
    conditions = _place_filter(Visit.site_id, Visit.week, first_week, last_week, pair_list)
    payloads: dict[tuple[int, str], dict[str, Any]] = defaultdict(_empty_payload)
    totals = select(Visit.site_id, Visit.week, func.count(), func.sum(Visit.participants)).where(*conditions)
    for site_id, week, visits, participants in session.execute(totals.group_by(Visit.site_id, Visit.week)):
        payloads[(site_id, week)].update(visits=visits, participants=int(participants or 0))
    for dimension in REPORT_DIMENSIONS:
        if dimension == "referral_service":
            services = (
                select(Visit.site_id, Visit.week, DirService.source, DirService.source_id, func.count())
                .join(DirService, DirService.id == Visit.referral_service_id)
                .where(*conditions)
                .group_by(Visit.site_id, Visit.week, DirService.id)
            )
            for site_id, week, source, source_id, count in session.execute(services):
                services_counted = payloads[(site_id, week)]["counts"].setdefault(dimension, {})
                code = service_code(source, source_id)
                # Several entries may travel as one category (`local`, `hsds:other`): their counts add up.
                services_counted[code] = services_counted.get(code, 0) + count
            continue
        if dimension == "handout_language":
            query = (
                select(HandoutPrint.site_id, HandoutPrint.week, HandoutPrint.language, func.count())
                .where(*_place_filter(HandoutPrint.site_id, HandoutPrint.week, first_week, last_week, pair_list))
                .group_by(HandoutPrint.site_id, HandoutPrint.week, HandoutPrint.language)
            )
        elif dimension in _MULTI_TABLES:
            table = _MULTI_TABLES[dimension]
            query = (
                select(table.site_id, table.week, table.code, func.count())
                .where(*_place_filter(table.site_id, table.week, first_week, last_week, pair_list))
                .group_by(table.site_id, table.week, table.code)
            )
        else:
            column = _SINGLE_COLUMNS[dimension]
            query = (
                select(Visit.site_id, Visit.week, column, func.count())
                .where(column.is_not(None), *conditions)
                .group_by(Visit.site_id, Visit.week, column)
            )
        for site_id, week, code, count in session.execute(query):
            payloads[(site_id, week)]["counts"].setdefault(dimension, {})[code] = count
    return dict(payloads)


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
        payload = fresh.get((row.site_id, row.week), _empty_payload())
        if payload != row.payload:
            row.payload = payload
            row.revision += 1
        row.is_dirty = False
        row.built_at = now
    return len(dirty)


class StatisticsService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def weekly_reports(self, first_week: str, last_week: str, site_id: int | None = None) -> list[WeeklyReport]:
        """One report per site and week of the range (weeks without visits count zero), sorted."""
        weeks = weeks_between(first_week, last_week)
        with self.store.session() as session, session.begin():
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
        for week in weeks:
            for sid, name in sites:
                payload = stored.get((sid, week)) or _empty_payload()
                reports.append(WeeklyReport(site=name, week=week, **payload))
        return reports

    def service_names(self, reports: Iterable[WeeklyReport]) -> dict[str, dict[str, str]]:
        """The names of the directory entries these reports count referrals to, per language."""
        from app.directory.service import referral_service_names

        codes = {code for report in reports for code in report.counts.get("referral_service", {})}
        with self.store.session() as session:
            return referral_service_names(session, codes)

    def totals(self, first_week: str, last_week: str, site_id: int | None = None) -> Totals:
        totals = Totals()
        for report in self.weekly_reports(first_week, last_week, site_id):
            totals.add(report)
        return totals
