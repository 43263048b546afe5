"""The console's tables are the published tables: the same numbers as `publish` over the same stored reports, on
SQLite and PostgreSQL, also after reports change (the per-process weekly sums)."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, null, update
from sqlalchemy.orm import Session

from app.periods import period_range
from app.sync.wire import ReportUpload
from app.weeks import now_utc, weeks_between
from server.console.tables import ALL_SITES, Scope, WeeklySums, WeekRange, build_tables
from server.db import make_engine, read_session_factory, transaction, upgrade
from server.models import Device, Report
from server.periods import published_period_tables
from server.reports import accept_report, contributions
from server.security import digest
from server.suppression import publish
from server.teams import ensure_site
from tests.console.conftest import week_payload
from tests.server_process import postgres_url_or_skip

FIRST, LAST = "2026-W01", "2026-W13"
SITES = {"Itäkeskus library": "East", "Puhos shopping centre": "East", "Kannelmäki school": "West"}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('tables') / 'server.db'}"
        drop = None
    else:
        url, drop = postgres_url_or_skip()
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()
    if drop is not None:
        drop()


def _devices(session: Session) -> dict[str, list[str]]:
    """Two devices per team, with known secrets: {team: [credential, ...]}."""
    credentials: dict[str, list[str]] = {}
    for site, team in SITES.items():
        ensure_site(session, site, team)
    for site, team in SITES.items():
        if team in credentials:
            continue
        team_id = ensure_site(session, site, team).team_id
        for _ in range(2):
            device_id, secret = secrets.token_hex(16), secrets.token_urlsafe(32)
            session.add(
                Device(id=device_id, name="desk", team_id=team_id, secret_hash=digest(secret), enrolled_at=now_utc())
            )
            credentials.setdefault(team, []).append(f"{device_id}.{secret}")
    return credentials


def _store(engine: Engine, credentials: dict[str, list[str]], rng: random.Random, revision: int = 1) -> None:
    with engine.begin() as connection:
        for week in weeks_between("2025-W40", LAST):
            for site, team in SITES.items():
                for credential in credentials[team]:
                    visits = rng.randint(1, 4) if team == "West" else rng.randint(5, 30)
                    upload = ReportUpload.model_validate(week_payload(rng, visits, revision, week))
                    accept_report(connection, credential, site, week, upload, now_utc())


def _expected(session: Session, scope: Scope, grouping_place: str) -> dict[str, object]:
    reports = contributions(
        session,
        FIRST,
        LAST,
        site_name=scope.name if scope.kind == "site" else None,
        team_name=scope.name if scope.kind == "team" else None,
    )
    weeks = {row.period: row for row in publish(reports, 5, scope.grouping, "week") if row.place == grouping_place}
    quarter = [row for row in publish(reports, 5, scope.grouping, "quarter") if row.place == grouping_place]
    months = published_period_tables(
        session,
        period_range("month", "2026-01", "2026-03"),
        5,
        scope.grouping,
        site=scope.name if scope.kind == "site" else None,
        team=scope.name if scope.kind == "team" else None,
    )
    rows = [row for row in months.rows if row.place == grouping_place]
    return {"weeks": weeks, "months": rows, "quarter": quarter, "inexact": months.inexact_reports}


SCOPES = [ALL_SITES, Scope("team", "East"), Scope("site", "Kannelmäki school")]


def test_the_console_tables_are_the_published_tables_also_after_reports_change(engine: Engine) -> None:
    with transaction(engine) as session:
        credentials = _devices(session)
    rng = random.Random(5)
    _store(engine, credentials, rng)
    cache = WeeklySums()
    weeks = WeekRange(FIRST, LAST)
    for round_number in range(3):
        with read_session_factory(engine)() as session:
            for scope in SCOPES:
                tables = build_tables(session, scope, weeks, 5, cache)
                uncached = build_tables(session, scope, weeks, 5)
                expected = _expected(session, scope, scope.place)
                assert tables.weeks == expected["weeks"] == uncached.weeks
                assert tables.months == expected["months"] == uncached.months
                assert tables.inexact_reports == expected["inexact"] == uncached.inexact_reports
                (quarter,) = expected["quarter"]  # type: ignore[misc]
                assert tables.total == quarter.model_copy(update={"period": f"{FIRST}/{LAST}"})
                assert "<5" in str(tables.weeks) or scope.kind != "site"
        if round_number == 0:  # every report gets a new revision with other counts: nothing stale may be shown
            _store(engine, credentials, rng, revision=2)
        if round_number == 1:  # reports stored before their perturbed counts were kept: worked out from their keys
            with engine.begin() as connection:
                connection.execute(update(Report).where(Report.week <= "2026-W06").values(perturbed=null()))
            cache = WeeklySums()
