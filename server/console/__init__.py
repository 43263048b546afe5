"""The coordinator console: server-rendered pages (Jinja2) with SVG charts, served by `neuvo-server serve`.

`mount(app)` adds the pages at `/` and `/console/...` and the console's own files at `/console/static`; the API
under /api/v1 is left as it is.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from server.console import admin, reporting, routes
from server.console.pages import STATIC, ConsoleRefusal, render
from server.console.tables import WeeklySums

__all__ = ["mount"]


async def _refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, ConsoleRefusal)
    if error.login:
        response = routes.login_page(request, error.status, error.message)
    else:
        response = render(request, "error.html", status=error.status, message=error.message)
    response.headers.update(error.headers)
    return response


def mount(app: FastAPI) -> None:
    app.state.console_sums = WeeklySums()
    app.include_router(routes.router)
    app.include_router(admin.router)
    app.include_router(reporting.router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.include_router(routes.unknown)  # last: any other /console/ address is a page saying so
    app.add_exception_handler(ConsoleRefusal, _refused)
