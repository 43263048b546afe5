"""Coordinator login: a bearer token that works until it expires; wrong or expired credentials answer 401."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from conftest import COORDINATOR_EMAIL, COORDINATOR_PASSWORD
from sqlalchemy import Engine, update

from server.models import CoordinatorToken
from server.security import digest


def test_login_gives_a_token_valid_for_a_working_day(http: httpx.Client) -> None:
    response = http.post("/auth/login", json={"email": COORDINATOR_EMAIL.upper(), "password": COORDINATOR_PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    lifetime = datetime.fromisoformat(body["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=7, minutes=59) < lifetime <= timedelta(hours=8)
    sites = http.get("/sites", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert sites.status_code == 200


def test_a_wrong_password_or_unknown_email_is_refused(http: httpx.Client) -> None:
    wrong = http.post("/auth/login", json={"email": COORDINATOR_EMAIL, "password": "not the password"})
    unknown = http.post("/auth/login", json={"email": "nobody@example.fi", "password": COORDINATOR_PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "The e-mail address or the password is wrong."}


def test_an_expired_token_is_refused(http: httpx.Client, db_engine: Engine) -> None:
    token = http.post("/auth/login", json={"email": COORDINATOR_EMAIL, "password": COORDINATOR_PASSWORD}).json()[
        "access_token"
    ]
    headers = {"Authorization": f"Bearer {token}"}
    assert http.get("/devices", headers=headers).status_code == 200
    with db_engine.begin() as connection:
        connection.execute(
            update(CoordinatorToken)
            .where(CoordinatorToken.token_hash == digest(token))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    expired = http.get("/devices", headers=headers)
    assert expired.status_code == 401
    assert expired.json() == {"detail": "This login has expired; log in again."}


def test_coordinator_routes_need_a_coordinator(http: httpx.Client) -> None:
    for method, path in [("GET", "/devices"), ("GET", "/sites"), ("POST", "/enrollments"), ("GET", "/exports/weekly")]:
        missing = http.request(method, path)
        assert missing.status_code == 401, (method, path, missing.text)
        made_up = http.request(method, path, headers={"Authorization": "Bearer made-up"})
        assert made_up.status_code == 401
        assert isinstance(made_up.json()["detail"], str)
