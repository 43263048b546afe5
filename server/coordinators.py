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
from server.security import MIN_PASSWORD_LENGTH, digest, hash_password, is_password_correct, new_token

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_coordinator(session: Session, email: str, password: str) -> Coordinator:
    address = email.strip().lower()
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


def login(session: Session, email: str, password: str, hours: float = TOKEN_HOURS) -> tuple[str, datetime]:
    """A new token and when it expires; expired tokens of everyone are cleared on the way."""
    coordinator = session.scalar(select(Coordinator).where(Coordinator.email == email.strip().lower()))
    if not is_password_correct(coordinator.password_hash if coordinator else None, password) or coordinator is None:
        raise NotAuthenticated("The e-mail address or the password is wrong.")
    now = now_utc()
    session.execute(delete(CoordinatorToken).where(CoordinatorToken.expires_at < now))
    token = new_token()
    expires_at = now + timedelta(hours=hours)
    session.add(
        CoordinatorToken(
            token_hash=digest(token), coordinator_id=coordinator.id, created_at=now, expires_at=expires_at
        )
    )
    return token, expires_at


def coordinator_for_token(session: Session, token: str) -> Coordinator:
    row = session.get(CoordinatorToken, digest(token))
    if row is None:
        raise NotAuthenticated("This login is not known; log in again.")
    if row.expires_at <= now_utc():
        raise NotAuthenticated("This login has expired; log in again.")
    coordinator = session.get(Coordinator, row.coordinator_id)
    if coordinator is None:
        raise NotAuthenticated("This login is not known; log in again.")
    return coordinator
