"""Open Referral HSDS 3.0 JSON: a single service, a service list page, or an organization with its services.

HSDS has one language per file, so the caller says which (`--language`, default en); a file in another
language with the same ids merges into the same multilingual entries (app.directory.store).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import ijson

from app.codes import bundled_codebook
from app.directory.records import (
    AddressRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceRecord,
)
from app.errors import ImportProblem
from app.text import fold

MAX_FILE_BYTES = 200 * 1024 * 1024  # far above any real directory, far below what would exhaust a laptop
TOPIC_VOCABULARY = "neuvo-topic"
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RecordReader:
    """Reads one record's fields, naming the file, record and field in any problem."""

    def __init__(self, file: str, label: str, language: str) -> None:
        self.file, self.label, self.language = file, label, language

    def problem(self, field: str, message: str) -> ImportProblem:
        return ImportProblem(self.file, message, self.label, field)

    def text(self, data: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.problem(f"{path}{key}", "this required field is missing.")
            return None
        if not isinstance(value, str):
            raise self.problem(f"{path}{key}", f"expected text, found {_json_type(value)}.")
        return value.strip() or None

    def lang_text(self, data: dict[str, Any], key: str, path: str, required: bool = False) -> dict[str, str]:
        value = self.text(data, key, path, required)
        return {self.language: value} if value else {}

    def objects(self, data: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.problem(f"{path}{key}", f"expected a list, found {_json_type(value)}.")
        found = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.problem(f"{path}{key}[{index}]", f"expected an object, found {_json_type(item)}.")
            found.append((f"{path}{key}[{index}].", item))
        return found

    def date_value(self, data: dict[str, Any], key: str, path: str) -> date | None:
        value = self.text(data, key, path)
        if value is None:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            raise self.problem(f"{path}{key}", f"'{value}' is not a date (YYYY-MM-DD).") from None

    def moment(self, data: dict[str, Any], key: str, path: str) -> datetime | None:
        value = self.text(data, key, path)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.problem(f"{path}{key}", f"'{value}' is not a date and time (ISO 8601).") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.now().astimezone().tzinfo)


def _json_type(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def coordinate(value: Any, limit: float) -> float | None:
    """A usable coordinate, or None: impossible values (as in the HSDS examples) are not a place."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if -limit <= number <= limit else None


def _phone_number(text: str) -> str:
    return text.strip().strip('"').strip()


@cache
def _topic_by_label() -> dict[str, str]:
    """Topic codes by their folded fi/sv/en labels, for taxonomy terms named like a topic."""
    return {fold(label): value.code for value in bundled_codebook()["topic"].values for label in value.labels.values()}


def _topic_codes(reader: RecordReader, data: dict[str, Any]) -> list[str]:
    """Neuvo topics from the service's taxonomy terms: our own vocabulary, or a term named like a topic."""
    topics = bundled_codebook()["topic"]
    by_label = _topic_by_label()
    codes: list[str] = []
    for path, attribute in reader.objects(data, "attributes", ""):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        code = reader.text(term, "code", f"{path}taxonomy_term.")
        name = reader.text(term, "name", f"{path}taxonomy_term.")
        vocabulary = reader.text(term, "taxonomy", f"{path}taxonomy_term.")
        if code and (vocabulary == TOPIC_VOCABULARY or code in topics.codes) and topics.value(code):
            codes.append(code)
        elif name and fold(name) in by_label:
            codes.append(by_label[fold(name)])
    return list(dict.fromkeys(codes))


def _languages(reader: RecordReader, data: dict[str, Any]) -> list[str]:
    from app.languages import language_index

    index = language_index()
    codes = []
    for path, item in reader.objects(data, "languages", ""):
        code = (reader.text(item, "code", path) or "").lower()
        if code in index:
            codes.append(code)
            continue
        name = reader.text(item, "name", path)
        matches = index.search(name or "", limit=1) if name else []
        if matches and fold(matches[0].names["en"]) == fold(name or ""):
            codes.append(matches[0].code)
    return list(dict.fromkeys(codes))


def _organization(reader: RecordReader, data: dict[str, Any], path: str) -> OrganizationRecord:
    return OrganizationRecord(
        source_id=reader.text(data, "id", path, required=True) or "",
        name=reader.lang_text(data, "name", path, required=True),
        description=reader.lang_text(data, "description", path),
        website=reader.lang_text(data, "website", path),
        email=reader.text(data, "email", path),
    )


def _location(reader: RecordReader, data: dict[str, Any], path: str) -> LocationRecord:
    addresses = reader.objects(data, "addresses", path)
    physical = next(
        (item for item in addresses if item[1].get("address_type") == "physical"), addresses[0] if addresses else None
    )
    address = None
    if physical is not None:
        address_path, item = physical
        lines = (reader.text(item, "address_1", address_path), reader.text(item, "address_2", address_path))
        street = " ".join(line for line in lines if line)
        city = reader.text(item, "city", address_path)
        address = AddressRecord(
            street={reader.language: street} if street else {},
            postal_code=reader.text(item, "postal_code", address_path),
            city={reader.language: city} if city else {},
            municipality=city,
        )
    return LocationRecord(
        source_id=reader.text(data, "id", path, required=True) or "",
        name=reader.lang_text(data, "name", path),
        address=address,
        latitude=coordinate(data.get("latitude"), 90),
        longitude=coordinate(data.get("longitude"), 180),
    )


def _schedules(reader: RecordReader, data: dict[str, Any], path: str) -> list[ScheduleRecord]:
    hours = []
    for schedule_path, item in reader.objects(data, "schedules", path):
        byday_text = reader.text(item, "byday", schedule_path) or ""
        byday = [day.strip().upper()[-2:] for day in byday_text.split(",") if day.strip()]
        if any(day not in _WEEKDAYS for day in byday):
            raise reader.problem(f"{schedule_path}byday", f"'{byday_text}' is not a list of days like MO,TU.")
        hours.append(
            ScheduleRecord(
                byday=byday,
                opens_at=reader.text(item, "opens_at", schedule_path),
                closes_at=reader.text(item, "closes_at", schedule_path),
                valid_from=reader.date_value(item, "valid_from", schedule_path),
                valid_to=reader.date_value(item, "valid_to", schedule_path),
                description=reader.lang_text(item, "description", schedule_path),
            )
        )
    return hours


def _phones(reader: RecordReader, data: dict[str, Any], path: str) -> list[PhoneRecord]:
    phones = []
    for phone_path, item in reader.objects(data, "phones", path):
        number = _phone_number(reader.text(item, "number", phone_path, required=True) or "")
        if number:
            phones.append(PhoneRecord(number=number, description=reader.lang_text(item, "description", phone_path)))
    return phones


def service_record(
    data: dict[str, Any], file: str, label: str, language: str, organization: OrganizationRecord | None = None
) -> ServiceRecord:
    reader = RecordReader(file, label, language)
    if organization is None and isinstance(data.get("organization"), dict):
        organization = _organization(reader, data["organization"], "organization.")
    locations, phones, schedules = [], _phones(reader, data, ""), _schedules(reader, data, "")
    for path, at_location in reader.objects(data, "service_at_locations", ""):
        place = at_location.get("location")
        if isinstance(place, dict):
            locations.append(_location(reader, place, f"{path}location."))
        phones.extend(_phones(reader, at_location, path))
        schedules.extend(_schedules(reader, at_location, path))
    unique_phones = list({(phone.number, tuple(phone.description.items())): phone for phone in phones}.values())
    return ServiceRecord(
        source_id=reader.text(data, "id", "", required=True) or "",
        name=reader.lang_text(data, "name", "", required=True),
        alternate_name=reader.lang_text(data, "alternate_name", ""),
        description=reader.lang_text(data, "description", ""),
        url=reader.lang_text(data, "url", ""),
        email=reader.text(data, "email", ""),
        status=reader.text(data, "status", "") or "active",
        topics=_topic_codes(reader, data),
        languages=_languages(reader, data),
        organization=organization,
        locations=locations,
        phones=unique_phones,
        schedules=schedules,
        assured_date=reader.date_value(data, "assured_date", ""),
        modified_at=reader.moment(data, "last_modified", ""),
    )


def _label(index: int, item: dict[str, Any]) -> str:
    identifier = item.get("id")
    return f"record {index + 1}" + (f" (id {identifier})" if isinstance(identifier, str) else "")


_ORGANIZATION_ONLY = {"website", "tax_status", "year_incorporated", "legal_status", "logo", "parent_organization_id"}
_SERVICE_ONLY = {"url", "status", "service_at_locations", "organization", "eligibility_description", "fees"}


def _is_organization(item: dict[str, Any]) -> bool:
    return bool(_ORGANIZATION_ONLY & item.keys()) and not (_SERVICE_ONLY & item.keys())


def load_json(path: Path) -> Any:
    """The whole JSON document, or one clear ImportProblem (too large, not UTF-8, broken where)."""
    name = path.name
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportProblem(name, f"the file is larger than {MAX_FILE_BYTES:,} bytes, more than any directory needs.")
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except UnicodeDecodeError:
        raise ImportProblem(name, "the file is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise ImportProblem(name, f"the JSON is broken at line {error.lineno}, column {error.colno}.") from None


def _streamed_contents(path: Path) -> Iterator[Any]:
    """The items of a service list page, read one at a time (memory does not grow with the file)."""
    with path.open("rb") as handle:
        yield from ijson.items(handle, "contents.item", use_float=True)


def _items(path: Path) -> Iterator[Any]:
    name = path.name
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b'"contents"' in head:
        streamed = 0
        try:
            for item in _streamed_contents(path):
                streamed += 1
                yield item
        except (ijson.JSONError, UnicodeDecodeError):
            load_json(path)  # a broken file: the full parser says where
            raise ImportProblem(name, "the JSON is broken.") from None
        if streamed:
            return
    document = load_json(path)
    if isinstance(document, dict) and "contents" in document:
        if not isinstance(document["contents"], list):
            raise ImportProblem(name, "'contents' must be a list of services or organizations.", field="contents")
        yield from document["contents"]
    elif isinstance(document, dict):
        yield document
    elif isinstance(document, list):
        yield from document
    else:
        raise ImportProblem(name, "this is not an HSDS service, service list or organization.")


def read_hsds_json(path: Path, language: str = "en") -> Iterator[ServiceRecord | OrganizationRecord]:
    """Every service in the file, checked field by field; the first problem stops the import."""
    name = path.name
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportProblem(name, f"the file is larger than {MAX_FILE_BYTES:,} bytes, more than any directory needs.")
    items = _items(path)
    count = 0
    for index, item in enumerate(items):
        label = _label(index, item if isinstance(item, dict) else {})
        if not isinstance(item, dict):
            raise ImportProblem(name, "expected an object.", label)
        if "services" in item:  # organization_full: its services, each under this organization
            reader = RecordReader(name, label, language)
            organization = _organization(reader, item, "")
            for service_path, service in reader.objects(item, "services", ""):
                yield service_record(service, name, f"{label}, {service_path.rstrip('.')}", language, organization)
                count += 1
        elif _is_organization(item):  # organization_list: organizations without their services
            yield _organization(RecordReader(name, label, language), item, "")
            count += 1
        elif "name" in item or "id" in item:
            yield service_record(item, name, label, language)
            count += 1
        else:
            raise ImportProblem(name, "this is not an HSDS service or organization (no id or name).", label)
    if count == 0:
        raise ImportProblem(name, "the file holds no services.")
