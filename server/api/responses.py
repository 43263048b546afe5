"""The error answers each route declares in the OpenAPI document (`ErrorBody`; a 401 also names its reason)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.sync.wire import ErrorBody
from server.schemas import UnauthorizedBody

_DESCRIPTIONS = {
    401: "No valid credential",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Too large",
    422: "Not valid",
    429: "Too many requests; see Retry-After",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    def model(status: int) -> type[BaseModel]:
        return UnauthorizedBody if status == 401 else ErrorBody

    return {status: {"model": model(status), "description": _DESCRIPTIONS[status]} for status in (*statuses, 422)}
