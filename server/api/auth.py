"""`POST /auth/login`: a coordinator's e-mail and password for a bearer token with an expiry."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server.api.deps import client_address, limited_by_address
from server.api.responses import errors
from server.coordinators import issue_token, normalized_email, password_hash_of, refuse_login
from server.rate_limits import Throttles
from server.schemas import AccessToken, LoginRequest
from server.security import is_password_correct

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/login",
    response_model=AccessToken,
    responses=errors(401, 429),
    dependencies=[Depends(limited_by_address("login"))],
)
async def log_in(body: LoginRequest, request: Request) -> AccessToken:
    """No transaction is open while Argon2 runs (a tenth of a second and 64 MiB), and only a few run at once."""
    throttles: Throttles = request.app.state.throttles
    email = normalized_email(body.email)
    address = client_address(request)
    throttles.check_login(email, address)
    coordinator_id, password_hash = await run_in_threadpool(_password_hash, request.app.state.read_sessions, email)
    async with throttles.password_check():
        is_correct = await run_in_threadpool(is_password_correct, password_hash, body.password)
    if not is_correct or coordinator_id is None:
        throttles.login_failed(email, address)
        raise refuse_login()
    throttles.login_succeeded(email, address)
    token, expires_at = await run_in_threadpool(_new_token, request.app.state.sessions, coordinator_id)
    return AccessToken(access_token=token, expires_at=expires_at)


def _password_hash(read_sessions: sessionmaker[Session], email: str) -> tuple[int | None, str | None]:
    with read_sessions() as session:
        return password_hash_of(session, email)


def _new_token(sessions: sessionmaker[Session], coordinator_id: int) -> tuple[str, datetime]:
    with sessions() as session:
        token, expires_at = issue_token(session, coordinator_id)
        session.commit()
    return token, expires_at
