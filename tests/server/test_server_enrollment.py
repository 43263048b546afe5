"""Enrollment: a one-time code per device, retry-safe for that device, refused for any other; revocation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from conftest import Desk, new_code, new_identity, report, unique
from sqlalchemy import Engine, select, update

from server.models import Enrollment, Report
from server.security import digest


def redeem(http: httpx.Client, code: str, device_id: str, secret: str) -> httpx.Response:
    return http.post("/enroll", json={"code": code, "device_id": device_id, "device_secret": secret})


def test_a_code_enrolls_a_device_for_the_team_of_its_site(http: httpx.Client, coordinator: dict[str, str]) -> None:
    site = unique("Puhos")
    created = http.post("/enrollments", json={"site": site, "expires_hours": 2}, headers=coordinator)
    assert created.status_code == 201
    body = created.json()
    assert body["site"] == site and body["team"] == site  # a new site gets a one-site team of its own
    assert len(body["code"]) == 12
    device_id, secret = new_identity()
    enrolled = redeem(http, body["code"], device_id, secret)
    assert enrolled.status_code == 200
    expected = {"device_id": device_id, "name": "Neuvo desk", "team": site, "sites": [site], "revoked": False}
    assert enrolled.json() == expected
    assert {"site": site, "team": site} in http.get("/sites", headers=coordinator).json()


def test_the_same_device_retrying_gets_the_same_answer_and_another_device_is_refused(
    http: httpx.Client, coordinator: dict[str, str]
) -> None:
    site = unique("Itis")
    code = new_code(http, coordinator, site)
    device_id, secret = new_identity()
    first = redeem(http, code, device_id, secret)
    retry = redeem(http, code.lower(), device_id, secret)  # typed by hand: case does not matter
    assert first.status_code == retry.status_code == 200
    assert first.json() == retry.json()
    other_id, other_secret = new_identity()
    refused = redeem(http, code, other_id, other_secret)
    assert refused.status_code == 401
    assert "another device" in refused.json()["detail"]
    assert refused.json()["reason"] == "invalid_code"
    impostor = redeem(http, code, device_id, other_secret)  # same id, other secret
    assert impostor.status_code == 401
    assert impostor.json()["reason"] == "unknown_device"
    devices = {row["device_id"] for row in http.get("/devices", headers=coordinator).json()}
    assert device_id in devices and other_id not in devices


def test_an_expired_or_unknown_code_is_refused(
    http: httpx.Client, coordinator: dict[str, str], db_engine: Engine
) -> None:
    code = new_code(http, coordinator, unique("Kontula"))
    with db_engine.begin() as connection:
        connection.execute(
            update(Enrollment)
            .where(Enrollment.code_hash == digest(code))
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    expired = redeem(http, code, *new_identity())
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]
    assert expired.json()["reason"] == "invalid_code"
    unknown = redeem(http, "ABCDEFGHJKLM", *new_identity())
    assert unknown.status_code == 401
    assert unknown.json() == {
        "detail": "This enrollment code is not valid; ask the coordinator for a new one.",
        "reason": "invalid_code",
    }
    assert unknown.headers["www-authenticate"] == "Bearer"


def test_an_enrollment_for_a_site_of_another_team_is_refused(http: httpx.Client, coordinator: dict[str, str]) -> None:
    site = unique("Kallio")
    new_code(http, coordinator, site)
    refused = http.post("/enrollments", json={"site": site, "team": unique("Other team")}, headers=coordinator)
    assert refused.status_code == 422
    assert site in refused.json()["detail"]


def test_a_revoked_device_is_refused_on_its_very_next_request(
    http: httpx.Client, enroll: Callable[..., Desk], coordinator: dict[str, str], db_engine: Engine
) -> None:
    site = unique("Vuosaari")
    desk = enroll(site)
    assert http.put(f"/reports/{site}/2026-W40", json=report(revision=1), headers=desk.headers).status_code == 200
    revoked = http.post(f"/devices/{desk.device_id}/revoke", headers=coordinator)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    for method, path, body in [
        ("PUT", f"/reports/{site}/2026-W41", report(revision=1)),
        ("GET", "/device", None),
        ("GET", "/directory", None),
        ("GET", "/codes", None),
    ]:
        refused = http.request(method, path, json=body, headers=desk.headers)
        assert refused.status_code == 401, (path, refused.text)
        assert "revoked" in refused.json()["detail"]
        assert refused.json()["reason"] == "revoked"
    with db_engine.connect() as connection:
        weeks = connection.scalars(select(Report.week).where(Report.device_id == desk.device_id)).all()
    assert weeks == ["2026-W40"]
    # A revoked laptop cannot come back with a fresh code under its old identity.
    again = redeem(http, new_code(http, coordinator, site), desk.device_id, desk.secret)
    assert again.status_code == 401
    assert again.json()["reason"] == "revoked"


def test_revoking_an_unknown_device_is_not_found(http: httpx.Client, coordinator: dict[str, str]) -> None:
    missing = http.post(f"/devices/{'0' * 32}/revoke", headers=coordinator)
    assert missing.status_code == 404
    assert missing.json() == {"detail": f"There is no device {'0' * 32}."}
