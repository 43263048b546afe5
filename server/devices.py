"""Enrolled devices: their credential check, what they may report for, listing and revoking."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session, joinedload

from app.sync.wire import DeviceInfo
from app.weeks import now_utc
from server.errors import Missing, NotAuthenticated
from server.models import Device
from server.schemas import DeviceRow
from server.security import is_same_digest
from server.teams import team_site_names

# A device is "last seen" to the minute: recording every request would double the writes of a sync.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
_TOKEN = re.compile(r"^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$")


def split_token(token: str) -> tuple[str, str]:
    """(device id, secret) of a device credential; 401 when it is not one."""
    match = _TOKEN.match(token)
    if match is None:
        raise NotAuthenticated("This is not a device credential; enroll the device first.", reason="unknown_device")
    return match.group(1), match.group(2)


def check_credential(secret_hash: str | None, revoked_at: datetime | None, secret: str) -> None:
    """401 unless the secret is the enrolled device's and the device is not revoked."""
    if secret_hash is None or not is_same_digest(secret_hash, secret):
        raise NotAuthenticated("This device is not enrolled on this server.", reason="unknown_device")
    if revoked_at is not None:
        raise NotAuthenticated("This device has been revoked by a coordinator.", reason="revoked")


def authenticate(session: Session, token: str) -> Device:
    """The device whose `id.secret` this is, with its team loaded (it outlives the session); a revoked one is
    refused on its very next request."""
    device_id, secret = split_token(token)
    device = session.get(Device, device_id, options=[joinedload(Device.team)])
    check_credential(device.secret_hash if device else None, device.revoked_at if device else None, secret)
    assert device is not None
    return device


def is_last_seen_stale(last_seen_at: datetime | None, now: datetime) -> bool:
    """Whether `last_seen_at` is worth a write: coordinators read it in minutes, so at most one write a minute."""
    return last_seen_at is None or now - last_seen_at >= LAST_SEEN_RESOLUTION


def record_seen(connection: Session | Connection, device_id: str, now: datetime) -> None:
    connection.execute(update(Device).where(Device.id == device_id).values(last_seen_at=now))


def device_info(session: Session, device: Device) -> DeviceInfo:
    return DeviceInfo(
        device_id=device.id,
        name=device.name,
        team=device.team.name,
        sites=team_site_names(session, device.team_id),
        revoked=device.revoked_at is not None,
    )


def all_devices(session: Session) -> list[Device]:
    return list(session.scalars(select(Device).order_by(Device.enrolled_at, Device.id)))


def revoke(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise Missing(f"There is no device {device_id}.")
    if device.revoked_at is None:
        device.revoked_at = now_utc()
    return device


def device_row(device: Device) -> DeviceRow:
    """A device as coordinators see it, in the API and on the command line."""
    return DeviceRow(
        device_id=device.id,
        name=device.name,
        team=device.team.name,
        enrolled_at=device.enrolled_at,
        last_seen_at=device.last_seen_at,
        revoked_at=device.revoked_at,
    )
