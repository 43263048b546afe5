"""`POST /auth/login`: a coordinator's e-mail and password for a bearer token with an expiry."""

from __future__ import annotations

from fastapi import APIRouter

from server.api.deps import SessionDependency
from server.api.responses import errors
from server.coordinators import login
from server.schemas import AccessToken, LoginRequest

router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=AccessToken, responses=errors(401))
def log_in(body: LoginRequest, session: SessionDependency) -> AccessToken:
    token, expires_at = login(session, body.email, body.password)
    session.commit()
    return AccessToken(access_token=token, expires_at=expires_at)
