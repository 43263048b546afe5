"""Coordinator login: a bearer token that works until it expires; wrong or expired credentials answer 401, and
repeated failures or a flood of attempts answer 429."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from conftest import COORDINATOR_EMAIL, COORDINATOR_PASSWORD
from server_process import ServerProcess, create_coordinator
from sqlalchemy import Engine, update

from server.config import RateLimits, rate_limits
from server.errors import TooManyRequests
from server.models import CoordinatorToken
from server.rate_limits import WAITING_PER_CHECK, LoginThrottle, SlidingWindow, Throttles
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
    expected = {"detail": "The e-mail address or the password is wrong.", "reason": "invalid_login"}
    assert wrong.json() == unknown.json() == expected


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
    assert expired.json() == {"detail": "This login has expired; log in again.", "reason": "expired_token"}
    assert expired.headers["www-authenticate"] == "Bearer"


def test_coordinator_routes_need_a_coordinator(http: httpx.Client) -> None:
    for method, path in [("GET", "/devices"), ("GET", "/sites"), ("POST", "/enrollments"), ("GET", "/exports/weekly")]:
        missing = http.request(method, path)
        assert missing.status_code == 401, (method, path, missing.text)
        assert missing.json()["reason"] == "missing_credential"
        assert missing.headers["www-authenticate"] == "Bearer"
        made_up = http.request(method, path, headers={"Authorization": "Bearer made-up"})
        assert made_up.status_code == 401
        assert isinstance(made_up.json()["detail"], str)
        assert made_up.json()["reason"] == "invalid_token"


@pytest.fixture(scope="module")
def throttled_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own with a small per-address limit."""
    url = f"sqlite:///{tmp_path_factory.mktemp('throttled') / 'server.db'}"
    create_coordinator(url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
    with ServerProcess(url, extra_env={"NEUVO_SERVER_REQUESTS_PER_ADDRESS": str(REQUESTS_PER_ADDRESS)}) as server:
        yield server.url + "/api/v1"


REQUESTS_PER_ADDRESS = 20


def test_failed_logins_slow_down_one_address_and_the_owner_still_gets_in_from_another(throttled_server: str) -> None:
    """Issue 12, finding 8: ten wrong passwords for an e-mail from anywhere used to lock its owner out."""
    with httpx.Client(base_url=throttled_server, timeout=20) as client:

        def log_in(password: str, address: str, email: str = COORDINATOR_EMAIL) -> httpx.Response:
            # The test server trusts X-Forwarded-For from 127.0.0.1, as behind the city's reverse proxy.
            headers = {"X-Forwarded-For": address}
            return client.post("/auth/login", json={"email": email, "password": password}, headers=headers)

        guesser, owner = "198.51.100.7", "203.0.113.9"
        for attempt in range(11):  # ten free, the eleventh makes the next one wait
            assert log_in(f"guess number {attempt}", guesser).status_code == 401
        refused = log_in("guess number 12", guesser)
        assert refused.status_code == 429, refused.text
        assert "Too many failed logins" in refused.json()["detail"]
        assert int(refused.headers["retry-after"]) == 1  # the first wait: a second, doubling from there
        assert log_in(COORDINATOR_PASSWORD, guesser).status_code == 429  # guessing from there must not go on
        assert log_in(COORDINATOR_PASSWORD, owner).status_code == 200  # ... but the owner is not locked out
        assert log_in("wrong", guesser, "somebody.else@example.fi").status_code == 401  # per e-mail and address
        time.sleep(int(refused.headers["retry-after"]) + 0.2)
        assert log_in("guess number 13", guesser).status_code == 401
        longer = log_in("guess number 14", guesser)
        assert longer.status_code == 429 and int(longer.headers["retry-after"]) >= 2  # the wait doubles
        time.sleep(int(longer.headers["retry-after"]) + 0.2)
        allowed = log_in(COORDINATOR_PASSWORD, guesser)
        assert allowed.status_code == 200, allowed.text


def test_the_login_throttle_doubles_per_address_and_caps_every_address_together() -> None:
    now = [1000.0]
    throttle = LoginThrottle(free=2, max_delay=60, email_cap=5, clock=lambda: now[0])
    email = "coordinator@example.fi"
    throttle.failed(email, "a")
    throttle.failed(email, "a")
    assert throttle.wait(email, "a") == 0  # two free failures
    waits = []
    for _ in range(8):
        throttle.failed(email, "a")
        waits.append(throttle.wait(email, "a"))
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]  # doubling up to the window
    # Past the e-mail's cap over every address, a new address gets one try, not two, before it waits...
    throttle.failed(email, "b")
    assert throttle.wait(email, "b") > 0
    # ... yet an address that has not failed may always try, and the right password clears its own record.
    assert throttle.wait(email, "owner") == 0
    throttle.succeeded(email, "owner")
    assert throttle.wait(email, "owner") == 0
    throttle.succeeded(email, "a")  # a success forgets the failures before it
    assert throttle.wait(email, "a") == 0
    throttle.failed(email, "a")
    assert throttle.wait(email, "a") == 1  # over the cap: one try, then a wait from the start again
    assert throttle.wait("other@example.fi", "a") == 0
    now[0] += 61  # a window without failures forgets the address
    assert throttle.wait(email, "b") == 0


def test_the_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEUVO_SERVER_LOGIN_FAILURE_SECONDS", "6")
    monkeypatch.setenv("NEUVO_SERVER_REQUESTS_PER_ADDRESS", "20")
    limits = rate_limits()
    assert (limits.login_failure_seconds, limits.requests_per_address) == (6.0, 20)
    assert (limits.login_failures, limits.address_window_seconds) == (RateLimits().login_failures, 60)
    monkeypatch.setenv("NEUVO_SERVER_LOGIN_FAILURE_SECONDS", "0")
    with pytest.raises(ValueError, match="must be more than 0"):
        rate_limits()


def test_enrollment_attempts_are_limited_per_address(throttled_server: str) -> None:
    with httpx.Client(base_url=throttled_server, timeout=20) as client:

        def attempt() -> httpx.Response:
            body = {"code": "ABCDEFGHJKLM", "device_id": secrets.token_hex(16), "device_secret": "s" * 43}
            return client.post("/enroll", json=body)

        answers = [attempt() for _ in range(REQUESTS_PER_ADDRESS)]
        assert {answer.status_code for answer in answers} == {401}
        assert {answer.json()["reason"] for answer in answers} == {"invalid_code"}
        refused = attempt()
        assert refused.status_code == 429, refused.text
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert isinstance(refused.json()["detail"], str)


def test_a_sliding_window_allows_the_limit_then_tells_how_long_to_wait() -> None:
    moments = [100.0]
    window = SlidingWindow(limit=3, seconds=10, clock=lambda: moments[0])
    assert [window.hit("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    moments[0] = 104.0
    assert window.hit("a") == pytest.approx(6.0)  # the first hit leaves the window at 110
    assert window.hit("b") == 0.0
    moments[0] = 110.0
    assert window.hit("a") == 0.0
    window.clear("a")
    assert [window.hit("a") for _ in range(3)] == [0.0, 0.0, 0.0]


def test_a_sliding_window_forgets_stale_keys_first() -> None:
    moments = [0.0]
    window = SlidingWindow(limit=1, seconds=10, clock=lambda: moments[0], max_keys=2)
    window.hit("stale")
    moments[0] = 20.0
    window.hit("recent")
    window.hit("newest")  # three keys: the stale one goes, the others are kept
    assert window.hit("recent") > 0 and window.hit("newest") > 0


def test_only_a_few_password_checks_run_at_once_and_few_wait() -> None:
    throttles = Throttles(RateLimits(password_checks=2))

    async def check() -> None:
        async with throttles.password_check(), throttles.password_check():
            assert throttles.password_checks.locked()  # a third would wait
            throttles.waiting_checks = 2 * WAITING_PER_CHECK  # as if the queue were full
            with pytest.raises(TooManyRequests):
                async with throttles.password_check():
                    pass
            throttles.waiting_checks = 0
        assert not throttles.password_checks.locked()

    asyncio.run(check())
