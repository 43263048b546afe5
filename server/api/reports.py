"""`PUT /reports/{site}/{iso_week}`: a device's weekly counts, stored exactly once per revision."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy import Engine

from app.errors import BadInput
from app.sync.wire import (
    IsoWeek,
    ReportAck,
    ReportUpload,
    codes_context,
    parts_week_problem,
    reject_duplicate_keys,
)
from app.weeks import now_utc, parse_week
from server.api.deps import DeviceCredential
from server.api.responses import errors
from server.devices import record_seen, split_token
from server.errors import Invalid, NotAllowed, ReportConflict
from server.reports import accept_report
from server.schemas import ReportConflictBody

router = APIRouter(tags=["reports"])


async def _upload(request: Request) -> ReportUpload:
    """The body checked against the code lists this server uses now (a coordinator's extensions included)."""
    raw = await request.body()
    try:
        # A key given twice is refused: a parser keeping the last one would store counts the device never meant.
        json.loads(raw, object_pairs_hook=reject_duplicate_keys)
    except ValueError as error:
        if "given twice" in str(error):
            raise Invalid(f"The report is not valid: {error}.") from None
        # Not JSON at all: the body's own validation answers that, in its own words.
    try:
        return ReportUpload.model_validate_json(raw, context=codes_context(request.app.state.codes.codebook))
    except ValidationError as error:
        problems = [{**problem, "loc": ("body", *problem["loc"])} for problem in error.errors(include_url=False)]
        raise RequestValidationError(problems) from None


_UPLOAD_SCHEMA = ReportUpload.model_json_schema(ref_template="#/components/schemas/{model}")
_UPLOAD_BODY = {"required": True, "content": {"application/json": {"schema": _UPLOAD_SCHEMA}}}


@router.put(
    # The site may hold "/" (e.g. "Itäkeskus / library"), and the path is decoded before routing: the week is
    # the last segment, the site everything before it.
    "/reports/{site:path}/{iso_week}",
    response_model=ReportAck,
    openapi_extra={"requestBody": _UPLOAD_BODY},
    responses={
        **errors(401, 403, 413),
        409: {"model": ReportConflictBody, "description": "Same revision, other counts"},
    },
)
def put_report(
    site: Annotated[str, Path(min_length=1, max_length=200, description="site name, may contain '/'")],
    iso_week: Annotated[IsoWeek, Path(description="ISO week, e.g. 2026-W47")],
    upload: Annotated[ReportUpload, Depends(_upload)],
    credential: DeviceCredential,
    request: Request,
) -> ReportAck:
    try:
        week = parse_week(iso_week, "iso_week")
    except BadInput as error:
        raise Invalid(str(error)) from None
    problem = parts_week_problem(week, upload)
    if problem is not None:
        raise Invalid(f"The report is not valid: {problem}.")
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
