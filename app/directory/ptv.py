"""PTV (Palvelutietovaranto, the Finnish Service Catalogue) Open API v11 pages.

- A page of service channels: each channel of type ServiceLocation is a place-based service (names,
  descriptions, phones, e-mails, web pages, street address, opening hours, languages, modified time).
  Other channel types (phone lines, web channels) are not places and are left out.
- A page of services: each service becomes an entry without a place (names, descriptions, languages).

PTV coordinates are ETRS-TM35FIN (EPSG:3067, "latitude" holds the northing and "longitude" the easting);
they are converted to WGS84 with pyproj.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from app.directory.hsds import RecordReader, load_json
from app.directory.records import AddressRecord, LocationRecord, PhoneRecord, ScheduleRecord, ServiceRecord
from app.errors import ImportProblem
from app.weeks import HELSINKI

_DAYS = {
    "Monday": "MO",
    "Tuesday": "TU",
    "Wednesday": "WE",
    "Thursday": "TH",
    "Friday": "FR",
    "Saturday": "SA",
    "Sunday": "SU",
}
_ORDER = list(_DAYS.values())


def is_ptv(document: Any) -> bool:
    items = document.get("itemList") if isinstance(document, dict) else None
    return isinstance(items, list) and (
        not items or isinstance(items[0], dict) and ("serviceChannelType" in items[0] or "serviceNames" in items[0])
    )


@cache
def _to_wgs84() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)


def _localized(reader: RecordReader, data: dict[str, Any], key: str, wanted_type: str | None = None) -> dict[str, str]:
    """PTV's [{language, value, type}] as {language: value} (the first of the wanted type per language)."""
    found: dict[str, str] = {}
    for path, item in reader.objects(data, key, ""):
        if wanted_type is not None and item.get("type") not in (wanted_type, None):
            continue
        language = reader.text(item, "language", path)
        value = reader.text(item, "value", path)
        if language and value and language not in found:
            found[language] = value
    return found


def _description(reader: RecordReader, data: dict[str, Any], key: str) -> dict[str, str]:
    return {**_localized(reader, data, key, "Summary"), **_localized(reader, data, key, "Description")}


def _place(reader: RecordReader, channel: dict[str, Any], name: dict[str, str]) -> list[LocationRecord]:
    for path, address in reader.objects(channel, "addresses", ""):
        street = address.get("streetAddress")
        if not isinstance(street, dict):
            continue
        at = f"{path}streetAddress."
        number = reader.text(street, "streetNumber", at) or ""
        streets = {code: f"{value} {number}".strip() for code, value in _localized(reader, street, "street").items()}
        municipality = street.get("municipality") if isinstance(street.get("municipality"), dict) else {}
        municipality_names = _localized(reader, municipality, "name") if municipality else {}
        latitude = longitude = None
        northing, easting = street.get("latitude"), street.get("longitude")
        if northing not in (None, "") and easting not in (None, ""):
            try:
                longitude, latitude = _to_wgs84().transform(float(easting), float(northing))
            except (TypeError, ValueError):
                raise reader.problem(f"{at}latitude", "coordinates must be numbers (ETRS-TM35FIN).") from None
        return [
            LocationRecord(
                source_id=reader.text(channel, "id", "", required=True) or "",
                name=name,
                address=AddressRecord(
                    street=streets,
                    postal_code=reader.text(street, "postalCode", at),
                    city=_localized(reader, street, "postOffice"),
                    municipality=municipality_names.get("fi") or next(iter(municipality_names.values()), None),
                ),
                latitude=round(latitude, 6) if latitude is not None else None,
                longitude=round(longitude, 6) if longitude is not None else None,
            )
        ]
    return []


def _hours(reader: RecordReader, channel: dict[str, Any]) -> list[ScheduleRecord]:
    schedules = []
    for path, hours in reader.objects(channel, "serviceHours", ""):
        if hours.get("serviceHourType") != "DaysOfTheWeek" or hours.get("isClosed"):
            continue
        note = _localized(reader, hours, "additionalInformation")
        for opening_path, opening in reader.objects(hours, "openingHour", path):
            first = _DAYS.get(reader.text(opening, "dayFrom", opening_path) or "")
            if first is None:
                raise reader.problem(f"{opening_path}dayFrom", "expected a weekday name such as Monday.")
            last = _DAYS.get(reader.text(opening, "dayTo", opening_path) or "", first)
            days = _ORDER[_ORDER.index(first) : _ORDER.index(last) + 1] or [first]
            schedules.append(
                ScheduleRecord(
                    byday=days,
                    opens_at=reader.text(opening, "from", opening_path),
                    closes_at=reader.text(opening, "to", opening_path),
                    description=note,
                )
            )
    return schedules


def _phones(reader: RecordReader, channel: dict[str, Any]) -> list[PhoneRecord]:
    phones = []
    for path, phone in reader.objects(channel, "phoneNumbers", ""):
        number = reader.text(phone, "number", path, required=True) or ""
        prefix = reader.text(phone, "prefixNumber", path) or ""
        language = reader.text(phone, "language", path) or "fi"
        information = reader.text(phone, "additionalInformation", path)
        phones.append(
            PhoneRecord(number=f"{prefix} {number}".strip(), description={language: information} if information else {})
        )
    return phones


def _channel(reader: RecordReader, channel: dict[str, Any]) -> ServiceRecord:
    name = _localized(reader, channel, "serviceChannelNames", "Name")
    if not name:
        raise reader.problem("serviceChannelNames", "the channel has no name in any language.")
    emails = [reader.text(item, "value", path) for path, item in reader.objects(channel, "emails", "")]
    web: dict[str, str] = {}
    for path, page in reader.objects(channel, "webPages", ""):
        language, url = reader.text(page, "language", path) or "fi", reader.text(page, "url", path)
        if url:
            web.setdefault(language, url)
    modified = reader.moment(channel, "modified", "")
    languages = [code for code in channel.get("languages") or [] if isinstance(code, str)]
    return ServiceRecord(
        source_id=reader.text(channel, "id", "", required=True) or "",
        name=name,
        description=_description(reader, channel, "serviceChannelDescriptions"),
        url=web,
        email=next((email for email in emails if email), None),
        languages=languages,
        phones=_phones(reader, channel),
        locations=_place(reader, channel, name),
        schedules=_hours(reader, channel),
        modified_at=modified.replace(tzinfo=HELSINKI)
        if modified and "+" not in str(channel.get("modified"))
        else modified,
    )


def _service(reader: RecordReader, service: dict[str, Any]) -> ServiceRecord:
    name = _localized(reader, service, "serviceNames", "Name")
    if not name:
        raise reader.problem("serviceNames", "the service has no name in any language.")
    return ServiceRecord(
        source_id=reader.text(service, "id", "", required=True) or "",
        name=name,
        description=_description(reader, service, "serviceDescriptions"),
        languages=[code for code in service.get("languages") or [] if isinstance(code, str)],
    )


def read_ptv(path: Path) -> Iterator[ServiceRecord]:
    name = path.name
    document = load_json(path)
    if not is_ptv(document):
        raise ImportProblem(name, "this is not a PTV page of service channels or services (no itemList).")
    for index, item in enumerate(document["itemList"]):
        identifier = item.get("id") if isinstance(item, dict) else None
        label = f"record {index + 1}" + (f" (id {identifier})" if isinstance(identifier, str) else "")
        if not isinstance(item, dict):
            raise ImportProblem(name, "expected an object.", label)
        reader = RecordReader(name, label, "fi")
        if "serviceChannelType" in item:
            if item["serviceChannelType"] == "ServiceLocation":
                yield _channel(reader, item)
        else:
            yield _service(reader, item)
