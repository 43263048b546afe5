"""The console's browser sessions: an expiring cookie over the coordinators' login tokens, and CSRF tokens.

- The session cookie holds a login token (server.coordinators.issue_token: only its sha256 is stored, it expires
  after TOKEN_HOURS); it is HttpOnly, SameSite=Strict, Path=/, and Secure when the page came over HTTPS.
- Every form that changes something carries a CSRF token: for a logged-in page the HMAC of the session's token
  (so it needs no storage and dies with the session), for the login form a random value also set as a cookie
  (double submit). A POST without the right one is refused (403) before anything is read or changed.
- The bearer-token API is untouched: browsers never send an Authorization header on their own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from server.config import TOKEN_HOURS
from server.coordinators import coordinator_for_token
from server.errors import NotAuthenticated
from server.models import CoordinatorToken
from server.security import digest

SESSION_COOKIE = "neuvo_session"
LOGIN_CSRF_COOKIE = "neuvo_login_csrf"
LANGUAGE_COOKIE = "neuvo_lang"
CSRF_FIELD = "csrf"
_CSRF_CONTEXT = b"neuvo-console-csrf"
LANGUAGE_SECONDS = 365 * 24 * 3600


@dataclass(frozen=True)
class ConsoleUser:
    coordinator_id: int
    email: str
    token: str

    @property
    def csrf(self) -> str:
        return csrf_for(self.token)


class CsrfRefused(Exception):
    """A POST without the form's CSRF token (or with another session's)."""


def csrf_for(token: str) -> str:
    return hmac.new(token.encode("utf-8"), _CSRF_CONTEXT, hashlib.sha256).hexdigest()


def is_secure(request: Request) -> bool:
    return request.url.scheme == "https"


def session_user(request: Request) -> ConsoleUser:
    """The coordinator of the request's session cookie; NotAuthenticated (missing, unknown or expired) otherwise."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotAuthenticated("Log in first.", reason="missing_credential")
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        coordinator = coordinator_for_token(session, token)
        return ConsoleUser(coordinator.id, coordinator.email, token)


def check_csrf(submitted: object, expected: str | None) -> None:
    if not isinstance(submitted, str) or not expected or not hmac.compare_digest(submitted, expected):
        raise CsrfRefused()


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(TOKEN_HOURS * 3600),
        httponly=True,
        samesite="strict",
        secure=is_secure(request),
        path="/",
    )


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def set_login_csrf_cookie(response: Response, request: Request, value: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE, value, max_age=3600, httponly=True, samesite="strict", secure=is_secure(request), path="/"
    )


def set_language_cookie(response: Response, request: Request, language: str) -> None:
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=LANGUAGE_SECONDS, samesite="lax", secure=is_secure(request), path="/"
    )


def end_session(sessions: sessionmaker[Session], token: str) -> None:
    """Logging out forgets the token on the server too (a copied cookie no longer works)."""
    with sessions() as session, session.begin():
        session.execute(delete(CoordinatorToken).where(CoordinatorToken.token_hash == digest(token)))
