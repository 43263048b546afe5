"""Calendar periods and completeness: `GET /exports/period` (published counts per month, quarter or year, exact),
`GET /completeness` (which desks reported which weeks, the reporting rate) and `PUT /sites/{site}/slots` (a
laptop's weekly slots of a site, from which the server expects its reports)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from app.sync.wire import SiteSlots
from app.weeks import now_utc
from server.api.deps import CoordinatorDependency, DeviceCredential, ReadSessionDependency, SessionDependency
from server.api.responses import errors
from server.completeness import checked_weeks, completeness, store_slots
from server.errors import Invalid
from server.exports import MEDIA_TYPES, period_export, period_filename
from server.periods import parse_periods, published_period_tables
from server.suppression import Grouping, check_threshold

router = APIRouter(tags=["periods"])

_FILE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The export file", "content": {media: {} for media in MEDIA_TYPES.values()}}
}
PeriodText = Annotated[str, Query(max_length=10)]


@router.get("/exports/period", response_class=Response, responses={**_FILE, **errors(401)})
def period(
    request: Request,
    _coordinator: CoordinatorDependency,
    session: ReadSessionDependency,
    kind: Annotated[Literal["month", "quarter", "year"], Query(alias="period", description="rows per month, ...")],
    first: Annotated[str, Query(alias="from", max_length=10, description="2026-01, 2026-Q1 or 2026")],
    last: Annotated[str, Query(alias="to", max_length=10, description="2026-03, 2026-Q1 or 2026")],
    file_format: Annotated[Literal["csv", "xlsx", "json"], Query(alias="format")] = "csv",
    site: Annotated[str | None, Query(max_length=200)] = None,
    team: Annotated[str | None, Query(max_length=200)] = None,
    combined: bool = False,
    by: Annotated[Literal["site", "team", "combined"], Query(description="sum per site, team or all sites")] = "site",
    threshold: Annotated[int | None, Query(ge=1, le=1000, description="small-cell threshold")] = None,
) -> Response:
    """Published (perturbed) counts per calendar month, quarter or year (Helsinki time), a week crossing a month
    boundary split exactly by the day of each visit: CSV `period,site,dimension,value,count`, JSON or XLSX."""
    periods = parse_periods(kind, first, last)
    grouping: Grouping = "combined" if combined else by
    used = _threshold(request.app.state.threshold, threshold)
    tables = published_period_tables(session, periods, used, grouping, site, team)
    body = period_export(tables.rows, file_format, used, periods, tables.inexact_reports)
    name = period_filename(periods, file_format, site or team, grouping)
    return Response(
        body, media_type=MEDIA_TYPES[file_format], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/completeness", responses=errors(401))
def completeness_of(
    _coordinator: CoordinatorDependency,
    session: ReadSessionDependency,
    first: Annotated[str, Query(alias="from", max_length=10, description="first ISO week, e.g. 2026-W01")],
    last: Annotated[str, Query(alias="to", max_length=10, description="last ISO week, e.g. 2026-W10")],
    site: Annotated[str | None, Query(max_length=200)] = None,
    team: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Per site and week `reported|missing|no-desk`, when and from which devices, sessions and hours; the
    reporting rate (expected weeks received / expected weeks)."""
    first_week, last_week = checked_weeks(first, last)
    return completeness(session, first_week, last_week, site, team).as_json()


@router.put("/sites/{site:path}/slots", responses=errors(401, 403))
def put_slots(
    site: Annotated[str, Path(min_length=1, max_length=200, description="site name, may contain '/'")],
    slots: SiteSlots,
    credential: DeviceCredential,
    session: SessionDependency,
) -> dict[str, Any]:
    """The weekly slots of a site of the device's team, the whole list (weekday, start, end; no staff names)."""
    row = store_slots(session, credential, site, slots, now_utc())
    stored = list(row.slots or [])
    session.commit()
    return {"site": site, "slots": stored}


def _threshold(server: int, asked: int | None) -> int:
    """The server's threshold, or a stricter one asked for (never a laxer one: that is the server's to set)."""
    if asked is None:
        return server
    if asked < server:
        raise Invalid(f"The threshold cannot be lower than this server's ({server}).")
    try:
        check_threshold(asked)
    except ValueError as error:
        raise Invalid(f"{str(error)[:1].upper()}{str(error)[1:]}.") from None
    return asked
