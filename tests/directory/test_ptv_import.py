"""PTV service channels and services: names per language, phones, hours, places converted to WGS84."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.desk import Desk
from app.directory.ptv import _to_wgs84
from app.errors import ImportProblem
from tests.directory.test_hsds_import import snapshot

PTV = Path(__file__).resolve().parents[1] / "fixtures" / "ptv"


def test_etrs_tm35fin_becomes_wgs84() -> None:
    longitude, latitude = _to_wgs84().transform(385_900.0, 6_672_100.0)  # Helsinki city centre
    assert 60.15 < latitude < 60.19 and 24.93 < longitude < 24.97


def test_service_location_channels_and_services_import(store) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    channels = directory.import_file(PTV / "municipality_channels.json")
    assert channels.added == 3, "the two ServiceLocation channels and the phone channel (a service line)"
    services = directory.import_file(PTV / "municipality_services.json")
    assert services.added == 2
    assert directory.import_file(PTV / "municipality_channels.json").skipped == 3

    station = directory.entry(directory.search("halsostationen", "sv")[0].id, "sv")
    assert station.name == "Hälsostationen"
    assert station.phones[0]["number"] == "+358 101010100"
    assert station.email == "test-email@test.fi" and station.url == "https://www.testpage.fi"
    place = station.addresses[0]
    assert place["street"] == "Testitie 13" and place["postal_code"] == "12345"
    assert 60.5 < place["latitude"] < 60.8 and 22.4 < place["longitude"] < 22.7
    assert [hours["days"] for hours in station.opening_hours] == [["WE"], ["FR"]]
    assert station.last_checked is not None and station.last_checked.isoformat() == "2020-03-04"
    dentist = directory.entry(directory.search("hammaslaakari")[0].id)
    assert dentist.languages == ["fi", "sv"] and dentist.addresses == []


def test_broken_ptv_pages_change_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    directory.import_file(PTV / "municipality_channels.json")
    before = snapshot(store)
    page = json.loads((PTV / "municipality_channels.json").read_text(encoding="utf-8"))
    cases = {
        "no name": ("serviceChannelNames", []),
        "wrong type": ("phoneNumbers", [{"number": 12345}]),
        "bad coordinates": ("addresses", [{"streetAddress": {"street": [], "latitude": "north", "longitude": "1"}}]),
    }
    for case, (field, value) in cases.items():
        broken = json.loads(json.dumps(page))
        broken["itemList"][0][field] = value
        path = tmp_path / "channels.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(ImportProblem) as problem:
            directory.import_file(path, "ptv")
        assert str(problem.value).startswith("channels.json, record 1"), case
        assert field in str(problem.value), case
        assert snapshot(store) == before, case
    hsds = Path(__file__).resolve().parents[1] / "fixtures" / "hsds-3.0" / "service_list.json"
    with pytest.raises(ImportProblem, match="not a PTV page"):
        directory.import_file(hsds, "ptv")
