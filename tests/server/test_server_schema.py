"""Schemathesis against the live server's /openapi.json: no generated request may make the server fail (5xx).

Driven through Hypothesis directly (schemathesis' pytest fixture integration does not run under pytest 9).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from conftest import Desk, unique
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from server_process import ServerProcess

# The device's routes; every other route but health, login and enroll is the coordinator's.
DEVICE_ROUTES = {
    ("GET", "/api/v1/device"),
    ("PUT", "/api/v1/reports/{site}/{iso_week}"),
    ("GET", "/api/v1/codes"),
    ("GET", "/api/v1/directory"),
}
EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 15}


def exercise(
    operation: Any, mode: GenerationMode, base_url: str, headers: dict[str, str], failures: list[str]
) -> Callable[[], None]:
    """A Hypothesis test sending generated requests for one operation, noting every 5xx and non-JSON error."""

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        response = case.call(base_url=base_url, headers={**(case.headers or {}), **headers}, timeout=30)
        where = f"{case.method} {case.formatted_path} {case.query or ''}"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code} {response.text[:200]}")
        elif response.status_code >= 400 and not isinstance(response.json().get("detail"), str):
            failures.append(f"{where}: error without a sentence: {response.text[:200]}")

    return run


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
def test_no_request_makes_the_server_fail(
    mode: GenerationMode, live_server: ServerProcess, enroll: Callable[..., Desk], coordinator: dict[str, str]
) -> None:
    credentials = {"device": enroll(unique("Schemathesis")).headers, "coordinator": coordinator}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        who = "device" if (operation.method.upper(), operation.path) in DEVICE_ROUTES else "coordinator"
        try:
            exercise(operation, mode, live_server.url, credentials[who], failures)()
        except Unsatisfiable:  # nothing to make invalid (no parameters, no body): the positive run covers it
            assert mode is GenerationMode.NEGATIVE
    assert failures == []
