"""Where the server's settings come from: command-line options, then environment variables, then defaults."""

from __future__ import annotations

import os

DATABASE_URL_ENV = "NEUVO_SERVER_DATABASE_URL"
THRESHOLD_ENV = "NEUVO_SERVER_SUPPRESSION_THRESHOLD"
DEFAULT_DATABASE_URL = "sqlite:///./var/neuvo-server.db"
# A coordinator's login lasts a working day.
TOKEN_HOURS = 8.0
# A directory export of a whole country is a few tens of megabytes.
MAX_DIRECTORY_BYTES = 100 * 1024 * 1024
# Every other JSON request (login, enrollment) is tiny.
MAX_JSON_BYTES = 64 * 1024


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
