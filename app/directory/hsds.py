"""Open Referral JSON: HSDS 3.0 (a service, a service list page, an organization with its services), the
HSDS 2.0 / Open Referral UK shapes (`/services` pages under "content", `physical_addresses`,
`regular_schedules`, `contacts[].phones`, `eligibilitys`, `service_taxonomys`), Ohana API locations with their
services, and JSON Lines of any of these (one record a line).

HSDS has one language per file, so the caller says which (`--language`, default en); a file in another
language with the same ids merges into the same multilingual entries (app.directory.store).
Each record is read on its own: a record that cannot be read is yielded as a BadRecord (the import stops
there unless bad records are skipped), a draft as a Draft (left out and counted).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import cache, partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.codes import bundled_codebook
from app.directory import jsonfile
from app.directory.advice import appointment_needed, is_free
from app.directory.jsonfile import MAX_FILE_BYTES
from app.directory.plaintext import plain_text
from app.directory.records import (
    AddressRecord,
    BadRecord,
    Draft,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ReadItem,
    ScheduleRecord,
    ServiceRecord,
)
from app.errors import ImportProblem
from app.text import fold

__all__ = ["MAX_FILE_BYTES", "RecordReader", "coordinate", "guarded", "read_hsds_json", "service_record"]

TOPIC_VOCABULARY = "neuvo-topic"
# What HSDS has no field for, as Neuvo's server publishes it (server/hsds_api.py): attributes in these taxonomies.
ACCESS_VOCABULARY = "neuvo-access"  # appointment-needed, no-appointment, free, charged
CHANNEL_VOCABULARY = "neuvo-channel"  # phone, web
_ACCESS = {
    "appointment-needed": ("appointment_needed", True),
    "no-appointment": ("appointment_needed", False),
    "free": ("is_free", True),
    "charged": ("is_free", False),
}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
# Phone types as HSDS 3.0 names them (voice is the default and stored as None); Ohana's number_type too.
_PHONE_TYPES = {"voice": None, "hotline": None, "tty": "textphone", "textphone": "textphone", "fax": "fax"}
_PHONE_TYPES |= {"text": "text", "sms": "text", "cell": "cell", "mobile": "cell", "video": "video", "pager": "pager"}
_DRAFT = "draft"


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
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
            value = str(int(value)) if float(value).is_integer() else str(value)
        if not isinstance(value, str):
            raise self.problem(f"{path}{key}", f"expected text, found {_json_type(value)}.")
        return value.strip() or None

    def prose(self, data: dict[str, Any], key: str, path: str) -> str | None:
        """A descriptive text, HTML turned into plain paragraphs."""
        value = self.text(data, key, path)
        return (plain_text(value) or None) if value else None

    def lang_text(self, data: dict[str, Any], key: str, path: str, required: bool = False) -> dict[str, str]:
        value = self.text(data, key, path, required)
        return {self.language: value} if value else {}

    def lang_prose(self, data: dict[str, Any], key: str, path: str) -> dict[str, str]:
        value = self.prose(data, key, path)
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

    def integer(self, data: dict[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            number = float(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None or not number.is_integer() or not 0 <= number <= 150:
            raise self.problem(f"{path}{key}", f"'{value}' is not an age in whole years.")
        return int(number)

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
    """A usable coordinate, or None: impossible values (as in the HSDS examples) and 0 are not a place."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value.replace(",", ".") if isinstance(value, str) else value)  # "60,17" from a Finnish Excel
    except ValueError:
        return None
    return number if -limit <= number <= limit and number != 0 else None


def guarded(
    build: Callable[[], ServiceRecord | OrganizationRecord | None], file: str, label: str, source_id: Any = None
) -> ServiceRecord | OrganizationRecord | BadRecord | None:
    """The record `build` makes, or the BadRecord that says why it could not (the field, the reason)."""
    identifier = str(source_id) if isinstance(source_id, (str, int)) and not isinstance(source_id, bool) else None
    try:
        return build()
    except ImportProblem as problem:
        return BadRecord(problem, identifier)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        return BadRecord(ImportProblem(file, f"{first['msg']}.", label, field or None), identifier)


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
    terms = [
        (f"{path}taxonomy_term.", item["taxonomy_term"])
        for path, item in reader.objects(data, "attributes", "")
        if isinstance(item.get("taxonomy_term"), dict)
    ] + [
        (f"{path}taxonomy.", item["taxonomy"])
        for path, item in reader.objects(data, "service_taxonomys", "")
        if isinstance(item.get("taxonomy"), dict)
    ]
    for path, term in terms:
        code = reader.text(term, "code", path) or (reader.text(term, "id", path) if "vocabulary" in term else None)
        name = reader.text(term, "name", path)
        vocabulary = reader.text(term, "taxonomy", path) or reader.text(term, "vocabulary", path)
        if code and (vocabulary == TOPIC_VOCABULARY or code in topics.codes) and topics.value(code):
            codes.append(code)
        elif name and fold(name) in by_label:
            codes.append(by_label[fold(name)])
    return list(dict.fromkeys(codes))


def _own_terms(reader: RecordReader, data: dict[str, Any], vocabulary: str) -> list[str]:
    """The codes of the service's attributes in one of Neuvo's own taxonomies."""
    codes = []
    for path, item in reader.objects(data, "attributes", ""):
        term = item.get("taxonomy_term")
        if isinstance(term, dict) and term.get("taxonomy") == vocabulary:
            code = reader.text(term, "code", f"{path}taxonomy_term.")
            if code:
                codes.append(code)
    return codes


@cache
def _language_code(name: str) -> str | None:
    """The ISO 639 code of a language written as a code or an English name ("so", "Somali"); once per name."""
    from app.languages import language_index

    index = language_index()
    if name.lower() in index:
        return name.lower()
    matches = index.search(name, limit=1)
    if matches and fold(matches[0].names["en"]) == fold(name):
        return matches[0].code
    return None


def _languages(reader: RecordReader, data: dict[str, Any]) -> list[str]:
    codes = []
    items = data.get("languages")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, str):  # Ohana: a list of language names
            code = _language_code(item)
        elif isinstance(item, dict):
            path = f"languages[{index}]."
            written = reader.text(item, "code", path) or reader.text(item, "language", path)
            code = _language_code(written) if written else None
            if code is None and reader.text(item, "name", path):
                code = _language_code(reader.text(item, "name", path) or "")
        else:
            raise reader.problem(f"languages[{index}]", f"expected a language, found {_json_type(item)}.")
        if code:
            codes.append(code)
    if items is not None and not isinstance(items, list):
        raise reader.problem("languages", f"expected a list, found {_json_type(items)}.")
    return list(dict.fromkeys(codes))


def _organization(reader: RecordReader, data: dict[str, Any], path: str) -> OrganizationRecord:
    return OrganizationRecord(
        source_id=reader.text(data, "id", path, required=True) or "",
        name=reader.lang_text(data, "name", path, required=True),
        description=reader.lang_prose(data, "description", path),
        website=reader.lang_text(data, "website", path) or reader.lang_text(data, "url", path),
        email=reader.text(data, "email", path),
    )


def _address(reader: RecordReader, item: dict[str, Any], address_path: str) -> AddressRecord:
    lines = (reader.text(item, "address_1", address_path), reader.text(item, "address_2", address_path))
    street = " ".join(line for line in lines if line)
    city = reader.text(item, "city", address_path)
    return AddressRecord(
        street={reader.language: street} if street else {},
        postal_code=reader.text(item, "postal_code", address_path),
        city={reader.language: city} if city else {},
        municipality=city,
    )


def _location(reader: RecordReader, data: dict[str, Any], path: str) -> LocationRecord:
    addresses = reader.objects(data, "addresses", path) + reader.objects(data, "physical_addresses", path)
    physical = next(
        (item for item in addresses if item[1].get("address_type") in ("physical", None)),
        addresses[0] if addresses else None,
    )
    if physical is None and isinstance(data.get("address"), dict):  # Ohana: one address object
        physical = (f"{path}address.", data["address"])
    return LocationRecord(
        source_id=reader.text(data, "id", path, required=True) or "",
        name=reader.lang_text(data, "name", path),
        address=_address(reader, physical[1], physical[0]) if physical is not None else None,
        latitude=coordinate(data.get("latitude"), 90),
        longitude=coordinate(data.get("longitude"), 180),
    )


def _days(reader: RecordReader, item: dict[str, Any], path: str) -> list[str]:
    """RFC 5545 BYDAY ("MO,TU" or "1MO"), or HSDS 2.0's weekday: a name or ISO number (1 Monday .. 7 Sunday)."""
    byday_text = reader.text(item, "byday", path) or ""
    if byday_text:
        byday = [day.strip().upper()[-2:] for day in byday_text.split(",") if day.strip()]
        if any(day not in _WEEKDAYS for day in byday):
            raise reader.problem(f"{path}byday", f"'{byday_text}' is not a list of days like MO,TU.")
        return byday
    weekday = item.get("weekday")
    if weekday is None or weekday == "":
        return []
    text = str(weekday).strip()
    if text.isdigit() and 1 <= int(text) <= 7:
        return [_WEEKDAYS[int(text) - 1]]
    code = _DAY_NAMES.get(text.lower()) or next(
        (value for name, value in _DAY_NAMES.items() if len(text) >= 2 and name.startswith(text.lower())), None
    )
    if code is None:
        raise reader.problem(f"{path}weekday", f"'{text}' is not a weekday (a name such as Monday, or 1-7).")
    return [code]


def _schedules(reader: RecordReader, data: dict[str, Any], path: str) -> list[ScheduleRecord]:
    hours = []
    for schedule_path, item in reader.objects(data, "schedules", path) + reader.objects(
        data, "regular_schedules", path
    ):
        hours.append(
            ScheduleRecord(
                byday=_days(reader, item, schedule_path),
                opens_at=reader.text(item, "opens_at", schedule_path),
                closes_at=reader.text(item, "closes_at", schedule_path),
                valid_from=reader.date_value(item, "valid_from", schedule_path),
                valid_to=reader.date_value(item, "valid_to", schedule_path),
                description=reader.lang_prose(item, "description", schedule_path),
            )
        )
    return hours


def _phones(reader: RecordReader, data: dict[str, Any], path: str) -> list[PhoneRecord]:
    phones = []
    found = reader.objects(data, "phones", path)
    for contact_path, contact in reader.objects(data, "contacts", path):  # Open Referral UK: phones of contacts
        found += reader.objects(contact, "phones", contact_path)
    for phone_path, item in found:
        number = _phone_number(reader.text(item, "number", phone_path, required=True) or "")
        raw_extension = item.get("extension")
        extension = (
            str(raw_extension)
            if isinstance(raw_extension, int) and not isinstance(raw_extension, bool)
            else (reader.text(item, "extension", phone_path))
        )
        kind = (reader.text(item, "type", phone_path) or reader.text(item, "number_type", phone_path) or "").lower()
        if number:
            description = reader.lang_text(item, "description", phone_path) or reader.lang_text(
                item, "department", phone_path
            )
            if extension:  # the number stays dialable; the extension is said beside it
                said = description.get(reader.language)
                description[reader.language] = f"{said} (ext. {extension})" if said else f"ext. {extension}"
            phones.append(
                PhoneRecord(number=number, description=description, type=_PHONE_TYPES.get(kind, kind or None))
            )
    return phones


def _documents(reader: RecordReader, data: dict[str, Any]) -> dict[str, str]:
    """HSDS 3.0 `required_documents` [{document}], Ohana's list of names, HSDS 2.0's joined rows."""
    value = data.get("required_documents")
    names: list[str] = []
    if isinstance(value, str):
        names = [value]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                names.append(item)
            elif isinstance(item, dict):
                names.append(reader.prose(item, "document", f"required_documents[{index}].") or "")
            else:
                raise reader.problem(f"required_documents[{index}]", f"expected a document, found {_json_type(item)}.")
    elif value is not None:
        raise reader.problem("required_documents", f"expected a list, found {_json_type(value)}.")
    text = "\n".join(plain_text(name) for name in names if name and name.strip())
    return {reader.language: text} if text else {}


def _advice(reader: RecordReader, data: dict[str, Any]) -> dict[str, Any]:
    """Eligibility, ages, application process, cost, documents, interpreting and alert, in HSDS's several forms."""
    eligibility = reader.prose(data, "eligibility_description", "") or reader.prose(data, "eligibility", "")
    minimum, maximum = reader.integer(data, "minimum_age", ""), reader.integer(data, "maximum_age", "")
    for path, item in reader.objects(data, "eligibilitys", ""):  # Open Referral UK
        eligibility = eligibility or reader.prose(item, "eligibility", path)
        minimum = minimum if minimum is not None else reader.integer(item, "minimum_age", path)
        maximum = maximum if maximum is not None else reader.integer(item, "maximum_age", path)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise reader.problem("maximum_age", f"the maximum age {maximum} is below the minimum age {minimum}.")
    fees = reader.prose(data, "fees_description", "") or reader.prose(data, "fees", "")
    amounts: list[float] = []
    for path, option in reader.objects(data, "cost_options", ""):
        amount = option.get("amount")
        if isinstance(amount, (int, float)) and not isinstance(amount, bool):
            amounts.append(float(amount))
        words = reader.prose(option, "amount_description", path) or reader.prose(option, "option", path)
        fees = fees or words
    process = reader.prose(data, "application_process", "")
    access = (reader.text(data, "attending_access", "") or "").lower()
    appointment = {"appointment": True, "referral": True, "drop-in": False, "drop in": False}.get(access)
    if appointment is None:
        appointment = appointment_needed([process or ""])
    free = (all(amount == 0 for amount in amounts)) if amounts else is_free([fees or ""])
    for code in _own_terms(reader, data, ACCESS_VOCABULARY):  # said outright: over what the words suggest
        field, value = _ACCESS.get(code, ("", None))
        if field == "appointment_needed":
            appointment = value
        elif field == "is_free":
            free = value
    language = reader.language
    return {
        "eligibility": {language: eligibility} if eligibility else {},
        "minimum_age": minimum,
        "maximum_age": maximum,
        "application_process": {language: process} if process else {},
        "appointment_needed": appointment,
        "fees": {language: fees} if fees else {},
        "is_free": free,
        "required_documents": _documents(reader, data),
        "interpretation": reader.lang_prose(data, "interpretation_services", ""),
        "alert": reader.lang_prose(data, "alert", ""),
    }


def _unique_phones(phones: list[PhoneRecord]) -> list[PhoneRecord]:
    """One phone per number: a number listed again (once per language) adds its descriptions to the first."""
    by_number: dict[str, PhoneRecord] = {}
    for phone in phones:
        kept = by_number.get(phone.number)
        if kept is None:
            by_number[phone.number] = phone.model_copy(deep=True)
        else:
            kept.description = {**phone.description, **kept.description}
            kept.type = kept.type or phone.type
    return list(by_number.values())


def service_record(
    data: dict[str, Any],
    file: str,
    label: str,
    language: str,
    organization: OrganizationRecord | None = None,
    places: list[dict[str, Any]] | None = None,
) -> ServiceRecord:
    reader = RecordReader(file, label, language)
    if organization is None and isinstance(data.get("organization"), dict):
        organization = _organization(reader, data["organization"], "organization.")
    locations, phones, schedules = [], _phones(reader, data, ""), _schedules(reader, data, "")
    for path, at_location in reader.objects(data, "service_at_locations", "") + [
        (f"location {index + 1}.", {"location": place}) for index, place in enumerate(places or [])
    ]:
        place = at_location.get("location")
        if isinstance(place, dict):
            locations.append(_location(reader, place, f"{path}location."))
        phones.extend(_phones(reader, at_location, path))
        schedules.extend(_schedules(reader, at_location, path))
    keywords = data.get("keywords")
    words = (
        [word.strip() for word in keywords if isinstance(word, str) and word.strip()]
        if isinstance(keywords, list)
        else []
    )
    return ServiceRecord(
        source_id=reader.text(data, "id", "", required=True) or "",
        name=reader.lang_text(data, "name", "", required=True),
        alternate_name=reader.lang_text(data, "alternate_name", ""),
        description=reader.lang_prose(data, "description", ""),
        url=reader.lang_text(data, "url", ""),
        email=reader.text(data, "email", ""),
        status=reader.text(data, "status", "") or "active",
        keywords={language: words} if words else {},
        topics=_topic_codes(reader, data),
        languages=_languages(reader, data),
        organization=organization,
        locations=locations,
        phones=_unique_phones(phones),
        schedules=schedules,
        assured_date=reader.date_value(data, "assured_date", ""),
        modified_at=reader.moment(data, "last_modified", "") or reader.moment(data, "updated_at", ""),
        channel=next(iter(_own_terms(reader, data, CHANNEL_VOCABULARY)), None),
        **_advice(reader, data),
    )


def _label(index: int, item: dict[str, Any], unit: str = "record") -> str:
    identifier = item.get("id")
    shown = identifier if isinstance(identifier, (str, int)) and not isinstance(identifier, bool) else None
    return f"{unit} {index + 1}" + (f" (id {shown})" if shown not in (None, "") else "")


_ORGANIZATION_ONLY = {"website", "tax_status", "year_incorporated", "legal_status", "logo", "parent_organization_id"}
_SERVICE_ONLY = {"url", "status", "service_at_locations", "organization", "eligibility_description", "fees"}
_OHANA_PLACE = {"address", "latitude", "longitude", "coordinates", "accessibility"}


def _is_organization(item: dict[str, Any]) -> bool:
    return bool(_ORGANIZATION_ONLY & item.keys()) and not (_SERVICE_ONLY & item.keys())


def _is_draft(item: dict[str, Any]) -> bool:
    status = item.get("status")
    return isinstance(status, str) and status.strip().lower() == _DRAFT


def load_json(path: Path) -> Any:
    """A whole (small) JSON document, checked for size, depth and well-formedness first."""
    found = jsonfile.shape(path)
    if found.kind in ("object", "scalar"):
        return next(jsonfile.items(path, found))
    return list(jsonfile.items(path, found))


def _hsds_items(item: dict[str, Any], name: str, label: str, language: str) -> Iterator[ReadItem]:
    """The records of one top-level item: an organization with its services, an Ohana location, or a service."""
    if _is_draft(item):
        yield Draft(label, str(item["id"]) if isinstance(item.get("id"), (str, int)) else None)
    elif "services" in item and isinstance(item["services"], list):
        reader = RecordReader(name, label, language)
        place_like = bool(_OHANA_PLACE & item.keys())
        owner: ServiceRecord | OrganizationRecord | BadRecord | None = None
        if place_like and isinstance(item.get("organization"), dict):
            owner = guarded(lambda: _organization(reader, item["organization"], "organization."), name, label)
        elif not place_like:
            owner = guarded(lambda: _organization(reader, item, ""), name, label, item.get("id"))
        if isinstance(owner, BadRecord):
            yield owner
            return
        assert not isinstance(owner, ServiceRecord)
        organization = owner if isinstance(owner, OrganizationRecord) else None
        places = [item] if place_like else None
        for index, service in enumerate(item["services"]):
            service_label = f"{label}, services[{index}]" + (
                f" (id {service['id']})" if isinstance(service, dict) and service.get("id") else ""
            )
            if not isinstance(service, dict):
                yield BadRecord(ImportProblem(name, "expected a service object.", service_label))
            elif _is_draft(service):
                yield Draft(service_label, str(service.get("id") or "") or None)
            else:
                build = partial(_place_service, service, item, name, service_label, language, organization, places)
                record = guarded(build, name, service_label, service.get("id"))
                if record is not None:
                    yield record
    elif _is_organization(item):  # organization_list: organizations without their services
        record = guarded(
            lambda: _organization(RecordReader(name, label, language), item, ""), name, label, item.get("id")
        )
        if record is not None:
            yield record
    elif "name" in item or "id" in item:
        record = guarded(lambda: service_record(item, name, label, language), name, label, item.get("id"))
        if record is not None:
            yield record
    else:
        problem = ImportProblem(name, "this is not an HSDS service or organization (no id or name).", label)
        yield BadRecord(problem)


def _place_service(
    service: dict[str, Any],
    owner: dict[str, Any],
    name: str,
    label: str,
    language: str,
    organization: OrganizationRecord | None,
    places: list[dict[str, Any]] | None,
) -> ServiceRecord:
    """A service of an organization, or of an Ohana location (which lends it its place, phones and hours)."""
    if places:
        service = dict(service)
        for key in ("phones", "regular_schedules"):
            if not service.get(key) and owner.get(key):
                service[key] = owner[key]
    return service_record(service, name, label, language, organization, places)


def read_hsds_json(path: Path, language: str = "en") -> Iterator[ReadItem]:
    """Every record in the file, one at a time; memory follows the largest record, not the file."""
    name = path.name
    found = jsonfile.shape(path)
    count = 0
    for index, item in enumerate(jsonfile.items(path, found)):
        label = _label(index, item if isinstance(item, dict) else {}, "line" if found.kind == "lines" else "record")
        if not isinstance(item, dict):
            yield BadRecord(ImportProblem(name, f"expected an object, found {_json_type(item)}.", label))
            continue
        for record in _hsds_items(item, name, label, language):
            count += 1
            yield record
    if count == 0:
        raise ImportProblem(name, "the file holds no services.")
