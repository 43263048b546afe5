"""The shared directory: coordinators upload a file (any format the desktop imports), devices pull it by ETag."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response, status
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.sync.wire import DirectoryFlagsAck, DirectoryFlagsUpload
from server.api.deps import CoordinatorDependency, DeviceDependency, ReadSessionDependency, SessionDependency
from server.api.etags import is_unchanged, quoted
from server.api.responses import errors
from server.config import MAX_DIRECTORY_BYTES
from server.directory import ParsedUpload, latest_version, list_flags, publish, read_upload, store_flags, upload_name
from server.errors import Invalid, TooLarge
from server.schemas import DirectoryUploadResult, PublishedDirectory

router = APIRouter(tags=["directory"])

_RAW_FILE = {
    "requestBody": {
        "required": True,
        "description": "the file itself: HSDS JSON, PTV or TPR JSON, or a zip of HSDS CSV files",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/directory",
    response_model=PublishedDirectory,
    responses={
        **errors(401),
        204: {"description": "Nothing published yet"},
        304: {"description": "Unchanged since the ETag given"},
    },
)
def get_directory(
    _device: DeviceDependency,
    session: ReadSessionDependency,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    version = latest_version(session)
    if version is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    headers = {"ETag": quoted(version.etag), "Cache-Control": "no-cache"}
    if is_unchanged(if_none_match, version.etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(version.document, media_type="application/json", headers=headers)


@router.put(
    "/directory", response_model=DirectoryUploadResult, responses=errors(401, 409, 413), openapi_extra=_RAW_FILE
)
async def put_directory(
    request: Request,
    _coordinator: CoordinatorDependency,
    file_format: Annotated[Literal["auto", "hsds-json", "hsds-csv", "ptv", "tpr"], Query(alias="format")] = "auto",
    language: Annotated[str, Query(pattern=r"^[a-z]{2,3}$")] = "fi",
    filename: Annotated[str | None, Query(max_length=300)] = None,
) -> DirectoryUploadResult:
    """Replaces the published directory for that language; the file is read completely before anything changes.

    No transaction is open while the file streams in (up to 100 MB at the sender's pace): on SQLite a writing
    transaction holds the write lock, and every device would wait. The database is opened only to publish.
    """
    with tempfile.TemporaryDirectory(prefix="neuvo-upload-") as folder:
        incoming = Path(folder) / "incoming"
        size, head = 0, b""
        with incoming.open("wb") as handle:
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_DIRECTORY_BYTES:
                    raise TooLarge(f"The file is larger than {MAX_DIRECTORY_BYTES:,} bytes; nothing was changed.")
                if len(head) < 8:
                    head += chunk[:8]
                handle.write(chunk)
        if size == 0:
            raise Invalid("The upload is empty: send the directory file itself as the request body.")
        target = Path(folder) / upload_name(filename, head)
        incoming.rename(target)
        parsed = await run_in_threadpool(read_upload, target, file_format, language)
    sessions: sessionmaker[Session] = request.app.state.sessions
    return await run_in_threadpool(_publish, sessions, parsed)


def _publish(sessions: sessionmaker[Session], parsed: ParsedUpload) -> DirectoryUploadResult:
    with sessions() as session:
        version, count = publish(session, parsed)
        session.commit()
    return DirectoryUploadResult(version=version.version, services=count)


@router.post("/directory/flags", response_model=DirectoryFlagsAck, responses=errors(401, 422))
def post_flags(device: DeviceDependency, session: SessionDependency, upload: DirectoryFlagsUpload) -> DirectoryFlagsAck:
    """Advisors' flags of wrong or out-of-date entries (no visitor data: the server checks again)."""
    ack = store_flags(session, device, upload)
    session.commit()
    return ack


@router.get("/directory/flags", responses=errors(401))
def get_flags(_coordinator: CoordinatorDependency, session: ReadSessionDependency) -> list[dict[str, object]]:
    """The coordinator's list of flagged entries, newest first."""
    return list_flags(session)
