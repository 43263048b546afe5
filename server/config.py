"""Where the server's settings come from: command-line options, then environment variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

DATABASE_URL_ENV = "NEUVO_SERVER_DATABASE_URL"
THRESHOLD_ENV = "NEUVO_SERVER_SUPPRESSION_THRESHOLD"
DEFAULT_DATABASE_URL = "sqlite:///./var/neuvo-server.db"
# A coordinator's login lasts a working day.
TOKEN_HOURS = 8.0
# A directory export of a whole country is a few tens of megabytes.
MAX_DIRECTORY_BYTES = 100 * 1024 * 1024
# Every other JSON request (login, enrollment) is tiny.
MAX_JSON_BYTES = 64 * 1024

LOGIN_FAILURES_ENV = "NEUVO_SERVER_LOGIN_FAILURES"
LOGIN_FAILURE_SECONDS_ENV = "NEUVO_SERVER_LOGIN_FAILURE_SECONDS"
LOGIN_FAILURES_PER_EMAIL_ENV = "NEUVO_SERVER_LOGIN_FAILURES_PER_EMAIL"
REQUESTS_PER_ADDRESS_ENV = "NEUVO_SERVER_REQUESTS_PER_ADDRESS"
ADDRESS_WINDOW_SECONDS_ENV = "NEUVO_SERVER_ADDRESS_WINDOW_SECONDS"
PASSWORD_CHECKS_ENV = "NEUVO_SERVER_PASSWORD_CHECKS"


@dataclass(frozen=True)
class RateLimits:
    """How often the endpoints without a credential (login, enroll) may be called before answering 429."""

    # Failed logins per (e-mail, client address) before each further one waits, doubling up to the window.
    login_failures: int = 10
    login_failure_seconds: float = 15 * 60
    # Failed logins per e-mail over all addresses within the window; past it a new address gets one try.
    login_failures_per_email: int = 100
    # Requests per client address and endpoint within the window.
    requests_per_address: int = 30
    address_window_seconds: float = 60
    # Each password check takes 64 MiB (Argon2): at most this many at once.
    password_checks: int = 4


def rate_limits() -> RateLimits:
    """The limits, each overridable by its environment variable (tests use tiny windows or generous counts)."""
    defaults = RateLimits()
    return RateLimits(
        login_failures=int(_positive(LOGIN_FAILURES_ENV, defaults.login_failures, is_whole=True)),
        login_failure_seconds=_positive(LOGIN_FAILURE_SECONDS_ENV, defaults.login_failure_seconds),
        login_failures_per_email=int(
            _positive(LOGIN_FAILURES_PER_EMAIL_ENV, defaults.login_failures_per_email, is_whole=True)
        ),
        requests_per_address=int(_positive(REQUESTS_PER_ADDRESS_ENV, defaults.requests_per_address, is_whole=True)),
        address_window_seconds=_positive(ADDRESS_WINDOW_SECONDS_ENV, defaults.address_window_seconds),
        password_checks=int(_positive(PASSWORD_CHECKS_ENV, defaults.password_checks, is_whole=True)),
    )


def _positive(name: str, default: float, is_whole: bool = False) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if is_whole else float(text)
    except ValueError:
        raise ValueError(f"{name} must be a {'whole ' if is_whole else ''}number, not '{text}'.") from None
    if value <= 0:
        raise ValueError(f"{name} must be more than 0, not '{text}'.")
    return value


def database_url(explicit: str | None = None) -> str:
    """The database to use; `postgresql://` is read as PostgreSQL through psycopg 3, the driver installed."""
    url = explicit or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def suppression_threshold(explicit: int | None = None) -> int:
    """Counts from 1 to threshold-1 are shown as `<threshold` in exports."""
    from server.suppression import DEFAULT_THRESHOLD, check_threshold

    if explicit is not None:
        check_threshold(explicit)
        return explicit
    text = os.environ.get(THRESHOLD_ENV, "").strip()
    if not text:
        return DEFAULT_THRESHOLD
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{THRESHOLD_ENV} must be a whole number, not '{text}'.") from None
    try:
        check_threshold(value)
    except ValueError as error:
        raise ValueError(f"{THRESHOLD_ENV}: {error}.") from None
    return value
