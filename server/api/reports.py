"""`PUT /reports/{site}/{iso_week}`: a device's weekly counts, stored exactly once per revision."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy import Engine

from app.errors import BadInput
from app.sync.wire import IsoWeek, ReportAck, ReportUpload, reject_duplicate_keys
from app.weeks import now_utc, parse_week
from server.api.deps import DeviceCredential
from server.api.responses import errors
from server.devices import record_seen, split_token
from server.errors import Invalid, NotAllowed, ReportConflict
from server.reports import accept_report
from server.schemas import ReportConflictBody

router = APIRouter(tags=["reports"])


async def no_duplicate_keys(request: Request) -> None:
    """A report whose JSON names a key twice is refused (422): a parser keeping the last one would store counts
    the device never meant, and two readers of the same bytes could disagree."""
    try:
        json.loads(await request.body(), object_pairs_hook=reject_duplicate_keys)
    except ValueError as error:
        if "given twice" in str(error):
            raise Invalid(f"The report is not valid: {error}.") from None
        # Not JSON at all: the body's own validation answers that, in its own words.


@router.put(
    # The site may hold "/" (e.g. "Itäkeskus / library"), and the path is decoded before routing: the week is
    # the last segment, the site everything before it.
    "/reports/{site:path}/{iso_week}",
    response_model=ReportAck,
    dependencies=[Depends(no_duplicate_keys)],
    responses={
        **errors(401, 403, 413),
        409: {"model": ReportConflictBody, "description": "Same revision, other counts"},
    },
)
def put_report(
    site: Annotated[str, Path(min_length=1, max_length=200, description="site name, may contain '/'")],
    iso_week: Annotated[IsoWeek, Path(description="ISO week, e.g. 2026-W47")],
    upload: ReportUpload,
    credential: DeviceCredential,
    request: Request,
) -> ReportAck:
    try:
        week = parse_week(iso_week, "iso_week")
    except BadInput as error:
        raise Invalid(str(error)) from None
    # The hot path of a sync: the device is checked (a revoked one is refused here, on its very next request)
    # and the report stored in one transaction, crossing into the thread pool once (figure i1 in `make bench`).
    engine: Engine = request.app.state.engine
    now = now_utc()
    try:
        with engine.begin() as connection:
            return accept_report(connection, credential, site, week, upload, now)
    except (NotAllowed, ReportConflict):
        # Refused, nothing stored; the device was still seen (coordinators look for laptops that stopped).
        with engine.begin() as connection:
            record_seen(connection, split_token(credential)[0], now)
        raise
