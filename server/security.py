"""Secrets: Argon2 password hashes for coordinators, random tokens and codes, sha256 for what is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.sync.wire import ENROLLMENT_CODE_ALPHABET, ENROLLMENT_CODE_LENGTH

MIN_PASSWORD_LENGTH = 12


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _decoy_hash() -> str:
    """Verified against when the e-mail is unknown, so that the answer takes as long as for a known one."""
    return _hasher().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def is_password_correct(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher().verify(password_hash or _decoy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def digest(secret: str) -> str:
    """What the database keeps of a token, code or device secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def is_same_digest(stored: str, secret: str) -> bool:
    return hmac.compare_digest(stored, digest(secret))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    return "".join(secrets.choice(ENROLLMENT_CODE_ALPHABET) for _ in range(ENROLLMENT_CODE_LENGTH))
