"""Directory files as cities and 211s publish them: HSDS 2.0 packages, Open Referral UK pages, Ohana JSON Lines,
PTV as people download it, HTML descriptions, spreadsheet CSV, a few broken records (--skip-bad)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.desk import Desk
from app.errors import ImportProblem
from tests.conftest import SITE
from tests.directory.test_hsds_import import snapshot
from tests.test_cli import neuvo

PTV = Path(__file__).resolve().parents[1] / "fixtures" / "ptv"


def _csv(rows: list[dict[str, Any]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def hsds2_package() -> dict[str, str]:
    """An HSDS 2.0 tabular package in the shape a US 211 publishes (datapackage version 1.0)."""
    return {
        "datapackage.json": json.dumps({"name": "211-export", "version": "1.0", "resources": []}),
        "organizations.csv": _csv([{"id": "o1", "name": "Valley Food Bank", "description": "", "url": ""}]),
        "services.csv": _csv(
            [
                {
                    "id": "s1",
                    "organization_id": "o1",
                    "name": "Emergency food pantry",
                    "description": "<p>Groceries for families&nbsp;in need.</p>",
                    "status": "active",
                    "application_process": "Walk-in, no appointment needed",
                    "fees": "Free",
                    "interpretation_services": "Spanish interpreter on site",
                },
                {
                    "id": "s2",
                    "organization_id": "o1",
                    "name": "Youth job club",
                    "description": "Jobs help for young people",
                    "status": "active",
                    "application_process": "By appointment",
                    "fees": "",
                    "interpretation_services": "",
                },
            ]
        ),
        "locations.csv": _csv(
            [{"id": "l1", "organization_id": "o1", "name": "Main St site", "latitude": "40.1", "longitude": "-75.2"}]
        ),
        "services_at_location.csv": _csv([{"id": "sal1", "service_id": "s1", "location_id": "l1"}]),
        "physical_addresses.csv": _csv(
            [
                {
                    "id": "a1",
                    "location_id": "l1",
                    "address_1": "12 Main St",
                    "city": "Springfield",
                    "postal_code": "19064",
                    "country": "US",
                }
            ]
        ),
        "phones.csv": _csv(
            [
                {
                    "id": "p1",
                    "location_id": "l1",
                    "service_id": "",
                    "number": "555-0100",
                    "type": "voice",
                    "language": "",
                },
                {
                    "id": "p2",
                    "location_id": "",
                    "service_id": "s2",
                    "number": "555-0199",
                    "type": "fax",
                    "language": "",
                },
            ]
        ),
        "regular_schedules.csv": _csv(
            [
                {
                    "id": "r1",
                    "service_id": "s1",
                    "location_id": "",
                    "weekday": "1",
                    "opens_at": "09:00",
                    "closes_at": "17:00",
                },
                {
                    "id": "r2",
                    "service_id": "s1",
                    "location_id": "",
                    "weekday": "Friday",
                    "opens_at": "09:00",
                    "closes_at": "12:00",
                },
            ]
        ),
        "languages.csv": _csv([{"id": "g1", "service_id": "s1", "language": "Spanish"}]),
        "eligibility.csv": _csv([{"id": "e1", "service_id": "s2", "eligibility": "Ages 16-29"}]),
    }


def _check_hsds2(directory: Any) -> None:
    pantry = directory.entry(directory.search("pantry", "en")[0].id, "en")
    assert pantry.phones[0]["number"] == "555-0100"
    assert pantry.addresses[0]["street"] == "12 Main St" and pantry.addresses[0]["city"] == "Springfield"
    assert pantry.addresses[0]["latitude"] == 40.1
    assert [hours["days"] for hours in pantry.opening_hours] == [["MO"], ["FR"]]
    assert pantry.languages == ["es"]
    assert pantry.description == "Groceries for families in need."
    club = directory.entry(directory.search("job club", "en")[0].id, "en")
    assert club.phones[0]["type"] == "fax", "a fax stays a fax"


def test_an_hsds_2_tabular_package_keeps_phones_addresses_coordinates_hours_and_languages(
    store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    archive = tmp_path / "211.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name, content in hsds2_package().items():
            bundle.writestr(name, content)
    assert directory.import_file(archive).added == 2
    _check_hsds2(directory)

    folder = tmp_path / "unzipped"
    (folder / "data").mkdir(parents=True)
    for name, content in hsds2_package().items():
        (folder / ("datapackage.json" if name == "datapackage.json" else f"data/{name}")).write_text(content, "utf-8")
    again = directory.import_file(folder, source="211")
    assert again.summary().splitlines()[0] == "added 0, updated 0, withdrawn 0, skipped 2", "the same data, as a folder"


def test_hsds_csv_saved_from_a_finnish_excel_imports(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Excel's "CSV (semicolon separated)" on a Finnish Windows: `;` between fields, Windows-1252, decimal commas."""
    folder = tmp_path / "excel"
    folder.mkdir()
    (folder / "datapackage.json").write_text("{}", "utf-8")
    services = [
        {
            "id": "k1",
            "name": "Kotoutumispalvelut Hämeenlinna",
            "description": "Neuvontaa; ajanvaraus",
            "status": "active",
        }
    ]
    (folder / "services.csv").write_bytes(_csv(services, ";").encode("cp1252"))
    locations = [{"id": "p1", "name": "Virastotalo", "latitude": "60,9959", "longitude": "24,4643"}]
    (folder / "locations.csv").write_bytes(_csv(locations, ";").encode("cp1252"))
    (folder / "service_at_location.csv").write_bytes(
        _csv([{"id": "x", "service_id": "k1", "location_id": "p1"}], ";").encode("cp1252")
    )
    directory = Desk(store).directory
    assert directory.import_file(folder, language="fi").added == 1
    entry = directory.entry(directory.search("hameenlinna")[0].id)
    assert entry.name == "Kotoutumispalvelut Hämeenlinna"
    assert entry.description == "Neuvontaa; ajanvaraus"
    assert entry.addresses[0]["latitude"] == 60.9959

    (folder / "services.csv").write_bytes(b"id;name\r\nk1;\x81\x8d\x8f\r\n")
    with pytest.raises(ImportProblem, match="neither UTF-8 nor Windows-1252"):
        directory.import_file(folder, language="fi")


def oruk_page(*services: dict[str, Any]) -> dict[str, Any]:
    return {
        "totalElements": len(services),
        "totalPages": 1,
        "number": 1,
        "size": 50,
        "first": True,
        "last": True,
        "content": list(services),
    }


def oruk_service(identifier: str, name: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": identifier,
        "name": name,
        "description": fields.pop("description", "A council service"),
        "status": "active",
        "organization": {"id": "council", "name": "Borough Council"},
        "contacts": [{"id": f"c-{identifier}", "phones": [{"id": f"p-{identifier}", "number": "020 7946 0000"}]}],
        "service_at_locations": [
            {
                "id": f"sal-{identifier}",
                "location": {
                    "id": f"loc-{identifier}",
                    "name": "Town Hall",
                    "latitude": 51.5,
                    "longitude": -0.12,
                    "physical_addresses": [
                        {"id": "a", "address_1": "1 High St", "city": "London", "postal_code": "N1 1AA"}
                    ],
                },
            }
        ],
        "regular_schedules": [
            {"id": f"r-{identifier}", "opens_at": "10:00", "closes_at": "16:00", "byday": "TU,TH", "freq": "WEEKLY"}
        ],
        "languages": [{"id": "l", "language": "English"}, {"id": "l2", "language": "Somali"}],
        "eligibilitys": [{"id": "e", "eligibility": "Young people", "minimum_age": 16, "maximum_age": 25}],
        "attending_access": "drop-in",
        **fields,
    }


def test_an_open_referral_uk_feed_with_a_blank_draft_and_a_shared_id(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    feed = tmp_path / "services.json"
    draft = {"id": "d1", "name": "", "status": "draft", "description": None}
    good = oruk_service("s1", "Youth advice drop-in")
    feed.write_text(json.dumps(oruk_page(good, draft, oruk_service("s2", "Food bank"))), "utf-8")
    result = directory.import_file(feed)
    assert (result.added, result.bad) == (2, 0)
    assert "left out 1 draft" in result.summary()
    entry = directory.entry(directory.search("youth advice", "en")[0].id, "en")
    assert entry.phones[0]["number"] == "020 7946 0000"
    assert entry.addresses[0]["street"] == "1 High St" and entry.addresses[0]["latitude"] == 51.5
    assert entry.opening_hours[0]["days"] == ["TU", "TH"] and entry.languages == ["en", "so"]
    assert entry.advice["eligibility"] == "Young people" and entry.advice["maximum_age"] == 25
    assert entry.advice["appointment_needed"] is False

    before = snapshot(store)
    clash = oruk_service("s1", "Youth advice drop-in (renamed)")
    feed.write_text(json.dumps(oruk_page(good, oruk_service("s2", "Food bank"), clash)), "utf-8")
    with pytest.raises(ImportProblem, match="two different records have the id 's1'"):
        directory.import_file(feed)
    assert snapshot(store) == before
    kept = directory.import_file(feed, skip_bad=True)
    assert kept.summary().splitlines()[0] == "added 0, updated 0, withdrawn 0, skipped 2"
    assert any("id s1, field id" in line for line in kept.summary().splitlines()[1:])
    assert directory.import_file(feed, skip_bad=True).updated == 0, "re-imports change nothing"


def test_ohana_json_lines_are_read(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    location = {
        "id": 11,
        "name": "Redwood City Free Medical Clinic",
        "latitude": 37.48,
        "longitude": -122.23,
        "address": {"address_1": "1 Main", "city": "Redwood City", "state_province": "CA", "postal_code": "94063"},
        "phones": [
            {"number": "650 555-1212", "number_type": "voice"},
            {"number": "650 555-1213", "number_type": "fax"},
        ],
        "organization": {"id": 3, "name": "Peninsula Family Service"},
        "services": [
            {
                "id": 21,
                "name": "Free medical clinic",
                "description": "Primary care",
                "eligibility": "Uninsured residents",
                "fees": "None",
                "required_documents": ["Photo ID", "Proof of address"],
                "languages": ["English", "Spanish"],
                "keywords": ["clinic", "health"],
            }
        ],
    }
    other = {**location, "id": 12, "name": "Second site", "services": [{"id": 22, "name": "Food pantry"}]}
    path = tmp_path / "ohana.jsonl"
    path.write_text(json.dumps(location) + "\n" + json.dumps(other) + "\n", "utf-8")
    directory = Desk(store).directory
    assert directory.import_file(path).added == 2
    clinic = directory.entry(directory.search("medical clinic", "en")[0].id, "en")
    assert clinic.organization == "Peninsula Family Service"
    assert clinic.addresses[0]["city"] == "Redwood City"
    assert [phone["type"] for phone in clinic.phones] == [None, "fax"]
    assert clinic.advice["required_documents"] == "Photo ID\nProof of address"
    assert clinic.languages == ["en", "es"]
    json_named = tmp_path / "ohana.json"
    json_named.write_bytes(path.read_bytes())
    assert directory.import_file(json_named, source="ohana").skipped == 2, "JSON Lines named .json is read too"


def _channels() -> dict[str, Any]:
    return json.loads((PTV / "municipality_channels.json").read_text(encoding="utf-8"))


def test_ptv_as_people_download_it(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    page = _channels()
    channel = page["itemList"][0]
    channel["phoneNumbers"] = [
        {"type": "Fax", "number": None, "prefixNumber": None, "language": "fi"},
        {
            "type": "Phone",
            "number": "101010100",
            "prefixNumber": "+358",
            "language": "fi",
            "additionalInformation": "Asiakaspalvelu",
        },
        {
            "type": "Phone",
            "number": "101010100",
            "prefixNumber": "+358",
            "language": "sv",
            "additionalInformation": "Kundtjänst",
        },
        {"type": "Fax", "number": "101010199", "prefixNumber": "+358", "language": "fi"},
    ]
    second = json.loads(json.dumps(channel["addresses"][0]))
    second["streetAddress"]["street"] = [{"value": "Toinen katu", "language": "fi"}]
    second["streetAddress"]["latitude"], second["streetAddress"]["longitude"] = "0", "0"
    postal = json.loads(json.dumps(channel["addresses"][0]))
    postal["type"] = "Postal"
    channel["addresses"] += [second, postal]
    single = tmp_path / "channel.json"
    single.write_text(json.dumps(channel), "utf-8")
    assert directory.import_file(single, "ptv").added == 1, "one GET /ServiceChannel/{id} object"
    entry = directory.entry(directory.search("halsostationen", "sv")[0].id, "sv")
    assert [(phone["number"], phone["type"]) for phone in entry.phones] == [
        ("+358 101010100", None),
        ("+358 101010199", "fax"),
    ], "the empty fax slot is no number, the fax is a fax, a number listed per language is one number"
    assert entry.phones[0]["description"] == "Kundtjänst"
    assert [place["street"] for place in entry.addresses] == ["Testitie 13", "Toinen katu 13"]
    assert entry.addresses[1]["latitude"] is None, "0,0 is no place (not the Gulf of Guinea)"

    plain = tmp_path / "list.json"
    plain.write_text(json.dumps(page["itemList"]), "utf-8")
    assert directory.import_file(plain).added == 3, "a plain array of channels (auto-detected)"


def test_ptv_modified_is_the_last_checked_date_and_channels_are_linked(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    services = json.loads((PTV / "municipality_services.json").read_text(encoding="utf-8"))
    services["itemList"][0]["modified"] = "2026-11-30T10:00:00.1234567"
    services["itemList"][0]["serviceChargeType"] = "Free"
    path = tmp_path / "services.json"
    path.write_text(json.dumps(services), "utf-8")
    directory.import_file(path)
    dentist = directory.entry(directory.search("hammaslaakari")[0].id)
    assert dentist.last_checked is not None and dentist.last_checked.isoformat() == "2026-11-30"
    assert not dentist.is_out_of_date and dentist.advice["is_free"] is True
    directory.import_file(PTV / "municipality_channels.json")
    line = directory.entry(directory.search("puhelinpalvelu")[0].id)
    assert line.channel == "phone" and line.phones and line.addresses == []
    dentist = directory.entry(dentist.id)
    assert [related["name"] for related in dentist.related] == ["Terveysasema"], "the service's place, linked"
    station = directory.entry(directory.search("terveysasema")[0].id)
    assert "Hammaslääkäri" in [related["name"] for related in station.related]


def test_reimporting_identical_ptv_changes_nothing_and_swedish_is_merged_as_swedish(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    page = _channels()
    page["itemList"][0]["phoneNumbers"].append(
        {
            "type": "Phone",
            "number": "101010100",
            "prefixNumber": "+358",
            "language": "sv",
            "additionalInformation": "Kundtjänst",
        }
    )
    path = tmp_path / "channels.json"
    path.write_text(json.dumps(page), "utf-8")
    directory.import_file(path)
    again = directory.import_file(path)
    assert (again.updated, again.skipped) == (0, 3)
    entry = directory.entry(directory.search("halsostationen", "sv")[0].id, "sv")
    assert entry.phones[0]["description"] == "Kundtjänst"
    for name in page["itemList"][0]["serviceChannelNames"]:
        if name["language"] == "sv":
            name["value"] = "Hälsostationen i centrum"
    path.write_text(json.dumps(page), "utf-8")
    assert directory.import_file(path).updated == 1
    assert directory.entry(entry.id, "sv").name == "Hälsostationen i centrum"


def test_html_descriptions_become_plain_text(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = {
        "id": "h1",
        "name": "Legal advice",
        "description": "<p><strong>Free</strong>&nbsp;legal advice.</p>"
        '<p>See <a href="https://example.org/help">our page</a>.</p>',
    }
    path = tmp_path / "html.json"
    path.write_text(json.dumps(service), "utf-8")
    directory = Desk(store).directory
    directory.import_file(path)
    entry = directory.entry(directory.search("legal", "en")[0].id, "en")
    assert entry.description == "Free legal advice.\n\nSee our page (https://example.org/help)."
    assert directory.search("nbsp", "en") == [] and directory.search("strong", "en") == []


@pytest.fixture
def data(tmp_path: Path, passphrase_file: Path) -> Path:
    folder = tmp_path / "data"
    assert neuvo("init", "--site", SITE, "--data-dir", folder, passphrase_file=passphrase_file).code == 0
    return folder


def test_the_command_line_refuses_a_folder_in_one_line_and_skips_bad_records_on_request(
    data: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    refused = neuvo(
        "directory", "import", "--format", "ptv", folder, "--data-dir", data, passphrase_file=passphrase_file
    )
    assert refused.code == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "is a folder" in refused.stderr and "Traceback" not in refused.stderr

    feed = tmp_path / "feed.json"
    services = [
        {"id": "a", "name": "Good one"},
        {"id": "b", "name": ["broken"]},
        {"id": "c", "name": "Good two", "minimum_age": "old"},
    ]
    feed.write_text(json.dumps({"contents": services}), "utf-8")
    strict = neuvo("directory", "import", feed, "--data-dir", data, passphrase_file=passphrase_file)
    assert strict.code == 2 and "record 2 (id b), field name" in strict.stderr
    lenient = neuvo("directory", "import", feed, "--skip-bad", "--data-dir", data, passphrase_file=passphrase_file)
    assert lenient.code == 0, lenient.stderr
    lines = lenient.stdout.strip().splitlines()
    assert lines[0] == "added 1, updated 0, withdrawn 0, skipped 0"
    assert lines[1].startswith("skipped feed.json, record 2 (id b), field name: expected text")
    assert lines[2].startswith("skipped feed.json, record 3 (id c), field minimum_age:")


def test_the_command_line_filters_by_and_shows_the_advisor_fields(
    data: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "oruk.json"
    paid = oruk_service("s2", "Legal clinic", eligibilitys=[], attending_access="appointment", fees="£20 a session")
    feed.write_text(json.dumps(oruk_page(oruk_service("s1", "Youth advice drop-in", fees="Free"), paid)), "utf-8")
    assert neuvo("directory", "import", feed, "--data-dir", data, passphrase_file=passphrase_file).code == 0

    def found(*flags: str) -> list[str]:
        result = neuvo(
            "directory",
            "search",
            "",
            *flags,
            "--limit",
            "200",
            "--json",
            "--data-dir",
            data,
            passphrase_file=passphrase_file,
        )
        assert result.code == 0, result.stderr
        return [hit["name"] for hit in json.loads(result.stdout)]

    assert {"Legal clinic", "Youth advice drop-in"} <= set(found())
    for flag in ("--free", "--no-appointment", "--under-30"):
        assert "Youth advice drop-in" in found(flag) and "Legal clinic" not in found(flag), flag
    hits = neuvo("directory", "search", "youth advice", "--json", "--data-dir", data, passphrase_file=passphrase_file)
    youth = json.loads(hits.stdout)[0]["id"]
    shown = neuvo("directory", "show", str(youth), "--data-dir", data, passphrase_file=passphrase_file)
    lines = shown.stdout.splitlines()
    assert "for: Young people" in lines and "no appointment needed" in lines and "free" in lines
    assert "ages: 16–25" in lines
