"""Coordinators: accounts with Argon2 passwords, and the bearer tokens a login hands out."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.weeks import now_utc
from server.config import TOKEN_HOURS
from server.errors import Invalid, NotAuthenticated
from server.models import Coordinator, CoordinatorToken
from server.security import MIN_PASSWORD_LENGTH, digest, hash_password, new_token

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_coordinator(session: Session, email: str, password: str) -> Coordinator:
    address = normalized_email(email)
    if not _EMAIL.match(address):
        raise Invalid(f"'{email}' is not an e-mail address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if session.scalar(select(Coordinator.id).where(Coordinator.email == address)) is not None:
        raise Invalid(f"A coordinator with the e-mail address {address} already exists.")
    coordinator = Coordinator(email=address, password_hash=hash_password(password), created_at=now_utc())
    session.add(coordinator)
    session.flush()
    return coordinator


def normalized_email(email: str) -> str:
    return email.strip().lower()


def password_hash_of(session: Session, email: str) -> tuple[int | None, str | None]:
    """The coordinator's id and password hash, or (None, None) for an unknown address (still checked, against a
    decoy, so that the answer takes as long)."""
    row = session.execute(
        select(Coordinator.id, Coordinator.password_hash).where(Coordinator.email == normalized_email(email))
    ).first()
    return (row.id, row.password_hash) if row is not None else (None, None)


def refuse_login() -> NotAuthenticated:
    return NotAuthenticated("The e-mail address or the password is wrong.", reason="invalid_login")


def issue_token(session: Session, coordinator_id: int, hours: float = TOKEN_HOURS) -> tuple[str, datetime]:
    """A new token for a coordinator whose password was checked, and when it expires; expired tokens of everyone
    are cleared on the way."""
    now = now_utc()
    session.execute(delete(CoordinatorToken).where(CoordinatorToken.expires_at < now))
    token = new_token()
    expires_at = now + timedelta(hours=hours)
    session.add(
        CoordinatorToken(token_hash=digest(token), coordinator_id=coordinator_id, created_at=now, expires_at=expires_at)
    )
    return token, expires_at


def coordinator_for_token(session: Session, token: str) -> Coordinator:
    row = session.get(CoordinatorToken, digest(token))
    if row is None:
        raise NotAuthenticated("This login is not known; log in again.", reason="invalid_token")
    if row.expires_at <= now_utc():
        raise NotAuthenticated("This login has expired; log in again.", reason="expired_token")
    coordinator = session.get(Coordinator, row.coordinator_id)
    if coordinator is None:
        raise NotAuthenticated("This login is not known; log in again.", reason="invalid_token")
    return coordinator
