"""Every error as JSON `{"detail": "<one sentence>"}`: refusals, validation, unknown routes and unexpected faults."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from app.errors import ImportProblem
from server.errors import NotAuthenticated, ReportConflict, ServerRefusal, TooManyRequests

log = logging.getLogger("server")

UNEXPECTED = "The server had an unexpected problem; nothing was stored."
_PLAIN_STATUS = {
    400: "The request could not be understood.",
    401: "This needs a valid credential.",
    403: "This is not allowed.",
    404: "There is nothing at this address on this server.",
    405: "This address does not accept that method.",
    413: "The request is too large.",
    429: "Too many requests; try again later.",
    415: "The request body has a type this address does not accept.",
}
_PLACES = {"body": "", "path": "", "query": "query parameter ", "header": "header ", "cookie": "cookie "}


def _describe(error: dict[str, Any]) -> str:
    """One readable sentence for one pydantic error, naming the field."""
    location = [str(part) for part in error.get("loc", ())]
    place = _PLACES.get(location[0], "") if location else ""
    field = ".".join(location[1:]) if location and location[0] in _PLACES else ".".join(location)
    message = str(error.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error.get("type") == "missing":
        message = "is missing"
    elif error.get("type") == "extra_forbidden":
        message = "is not a field this request has"
    elif error.get("type") == "string_pattern_mismatch" and field in ("iso_week", "week"):
        message = f"'{error.get('input')}' is not an ISO week like 2026-W47"
    if not field:
        return f"The request body is not valid: {message}."
    return f"The {place}field '{field}' is not valid: {message}."


def _json(status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status, headers=headers)


async def _validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = list(error.errors())
    detail = _describe(errors[0]) if errors else "The request is not valid."
    if len(errors) > 1:
        detail += f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} in the request.)"
    return _json(422, detail)


async def _http(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    detail = error.detail if isinstance(error.detail, str) else None
    if not detail or detail == _default_phrase(error.status_code):
        detail = _PLAIN_STATUS.get(error.status_code, f"The request was refused (HTTP {error.status_code}).")
    return _json(error.status_code, detail, dict(error.headers) if error.headers else None)


def _default_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def _refusal(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServerRefusal)
    if isinstance(error, NotAuthenticated):
        return _json(error.status_code, error.message, {"WWW-Authenticate": "Bearer"}, reason=error.reason)
    if isinstance(error, TooManyRequests):
        return _json(error.status_code, error.message, {"Retry-After": str(error.retry_after)})
    if isinstance(error, ReportConflict):
        return _json(error.status_code, error.message, stored_revision=error.stored_revision)
    return _json(error.status_code, error.message)


async def _import_problem(_request: Request, error: Exception) -> JSONResponse:
    return _json(422, str(error))


async def _unstorable(_request: Request, _error: Exception) -> JSONResponse:
    # PostgreSQL refuses some text SQLite takes (a NUL character): the request's fault, not the server's.
    return _json(422, "The request holds text the database cannot store (such as a NUL character); nothing was stored.")


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.error("Unexpected fault in %s %s", request.method, request.url.path, exc_info=error)
    return _json(500, UNEXPECTED)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(ServerRefusal, _refusal)
    app.add_exception_handler(ImportProblem, _import_problem)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(Exception, _unexpected)
