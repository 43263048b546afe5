"""One-time enrollment codes: created for a site's team, redeemed once by one device (retry-safe)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.sync.wire import DeviceInfo, EnrollRequest
from app.weeks import now_utc
from server.devices import device_info
from server.errors import Invalid, NotAuthenticated
from server.models import Device, Enrollment
from server.security import digest, is_same_digest, new_enrollment_code, normalized_code
from server.teams import ensure_site

MAX_LIFETIME = timedelta(days=30)
_REFUSED = "This enrollment code is not valid; ask the coordinator for a new one."


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
    """Enroll the device; the same device retrying the same code gets the same answer, any other is refused."""
    enrollment = session.get(Enrollment, digest(normalized_code(request.code)))
    if enrollment is None:
        raise NotAuthenticated(_REFUSED)
    device = session.get(Device, request.device_id)
    if device is not None and not is_same_digest(device.secret_hash, request.device_secret):
        raise NotAuthenticated("This device id is enrolled with another secret.")
    if device is not None and device.revoked_at is not None:
        raise NotAuthenticated("This device has been revoked; it must be enrolled as a new device.")
    if enrollment.redeemed_by is not None:
        if enrollment.redeemed_by == request.device_id and device is not None:
            return device_info(session, device)  # the answer was lost on the way: same device, same answer
        raise NotAuthenticated("This enrollment code has already been used by another device.")
    now = now_utc()
    if enrollment.expires_at <= now:
        raise NotAuthenticated("This enrollment code has expired; ask the coordinator for a new one.")
    # Claimed with a conditional update, so that of two devices racing for one code only one wins.
    claimed = session.execute(
        update(Enrollment)
        .where(Enrollment.code_hash == enrollment.code_hash, Enrollment.redeemed_by.is_(None))
        .values(redeemed_by=request.device_id, redeemed_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise NotAuthenticated("This enrollment code has already been used by another device.")
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
    session.refresh(device)
    return device_info(session, device)
