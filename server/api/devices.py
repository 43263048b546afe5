"""Devices and sites: a device asks what it is; coordinators list devices and sites and revoke devices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.sync.wire import DeviceInfo
from server.api.deps import CoordinatorDependency, DeviceDependency, ReadSessionDependency, SessionDependency
from server.api.responses import errors
from server.devices import all_devices, device_info, device_row, revoke
from server.schemas import DeviceRow, SiteRow
from server.teams import all_sites

router = APIRouter(tags=["devices"])


@router.get("/device", response_model=DeviceInfo, responses=errors(401))
def this_device(device: DeviceDependency, session: ReadSessionDependency) -> DeviceInfo:
    return device_info(session, device)


@router.get("/devices", response_model=list[DeviceRow], responses=errors(401))
def list_devices(_coordinator: CoordinatorDependency, session: ReadSessionDependency) -> list[DeviceRow]:
    return [device_row(device) for device in all_devices(session)]


@router.post("/devices/{device_id}/revoke", response_model=DeviceRow, responses=errors(401, 404))
def revoke_device(
    device_id: Annotated[str, Path(max_length=64)], _coordinator: CoordinatorDependency, session: SessionDependency
) -> DeviceRow:
    device = revoke(session, device_id)
    session.commit()
    return device_row(device)


@router.get("/sites", response_model=list[SiteRow], responses=errors(401))
def list_sites(_coordinator: CoordinatorDependency, session: ReadSessionDependency) -> list[SiteRow]:
    return [SiteRow(site=site.name, team=site.team.name) for site in all_sites(session)]
