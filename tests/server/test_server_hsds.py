"""The shared directory published back as a read-only Open Referral HSDS 3.0 API, on a real server process of its
own (the published directory is this module's alone): pages and entities validate against the HSDS 3.0 JSON
schemas, filters and pagination work, a coordinator can put it behind a token, and the desktop importer reads
the API's output and imports it again with zero changes. Advisors' flags arrive and are listed."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from conftest import COORDINATOR_EMAIL, COORDINATOR_PASSWORD, FIXTURES, new_code, new_identity, unique
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from server_process import ServerProcess, create_coordinator, login, run_cli

from app.desk import Desk
from app.sync.wire import device_token

SCHEMAS = FIXTURES / "hsds-3.0" / "schema"  # the specification's own schemas, copied unchanged


def _schema(name: str) -> Any:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    """Every HSDS schema by its file name, as their `$ref`s name them ("phone.json")."""
    resources = [
        (path.name, Resource.from_contents(_schema(path.name), default_specification=DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


def validate(document: Any, name: str) -> None:
    schema = _schema(name)
    validator = jsonschema.Draft202012Validator(schema, registry=_registry(), format_checker=jsonschema.FormatChecker())
    problems = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not problems, [f"{list(error.path)}: {error.message}" for error in problems[:5]]


def validate_page(document: Any) -> None:
    openapi = _schema("openapi.json")
    page_schema = openapi["components"]["schemas"]["Page"]
    jsonschema.Draft202012Validator(page_schema).validate(document)
    for key in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"):
        assert key in document, key


ORUK = {
    "content": [
        {
            "id": "youth-1",
            "name": "Youth advice drop-in",
            "description": "<p>Advice for young people&nbsp;on work and housing.</p>",
            "status": "active",
            "organization": {"id": "council", "name": "Borough Council", "description": "The council"},
            "contacts": [{"id": "c", "phones": [{"id": "p", "number": "09 310 10000"}]}],
            "service_at_locations": [
                {
                    "id": "sal",
                    "location": {
                        "id": "town-hall",
                        "name": "Town Hall",
                        "latitude": 60.17,
                        "longitude": 24.94,
                        "physical_addresses": [{"id": "a", "address_1": "Pohjoisesplanadi 11", "city": "Helsinki"}],
                    },
                }
            ],
            "regular_schedules": [{"id": "r", "opens_at": "10:00", "closes_at": "16:00", "byday": "TU,TH"}],
            "languages": [{"id": "l", "language": "Somali"}],
            "eligibilitys": [{"id": "e", "eligibility": "Young people", "minimum_age": 16, "maximum_age": 29}],
            "attending_access": "drop-in",
            "fees": "Free",
            "last_modified": "2026-11-30T10:00:00+00:00",
        },
        {
            "id": "legal-1",
            "name": "Legal clinic",
            "status": "active",
            "organization": {"id": "council", "name": "Borough Council"},
            "attending_access": "appointment",
            "last_modified": "2026-01-05T10:00:00+00:00",
        },
    ]
}


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('hsds-db') / 'neuvo-server.db'}"
    create_coordinator(url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
    with ServerProcess(url) as server:
        token = login(server.url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.url + "/api/v1", timeout=30) as api:
            for content, filename, language in (
                (json.dumps(ORUK).encode(), "council_en.json", "en"),
                ((FIXTURES / "ptv" / "municipality_channels.json").read_bytes(), "ptv_channels.json", "fi"),
            ):
                response = api.put(
                    "/directory", content=content, params={"language": language, "filename": filename}, headers=headers
                )
                assert response.status_code == 200, response.text
        yield server, url


@pytest.fixture
def hsds(own_server: tuple[ServerProcess, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=own_server[0].url + "/hsds", timeout=30) as client:
        yield client


def all_services(hsds: httpx.Client, language: str, **params: Any) -> list[dict[str, Any]]:
    found, number = [], 1
    while True:
        answer = hsds.get(
            "/services", params={"lang": language, "full": "true", "per_page": 2, "page": number, **params}
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        validate_page(body)
        found += body["contents"]
        if body["last_page"]:
            return found
        number += 1


def test_the_api_answers_in_hsds_3_and_validates(hsds: httpx.Client) -> None:
    about = hsds.get("/").json()
    assert about["version"] == "3.0"
    services = all_services(hsds, "en")
    assert len(services) == 5, "two from Open Referral UK, three PTV channels"
    for service in services:
        validate(service, "service.json")
    youth = next(service for service in services if service["name"] == "Youth advice drop-in")
    assert youth["description"] == "Advice for young people on work and housing."
    assert youth["eligibility_description"] == "Young people" and youth["maximum_age"] == 29
    assert youth["phones"][0]["number"] == "09 310 10000"
    assert youth["service_at_locations"][0]["location"]["addresses"][0]["address_1"] == "Pohjoisesplanadi 11"
    assert youth["schedules"][0]["byday"] == "TU,TH"
    assert [language["code"] for language in youth["languages"]] == ["so"]
    assert hsds.get(f"/services/{youth['id']}", params={"lang": "en"}).json() == youth
    assert hsds.get("/services/not-there").status_code == 404

    short = hsds.get("/services", params={"per_page": 2}).json()
    assert (short["total_items"], short["total_pages"], short["size"], short["first_page"]) == (5, 3, 2, True)
    assert "phones" not in short["contents"][0], "a list holds one-to-one fields unless full=true"
    recent = hsds.get("/services", params={"modified_after": "2026-06-01T00:00:00Z", "lang": "en"}).json()
    assert [service["name"] for service in recent["contents"]] == ["Youth advice drop-in"]
    found = hsds.get("/services", params={"search": "legal", "lang": "en"}).json()
    assert [service["name"] for service in found["contents"]] == ["Legal clinic"]

    organizations = hsds.get("/organizations", params={"lang": "en"}).json()
    validate_page(organizations)
    council = next(item for item in organizations["contents"] if item["name"] == "Borough Council")
    validate(council, "organization.json")
    whole = hsds.get(f"/organizations/{council['id']}", params={"lang": "en"}).json()
    assert sorted(service["name"] for service in whole["services"]) == ["Legal clinic", "Youth advice drop-in"]
    by_organization = hsds.get("/services", params={"organization_id": council["id"]}).json()
    assert by_organization["total_items"] == 2
    taxonomies = hsds.get("/taxonomies").json()
    validate_page(taxonomies)
    for taxonomy in taxonomies["contents"]:
        validate(taxonomy, "taxonomy.json")
        assert hsds.get(f"/taxonomies/{taxonomy['id']}").json() == taxonomy
    terms = hsds.get("/taxonomy_terms", params={"per_page": 1000}).json()
    for term in terms["contents"]:
        validate(term, "taxonomy_term.json")


def test_the_desktop_imports_the_api_output_again_with_zero_changes(hsds: httpx.Client, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory = Desk(store).directory
    for language in ("en", "fi"):
        path = tmp_path / f"api_{language}.json"
        path.write_text(json.dumps({"contents": all_services(hsds, language)}), "utf-8")
        first = directory.import_file(path, language=language, source="api")
        second = directory.import_file(path, language=language, source="api")
        assert (second.added, second.updated, second.withdrawn, second.skipped) == (0, 0, 0, 5), language
        assert first.added == (5 if language == "en" else 0)
    youth = directory.entry(directory.search("youth advice", "en")[0].id, "en")
    assert youth.phones[0]["number"] == "09 310 10000" and youth.addresses[0]["street"] == "Pohjoisesplanadi 11"
    assert youth.opening_hours[0]["days"] == ["TU", "TH"] and youth.languages == ["so"]
    assert youth.advice["eligibility"] == "Young people" and youth.advice["maximum_age"] == 29
    assert youth.advice["appointment_needed"] is False and youth.advice["is_free"] is True
    legal = directory.entry(directory.search("legal clinic", "en")[0].id, "en")
    assert legal.advice["appointment_needed"] is True
    line = directory.entry(directory.search("puhelinpalvelu", "fi")[0].id, "fi")
    assert line.channel == "phone", "the PTV service line stays a service line"


def test_a_coordinator_can_put_the_api_behind_a_token(
    own_server: tuple[ServerProcess, str], hsds: httpx.Client
) -> None:
    _server, url = own_server
    made = run_cli(url, "directory", "api-access", "token")
    token = made.stdout.strip().splitlines()[-1]
    try:
        assert hsds.get("/services").status_code == 401
        assert hsds.get("/services", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert hsds.get("/services", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert "needs a token" in run_cli(url, "directory", "api-access", "status").stdout
    finally:
        run_cli(url, "directory", "api-access", "public")
    assert hsds.get("/services").status_code == 200


def test_flags_arrive_once_and_are_listed_for_the_coordinator(own_server: tuple[ServerProcess, str]) -> None:
    server, url = own_server
    token = login(server.url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
    coordinator = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.url + "/api/v1", timeout=30) as api:
        site = unique("Itäkeskus")
        code = new_code(api, coordinator, site)
        device_id, secret = new_identity()
        assert (
            api.post("/enroll", json={"code": code, "device_id": device_id, "device_secret": secret}).status_code == 200
        )
        device = {"Authorization": f"Bearer {device_token(device_id, secret)}"}
        flag = {
            "client_id": 1,
            "service_source": "server:directory",
            "service_source_id": "youth-1",
            "service_name": {"en": "Youth advice drop-in"},
            "text": "Moved to a new address in " + secrets.token_hex(2),
            "flagged_at": "2026-12-03T10:00:00+00:00",
        }
        personal = {**flag, "client_id": 2, "text": "Visitor 131052-308T says it is closed"}
        answer = api.post("/directory/flags", json={"flags": [flag, personal]}, headers=device)
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"accepted": [1], "refused": [2]}
        again = api.post("/directory/flags", json={"flags": [flag]}, headers=device)
        assert again.json() == {"accepted": [1], "refused": []}
        assert api.post("/directory/flags", json={"flags": [flag]}).status_code == 401
        listed = api.get("/directory/flags", headers=coordinator).json()
    assert [row["text"] for row in listed] == [flag["text"]]
    printed = json.loads(run_cli(url, "directory", "flags", "--json").stdout)
    assert [(row["service"], row["source_id"], row["text"]) for row in printed] == [
        ("Youth advice drop-in", "youth-1", flag["text"])
    ]
    assert "131052" not in run_cli(url, "directory", "flags").stdout


def test_a_hostile_upload_is_one_clear_refusal_not_a_server_error(own_server: tuple[ServerProcess, str]) -> None:
    server, _url = own_server
    token = login(server.url, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)
    deep = b'{"contents": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    with httpx.Client(base_url=server.url + "/api/v1", timeout=60) as api:
        answer = api.put(
            "/directory",
            content=deep,
            params={"language": "fi", "filename": "deep_fi.json"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 422, answer.text
    assert "nested more than 64 levels" in answer.json()["detail"]
