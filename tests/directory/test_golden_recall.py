"""Recall on the starter directory's real service names (fi, sv, en, ru, ar): every name is found however it is
typed (bench/golden_recall.py builds the pairs; `make bench` reports the same figure)."""

from __future__ import annotations

import pytest

from app.desk import Desk
from app.storage.database import Database
from bench.golden_recall import LANGUAGES, golden_pairs, measure_recall
from tests.conftest import PASSPHRASE, SITE


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store = Database(tmp_path_factory.mktemp("golden") / "data")
    Desk.create(store, PASSPHRASE, SITE)
    yield store
    store.lock()


def test_the_golden_set_has_200_pairs_in_five_languages_with_folded_variants() -> None:
    pairs = golden_pairs()
    assert len(pairs) >= 200
    assert {pair.language for pair in pairs} == set(LANGUAGES)
    queries = {pair.query for pair in pairs}
    assert "молодежи" in " ".join(queries), "ё typed as е"
    assert "الارشاد السكني" in queries, "alef typed without hamza"
    assert "ohjaamossa" in queries, "a Finnish case form"


def test_every_starter_name_is_found_however_it_is_typed(starter) -> None:  # type: ignore[no-untyped-def]
    recall = measure_recall(Desk(starter).directory)
    assert recall.missed == [], f"recall {recall.share:.1%}"
