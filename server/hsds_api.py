"""The published shared directory as Open Referral HSDS 3.0 JSON, one language per response.

Every entity gets a stable UUID (uuid5 of what it is and its id in the directory), so that the same published
entry always has the same HSDS id. Texts are in the language asked for, else the first of fi, sv, en that the
entry has (HSDS has one language per document). What HSDS has no field for travels as attributes in Neuvo's own
taxonomies: the topics ("neuvo-topic"), whether an appointment is needed or it is free ("neuvo-access"), and a PTV
channel's kind ("neuvo-channel"); the desktop importer reads them back, so that importing this API's output
gives the entries the server publishes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from app.codes import bundled_codebook
from app.directory.hsds import ACCESS_VOCABULARY, CHANNEL_VOCABULARY, TOPIC_VOCABULARY
from app.directory.records import LocationRecord, ServiceRecord, pick
from app.text import fold

HSDS_VERSION = "3.0"
_NAMESPACE = uuid.UUID("5d3f7a52-4c1e-4b8f-9f0e-6a1d2c3b4a59")  # Neuvo's namespace for HSDS ids
_PHONE_TYPES: dict[str | None, str | None] = {None: "voice"}
ACCESS_TERMS = {
    ("appointment_needed", True): "appointment-needed",
    ("appointment_needed", False): "no-appointment",
    ("is_free", True): "free",
    ("is_free", False): "charged",
}
TAXONOMIES = {
    TOPIC_VOCABULARY: ("Neuvo topics", "What a service helps with, as Neuvo's advisory desks count referrals"),
    ACCESS_VOCABULARY: ("Neuvo access", "Whether a service needs an appointment and whether it is free"),
    CHANNEL_VOCABULARY: ("Neuvo channel", "A service line (phone) or an e-service (web) rather than a place"),
}


def hsds_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


@dataclass(frozen=True)
class Published:
    """One published version's services, ready to answer from."""

    version: int
    published_at: datetime
    services: tuple[ServiceRecord, ...]

    def by_id(self) -> dict[str, ServiceRecord]:
        return {hsds_id("service", record.source_id): record for record in self.services}


@lru_cache(maxsize=2)
def published(version: int, published_at: datetime, document: str) -> Published:
    """The version's records, parsed once per version (the document is the exact JSON devices download)."""
    services = json.loads(document)["services"]
    return Published(version, published_at, tuple(ServiceRecord.model_validate(item) for item in services))


def _text(text: dict[str, str], language: str) -> str | None:
    return pick(text, language) or None


def _term(vocabulary: str, code: str, language: str) -> dict[str, Any]:
    if vocabulary == TOPIC_VOCABULARY:
        value = bundled_codebook()["topic"].value(code)
        name = value.label(language) if value is not None else code
    else:
        name = code
    return {
        "id": hsds_id(f"term:{vocabulary}", code),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": vocabulary,
        "taxonomy_id": hsds_id("taxonomy", vocabulary),
    }


def _attributes(record: ServiceRecord, service_id: str, language: str) -> list[dict[str, Any]]:
    terms = [(TOPIC_VOCABULARY, code) for code in record.topics]
    terms += [
        (ACCESS_VOCABULARY, code) for (field, value), code in ACCESS_TERMS.items() if getattr(record, field) is value
    ]
    if record.channel:
        terms.append((CHANNEL_VOCABULARY, record.channel))
    return [
        {
            "id": hsds_id("attribute", f"{service_id}:{vocabulary}:{code}"),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term": _term(vocabulary, code, language),
        }
        for vocabulary, code in terms
    ]


def organization_json(record: ServiceRecord, language: str) -> dict[str, Any] | None:
    organization = record.organization
    if organization is None:
        return None
    return {
        "id": hsds_id("organization", organization.source_id),
        "name": _text(organization.name, language) or organization.source_id,
        "description": _text(organization.description, language) or "",
        "website": _text(organization.website, language),
        "email": organization.email,
    }


def _location(place: LocationRecord, language: str) -> dict[str, Any]:
    location_id = hsds_id("location", place.source_id)
    found: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "name": _text(place.name, language),
        "latitude": place.latitude,
        "longitude": place.longitude,
        "addresses": [],
    }
    address = place.address
    if address is not None and (address.street or address.city or address.postal_code):
        found["addresses"].append(
            {
                "id": hsds_id("address", place.source_id),
                "location_id": location_id,
                "address_1": _text(address.street, language) or "",
                "city": _text(address.city, language) or address.municipality or "",
                "state_province": "",
                "postal_code": address.postal_code or "",
                "country": "FI",
                "address_type": "physical",
            }
        )
    return {key: value for key, value in found.items() if value is not None}


def service_json(record: ServiceRecord, language: str, full: bool = True) -> dict[str, Any]:
    """One service as HSDS 3.0 JSON in `language` (one-to-one fields only unless `full`)."""
    service_id = hsds_id("service", record.source_id)
    organization = organization_json(record, language)
    found: dict[str, Any] = {
        "id": service_id,
        "organization_id": organization["id"] if organization else None,
        "name": _text(record.name, language) or record.source_id,
        "alternate_name": _text(record.alternate_name, language),
        "description": _text(record.description, language),
        "url": _text(record.url, language),
        "email": record.email,
        "status": record.status
        if record.status in ("active", "inactive", "defunct", "temporarily closed")
        else "active",
        "interpretation_services": _text(record.interpretation, language),
        "application_process": _text(record.application_process, language),
        "fees_description": _text(record.fees, language),
        "eligibility_description": _text(record.eligibility, language),
        "minimum_age": record.minimum_age,
        "maximum_age": record.maximum_age,
        "assured_date": record.assured_date.isoformat() if record.assured_date else None,
        "alert": _text(record.alert, language),
        "last_modified": record.modified_at.isoformat() if record.modified_at else None,
    }
    if full:
        documents = _text(record.required_documents, language) or ""
        found |= {
            "organization": organization,
            "phones": [
                {
                    "id": hsds_id("phone", f"{record.source_id}:{index}"),
                    "service_id": service_id,
                    "number": phone.number,
                    "type": _PHONE_TYPES.get(phone.type, phone.type),
                    "description": _text(phone.description, language),
                }
                for index, phone in enumerate(record.phones)
            ],
            "schedules": [
                {
                    "id": hsds_id("schedule", f"{record.source_id}:{index}"),
                    "service_id": service_id,
                    "freq": "WEEKLY",
                    "byday": ",".join(hours.byday) or None,
                    "opens_at": hours.opens_at,
                    "closes_at": hours.closes_at,
                    "valid_from": hours.valid_from.isoformat() if hours.valid_from else None,
                    "valid_to": hours.valid_to.isoformat() if hours.valid_to else None,
                    "description": _text(hours.description, language),
                }
                for index, hours in enumerate(record.schedules)
            ],
            "service_at_locations": [
                {
                    "id": hsds_id("service_at_location", f"{record.source_id}:{place.source_id}"),
                    "service_id": service_id,
                    "location_id": hsds_id("location", place.source_id),
                    "location": _location(place, language),
                }
                for place in record.locations
            ],
            "languages": [
                {"id": hsds_id("language", f"{record.source_id}:{code}"), "service_id": service_id, "code": code}
                for code in record.languages
            ],
            "required_documents": [
                {"id": hsds_id("document", f"{record.source_id}:{index}"), "service_id": service_id, "document": line}
                for index, line in enumerate(line.strip() for line in documents.splitlines())
                if line
            ],
            "attributes": _attributes(record, service_id, language),
        }
    return _without_nulls(found)


def _without_nulls(data: dict[str, Any]) -> dict[str, Any]:
    """HSDS fields left out rather than null (its schemas type most of them as plain strings or numbers)."""
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            value = _without_nulls(value)
        elif isinstance(value, list):
            value = [_without_nulls(item) if isinstance(item, dict) else item for item in value]
        cleaned[key] = value
    return cleaned


def page(items: list[Any], number: int, per_page: int) -> dict[str, Any]:
    """HSDS's Page: the counts, the flags, and this page's `contents`."""
    total = len(items)
    pages = max(1, -(-total // per_page))
    start = (number - 1) * per_page
    contents = items[start : start + per_page]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def matching(
    services: tuple[ServiceRecord, ...],
    search: str | None = None,
    modified_after: datetime | None = None,
    organization_id: str | None = None,
    taxonomy_term_id: str | None = None,
    published_at: datetime | None = None,
) -> list[ServiceRecord]:
    """The services that pass the filters, in the published order."""
    wanted = fold(search).split() if search else []
    found = []
    for record in services:
        if wanted:
            text = fold(" ".join([*record.name.values(), *record.description.values()]))
            if not all(word in text for word in wanted):
                continue
        if modified_after is not None:
            moment = record.modified_at or published_at
            if moment is None or moment < modified_after:
                continue
        if organization_id is not None and (
            record.organization is None or hsds_id("organization", record.organization.source_id) != organization_id
        ):
            continue
        if taxonomy_term_id is not None and taxonomy_term_id not in {
            hsds_id(f"term:{TOPIC_VOCABULARY}", code) for code in record.topics
        }:
            continue
        found.append(record)
    return found


def taxonomy_json(vocabulary: str) -> dict[str, Any]:
    name, description = TAXONOMIES[vocabulary]
    return {"id": hsds_id("taxonomy", vocabulary), "name": name, "description": description, "version": "1"}


def taxonomy_terms(language: str) -> list[dict[str, Any]]:
    """Every term of Neuvo's taxonomies: the topics, the access terms, the channel kinds."""
    terms = [_term(TOPIC_VOCABULARY, value.code, language) for value in bundled_codebook()["topic"].values]
    terms += [_term(ACCESS_VOCABULARY, code, language) for code in ACCESS_TERMS.values()]
    terms += [_term(CHANNEL_VOCABULARY, code, language) for code in ("phone", "web")]
    return terms
