"""A laptop enrolled again under a new identity (after a revocation) takes its reports along: nothing counts twice."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import httpx
from conftest import Desk, new_code, new_identity, report, unique
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.weeks import now_utc
from server.enrollments import take_over_reports
from server.exports import weekly_export
from server.models import Device, Report, Site, Team
from server.reports import contributions
from server.suppression import publish


def reenroll(
    http: httpx.Client, code: str, identity: tuple[str, str], previous: Desk, previous_secret: str | None = None
) -> httpx.Response:
    return http.post(
        "/enroll",
        json={
            "code": code,
            "device_id": identity[0],
            "device_secret": identity[1],
            "previous_device_id": previous.device_id,
            "previous_device_secret": previous_secret or previous.secret,
        },
    )


def send(http: httpx.Client, desk: Desk, site: str, week: str, revision: int, visits: int) -> None:
    answer = http.put(f"/reports/{site}/{week}", json=report(revision=revision, visits=visits), headers=desk.headers)
    assert answer.status_code == 200, answer.text


def exported_visits(http: httpx.Client, coordinator: dict[str, str], site: str, db_engine: Engine) -> dict[str, str]:
    """The true visits per week that the site's export sums (its counts are perturbed: the export is checked to be
    exactly the published form of these stored reports, each counted once)."""
    params = {"from": "2026-W40", "to": "2026-W43", "site": site, "format": "csv"}
    response = http.get("/exports/weekly", params=params, headers=coordinator)
    assert response.status_code == 200, response.text
    with Session(db_engine) as session:
        stored = contributions(session, "2026-W40", "2026-W43", site)
    assert response.content == weekly_export(publish(stored), "csv", 5, "2026-W40", "2026-W43")
    visits: dict[str, int] = defaultdict(int)
    for item in stored:
        visits[item.week] += item.counts.visits
    return {week: str(count) for week, count in visits.items()}


def rows_of(db_engine: Engine, device_id: str) -> dict[str, int]:
    with db_engine.connect() as connection:
        found = connection.execute(select(Report.week, Report.revision).where(Report.device_id == device_id))
        return {row.week: row.revision for row in found}


def test_a_revoked_laptop_enrolled_again_counts_each_week_once(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str], db_engine: Engine
) -> None:
    site = unique("Itäkeskus")
    first = enroll(site)
    send(http, first, site, "2026-W40", 1, 6)
    send(http, first, site, "2026-W41", 1, 7)
    send(http, first, site, "2026-W42", 3, 8)
    assert http.post(f"/devices/{first.device_id}/revoke", headers=coordinator).status_code == 200

    identity = new_identity()
    code = new_code(http, coordinator, site)
    enrolled = reenroll(http, code, identity, first)
    assert enrolled.status_code == 200, enrolled.text
    assert enrolled.json()["device_id"] == identity[0] and enrolled.json()["revoked"] is False
    second = Desk(identity[0], identity[1], enrolled.json())
    assert rows_of(db_engine, first.device_id) == {}
    assert rows_of(db_engine, second.device_id) == {"2026-W40": 1, "2026-W41": 1, "2026-W42": 3}

    # The laptop resends what it holds after its new enrollment: an edited week with a higher revision, and an
    # unchanged one with its old revision.
    send(http, second, site, "2026-W41", 2, 9)
    unchanged = http.put(f"/reports/{site}/2026-W42", json=report(revision=3, visits=8), headers=second.headers)
    assert unchanged.json()["status"] == "unchanged"
    assert exported_visits(http, coordinator, site, db_engine) == {"2026-W40": "6", "2026-W41": "9", "2026-W42": "8"}

    # The answer was lost and the laptop asks again: the same answer, and still every week once.
    retried = reenroll(http, code, identity, first)
    assert retried.status_code == 200 and retried.json() == enrolled.json()
    assert exported_visits(http, coordinator, site, db_engine) == {"2026-W40": "6", "2026-W41": "9", "2026-W42": "8"}


def test_a_previous_identity_that_is_not_proven_or_of_another_team_moves_nothing(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str], db_engine: Engine
) -> None:
    site = unique("Kontula")
    first = enroll(site)
    send(http, first, site, "2026-W40", 1, 6)
    assert http.post(f"/devices/{first.device_id}/revoke", headers=coordinator).status_code == 200

    wrong_secret = new_identity()
    enrolled = reenroll(http, new_code(http, coordinator, site), wrong_secret, first, secrets.token_urlsafe(32))
    assert enrolled.status_code == 200, enrolled.text  # enrolled all the same
    assert rows_of(db_engine, first.device_id) == {"2026-W40": 1}
    assert rows_of(db_engine, wrong_secret[0]) == {}

    other_site = unique("Kallio")
    other_team = new_identity()
    enrolled = reenroll(http, new_code(http, coordinator, other_site), other_team, first)
    assert enrolled.status_code == 200, enrolled.text
    assert rows_of(db_engine, first.device_id) == {"2026-W40": 1}
    assert rows_of(db_engine, other_team[0]) == {}
    assert exported_visits(http, coordinator, site, db_engine) == {"2026-W40": "6"}


def test_an_unrevoked_previous_identity_is_retired(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str], db_engine: Engine
) -> None:
    site = unique("Malmi")
    first = enroll(site)
    send(http, first, site, "2026-W40", 1, 6)
    identity = new_identity()
    assert reenroll(http, new_code(http, coordinator, site), identity, first).status_code == 200
    stale_copy = http.put(f"/reports/{site}/2026-W41", json=report(visits=5), headers=first.headers)
    assert stale_copy.status_code == 401 and stale_copy.json()["reason"] == "revoked"
    assert exported_visits(http, coordinator, site, db_engine) == {"2026-W40": "6"}


def test_where_both_identities_hold_a_week_the_higher_revision_stays(db_engine: Engine) -> None:
    """The rule itself, straight on the database: higher revision wins, the new device on a tie, and rows for
    another team's sites never move."""
    now = now_utc()
    with Session(db_engine) as session, session.begin():
        team, elsewhere = Team(name=unique("Team"), created_at=now), Team(name=unique("Other"), created_at=now)
        session.add_all([team, elsewhere])
        session.flush()
        site = Site(name=unique("Site"), team_id=team.id, created_at=now)
        foreign = Site(name=unique("Foreign"), team_id=elsewhere.id, created_at=now)
        old, new = (
            Device(id=secrets.token_hex(16), name="desk", team_id=team.id, secret_hash="0" * 64, enrolled_at=now)
            for _ in range(2)
        )
        session.add_all([site, foreign, old, new])
        session.flush()

        def row(device: Device, where: Site, week: str, revision: int) -> Report:
            # participants tell which device a row came from
            payload: dict[str, Any] = {"visits": 1, "participants": 2 if device is new else 1, "counts": {}}
            return Report(
                device_id=device.id, site_id=where.id, week=week, revision=revision, payload=payload, received_at=now
            )

        session.add_all(
            [
                row(old, site, "2026-W40", 5),  # old is higher: it stays
                row(new, site, "2026-W40", 2),
                row(old, site, "2026-W41", 3),  # a tie: the new device's stays
                row(new, site, "2026-W41", 3),
                row(old, site, "2026-W42", 1),  # new is higher: it stays
                row(new, site, "2026-W42", 4),
                row(old, site, "2026-W43", 7),  # only old: it moves
                row(old, foreign, "2026-W40", 9),  # another team's site: never moves
            ]
        )
        session.flush()
        old_id, new_id, foreign_id = old.id, new.id, foreign.id
        take_over_reports(session, old, new, team.id)
    with db_engine.connect() as connection:
        found = connection.execute(
            select(Report.device_id, Report.site_id, Report.week, Report.revision, Report.payload).where(
                Report.device_id.in_([old_id, new_id])
            )
        ).all()
    by_place = {
        (row.device_id == new_id, row.site_id == foreign_id, row.week): (
            row.revision,
            "new" if row.payload["participants"] == 2 else "old",
        )
        for row in found
    }
    assert by_place == {
        (True, False, "2026-W40"): (5, "old"),
        (True, False, "2026-W41"): (3, "new"),
        (True, False, "2026-W42"): (4, "new"),
        (True, False, "2026-W43"): (7, "old"),
        (False, True, "2026-W40"): (9, "old"),
    }
