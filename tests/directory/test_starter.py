"""The starter directory: the Helsinki advice services of the survey, imported at setup, in fi/sv/en/ru/ar."""

from __future__ import annotations

import json
from pathlib import Path

from app.desk import Desk
from app.paths import resources_dir
from app.storage.database import Database
from tests.conftest import PASSPHRASE, SITE


def test_setup_imports_the_starter_directory_in_every_language(tmp_path: Path) -> None:
    store = Database(tmp_path / "data")
    Desk.create(store, PASSPHRASE, SITE)
    try:
        directory = Desk(store).directory
        finnish = json.loads((resources_dir() / "directory" / "starter_fi.json").read_text(encoding="utf-8"))
        assert directory.count() == len(finnish["contents"]) >= 15
        hit = directory.search("international house", "sv")[0]
        entry = directory.entry(hit.id, "sv")
        assert entry.name == "International House Helsinki"
        assert entry.email == "info@ihhelsinki.fi"
        assert "gemensamt serviceställe" in entry.description, "the Swedish description"
        assert directory.entry(hit.id, "fi").description.startswith("Maahanmuuton alkuvaiheeseen")
        housing = directory.search("housing advice", "en")[0]
        assert directory.entry(housing.id, "fi").name == "Asumisneuvonta"
        assert directory.search("asumisneuvonta")[0].id == housing.id
        assert directory.entry(housing.id).is_out_of_date, "not checked since the survey"
        assert directory.search("жилищным", "ru")[0].id == housing.id
        assert directory.entry(housing.id, "ru").name == "Консультации по жилищным вопросам"
        assert directory.search("الارشاد السكني", "ar")[0].id == housing.id, "typed without the hamza"
        assert directory.entry(housing.id, "ar").name == "الإرشاد السكني"
        again = directory.import_starter()
        assert again.added == 0 and again.updated == 0, "re-importing the unchanged starter touches nothing"
    finally:
        store.lock()


def test_the_starter_has_no_2021_exceptional_situation_texts_and_states_the_places_it_has(store) -> None:  # type: ignore[no-untyped-def]
    for path in (resources_dir() / "directory").glob("starter_*.json"):
        text = path.read_text(encoding="utf-8")
        for stale in ("poikkeustila", "undantagssituation", "exceptional situation", "чрезвычайной", "الاستثنائي"):
            assert stale not in text, (path.name, stale)
    directory = Desk(store).directory
    directory.import_starter()
    info = directory.entry(directory.search("helsinki-info")[0].id, "sv")
    assert info.addresses[0]["street"] == "Norra esplanaden 11–13" and info.addresses[0]["city"] == "Helsingfors"
    assert directory.entry(info.id, "fi").addresses[0]["street"] == "Pohjoisesplanadi 11–13"
    assert info.addresses[0]["latitude"] is None, "no registry stating its coordinates was used: none is made up"
    readme = (resources_dir() / "directory" / "README.md").read_text(encoding="utf-8")
    assert "https://www.hel.fi/kanslia/virka-en/city-hall" in readme, "each added place says where it came from"
