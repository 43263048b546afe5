"""Dependencies of the routes: a database session, and who is asking (a device or a coordinator)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from server.coordinators import coordinator_for_token
from server.devices import authenticate
from server.errors import NotAuthenticated
from server.models import Coordinator, Device

_device_bearer = HTTPBearer(auto_error=False, scheme_name="device", description="`<device_id>.<device_secret>`")
_coordinator_bearer = HTTPBearer(auto_error=False, scheme_name="coordinator", description="token from /auth/login")


def get_session(request: Request) -> Iterator[Session]:
    sessions: sessionmaker[Session] = request.app.state.sessions
    with sessions() as session:
        yield session


SessionDependency = Annotated[Session, Depends(get_session)]


def _token(credentials: HTTPAuthorizationCredentials | None, who: str) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise NotAuthenticated(f"This needs a {who} credential in the Authorization header (Bearer).")
    return credentials.credentials


def current_device(
    session: SessionDependency,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_device_bearer)],
) -> Device:
    """The device asking; its last_seen_at is recorded at once, also when the request is then refused."""
    device = authenticate(session, _token(credentials, "device"))
    session.commit()
    return device


def current_coordinator(
    session: SessionDependency,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_coordinator_bearer)],
) -> Coordinator:
    return coordinator_for_token(session, _token(credentials, "coordinator"))


DeviceDependency = Annotated[Device, Depends(current_device)]
CoordinatorDependency = Annotated[Coordinator, Depends(current_coordinator)]
