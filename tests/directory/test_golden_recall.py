"""Recall on the starter directory's real service names: every name is found from the ways people type it.

For each name in fi, en and sv: as written, lower case, without diacritics, the first half of its longest
word, and that word with one letter missing. Every (query, entry) pair must find the entry in the top 20.
"""

from __future__ import annotations

import json
import random

import pytest

from app.directory.service import DirectoryService
from app.paths import resources_dir
from app.storage.directory_models import DirService
from app.store import Store
from app.text import fold
from tests.conftest import PASSPHRASE, SITE


def golden_pairs() -> list[tuple[str, str, str, str]]:
    """(language, query, source id, name), built the same way every run."""
    rng = random.Random(2026)
    pairs = []
    for language in ("fi", "en", "sv"):
        document = json.loads((resources_dir() / "directory" / f"starter_{language}.json").read_text(encoding="utf-8"))
        for service in document["contents"]:
            name = service["name"]
            words = [word for word in fold(name).replace("(", " ").replace(")", " ").split() if len(word) >= 3]
            longest = max(words, key=len)
            variants = {name, name.lower(), fold(name), longest[: max(3, len(longest) // 2)]}
            if len(longest) >= 5:
                cut = rng.randrange(1, len(longest) - 1)
                variants.add(longest[:cut] + longest[cut + 1 :])
            pairs += [(language, variant, service["id"], name) for variant in sorted(variants)]
    return pairs


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store = Store(tmp_path_factory.mktemp("golden") / "data")
    store.create(PASSPHRASE, SITE)
    yield store
    store.lock()


def test_every_starter_name_is_found_however_it_is_typed(starter) -> None:  # type: ignore[no-untyped-def]
    directory = DirectoryService(starter)
    with starter.session() as session:
        ids = {row.source_id: row.id for row in session.query(DirService)}
    pairs = golden_pairs()
    assert len(pairs) >= 150
    missed = [
        (language, query, name)
        for language, query, source_id, name in pairs
        if ids[source_id] not in [hit.id for hit in directory.search(query, language, limit=20)]
    ]
    assert missed == [], f"recall {1 - len(missed) / len(pairs):.1%}"
