"""The FastAPI application: routers under /api/v1, JSON errors, body limits, migrations at start."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI

from app import __version__
from app.sync.wire import API_PREFIX
from server import config
from server.api import auth, codes, devices, directory, enrollments, exports, health, hsds, periods, reports
from server.api.errors import install_error_handlers
from server.api.limits import BodyLimit
from server.codes import CodeLists
from server.console import mount as mount_console
from server.db import make_engine, read_session_factory, session_factory, upgrade
from server.rate_limits import Throttles


def create_app(
    database_url: str | None = None,
    threshold: int | None = None,
    rate_limits: config.RateLimits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """The app over `database_url` (else the environment, else ./var/neuvo-server.db), migrated first; `clock` is
    the rate limits' time (monotonic seconds)."""
    engine = make_engine(config.database_url(database_url))
    upgrade(engine)
    app = FastAPI(
        title="Neuvo statistics server",
        version=__version__,
        description="Anonymous weekly counts from Neuvo desks, the shared service directory and weekly exports.",
    )
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.read_sessions = read_session_factory(engine)
    app.state.throttles = Throttles(rate_limits or config.rate_limits(), clock)
    app.state.codes = CodeLists()  # the watcher (server.api.codes) keeps it up to date
    app.state.threshold = config.suppression_threshold(threshold)
    for module in (health, auth, enrollments, devices, reports, directory, codes, exports, periods):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(hsds.router)  # the shared directory as Open Referral HSDS 3.0, at /hsds
    install_error_handlers(app)
    mount_console(app)  # the coordinator console's pages at / and /console
    app.add_middleware(BodyLimit)
    return app
