"""A writer killed in the middle of saving visits loses no acknowledged visit and leaves an intact database."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.soak import create_soak_store, kill_writer, verify

KILLS = 4


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_killed_writer_loses_no_acknowledged_visit_and_leaves_an_intact_store(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    passphrase_file, data_key = create_soak_store(data_dir)
    acknowledged: set[int] = set()

    for round_number in range(1, KILLS + 1):
        killed = kill_writer(data_dir, passphrase_file, rng, acknowledged_before_kill=rng.randint(30, 45))
        assert killed.writer_error is None, f"seed {seed}, round {round_number}: {killed.writer_error}"
        assert len(killed.acknowledged) >= 30
        acknowledged.update(killed.acknowledged)

        verdict = verify(data_dir, data_key, acknowledged)

        context = f"seed {seed}, round {round_number}"
        assert verdict.integrity == ["ok"], context
        assert verdict.cipher_problems == [], context
        assert verdict.missing == set(), context
        assert verdict.visits_present >= len(acknowledged)


def test_killing_the_writer_while_it_starts_leaves_the_store_usable(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    passphrase_file, data_key = create_soak_store(data_dir)
    killed = kill_writer(data_dir, passphrase_file, random.Random(1), seconds_before_kill=0.3)
    assert killed.writer_error is None
    verdict = verify(data_dir, data_key, set(killed.acknowledged))
    assert verdict.is_intact
    assert verdict.missing == set()
