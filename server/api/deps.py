"""Dependencies of the routes: database sessions, who is asking (a device or a coordinator), and rate limits.

Who is asking is checked in a short transaction of its own, committed and closed before the route runs: on SQLite
every writing transaction holds the write lock, and a slow upload or export must never hold it for everyone else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from app.weeks import now_utc
from server.coordinators import coordinator_for_token
from server.devices import authenticate, is_last_seen_stale, record_seen, split_token
from server.errors import NotAuthenticated
from server.models import Coordinator, Device
from server.rate_limits import Throttles

_device_bearer = HTTPBearer(auto_error=False, scheme_name="device", description="`<device_id>.<device_secret>`")
_coordinator_bearer = HTTPBearer(auto_error=False, scheme_name="coordinator", description="token from /auth/login")


def get_session(request: Request) -> Iterator[Session]:
    """A session that may write: commit promptly, as on SQLite its transaction holds the write lock."""
    sessions: sessionmaker[Session] = request.app.state.sessions
    with sessions() as session:
        yield session


def get_read_session(request: Request) -> Iterator[Session]:
    """A session that only reads: it neither waits for nor holds the write lock."""
    sessions: sessionmaker[Session] = request.app.state.read_sessions
    with sessions() as session:
        yield session


SessionDependency = Annotated[Session, Depends(get_session)]
ReadSessionDependency = Annotated[Session, Depends(get_read_session)]


def _token(credentials: HTTPAuthorizationCredentials | None, who: str) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise NotAuthenticated(
            f"This needs a {who} credential in the Authorization header (Bearer).", reason="missing_credential"
        )
    return credentials.credentials


async def device_credential(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_device_bearer)],
) -> str:
    """The device credential as sent, refused (401) before the body is read when it is missing or malformed;
    whether it names an enrolled, unrevoked device is checked in the request's own transaction."""
    token = _token(credentials, "device")
    split_token(token)
    return token


DeviceCredential = Annotated[str, Depends(device_credential)]


def current_device(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_device_bearer)]
) -> Device:
    """The device asking (detached, its team loaded). Checked in a read session; its last_seen_at is recorded to
    the minute in a short write of its own, also when the request is then refused."""
    token = _token(credentials, "device")
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        device = authenticate(session, token)
    now = now_utc()
    if is_last_seen_stale(device.last_seen_at, now):
        sessions: sessionmaker[Session] = request.app.state.sessions
        with sessions() as session, session.begin():
            record_seen(session, device.id, now)
    return device


def current_coordinator(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_coordinator_bearer)]
) -> Coordinator:
    token = _token(credentials, "coordinator")
    sessions: sessionmaker[Session] = request.app.state.read_sessions
    with sessions() as session:
        return coordinator_for_token(session, token)


DeviceDependency = Annotated[Device, Depends(current_device)]
CoordinatorDependency = Annotated[Coordinator, Depends(current_coordinator)]


def client_address(request: Request) -> str:
    """The caller's address (behind a reverse proxy, uvicorn's --proxy-headers puts the forwarded one here)."""
    return request.client.host if request.client is not None else "unknown"


def limited_by_address(endpoint: str) -> Callable[[Request], Awaitable[None]]:
    """A dependency counting each request of `endpoint` per client address (429 past the limit)."""

    async def check(request: Request) -> None:
        throttles: Throttles = request.app.state.throttles
        throttles.check_address(endpoint, client_address(request))

    return check
