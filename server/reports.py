"""Weekly reports: the exactly-once upsert of one device's (site, week), and sums over devices for exports."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.sync.wire import ReportAck, ReportCounts, ReportUpload, WeeklyReport
from app.weeks import now_utc
from server.errors import NotAllowed, ReportConflict
from server.exports import combine, sum_reports
from server.models import Device, Report, Site
from server.teams import site_named


def _upsert(session: Session, values: dict[str, Any]) -> Insert:
    """INSERT .. ON CONFLICT DO UPDATE only for a higher revision: atomic on both databases, no read-then-write."""
    return _upsert_statement(session.get_bind().dialect.name).values(**values)


@cache
def _upsert_statement(dialect: str) -> Insert:
    """The upsert without its values, built once per database kind (building it costs more than running it)."""
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(Report)
    excluded = statement.excluded
    upsert: Insert = statement.on_conflict_do_update(
        index_elements=[Report.device_id, Report.site_id, Report.week],
        set_={"revision": excluded.revision, "payload": excluded.payload, "received_at": excluded.received_at},
        where=Report.revision < excluded.revision,
    )
    # RETURNING names the row only when it was inserted or replaced (rowcount is not reliable on every driver).
    return upsert.returning(Report.revision)


def reportable_site(session: Session, device: Device, site_name: str) -> Site:
    site = site_named(session, site_name)
    if site is None or site.team_id != device.team_id:
        raise NotAllowed(f"This device may not report for site {site_name}.")
    return site


def store_report(session: Session, device: Device, site_name: str, week: str, upload: ReportUpload) -> ReportAck:
    """Store the upload unless the server holds a higher revision; the caller commits.

    Raises ReportConflict for the same revision with different content (nothing is changed then).
    """
    site = reportable_site(session, device, site_name)
    payload = upload.canonical()
    values = {
        "device_id": device.id,
        "site_id": site.id,
        "week": week,
        "revision": upload.revision,
        "payload": payload,
        "received_at": now_utc(),
    }
    written = session.execute(_upsert(session, values)).first()
    if written is not None:
        status = "stored"
        stored_revision = upload.revision
    else:
        stored = session.execute(
            select(Report.revision, Report.payload).where(
                Report.device_id == device.id, Report.site_id == site.id, Report.week == week
            )
        ).one()
        stored_revision = stored.revision
        if stored_revision > upload.revision:
            status = "stale"
        elif stored.payload == payload:
            status = "unchanged"
        else:
            raise ReportConflict(site.name, week, stored_revision)
    return ReportAck(
        status=status, site=site.name, week=week, revision=upload.revision, stored_revision=stored_revision
    )


def weekly_reports(
    session: Session, first_week: str, last_week: str, site_name: str | None = None, is_combined: bool = False
) -> list[WeeklyReport]:
    """Counts per (week, site) summed over devices, or per week over all sites (site `ALL`), oldest week first."""
    query = (
        select(Report.week, Site.name, Report.payload)
        .join(Site, Site.id == Report.site_id)
        .where(Report.week >= first_week, Report.week <= last_week)
    )
    if site_name is not None:
        query = query.where(Site.name == site_name)
    by_site_week: dict[tuple[str, str], list[ReportCounts]] = defaultdict(list)
    for week, name, payload in session.execute(query):
        # Stored payloads were validated on arrival; constructed directly to keep exports of old rows working.
        by_site_week[(week, name)].append(ReportCounts.model_construct(**payload))
    reports = [sum_reports(by_site_week[key], key[1], key[0]) for key in sorted(by_site_week)]
    return combine(reports) if is_combined else reports
