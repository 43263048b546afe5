"""Plain helpers to run the real server in tests: a free port, the server as a process, PostgreSQL databases.

No fixtures here: each test folder builds its own from these (`from server_process import ...`).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import httpx
import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
HEALTH_PATH = "/api/v1/health"
# The database behind each test server started, by its URL: the sync tests compare what a server stored with what
# the laptops counted. Its exports are perturbed (server.suppression); tests/server checks that they are exactly
# the published form of these stored reports.
DATABASE_OF: dict[str, str] = {}
POSTGRES_ENV = "NEUVO_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "NEUVO_REQUIRE_POSTGRES"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
START_SECONDS = 20.0
TEST_REQUESTS_PER_ADDRESS = 100_000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_environment(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a server process: the database, and the repository importable from anywhere."""
    environment = dict(os.environ)
    environment["NEUVO_SERVER_DATABASE_URL"] = database_url
    # Every test client shares 127.0.0.1: the per-address limit of login and enroll would refuse a busy suite.
    # Tests of that limit pass their own value in `extra`.
    environment.setdefault("NEUVO_SERVER_REQUESTS_PER_ADDRESS", str(TEST_REQUESTS_PER_ADDRESS))
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), environment.get("PYTHONPATH")]))
    environment.update(extra or {})
    return environment


def run_cli(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`neuvo-server ARGS` as a subprocess (`python -m server`), its output captured as text."""
    completed = subprocess.run(
        [sys.executable, "-m", "server", *args],
        env=server_environment(database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if check and completed.returncode != 0:
        raise AssertionError(f"neuvo-server {' '.join(args)} exited {completed.returncode}: {completed.stderr}")
    return completed


class ServerProcess:
    """`python -m server serve` on 127.0.0.1 and a free port; `with ServerProcess(url) as server: server.url`."""

    def __init__(self, database_url: str, port: int | None = None, extra_env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.extra_env = extra_env or {}
        self.url = f"http://127.0.0.1:{self.port}"
        DATABASE_OF[self.url] = database_url
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(prefix="neuvo-server-", suffix=".log", delete=False)  # noqa: SIM115

    def start(self) -> ServerProcess:
        command = [sys.executable, "-m", "server", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            env=server_environment(self.database_url, self.extra_env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"The server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + HEALTH_PATH, timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"The server did not answer within {START_SECONDS:.0f} s:\n{self.log()}")

    def log(self) -> str:
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Terminate, then kill if it does not stop within 10 s."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def kill(self) -> None:
        """SIGKILL: the server dies mid-work, as in a power cut."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> ServerProcess:
        """Stop and start again on the same database and port."""
        self.stop()
        return self.start()

    def close(self) -> None:
        self.stop()
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def _postgres_unreachable(reason: str) -> None:
    message = f"PostgreSQL is not reachable ({reason}); set {POSTGRES_ENV} to a server where user may create databases."
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"{message} ({REQUIRE_POSTGRES_ENV}=1 makes these tests required)")
    pytest.skip(message)


def postgres_url_or_skip() -> tuple[str, Callable[[], None]]:
    """A fresh, empty database `neuvo_test_<hex>` and a function dropping it; skips (or fails) without PostgreSQL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    admin_url = make_url(os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES_URL))
    if admin_url.drivername in ("postgresql", "postgres"):
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"neuvo_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        _postgres_unreachable(str(error.orig).strip().splitlines()[0] if error.orig else str(error))
    url = admin_url.set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def create_coordinator(database_url: str, email: str, password: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        password_file = Path(folder) / "password.txt"
        password_file.write_text(password + "\n", encoding="utf-8")
        run_cli(database_url, "coordinator", "create", "--email", email, "--password-file", str(password_file))


def enrollment_code(database_url: str, site: str, team: str | None = None, expires: str = "24h") -> str:
    """A fresh code from `neuvo-server enrollment create` (the code is its last line of output)."""
    args = ["enrollment", "create", "--site", site, "--expires", expires]
    if team is not None:
        args += ["--team", team]
    return run_cli(database_url, *args).stdout.strip().splitlines()[-1]


def login(url: str, email: str, password: str) -> str:
    """A coordinator's access token."""
    response = httpx.post(f"{url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=10)
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


def _database_of(url: str) -> str:
    # The tests import this module as `server_process`, the benchmarks as `tests.server_process`: two registries.
    for name in ("server_process", "tests.server_process"):
        module = sys.modules.get(name)
        if module is not None and url in module.DATABASE_OF:
            return str(module.DATABASE_OF[url])
    raise KeyError(f"no test server was started at {url}")


def stored_totals(url: str, first_week: str, last_week: str) -> dict[tuple[str, str], dict[tuple[str, str], int]]:
    """The true counts the server at `url` holds, per (site, week) summed over devices: {cell: count}, cells
    ("total", "visits"|"participants") and (dimension, code), zeros left out."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from server.reports import contributions

    engine = create_engine(_database_of(url))
    try:
        with Session(engine) as session:
            reports = contributions(session, first_week, last_week)
    finally:
        engine.dispose()
    totals: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    for report in reports:
        cells = totals.setdefault((report.site, report.week), {})
        for cell, count in report.true_cells().items():
            cells[cell] = cells.get(cell, 0) + count
    return {key: {cell: count for cell, count in cells.items() if count} for key, cells in totals.items()}
