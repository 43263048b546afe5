"""`PUT /reports/{site}/{iso_week}`: a device's weekly counts, stored exactly once per revision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.errors import BadInput
from app.sync.wire import IsoWeek, ReportAck, ReportUpload
from app.weeks import parse_week
from server.api.deps import DeviceDependency, SessionDependency
from server.api.responses import errors
from server.errors import Invalid, ServerRefusal
from server.reports import store_report
from server.schemas import ReportConflictBody

router = APIRouter(tags=["reports"])


@router.put(
    # The site may hold "/" (e.g. "Itäkeskus / library"), and the path is decoded before routing: the week is
    # the last segment, the site everything before it.
    "/reports/{site:path}/{iso_week}",
    response_model=ReportAck,
    responses={
        **errors(401, 403, 413),
        409: {"model": ReportConflictBody, "description": "Same revision, other counts"},
    },
)
def put_report(
    site: Annotated[str, Path(min_length=1, max_length=200, description="site name, may contain '/'")],
    iso_week: Annotated[IsoWeek, Path(description="ISO week, e.g. 2026-W47")],
    upload: ReportUpload,
    device: DeviceDependency,
    session: SessionDependency,
) -> ReportAck:
    try:
        week = parse_week(iso_week, "iso_week")
    except BadInput as error:
        raise Invalid(str(error)) from None
    try:
        ack = store_report(session, device, site, week, upload)
    except ServerRefusal:
        session.rollback()
        raise
    session.commit()
    return ack
