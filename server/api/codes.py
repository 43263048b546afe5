"""`/codes`: the codes document (dimensions, codes and their labels) devices pull by ETag and coordinators extend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Body, FastAPI, Header, Request, Response, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from server.api.deps import CoordinatorDependency, DeviceDependency, ReadSessionDependency, SessionDependency
from server.api.etags import is_unchanged, quoted
from server.api.responses import errors
from server.codes import CodeLists, CodesWatcher, codes_document, store_document


@asynccontextmanager
async def _watch_codes(app: FastAPI) -> AsyncIterator[None]:
    """At start the server validates reports with the newest stored document, and notices later ones."""
    watcher = CodesWatcher(app.state.read_sessions, app.state.codes)
    await run_in_threadpool(watcher.apply_now)
    watcher.start()
    app.state.codes_watcher = watcher
    try:
        yield
    finally:
        await run_in_threadpool(watcher.stop)


router = APIRouter(tags=["codes"], lifespan=_watch_codes)


class CodesUploadResult(BaseModel):
    """The answer to an upload: the version now published and its ETag (`is_changed` false for the same content)."""

    version: int
    etag: str
    is_changed: bool


@router.get(
    "/codes",
    response_model=dict[str, Any],
    responses={**errors(401), 304: {"description": "Unchanged since the ETag given"}},
)
def get_codes(
    _device: DeviceDependency,
    session: ReadSessionDependency,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    document, etag = codes_document(session)
    headers = {"ETag": quoted(etag), "Cache-Control": "no-cache"}
    if is_unchanged(if_none_match, etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(document, media_type="application/json", headers=headers)


@router.put("/codes", response_model=CodesUploadResult, responses=errors(401, 413))
def put_codes(
    request: Request,
    _coordinator: CoordinatorDependency,
    session: SessionDependency,
    document: Annotated[dict[str, Any], Body(description="the whole codes document (resources/codes.json format)")],
) -> CodesUploadResult:
    """Publishes an extended codes document: every code kept, new codes with fi/sv/en labels (422 otherwise).

    Reports using the new codes are accepted from the answer on; devices get the document on their next sync.
    """
    upload = store_document(session, document)
    session.commit()
    lists: CodeLists = request.app.state.codes
    lists.refresh(session)
    return CodesUploadResult(version=upload.version, etag=upload.etag, is_changed=upload.is_changed)
