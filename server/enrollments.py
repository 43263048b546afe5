"""One-time enrollment codes: created for a site's team, redeemed once by one device (retry-safe)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.sync.wire import DeviceInfo, EnrollRequest, normalize_enrollment_code
from app.weeks import now_utc
from server.devices import device_info
from server.errors import Invalid, NotAuthenticated
from server.models import Device, Enrollment, Report, Site
from server.security import digest, is_same_digest, new_enrollment_code
from server.teams import ensure_site

MAX_LIFETIME = timedelta(days=30)
_REFUSED = "This enrollment code is not valid; ask the coordinator for a new one."
_TAKEN = "This enrollment code has already been used by another device."


class ClaimRaced(NotAuthenticated):
    """Another transaction claimed the code between reading and claiming it: redeem again to see who won."""

    def __init__(self) -> None:
        super().__init__(_TAKEN, reason="invalid_code")


@dataclass(frozen=True)
class NewEnrollment:
    code: str
    site: str
    team: str
    expires_at: datetime


def create_enrollment(session: Session, site_name: str, team_name: str | None, lifetime: timedelta) -> NewEnrollment:
    if lifetime <= timedelta(0) or lifetime > MAX_LIFETIME:
        raise Invalid("An enrollment code must be valid for more than 0 minutes and at most 30 days.")
    site = ensure_site(session, site_name, team_name)
    now = now_utc()
    code = new_enrollment_code()
    session.add(
        Enrollment(
            code_hash=digest(code), team_id=site.team_id, site_id=site.id, created_at=now, expires_at=now + lifetime
        )
    )
    return NewEnrollment(code=code, site=site.name, team=site.team.name, expires_at=now + lifetime)


def redeem(session: Session, request: EnrollRequest) -> DeviceInfo:
    """Enroll the device; the same device retrying the same code gets the same answer, any other is refused.

    A previous identity named in the request has its reports moved to this device in the same transaction, so a
    retry after a lost answer finds them moved already. Raises ClaimRaced when a concurrent attempt claimed the code.
    """
    enrollment = session.get(Enrollment, digest(normalize_enrollment_code(request.code)))
    if enrollment is None:
        raise NotAuthenticated(_REFUSED, reason="invalid_code")
    device = session.get(Device, request.device_id)
    if device is not None and not is_same_digest(device.secret_hash, request.device_secret):
        raise NotAuthenticated("This device id is enrolled with another secret.", reason="unknown_device")
    if device is not None and device.revoked_at is not None:
        raise NotAuthenticated("This device has been revoked; it must be enrolled as a new device.", reason="revoked")
    if enrollment.redeemed_by is not None:
        if enrollment.redeemed_by == request.device_id and device is not None:
            return device_info(session, device)  # the answer was lost on the way: same device, same answer
        raise NotAuthenticated(_TAKEN, reason="invalid_code")
    now = now_utc()
    if enrollment.expires_at <= now:
        raise NotAuthenticated(
            "This enrollment code has expired; ask the coordinator for a new one.", reason="invalid_code"
        )
    # Claimed with a conditional update, so that of two devices racing for one code only one wins.
    claimed = session.execute(
        update(Enrollment)
        .where(Enrollment.code_hash == enrollment.code_hash, Enrollment.redeemed_by.is_(None))
        .values(redeemed_by=request.device_id, redeemed_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ClaimRaced()
    if device is None:
        device = Device(
            id=request.device_id,
            name=request.device_name,
            team_id=enrollment.team_id,
            secret_hash=digest(request.device_secret),
            enrolled_at=now,
            last_seen_at=now,
        )
        session.add(device)
    else:  # an enrolled laptop moving to another team
        device.team_id = enrollment.team_id
        device.name = request.device_name
        device.last_seen_at = now
    session.flush()
    previous = _proven_previous(session, request, enrollment.team_id)
    if previous is not None:
        take_over_reports(session, previous, device, enrollment.team_id)
        if previous.revoked_at is None:
            previous.revoked_at = now  # its identity is retired: a stale copy of the laptop must not count again
        session.flush()
    session.refresh(device)
    return device_info(session, device)


def _proven_previous(session: Session, request: EnrollRequest, team_id: int) -> Device | None:
    """The previous identity named in the request, only if its secret proves it and it is of the code's team.

    Anything else is ignored rather than refused: the laptop still gets enrolled, and nobody's data moves.
    """
    if request.previous_device_id is None or request.previous_device_secret is None:
        return None
    if request.previous_device_id == request.device_id:
        return None
    previous = session.get(Device, request.previous_device_id)
    if previous is None or not is_same_digest(previous.secret_hash, request.previous_device_secret):
        return None
    if previous.team_id != team_id:
        return None
    return previous


def take_over_reports(session: Session, previous: Device, device: Device, team_id: int) -> int:
    """Move `previous`'s reports for the team's sites to `device`; where both hold a (site, week), the higher
    revision stays (the new device's on a tie). Returns how many rows moved."""
    team_sites = select(Site.id).where(Site.team_id == team_id)
    old_rows = {
        (row.site_id, row.week): row.revision
        for row in session.execute(
            select(Report.site_id, Report.week, Report.revision).where(
                Report.device_id == previous.id, Report.site_id.in_(team_sites)
            )
        )
    }
    if not old_rows:
        return 0
    new_rows = {
        (row.site_id, row.week): row.revision
        for row in session.execute(
            select(Report.site_id, Report.week, Report.revision).where(Report.device_id == device.id)
        )
    }
    for key in old_rows.keys() & new_rows.keys():
        loser = previous.id if old_rows[key] <= new_rows[key] else device.id
        site_id, week = key
        session.execute(delete(Report).where(Report.device_id == loser, Report.site_id == site_id, Report.week == week))
    moved = session.execute(
        update(Report)
        .where(Report.device_id == previous.id, Report.site_id.in_(team_sites))
        .values(device_id=device.id)
        .execution_options(synchronize_session=False)
    )
    return int(moved.rowcount)  # type: ignore[attr-defined]
