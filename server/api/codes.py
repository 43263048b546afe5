"""`GET /codes`: the codes document (dimensions, codes and their labels) with an ETag."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response, status

from server.api.deps import DeviceDependency, SessionDependency
from server.api.etags import is_unchanged, quoted
from server.api.responses import errors
from server.codes import codes_document

router = APIRouter(tags=["codes"])


@router.get(
    "/codes",
    response_model=dict[str, Any],
    responses={**errors(401), 304: {"description": "Unchanged since the ETag given"}},
)
def get_codes(
    _device: DeviceDependency,
    session: SessionDependency,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    document, etag = codes_document(session)
    headers = {"ETag": quoted(etag), "Cache-Control": "no-cache"}
    if is_unchanged(if_none_match, etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(document, media_type="application/json", headers=headers)
