"""The server's refusals, each with the HTTP status it answers and a sentence a person understands."""

from __future__ import annotations

import math
from typing import Literal

# Why a credential was refused (401 `reason`): a client acts on it, e.g. forgets its identity only on "revoked".
AuthFailure = Literal[
    "revoked",  # the device credential is right, but a coordinator revoked the device
    "unknown_device",  # no such device, or the wrong secret for it
    "missing_credential",  # no Bearer credential at all
    "expired_token",  # a coordinator's login that has expired
    "invalid_token",  # a coordinator token the server does not know
    "invalid_code",  # an enrollment code that is unknown, expired or redeemed by another device
    "invalid_login",  # a wrong e-mail address or password at login
]


class ServerRefusal(Exception):
    """A request the server refuses; nothing was changed."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(ServerRefusal):
    status_code = 401

    def __init__(self, message: str, reason: AuthFailure) -> None:
        super().__init__(message)
        self.reason: AuthFailure = reason


class NotAllowed(ServerRefusal):
    status_code = 403


class Missing(ServerRefusal):
    status_code = 404


class Conflict(ServerRefusal):
    status_code = 409


class TooLarge(ServerRefusal):
    status_code = 413


class Invalid(ServerRefusal):
    status_code = 422


class TooManyRequests(ServerRefusal):
    """Too many attempts from one address or for one account; `retry_after` whole seconds until one is allowed."""

    status_code = 429

    def __init__(self, message: str, wait_seconds: float) -> None:
        super().__init__(message)
        self.retry_after = max(1, math.ceil(wait_seconds))


class ReportConflict(Conflict):
    """The same revision of a week with different content: a lost update must never pass silently."""

    def __init__(self, site: str, week: str, stored_revision: int) -> None:
        super().__init__(
            f"The server already holds revision {stored_revision} of {site} {week} with different counts; "
            "send the week again with a higher revision."
        )
        self.stored_revision = stored_revision
