"""The error answers each route declares in the OpenAPI document (every one is `ErrorBody`)."""

from __future__ import annotations

from typing import Any

from app.sync.wire import ErrorBody

_DESCRIPTIONS = {
    401: "No valid credential",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Too large",
    422: "Not valid",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody, "description": _DESCRIPTIONS[status]} for status in (*statuses, 422)}
