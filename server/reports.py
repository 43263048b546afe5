"""Weekly reports: the exactly-once upsert of one device's (site, week), and the stored reports that published
tables are made of."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.sync.wire import ReportAck, ReportCounts, ReportUpload
from server.devices import check_credential, is_last_seen_stale, record_seen, split_token
from server.errors import NotAllowed, ReportConflict
from server.models import Device, Report, Site, Team
from server.suppression import Contribution, new_cell_key, perturbed_payload


@cache
def upsert_statement(dialect: str) -> Insert:
    """INSERT .. ON CONFLICT DO UPDATE only for a higher revision: atomic on both databases, no read-then-write.
    The report's secret `cell_key` is set by the first insert and never replaced (its perturbations stay fixed).

    Built once per database kind, without values (they come as parameters): building it costs more than running it.
    """
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(Report)
    excluded = statement.excluded
    upsert: Insert = statement.on_conflict_do_update(
        index_elements=[Report.device_id, Report.site_id, Report.week],
        set_={
            "revision": excluded.revision,
            "payload": excluded.payload,
            "received_at": excluded.received_at,
            "perturbed": excluded.perturbed,
        },
        where=Report.revision < excluded.revision,
    )
    # RETURNING names the row only when it was inserted or replaced (rowcount is not reliable on every driver), and
    # its key: a replaced row keeps its own, so its perturbed counts are worked out again with that one.
    return upsert.returning(Report.revision, Report.cell_key)


def accept_report(
    connection: Connection, credential: str, site_name: str, week: str, upload: ReportUpload, now: datetime
) -> ReportAck:
    """Check the device and store its report in the caller's transaction: one query finds the device and the
    site, one upsert stores the report (a sync sends a year of weeks, so this is the server's hot path).

    Raises NotAuthenticated (unknown or revoked device: refused on its very next request), NotAllowed (a site
    outside the device's team) or ReportConflict (the same revision with other counts); nothing is stored then.
    """
    device_id, secret = split_token(credential)
    # Core statements, no ORM session: its bookkeeping would cost more than the SQL itself.
    found = connection.execute(
        select(Device.secret_hash, Device.revoked_at, Device.team_id, Device.last_seen_at, Site.id, Site.team_id)
        .select_from(Device)
        .outerjoin(Site, Site.name == site_name)
        .where(Device.id == device_id)
    ).first()
    check_credential(found[0] if found else None, found[1] if found else None, secret)
    assert found is not None
    _secret, _revoked, team_id, last_seen_at, site_id, site_team_id = found
    if is_last_seen_stale(last_seen_at, now):
        record_seen(connection, device_id, now)
    if site_id is None or site_team_id != team_id:
        raise NotAllowed(f"This device may not report for site {site_name}.")
    payload = upload.canonical()
    cell_key = new_cell_key()
    values = {
        "device_id": device_id,
        "site_id": site_id,
        "week": week,
        "revision": upload.revision,
        "payload": payload,
        "received_at": now,
        "cell_key": cell_key,
        "perturbed": perturbed_payload(cell_key, upload),
    }
    written = connection.execute(upsert_statement(connection.dialect.name), values).first()
    if written is not None and written.cell_key != cell_key:
        # A new revision of a stored report: the same key as before, so unchanged counts keep their perturbation.
        connection.execute(
            update(Report)
            .where(Report.device_id == device_id, Report.site_id == site_id, Report.week == week)
            .values(perturbed=perturbed_payload(written.cell_key, upload))
        )
    if written is not None:
        status = "stored"
        stored_revision = upload.revision
    else:
        stored = connection.execute(
            select(Report.revision, Report.payload).where(
                Report.device_id == device_id, Report.site_id == site_id, Report.week == week
            )
        ).one()
        stored_revision = stored.revision
        if stored_revision > upload.revision:
            status = "stale"
        elif stored.payload == payload:
            status = "unchanged"
        else:
            raise ReportConflict(site_name, week, stored_revision)
    return ReportAck(
        status=status, site=site_name, week=week, revision=upload.revision, stored_revision=stored_revision
    )


def contributions(
    session: Session,
    first_week: str,
    last_week: str,
    site_name: str | None = None,
    team_name: str | None = None,
    with_true_counts: bool = True,
) -> list[Contribution]:
    """Every stored report of the weeks (canonical, so that comparing them as text orders them as (year, week)),
    optionally of one site or one team, with its key, its perturbed counts and (`with_true_counts`) its true ones:
    what server.suppression.publish sums and server.audit attacks. An export reads no true count it does not need."""
    payload = Report.payload if with_true_counts else case((Report.perturbed.is_(None), Report.payload), else_=None)
    query = (
        select(Report.device_id, Site.name, Team.name, Report.week, Report.cell_key, payload, Report.perturbed)
        .join(Site, Site.id == Report.site_id)
        .join(Team, Team.id == Site.team_id)
        .where(Report.week >= first_week, Report.week <= last_week)
        .order_by(Report.week, Site.name, Report.device_id)
    )
    if site_name is not None:
        query = query.where(Site.name == site_name)
    if team_name is not None:
        query = query.where(Team.name == team_name)
    return [
        # Stored payloads were validated on arrival; constructed directly to keep exports of old rows working.
        Contribution(
            device_id,
            site,
            team,
            week,
            cell_key,
            None if counts is None else ReportCounts.model_construct(**counts),
            perturbed,
        )
        for device_id, site, team, week, cell_key, counts, perturbed in session.execute(query)
    ]
