"""`GET /exports/weekly`: published (perturbed) counts per week, month or quarter and site, team or all sites."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from app.errors import BadInput
from app.weeks import parse_week, weeks_between
from server.api.deps import CoordinatorDependency, ReadSessionDependency
from server.api.responses import errors
from server.errors import Invalid
from server.exports import MEDIA_TYPES, export_filename, published_tables, weekly_export
from server.suppression import Grouping

router = APIRouter(tags=["exports"])

_FILE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The export file", "content": {media: {} for media in MEDIA_TYPES.values()}}
}


def checked_range(first: str, last: str) -> tuple[str, str]:
    """Both weeks valid and in order, else Invalid (422 / exit 2)."""
    try:
        first_week, last_week = parse_week(first, "from"), parse_week(last, "to")
        weeks_between(first_week, last_week)
    except BadInput as error:
        raise Invalid(str(error)) from None
    return first_week, last_week


@router.get("/exports/weekly", response_class=Response, responses={**_FILE, **errors(401)})
def weekly(
    request: Request,
    _coordinator: CoordinatorDependency,
    session: ReadSessionDependency,
    first: Annotated[str, Query(alias="from", max_length=10, description="first ISO week, e.g. 2026-W40")],
    last: Annotated[str, Query(alias="to", max_length=10, description="last ISO week, e.g. 2026-W47")],
    file_format: Annotated[Literal["csv", "xlsx", "json"], Query(alias="format")] = "csv",
    site: Annotated[str | None, Query(max_length=200)] = None,
    combined: bool = False,
    by: Annotated[Literal["site", "team", "combined"], Query(description="sum per site, team or all sites")] = "site",
    period: Annotated[
        Literal["week", "month", "quarter"], Query(description="rows per week, month or quarter")
    ] = "week",
) -> Response:
    first_week, last_week = checked_range(first, last)
    grouping: Grouping = "combined" if combined else by
    threshold = request.app.state.threshold
    reports = published_tables(session, first_week, last_week, threshold, site, grouping, period)
    body = weekly_export(reports, file_format, threshold, first_week, last_week)
    name = export_filename(first_week, last_week, file_format, site, combined, grouping, period)
    return Response(
        body,
        media_type=MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
