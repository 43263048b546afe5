"""The client's rules that need no server: http only to loopback, Retry-After, backoff with full jitter, timeouts."""

from __future__ import annotations

import random
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from app.errors import BadInput, ServerUnreachable
from app.sync.backoff import Backoff
from app.sync.client import SyncClient, check_server_url, is_loopback, parse_retry_after, read_ca_bundle


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080",
        "http://LOCALHOST",
        "http://127.0.0.1:9",
        "http://127.20.30.40/neuvo",
        "http://[::1]:8080",
        "https://stats.example.fi",
        "https://10.0.0.5:8443/",
    ],
)
def test_https_anywhere_and_plain_http_only_to_loopback_are_accepted(url: str) -> None:
    assert check_server_url(url) == url.strip().rstrip("/")


@pytest.mark.parametrize(
    "url",
    ["http://stats.example.fi", "http://10.0.0.5:8080", "http://128.0.0.1", "http://localhost.example.fi"],
)
def test_plain_http_to_another_host_is_refused(url: str) -> None:
    with pytest.raises(BadInput, match="unencrypted; use https"):
        check_server_url(url)
    with pytest.raises(BadInput):
        SyncClient(url)


@pytest.mark.parametrize("url", ["stats.example.fi", "ftp://stats.example.fi", "https://", "https://u:p@x.fi"])
def test_an_address_that_is_not_a_server_is_refused(url: str) -> None:
    with pytest.raises(BadInput):
        check_server_url(url)


def test_loopback_means_this_computer_only() -> None:
    assert is_loopback("127.255.255.254") and is_loopback("::1") and is_loopback("localhost.")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("example.fi")


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    now = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=90), usegmt=True), now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_backoff_draws_full_jitter_below_a_growing_capped_ceiling() -> None:
    backoff = Backoff(base=1.0, cap=900.0, rng=random.Random(7))
    ceilings = []
    for _ in range(15):
        ceiling = backoff.ceiling()
        delay = backoff.next_delay()
        assert 0.0 <= delay <= ceiling
        ceilings.append(ceiling)
    assert ceilings[:5] == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert ceilings[-1] == 900.0, "capped at 15 minutes"
    for _ in range(2000):  # never overflows, never passes the cap
        assert backoff.next_delay() <= 900.0
    delays = [Backoff(rng=random.Random(seed)).next_delay() for seed in range(200)]
    assert min(delays) < 0.1 and max(delays) > 0.9, "full jitter spreads over the whole range"


def test_backoff_honours_retry_after_as_a_floor_and_resets() -> None:
    backoff = Backoff(base=1.0, cap=900.0, rng=random.Random(1))
    assert backoff.next_delay(retry_after=120.0) == 120.0
    for _ in range(20):
        backoff.next_delay()
    assert backoff.ceiling() == 900.0
    backoff.reset()
    assert backoff.ceiling() == 1.0
    assert backoff.next_delay() <= 1.0


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_connection_is_server_unreachable_with_exit_code_3() -> None:
    with SyncClient(f"http://127.0.0.1:{closed_port()}") as client, pytest.raises(ServerUnreachable) as caught:
        client.health()
    assert caught.value.exit_code == 3
    assert "connection was refused" in str(caught.value)


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never answers
        port = silent.getsockname()[1]
        started = datetime.now(UTC)
        with SyncClient(f"http://127.0.0.1:{port}") as client, pytest.raises(ServerUnreachable, match="in time"):
            client.health(timeout=0.5)
        assert datetime.now(UTC) - started < timedelta(seconds=5)


def test_a_ca_bundle_must_be_a_readable_pem_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="Cannot read"):
        read_ca_bundle(tmp_path / "missing.pem")
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("hello", encoding="utf-8")
    with pytest.raises(BadInput, match="no PEM certificate"):
        read_ca_bundle(not_pem)
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", encoding="utf-8")
    with pytest.raises(BadInput, match="not a readable PEM"):
        read_ca_bundle(broken)
